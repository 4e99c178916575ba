/**
 * The numbers planners type: `5e9`, `500M`, `5bn`, `1,000`, `2.5k`, `-3`, `0.06`.
 *
 * Accepted:
 * - plain and scientific notation (`1000`, `1e3`, `1.5E+9`, `.5`);
 * - thousands separators `,` or `_` in correct groups of three (`1,000`, `12,345,678.5`, `1_000`);
 *   `1,5` or `10,00` are refused rather than guessed (a decimal comma or a typo);
 * - a magnitude suffix, case-insensitive except `M`/`m` both meaning million:
 *   `k` thousand, `m`/`mn`/`mio` million, `b`/`bn`/`g` billion, `t`/`tn` trillion.
 *
 * Anything else (`abc`, `1e3x`, `5 bn x`, ``) is not a number: the result is `undefined` and the caller
 * names the flag or field. Kept in one place so every numeric CLI flag (and the API, when it wants the
 * same forms) reads numbers the same way.
 */
export function parseHumanNumber(text: string): number | undefined {
  const s = text.trim();
  const m = /^([+-]?)((?:\d{1,3}(?:[,_]\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:e([+-]?\d+))?\s*([a-z]*)$/i.exec(s);
  if (!m) return undefined;
  const [, sign, mantissa, exponent, suffix] = m;
  const multiplier = SUFFIX[suffix.toLowerCase()];
  if (multiplier === undefined) return undefined;
  const value = Number(`${sign}${mantissa.replace(/[,_]/g, '')}${exponent !== undefined ? `e${exponent}` : ''}`) * multiplier;
  return Number.isFinite(value) ? value : undefined;
}

const SUFFIX: Record<string, number> = {
  '': 1,
  k: 1e3,
  m: 1e6,
  mn: 1e6,
  mio: 1e6,
  b: 1e9,
  bn: 1e9,
  g: 1e9,
  t: 1e12,
  tn: 1e12,
};

/** The accepted forms, for error messages. */
export const HUMAN_NUMBER_FORMS = 'e.g. 5e9, 500M, 5bn, 1,000';
