/**
 * The API shapes the map page reads: re-exported from the server's own types (api/api-types.ts), so the
 * page keeps no hand-written copy and a server change to a field it reads fails `npm run typecheck`.
 */
import type { RouteAlternative, RouteFound } from '../api/api-types.js';

export type * from '../api/api-types.js';

/** The best route or one of its alternatives: what the page draws. */
export type FoundRoute = RouteFound | RouteAlternative;
