import type { Command } from 'commander';
import { SHARED_OPTIONS } from '../../assignment/index.js';
import { parseNumberOption } from './run-command.js';

/**
 * The cost flags that several commands take, from the one option table (src/assignment/option-table.ts): the
 * flag, its unit in the placeholder, and its help. A command may word the help its own way (`optimize --vot`
 * says where the default comes from) through `help`.
 */
export const COST_FLAGS = {
  vot: SHARED_OPTIONS.vot,
  carbonPrice: SHARED_OPTIONS.carbonPrice,
  unservedPenalty: SHARED_OPTIONS.unservedPenaltyUsdPerTeu,
  timeLimit: SHARED_OPTIONS.timeLimitSeconds,
} as const;

export type CostFlag = keyof typeof COST_FLAGS;

/** Add cost flags to a command, in the order given, each parsed with the shared number parser. */
export function addCostFlags(cmd: Command, which: readonly CostFlag[], help: Partial<Record<CostFlag, string>> = {}): Command {
  for (const key of which) {
    const { flag: flags, cliHelp: text } = COST_FLAGS[key];
    cmd.option(flags, help[key] ?? text, parseNumberOption(flags.split(' ')[0]));
  }
  return cmd;
}

/** What commander parses the cost flags into (the keys of COST_FLAGS). */
export interface CostFlagValues {
  vot?: number;
  carbonPrice?: number;
  unservedPenalty?: number;
  timeLimit?: number;
}

/** The optimize options of the cost flags, by their library names (the option table's). */
export function costOptions(o: CostFlagValues): { vot?: number; carbonPrice?: number; unservedPenaltyUsdPerTeu?: number; timeLimitSeconds?: number } {
  return { vot: o.vot, carbonPrice: o.carbonPrice, unservedPenaltyUsdPerTeu: o.unservedPenalty, timeLimitSeconds: o.timeLimit };
}
