/**
 * The built-in networks, for scripts, benches and tests that think of them as "the networks folder". The
 * loaders themselves live in src/network/builtin-networks.ts (src never imports networks/, so the two folders do
 * not depend on each other both ways); this file only re-exports them.
 */
export * from '../src/network/builtin-networks.js';
