import type { Command } from 'commander';
import { parseNumberOption } from './run-command.js';

/**
 * The cost flags that several commands take, defined once (issue 17.4): the flag, its unit in the
 * placeholder, and its help. A command may word the help its own way (`optimize --vot` says where the
 * default comes from) through `help`.
 */
export const COST_FLAGS = {
  vot: { flags: '--vot <usdPerTeuHour>', help: 'value of time, USD per TEU-hour' },
  carbonPrice: { flags: '--carbon-price <usdPerTonne>', help: 'carbon price, USD per tonne CO2' },
  unservedPenalty: { flags: '--unserved-penalty <usdPerTeu>', help: 'cost of a TEU of demand left unserved, USD per TEU (default 50,000)' },
  timeLimit: { flags: '--time-limit <seconds>', help: 'time limit of each solve, seconds' },
} as const;

export type CostFlag = keyof typeof COST_FLAGS;

/** Add cost flags to a command, in the order given, each parsed with the shared number parser. */
export function addCostFlags(cmd: Command, which: readonly CostFlag[], help: Partial<Record<CostFlag, string>> = {}): Command {
  for (const key of which) {
    const { flags, help: text } = COST_FLAGS[key];
    cmd.option(flags, help[key] ?? text, parseNumberOption(flags.split(' ')[0]));
  }
  return cmd;
}
