/**
 * The physical network: nodes, links and their attributes, read from GeoJSON (built-in or a file), built and
 * merged; demand tables; named disruptions. The first stage of the pipeline. Public surface of the folder.
 */
export * from './attributes-markdown.js';
export * from './attributes.js';
export * from './build-network.js';
export * from './builtin-networks.js';
export * from './corridor-membership.js';
export * from './demand.js';
export * from './find-node.js';
export * from './load-network.js';
export * from './merge-networks.js';
export * from './mode-defaults.js';
export * from './modes.js';
export * from './named-disruptions.js';
export * from './network-geojson.js';
export * from './network-schema.js';
export * from './network.js';
export * from './parse-demand-csv.js';
