/**
 * Worker-thread module paths: the file a worker thread runs, under tsx (the source) or compiled (dist). Node
 * only (node:module, node:url), so it is a folder of its own: src/shared/ stays free of node built-ins, because
 * the map page bundles part of src/network/ and, through it, src/shared/. Public surface of the folder.
 */
export * from './worker-module.js';
