/**
 * Solves china-eurasia with its default demand and prints the calibration table (Markdown) for
 * docs/calibration.md. Run: `npx tsx networks/print-calibration.ts`.
 */
import { loadDemand } from '../src/network/demand.js';
import { loadNetwork } from '../src/network/load-network.js';
import { optimize } from '../src/assignment/index.js';
import { calibrationTable } from './calibration.js';
import { calibrationMarkdown } from './calibration-markdown.js';

const net = loadNetwork('china-eurasia');
const result = await optimize(net, loadDemand('default', net), { backend: 'highs' });
if (result.status !== 'optimal') throw new Error(`default demand: ${result.status}`);
console.log(calibrationMarkdown(calibrationTable(result)));
