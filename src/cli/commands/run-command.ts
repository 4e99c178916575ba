import { InvalidArgumentError as CommanderArgumentError } from 'commander';
import { CorridorError, InvalidArgumentError, ValidationError, HUMAN_NUMBER_FORMS, parseHumanNumber } from '../../shared/index.js';
import { flagOfOption } from '../../assignment/index.js';
import type { CliIo } from './cli-io.js';

/** Options every command accepts. */
export interface OutputOptions {
  json?: boolean;
}

/**
 * Run a CLI action: print typed errors as a readable message (or JSON with --json) and set the exit
 * code (1 for bad input or a failed check), instead of a stack trace. Bugs still show their stack.
 */
export async function runCommand(io: CliIo, options: OutputOptions, action: () => Promise<void> | void): Promise<void> {
  try {
    await action();
  } catch (e) {
    if (e instanceof CorridorError) {
      const message = cliMessage(e);
      if (options.json) {
        const body: Record<string, unknown> = { error: { code: e.code, name: e.name, message } };
        if (e instanceof ValidationError) (body.error as Record<string, unknown>).problems = e.problems;
        io.out(`${JSON.stringify(body, null, 2)}\n`);
      } else {
        io.err(`error: ${message}\n`);
      }
      io.setExitCode(1);
      return;
    }
    throw e;
  }
}

/**
 * The message of a typed error as the CLI says it: a bad shared option is named by its flag
 * (`--pricing-workers: must be an integer ≥ 0 …`), since the user typed the flag, not the library name.
 */
function cliMessage(e: CorridorError): string {
  if (!(e instanceof InvalidArgumentError) || !e.option) return e.message;
  const flag = flagOfOption(e.option.name);
  return flag ? `${flag}: ${e.option.problem}` : e.message;
}

/** Parse a comma-separated list option ("rail,sea" → ['rail', 'sea']). */
export const parseList = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * Parse a number option with the shared parser (`5e9`, `500M`, `5bn`, `1,000`; src/shared/parse-number.ts).
 * A malformed value throws commander's own argument error, which commander prints as one line naming
 * the flag (`error: option '--vot <usdPerTeuHour>' argument 'abc' is invalid. …`) and exit code 1,
 * instead of an uncaught exception with a stack trace.
 */
export function parseNumberOption(flag: string) {
  return (value: string): number => {
    const n = parseHumanNumber(value);
    if (n === undefined) throw new CommanderArgumentError(`${flag} expects a number (${HUMAN_NUMBER_FORMS}).`);
    return n;
  };
}

/** Parse a comma-separated list of numbers with the shared parser; `1,000` cannot be told apart from a list, so items use `500M` or `1e9` forms. */
export function parseNumberInList(flag: string, item: string): number {
  const n = parseHumanNumber(item);
  if (n === undefined) throw new ValidationError(`option ${flag}`, [{ path: flag, message: `"${item}" is not a number (${HUMAN_NUMBER_FORMS})` }]);
  return n;
}

/** Help text of `--redis <url>`, the same on every command that can send its sweep to queue workers. */
export const REDIS_OPTION_HELP = 'solve the scenarios on `corridor worker` processes through this Redis (BullMQ) instead of threads here';

/** `--redis <url>`, checked; the queue module (and BullMQ) is loaded only when the flag is given. */
export async function redisUrlOption(value: string | undefined): Promise<string | undefined> {
  if (value === undefined) return undefined;
  return (await import('../../queue/index.js')).checkRedisUrl(value, '--redis');
}
