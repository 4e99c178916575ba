import type { Command } from 'commander';
import { fmt, formatTable } from '../../shared/index.js';
import { loadNetwork, CARGO_CLASSES, CARGO_VALUE_OF_TIME } from '../../network/index.js';
import { route, routeDefaultValueOfTime, type RouteAlternative, type RouteFound, type RouteResult, type ValueOfTimeChoice } from '../../routing/index.js';
import { parseList, parseNumberOption, runCommand } from './run-command.js';
import { processIo, type CliIo } from './cli-io.js';

interface RouteCommandOptions {
  network: string;
  from: string;
  to: string;
  modes?: string[];
  avoid?: string[];
  via?: string[];
  vot?: number;
  cargo?: string;
  carbonPrice?: number;
  alternatives?: boolean;
  allowDoubleBack?: boolean;
  json?: boolean;
  geojson?: boolean;
}

/** Default network of `corridor route`. */
export const DEFAULT_ROUTE_NETWORK = 'china-eurasia';

/**
 * `corridor route`: the cheapest route by generalized cost, as a table, JSON (--json) or GeoJSON
 * (--geojson). Exits 1 when there is no route (the reason is printed).
 */
export function registerRouteCommand(program: Command, io: CliIo = processIo): void {
  program
    .command('route')
    .description('optimal freight route between two nodes by generalized cost (money + value of time + carbon)')
    .option('--network <id|file>', 'built-in network id or network GeoJSON file', DEFAULT_ROUTE_NETWORK)
    .requiredOption('--from <node>', 'origin: node id, name or alias')
    .requiredOption('--to <node>', 'destination: node id, name or alias')
    .option('--modes <list>', 'allowed modes, comma-separated (rail,road,inland_waterway,sea,air; aliases such as river)', parseList)
    .option('--avoid <list>', 'closed nodes, links or named disruptions (suez, malacca, …), comma-separated', parseList)
    .option('--via <list>', 'nodes to pass in order, comma-separated (a route that passes no node twice is preferred)', parseList)
    .option('--allow-double-back', 'with --via: take the cheapest route even when it goes out to a via and back over the same nodes')
    .option('--vot <usdPerTeuHour>', "value of time, USD per TEU-hour (default: the --cargo class, else the demand scenario's value for this flow, else 1)", parseNumberOption('--vot'))
    .option('--cargo <class>', `cargo class whose value of time to use: ${CARGO_CLASSES.map((c) => `${c} ${CARGO_VALUE_OF_TIME[c].value}`).join(', ')} USD/TEU-h (docs/cost-model.md)`)
    .option('--carbon-price <usdPerTonne>', 'carbon price, USD per tonne CO2', parseNumberOption('--carbon-price'))
    .option('--alternatives', 'also show the best route of each mode chain and the cost–time Pareto frontier')
    .option('--json', 'print the result as JSON')
    .option('--geojson', 'print the route legs as a GeoJSON FeatureCollection')
    .action((opts: RouteCommandOptions) =>
      runCommand(io, opts, () => {
        const network = loadNetwork(opts.network);
        const result = route(network, opts.from, opts.to, {
          cargo: opts.cargo,
          allowDoubleBack: opts.allowDoubleBack,
          defaultValueOfTime: routeDefaultValueOfTime(network, opts.from, opts.to),
          modes: opts.modes,
          avoid: opts.avoid,
          via: opts.via,
          valueOfTimeUsdPerTeuHour: opts.vot,
          carbonPriceUsdPerTonneCo2: opts.carbonPrice,
          alternatives: opts.alternatives,
        });
        if (!result.found) io.setExitCode(1);
        if (opts.json) {
          io.out(`${JSON.stringify(result, null, 2)}\n`);
        } else if (opts.geojson) {
          if (result.found) io.out(`${JSON.stringify(result.geometry)}\n`);
          else io.err(`no route: ${result.reason}\n`);
        } else {
          io.out(`${formatRoute(result, network.id)}\n`);
        }
      }),
    );
}

const days = (hours: number) => fmt(hours / 24, 1);
const tonnes = (kg: number) => fmt(kg / 1000, 2);
const MODE_LABEL: Record<string, string> = { inland_waterway: 'river' };
const chainLabel = (chain: readonly string[]) => chain.map((m) => MODE_LABEL[m] ?? m).join(' + ');

