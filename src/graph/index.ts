/**
 * The one multimodal expanded graph shared by routing and the LP: arcs and their generalized costs, the one
 * Scenario type and what it leaves open, and the typed-array shortest-path search. Public surface of the folder.
 */
export * from './expanded-graph.js';
export * from './generalized-cost.js';
export * from './scenario.js';
export * from './shortest-path-tree.js';
