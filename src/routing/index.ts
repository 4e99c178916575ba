/**
 * Ad-hoc freight routes over the expanded graph (ngraph.path): cheapest route, alternatives, the Pareto
 * frontier, and why a route does not exist. Public surface of the folder.
 */
export * from './pareto-frontier.js';
export * from './route-alternatives.js';
export * from './route-failure-reason.js';
export * from './route-graph.js';
export * from './route-result.js';
export * from './route-stops.js';
export * from './route-value-of-time.js';
export * from './route.js';
