import { CommanderError } from 'commander';
import { captureIo } from '../../src/cli/commands/cli-io.js';
import { createProgram } from '../../src/cli/create-program.js';

/**
 * Run `corridor …` in-process (the real commander program, with its output captured by the CLI's own io)
 * and return stdout, stderr and the exit code. A usage error (bad flag value) ends as it would in the
 * process: its message on stderr and its exit code.
 */
export async function runCliInProcess(...args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const io = captureIo();
  try {
    await createProgram(io, { exitOverride: true }).parseAsync(['node', 'corridor', ...args]);
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    io.setExitCode(e.exitCode);
  }
  return { stdout: io.stdout, stderr: io.stderr, exitCode: io.exitCode };
}
