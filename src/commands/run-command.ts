import { CorridorError, ValidationError } from '../errors.js';

/** Options every command accepts. */
export interface OutputOptions {
  json?: boolean;
}

/**
 * Run a CLI action: print typed errors as a readable message (or JSON with --json) and set the exit
 * code (1 for bad input or a failed check), instead of a stack trace. Bugs still show their stack.
 */
export async function runCommand(options: OutputOptions, action: () => Promise<void> | void): Promise<void> {
  try {
    await action();
  } catch (e) {
    if (e instanceof CorridorError) {
      if (options.json) {
        const body: Record<string, unknown> = { error: { code: e.code, name: e.name, message: e.message } };
        if (e instanceof ValidationError) (body.error as Record<string, unknown>).problems = e.problems;
        process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
      } else {
        process.stderr.write(`error: ${e.message}\n`);
      }
      process.exitCode = 1;
      return;
    }
    throw e;
  }
}

/** Parse a comma-separated list option ("rail,sea" → ['rail', 'sea']). */
export const parseList = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Parse a finite number option, naming the flag when it is not one. */
export function parseNumberOption(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n)) throw new ValidationError(`option ${flag}`, [{ path: flag, message: `must be a finite number, got "${value}"` }]);
    return n;
  };
}
