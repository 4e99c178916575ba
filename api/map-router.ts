import express from 'express';
import { join } from 'node:path';
import { buildWeb, WEB_DIR, WEB_DIST_DIR, webBundleIsStale } from '../web/build-web.js';

/** URL prefix of the page's static files (bundle, CSS, Leaflet images, country outlines). */
export const MAP_ASSETS_PATH = '/map-assets';

/**
 * The planners' map page: `GET /` serves `web/index.html`, `GET /map-assets/*` the bundle and the
 * offline vendor files. The page talks to the public HTTP API only, so the router needs no deps.
 *
 * The bundle is built on the first request when `web/dist` is missing or older than the sources, so
 * a fresh clone works without a build step; concurrent first requests share one build.
 * @example app.use(mapRouter()); // in createApp, before the 404 handler
 */
export function mapRouter(): express.Router {
  const router = express.Router();
  let ready: Promise<void> | null = null;
  const ensureBuilt = (): Promise<void> => {
    if (!ready) {
      ready = webBundleIsStale()
        ? buildWeb().then(() => undefined)
        : Promise.resolve();
      // A failed build must not be cached: the next request retries (e.g. after fixing a syntax error).
      ready.catch(() => {
        ready = null;
      });
    }
    return ready;
  };

  router.get('/', async (_req, res) => {
    await ensureBuilt();
    res.set('Cache-Control', 'no-cache');
    res.sendFile(join(WEB_DIR, 'index.html'));
  });
  router.get(`${MAP_ASSETS_PATH}/style.css`, (_req, res) => {
    res.sendFile(join(WEB_DIR, 'style.css'));
  });
  router.use(MAP_ASSETS_PATH, async (_req, _res, next) => {
    await ensureBuilt();
    next();
  });
  router.use(MAP_ASSETS_PATH, express.static(WEB_DIST_DIR, { index: false, maxAge: 0 }));
  return router;
}
