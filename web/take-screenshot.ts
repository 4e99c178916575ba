/**
 * Regenerate docs/map-screenshot.png: the real API and the map page on an ephemeral 127.0.0.1 port,
 * a route query (chongqing → singapore) and the optimization view (default demand), captured in
 * headless Chromium. Run: `npx tsx web/take-screenshot.ts [out.png]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { chromium } from 'playwright-core';
import { createApp } from '../api/create-app.js';
import { mapRouter } from '../api/map-router.js';

const out = process.argv[2] ?? join('docs', 'map-screenshot.png');
const api = createApp({ databasePath: ':memory:', jobThreads: 1, logLevel: 'warn' });
const app = express().use(mapRouter()).use(api);
const server = await new Promise<Server>((resolve) => {
  const s = app.listen(0, '127.0.0.1', () => resolve(s));
});
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const profile = mkdtempSync(join(tmpdir(), 'corridor-chromium-'));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1600, height: 1000 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = browser.pages()[0] ?? (await browser.newPage());
  await page.goto(`${base}/`);
  await page.waitForSelector('body[data-network-loaded]', { timeout: 30_000 });
  await page.fill('#route-from', 'chongqing');
  await page.fill('#route-to', 'singapore');
  await page.click('#route-submit');
  await page.waitForSelector('#route-table tbody tr', { timeout: 20_000 });
  await page.click('#optimize-run');
  await page.waitForSelector('.leaflet-flows-pane path.flow-line', { timeout: 120_000 });
  await page.waitForTimeout(500); // let the fitBounds animation end
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  server.close();
  await api.close();
  rmSync(profile, { recursive: true, force: true });
}
