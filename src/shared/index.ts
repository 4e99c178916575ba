/**
 * Helpers every stage uses: typed errors, number parsing, closest names, tables, seeded random numbers, URL
 * checks. No node built-ins here: the map page bundles src/network/named-disruptions.ts and, through it, this
 * folder (worker-thread paths are in src/threads/). Public surface of the folder.
 */
export * from './ask-each.js';
export * from './closest-names.js';
export * from './descending-within.js';
export * from './errors.js';
export * from './format-table.js';
export * from './parse-number.js';
export * from './redact-url.js';
export * from './redis-url.js';
export * from './seeded-random.js';
