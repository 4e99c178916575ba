import { LINK_ATTRIBUTES, NODE_ATTRIBUTES, type AttributeSpec } from './attributes.js';
import { MODE_DEFAULTS } from './mode-defaults.js';
import { MODES } from './modes.js';

const typeOf = (a: AttributeSpec) => (a.values ? a.values.join(' \\| ') : a.type);

function table(specs: readonly AttributeSpec[]): string {
  const rows = specs.map(
    (a) => `| \`${a.name}\` | ${typeOf(a)} | ${a.unit || '—'} | ${a.required ? 'yes' : 'no'} | ${a.default} | ${a.description} |`,
  );
  return ['| property | type | unit | required | when absent | meaning |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

/** The markdown tables of docs/network-format.md, generated from the attribute tables (one source of truth). */
export function attributesMarkdown(): string {
  const defaults = MODES.map((m) => {
    const d = MODE_DEFAULTS[m];
    const cell = (v: { value: number; source: string; estimate: boolean }) => `${v.value}${v.estimate ? ' (estimate)' : ''}`;
    return `| ${m} | ${cell(d.costUsdPerTeuKm)} | ${cell(d.speedKmh)} | ${cell(d.co2KgPerTeuKm)} |`;
  });
  const sources = MODES.flatMap((m) => {
    const d = MODE_DEFAULTS[m];
    return [
      `- **${m}** cost: ${d.costUsdPerTeuKm.source}`,
      `- **${m}** speed: ${d.speedKmh.source}`,
      `- **${m}** CO2: ${d.co2KgPerTeuKm.source}`,
    ];
  });
  return [
    '### Node properties (Point features)',
    '',
    table(NODE_ATTRIBUTES),
    '',
    '### Link properties (LineString features)',
    '',
    table(LINK_ATTRIBUTES),
    '',
    '### Mode defaults',
    '',
    '| mode | costUsdPerTeuKm | speedKmh | co2KgPerTeuKm |',
    '|---|---|---|---|',
    ...defaults,
    '',
    'Sources:',
    '',
    ...sources,
  ].join('\n');
}
