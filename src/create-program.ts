import { Command } from 'commander';
import { registerEvaluateCommands } from './commands/evaluate-commands.js';
import { registerPlanCommand } from './commands/plan-command.js';
import { registerNetworkCommands } from './commands/networks-commands.js';
import { registerOptimizeCommand } from './commands/optimize-command.js';
import { registerRouteCommand } from './commands/route-command.js';

/** The `corridor` command line. Each group of commands registers itself from src/commands/. */
export function createProgram(): Command {
  const program = new Command();
  program
    .name('corridor')
    .description('Multimodal freight corridor planner: networks, optimal routes, LP corridor optimization')
    .showHelpAfterError();
  registerNetworkCommands(program);
  registerRouteCommand(program);
  registerOptimizeCommand(program);
  registerEvaluateCommands(program);
  registerPlanCommand(program);
  return program;
}
