import { Command } from 'commander';
import { registerEvaluateCommands } from './commands/evaluate-commands.js';
import { registerPlanCommand } from './commands/plan-command.js';
import { registerNetworkCommands } from './commands/networks-commands.js';
import { registerOptimizeCommand } from './commands/optimize-command.js';
import { registerResilienceCommand } from './commands/resilience-command.js';
import { registerRouteCommand } from './commands/route-command.js';
import { registerWorkerCommand } from './commands/worker-command.js';

/** The `corridor` command line. Each group of commands registers itself from src/commands/. */
export function createProgram(): Command {
  const program = new Command();
  program
    .name('corridor')
    .description('Multimodal freight corridor planner: networks, optimal routes, LP corridor optimization');
  // No help dump after an error: a malformed flag is one line naming it (issue 19); --help lists the options.
  registerNetworkCommands(program);
  registerRouteCommand(program);
  registerOptimizeCommand(program);
  registerEvaluateCommands(program);
  registerResilienceCommand(program);
  registerPlanCommand(program);
  registerWorkerCommand(program);
  return program;
}