/** Human-readable route: legs table, node charges, totals and, when present, the alternatives table. */
export function formatRoute(result: RouteResult, networkId: string): string {
  const p = result.costParameters;
  const head = `${result.fromName} → ${result.toName}${result.via.length ? ` via ${result.via.join(', ')}` : ''} (network ${networkId}; value of time USD ${fmt(p.valueOfTimeUsdPerTeuHour, 2)}/TEU-h, carbon USD ${fmt(p.carbonPriceUsdPerTonneCo2, 0)}/t CO2)\nValue of time: ${valueOfTimeLine(result.valueOfTime)}`;
  if (!result.found) return `${head}\n\nNo route: ${result.reason}`;
  const out = [head, '', legsTable(result), ''];
  const charges = [
    ...result.transfers.map((t) => `transfer ${t.fromMode} → ${t.toMode} at ${t.nodeName}: USD ${fmt(t.costUsd)}, ${fmt(t.hours, 1)} h`),
    ...result.gaugeChanges.map((g) => `gauge change ${g.fromGaugeMm} → ${g.toGaugeMm} mm at ${g.nodeName}: USD ${fmt(g.costUsd)}, ${fmt(g.hours, 1)} h`),
    ...result.borderCrossings.map((b) => `border crossing at ${b.nodeName}: USD ${fmt(b.costUsd)}, ${fmt(b.hours, 1)} h`),
  ];
  if (charges.length) out.push('Node charges:', ...charges.map((c) => `  ${c}`), '');
  for (const w of result.warnings ?? []) out.push(`warning: ${w}`, '');
  out.push(
    `Total: USD ${fmt(result.totalCostUsd)}/TEU, ${days(result.totalHours)} days, ${fmt(result.totalKm)} km, ${tonnes(result.co2Kg)} t CO2/TEU; generalized cost USD ${fmt(result.generalizedCostUsd)}/TEU`,
  );
  if (result.alternatives.length) out.push('', 'Alternatives (best route of each mode chain; * = on the cost–time Pareto frontier):', '', alternativesTable(result.alternatives));
  return out.join('\n');
}

function valueOfTimeLine(v: ValueOfTimeChoice): string {
  const how = { option: 'given', cargo: `${v.cargo} cargo (--cargo)`, demand: 'from the demand scenario', default: 'standard default (no --vot, --cargo or demand row for this flow)' }[v.basis];
  return `USD ${fmt(v.usdPerTeuHour, 2)}/TEU-h, ${how}; ${v.basis === 'cargo' ? v.source.slice(v.source.indexOf(':') + 2) : v.source}`;
}

/**
 * Legs and, inside them, the itinerary: a leg of several links lists each intermediate node (› rows), and
 * every border crossing, gauge change and transfer is a row where it happens.
 */
function legsTable(r: RouteFound): string {
  type Row = { mode: string; from: string; to: string; km: string; days: string; usd: string; co2: string };
  const rows: Row[] = [];
  const legRow = (i: number): Row => {
    const l = r.legs[i];
    return { mode: MODE_LABEL[l.mode] ?? l.mode, from: l.fromName, to: l.toName, km: fmt(l.km), days: days(l.hours), usd: fmt(l.costUsd), co2: tonnes(l.co2Kg) };
  };
  let shown = -1;
  for (const step of r.steps ?? []) {
    if (step.kind === 'link') {
      if (step.legIndex !== shown) {
        rows.push(legRow(step.legIndex));
        shown = step.legIndex;
      }
      if (r.legs[step.legIndex].linkIds.length > 1) rows.push({ mode: '', from: `  › ${step.fromName}`, to: step.toName, km: fmt(step.km), days: days(step.hours), usd: fmt(step.costUsd), co2: tonnes(step.co2Kg) });
    } else {
      rows.push({ mode: `  ${step.kind}`, from: `  ${step.nodeName}`, to: step.kind === 'border' ? '' : step.detail, km: '', days: days(step.hours), usd: fmt(step.costUsd), co2: '' });
    }
  }
  return formatTable(rows, [
    { header: 'mode', value: (x) => x.mode },
    { header: 'from', value: (x) => x.from },
    { header: 'to', value: (x) => x.to },
    { header: 'km', value: (x) => x.km, align: 'right' },
    { header: 'days', value: (x) => x.days, align: 'right' },
    { header: 'USD/TEU', value: (x) => x.usd, align: 'right' },
    { header: 't CO2', value: (x) => x.co2, align: 'right' },
  ]);
}

function alternativesTable(alts: RouteAlternative[]): string {
  return formatTable(alts, [
    { header: '', value: (a) => `${a.paretoOptimal ? '*' : ' '}${a.best ? ' best' : ''}` },
    { header: 'modes', value: (a) => chainLabel(a.modeChain) },
    { header: 'USD/TEU', value: (a) => fmt(a.totalCostUsd), align: 'right' },
    { header: 'days', value: (a) => days(a.totalHours), align: 'right' },
    { header: 'km', value: (a) => fmt(a.totalKm), align: 'right' },
    { header: 't CO2', value: (a) => tonnes(a.co2Kg), align: 'right' },
    { header: 'generalized USD', value: (a) => fmt(a.generalizedCostUsd), align: 'right' },
    { header: 'via', value: (a) => a.legs.slice(0, -1).map((l) => l.toName).join(', ') },
  ]);
}
