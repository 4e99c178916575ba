import type { Command } from 'commander';
import { BUILTIN_NETWORKS, loadBuiltinNetwork, validateNetworkGeoJson, loadNetwork, readJsonFile, networkToGeoJson, MODES } from '../../network/index.js';
import { fmt, formatTable } from '../../shared/index.js';
import { runCommand } from './run-command.js';
import { processIo, type CliIo } from './cli-io.js';

/** `corridor networks`, `corridor show` and `corridor validate`. */
export function registerNetworkCommands(program: Command, io: CliIo = processIo): void {
  program
    .command('networks')
    .description('list the built-in networks with node and link counts')
    .option('--json', 'machine-readable output')
    .action((opts: { json?: boolean }) =>
      runCommand(io, opts, () => {
        const rows = BUILTIN_NETWORKS.map((info) => {
          const net = loadBuiltinNetwork(info.id);
          return {
            id: info.id,
            name: info.name,
            description: info.description,
            nodeCount: net.nodes.length,
            linkCount: net.links.length,
            candidateLinkCount: net.links.filter((l) => l.status === 'candidate').length,
          };
        });
        if (opts.json) {
          io.out(`${JSON.stringify({ networks: rows }, null, 2)}\n`);
          return;
        }
        io.log(
          formatTable(rows, [
            { header: 'id', value: (r) => r.id },
            { header: 'nodes', value: (r) => r.nodeCount, align: 'right' },
            { header: 'links', value: (r) => r.linkCount, align: 'right' },
            { header: 'name', value: (r) => r.name },
          ]),
        );
      }),
    );

  program
    .command('show')
    .description('show a network (built-in id or GeoJSON file): counts by mode, or the resolved GeoJSON')
    .argument('<network>', 'built-in network id or path to a network GeoJSON file')
    .option('--geojson', 'print the network as GeoJSON with every default resolved')
    .option('--json', 'machine-readable summary')
    .action((network: string, opts: { geojson?: boolean; json?: boolean }) =>
      runCommand(io, opts, () => {
        const net = loadNetwork(network);
        if (opts.geojson) {
          io.out(`${JSON.stringify(networkToGeoJson(net))}\n`);
          return;
        }
        const byMode = MODES.map((mode) => {
          const links = net.links.filter((l) => l.mode === mode);
          return { mode, links: links.length, km: links.reduce((s, l) => s + l.lengthKm, 0) };
        }).filter((r) => r.links > 0);
        const capacitated = {
          nodes: net.nodes.filter((n) => n.throughputTeuPerYear !== null).map((n) => ({ id: n.id, throughputTeuPerYear: n.throughputTeuPerYear })),
          links: net.links.filter((l) => l.capacityTeuPerYear !== null).map((l) => ({ id: l.id, capacityTeuPerYear: l.capacityTeuPerYear })),
        };
        if (opts.json) {
          io.out(`${JSON.stringify({ id: net.id, name: net.name, nodeCount: net.nodes.length, linkCount: net.links.length, byMode, capacitated, warnings: net.warnings }, null, 2)}\n`);
          return;
        }
        io.log(`${net.name} (${net.id}): ${net.nodes.length} nodes, ${net.links.length} links\n`);
        io.log(formatTable(byMode, [
          { header: 'mode', value: (r) => r.mode },
          { header: 'links', value: (r) => r.links, align: 'right' },
          { header: 'km', value: (r) => fmt(r.km), align: 'right' },
        ]));
        io.log(`\nCapacity-limited: ${capacitated.nodes.length} nodes (${capacitated.nodes.map((n) => n.id).join(', ')}), ${capacitated.links.length} links`);
        for (const w of net.warnings) io.log(`warning: ${w.path}: ${w.message}`);
      }),
    );

  program
    .command('validate')
    .description('validate a network GeoJSON file; exits 1 and lists every problem')
    .argument('<file>', 'path to a network GeoJSON file (format v1, docs/network-format.md)')
    .option('--json', 'machine-readable report')
    .action((file: string, opts: { json?: boolean }) =>
      runCommand(io, opts, () => {
        const report = validateNetworkGeoJson(readJsonFile(file));
        if (opts.json) {
          const net = report.network;
          io.out(`${JSON.stringify({ valid: report.problems.length === 0, problems: report.problems, warnings: report.warnings, nodeCount: net?.nodes.length ?? null, linkCount: net?.links.length ?? null }, null, 2)}\n`);
        } else if (report.problems.length === 0) {
          io.log(`${file}: valid (${report.network!.nodes.length} nodes, ${report.network!.links.length} links)`);
        } else {
          io.error(`${file}: ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}`);
          for (const p of report.problems) io.error(`  feature ${p.featureIndex ?? '-'}${p.id ? ` (${p.id})` : ''}${p.property ? ` [${p.property}]` : ''}: ${p.message}`);
        }
        if (!opts.json) for (const w of report.warnings) io.error(`  warning: ${w.path}: ${w.message}`);
        if (report.problems.length) io.setExitCode(1);
      }),
    );
}
