import { Command } from 'commander';
import { registerEvaluateCommands } from './commands/evaluate-commands.js';
import { registerPlanCommand } from './commands/plan-command.js';
import { registerNetworkCommands } from './commands/networks-commands.js';
import { registerOptimizeCommand } from './commands/optimize-command.js';
import { registerResilienceCommand } from './commands/resilience-command.js';
import { registerRouteCommand } from './commands/route-command.js';
import { registerWorkerCommand } from './commands/worker-command.js';
import { processIo, type CliIo } from './commands/cli-io.js';

/** The `corridor` command line. Each group of commands registers itself from src/cli/commands/. */
export function createProgram(io: CliIo = processIo, options: { exitOverride?: boolean } = {}): Command {
  const program = new Command();
  // Set before the commands are added, which copy it: a usage error then throws a CommanderError instead
  // of ending the process (the in-process CLI tests).
  if (options.exitOverride) program.exitOverride();
  // Commander's own output (help, usage errors) goes to the same place as the commands'.
  program.configureOutput({ writeOut: (text) => io.out(text), writeErr: (text) => io.err(text) });
  program
    .name('corridor')
    .description('Multimodal freight corridor planner: networks, optimal routes, LP corridor optimization');
  // No help dump after an error: a malformed flag is one line naming it (issue 19); --help lists the options.
  registerNetworkCommands(program, io);
  registerRouteCommand(program, io);
  registerOptimizeCommand(program, io);
  registerEvaluateCommands(program, io);
  registerResilienceCommand(program, io);
  registerPlanCommand(program, io);
  registerWorkerCommand(program, io);
  return program;
}
