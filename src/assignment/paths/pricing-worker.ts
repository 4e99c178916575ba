/**
 * Worker thread of a PricingPool: prices its share of the commodities each round, on the same expanded
 * graph and the same shared target-bound tables as the calling thread. Its PathPricer keeps the search
 * history of its commodities from round to round, as the calling thread's would.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { PricingRequest, PricingResponse, PricingWorkerData } from './pricing-messages.js';
import { PathPricer } from './price-paths.js';

const data = workerData as PricingWorkerData;
const pricer = new PathPricer(data.graph, data.commodities, data.carbonPriceUsdPerTonneCo2, undefined, data.shared);
const port = parentPort!;

port.on('message', (request: PricingRequest) => {
  let response: PricingResponse;
  try {
    if (request.kind === 'fill') {
      pricer.fillTargetBounds();
      response = { kind: 'filled' };
    } else {
      if (request.newScenario) pricer.resetHistory();
      const before = { trees: pricer.trees, settled: pricer.settledVertices };
      const columns = pricer.price(request.duals, request.arcOpen);
      response = { kind: 'priced', columns, trees: pricer.trees - before.trees, settledVertices: pricer.settledVertices - before.settled };
    }
  } catch (error) {
    response = { kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  port.postMessage(response);
});
