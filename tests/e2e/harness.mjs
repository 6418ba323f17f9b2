// Shared Playwright harness: launches Debian's Chromium (optionally with the unpacked
// extension) and serves the replica at the real page's address through request interception.
//
//   import { launch, replicaUrl, openReplica, replicaState, screenshot } from './harness.mjs';
//   const { context, close } = await launch();                    // or launch({ extensionDir })
//   const page = await openReplica(context, { era: '2020', members: 60 });
//   const state = await replicaState(page);
//   await screenshot(page, 'something');                           // test-out/something.png
//   await close();
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DIST, ORIGIN, STRICT_CSP, replicaResponse } from '../../www/routes.mjs';

export { DIST, ORIGIN, STRICT_CSP };

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const WWW = path.join(ROOT, 'www');
export const OUT = path.join(ROOT, 'test-out');

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

function newestMtime(p) {
  let st;
  try { st = fs.statSync(p); } catch { return 0; }
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const f of fs.readdirSync(p)) m = Math.max(m, newestMtime(path.join(p, f)));
  return m;
}

/** Builds www/dist if it is missing or older than www/src, www/index.html or www/build.mjs. */
export function ensureBuilt() {
  let built = 0;
  try { built = fs.statSync(path.join(DIST, 'app.js')).mtimeMs; } catch {}
  const src = Math.max(newestMtime(path.join(WWW, 'src')), newestMtime(path.join(WWW, 'index.html')), newestMtime(path.join(WWW, 'build.mjs')));
  if (!built || built < src || !fs.existsSync(path.join(DIST, 'index.html'))) {
    execFileSync(process.execPath, [path.join(WWW, 'build.mjs')], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
}

/** Route handler for https://app.segment.com/** (exported for tests that build their own context). */
export async function routeSegment(route) {
  const req = route.request();
  return route.fulfill(replicaResponse(req.method(), req.url()));
}

/**
 * Launches Chromium with a fresh profile. With extensionDir, the unpacked extension is loaded
 * (extensions need a headed-compatible mode: playwright's headless uses the new headless, which supports them).
 * Returns { context, close() }.
 */
export async function launch({ extensionDir = null, headless = true, viewport = { width: 1440, height: 900 } } = {}) {
  ensureBuilt();
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sak-chromium-'));
  const args = CHROMIUM_ARGS.slice();
  if (extensionDir) {
    const dir = path.resolve(extensionDir);
    args.push(`--disable-extensions-except=${dir}`, `--load-extension=${dir}`);
  }
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless,
    args,
    viewport,
    ignoreDefaultArgs: extensionDir ? ['--disable-extensions'] : undefined,
  });
  await context.route(`${ORIGIN}/**`, routeSegment);
  let closed = false;
  return {
    context,
    async close() {
      if (closed) return;
      closed = true;
      await context.close().catch(() => {});
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The replica page URL. Variants (all optional): era, form, latency, jitter, fail, seed, members, owners,
 * pending, sources, maxEmails, me; csp: 'none' | 'strict'.
 */
export function replicaUrl({ workspace = 'acme', csp = 'none', ...variants } = {}) {
  const q = new URLSearchParams();
  if (csp && csp !== 'none') q.set('csp', csp);
  for (const [k, v] of Object.entries(variants)) if (v !== undefined && v !== null) q.set(k, String(v));
  const qs = q.toString();
  return `${ORIGIN}/${encodeURIComponent(workspace)}/settings/access-management${qs ? `?${qs}` : ''}`;
}

/** Opens a new page on the replica and waits until the users table is rendered. opts as replicaUrl. */
export async function openReplica(context, opts = {}) {
  const page = await context.newPage();
  await gotoReplica(page, opts);
  return page;
}

/** Navigates an existing page to the replica and waits for the users table. */
export async function gotoReplica(page, opts = {}) {
  await page.goto(replicaUrl(opts));
  await page.waitForSelector('[data-evergreen-table-body]');
  await page.waitForFunction(() => !!window.__replica);
  return page;
}

/** window.__replica.state(): { workspace, signedIn, members, invites, sources, labels, log }. */
export function replicaState(page) {
  return page.evaluate(() => window.__replica.state());
}

export function replicaConfig(page) {
  return page.evaluate(() => window.__replica.config());
}

/** Writes test-out/<name>.png (full page). */
export async function screenshot(page, name, { fullPage = false } = {}) {
  fs.mkdirSync(OUT, { recursive: true });
  const file = path.join(OUT, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}
