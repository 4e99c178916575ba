import { loadBuiltinNetwork, NETWORKS_DIR } from './networks/index.js';
import { loadDemand } from './src/demand.js';
import { loadCandidates } from './src/evaluate/index.js';
import { loadScenarioSet, robustPortfolio } from './src/resilience/index.js';
const net = loadBuiltinNetwork('china-eurasia');
const demand = loadDemand('default', net);
const cands = [...loadCandidates(`${NETWORKS_DIR}/candidates/eurasian-land-bridge.geojson`, net), ...loadCandidates(`${NETWORKS_DIR}/candidates/land-sea-corridor.geojson`, net)];
const set = loadScenarioSet('default', net);
console.log(cands.map(c=>`${c.id}:${c.capexUsd}`).join(' '));
for (const objective of ['expected','worst','regret'] as const) {
  const t = performance.now();
  const r = await robustPortfolio(net, demand, cands, set, { objective, budgetUsd: 3e9, onProgress: (p) => process.stderr.write(`${p.phase} ${p.scenarioId ?? ''} it ${p.iteration} gap ${p.relativeGap.toExponential(2)} solves ${p.subproblemSolves}\n`) });
  console.log(objective, r.status, r.message, r.chosen, r.objectiveUsd, r.relativeGap, r.iterations, r.subproblemSolves, r.singleFuture?.chosen, r.valueOfRobustnessUsd, ((performance.now()-t)/1000).toFixed(1), 's');
}
