// Shared Playwright harness: launches Debian's Chromium (optionally with the unpacked
// extension), serves the replica at the real page's address through request interception, and
// holds the page objects and waits every e2e file uses (the panel, its tabs, the bulk view, the
// run's state and results, the replica's log, the workspace switcher, extension storage).
//
//   import { launch, replicaUrl, openReplica, replicaState, screenshot } from './harness.mjs';
//   const { context, close } = await launch();                    // or launch({ extensionDir })
//   const page = await openReplica(context, { era: '2020', members: 60 });
//   const state = await replicaState(page);                        // or replicaState(page, 'globex')
//   await screenshot(page, 'something');                           // test-out/something.png
//   await close();
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DIST, ORIGIN, STRICT_CSP, replicaResponse } from '../../www/routes.mjs';

export { DIST, ORIGIN, STRICT_CSP };

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The built extension the suites load (AK_EXTENSION_DIR tests another build). */
export const EXT = process.env.AK_EXTENSION_DIR || path.join(ROOT, 'dist', 'extension');
export const WWW = path.join(ROOT, 'www');
export const OUT = path.join(ROOT, 'test-out');

// "Check this page" on the default replica (numbered pages, the email under the name): only a
// submission shows toasts or the form's validation message, and the check never submits; controls of
// pager shapes and table layouts this page does not use are "skipped" with a reason (reads.test.mjs
// covers the other shapes).
export const CHECK_NEEDS_A_SUBMISSION = new Set(['toast_success', 'toast_danger', 'invite_validation']);
export const CHECK_NOT_ON_THIS_PAGE = new Set(['pagination_first', 'load_more', 'page_size', 'page_size_option',
  'loading_indicator', 'row_email', 'email_header']);

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

/** window.__replica.state(): { workspace, signedIn, members, invites, sources, labels, log } of the
 *  workspace shown, or of `workspace`. */
export function replicaState(page, workspace) {
  return page.evaluate((ws) => window.__replica.state(ws || undefined), workspace || null);
}

/** The emails of every invite the replica created, in order (from its log). */
export function invitedEmails(state) {
  return state.log.filter((e) => e.kind === 'invite').flatMap((e) => e.emails);
}

/** Asserts no email was invited twice; returns the set of invited emails. */
export function invitedOnce(state) {
  const seen = new Set();
  for (const e of invitedEmails(state)) {
    if (seen.has(e)) throw new Error(`${e} invited twice`);
    seen.add(e);
  }
  return seen;
}

/** A grant list in a comparable form: sorted by role, scopes' lists sorted. */
const normGrants = (grants) => [...grants]
  .map((g) => ({ role: g.role, scope: g.scope.kind === 'specific' ? { kind: 'specific', resources: [...g.scope.resources].sort() }
    : g.scope.kind === 'all' ? { kind: 'all', labels: [...g.scope.labels].sort() } : { kind: g.scope.kind } }))
  .sort((a, b) => a.role.localeCompare(b.role));

/** A person's or invite's access, comparable with deepEqual. */
export const inviteAccess = (x) => ({ owner: x.owner, roles: x.owner ? [] : normGrants(x.roles) });

/**
 * Asserts a re-send in the replica's log: each of `emails` (pending in `before`) revoked once, then
 * (those in `invited`) invited once with its old access; nobody else touched.
 */
export function checkResent(before, state, emails, { invited = emails } = {}) {
  const old = new Map(before.invites.map((i) => [i.email, i]));
  for (const e of emails) {
    const revokes = state.log.filter((x) => x.kind === 'revoke' && x.email === e);
    assert.equal(revokes.length, 1, `${e} revoked once`);
    const invites = state.log.filter((x) => x.kind === 'invite' && x.emails.includes(e));
    if (!invited.includes(e)) {
      assert.equal(invites.length, 0, `${e} not invited again`);
      continue;
    }
    assert.equal(invites.length, 1, `${e} invited again once`);
    assert.ok(state.log.indexOf(revokes[0]) < state.log.indexOf(invites[0]), `${e}: revoked before invited`);
    assert.deepEqual(inviteAccess(invites[0]), inviteAccess(old.get(e)), `${e}: exactly its previous roles and scopes`);
    assert.deepEqual(inviteAccess(state.invites.find((i) => i.email === e)), inviteAccess(old.get(e)));
  }
  const touched = state.log.filter((x) => x.email || x.emails).flatMap((x) => x.emails || [x.email]);
  for (const t of touched) assert.ok(emails.includes(t), `${t} was not picked but was touched`);
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

// ---- the extension -------------------------------------------------------------------------

/** The extension's service worker (for reading what the extension stored). */
export async function extensionWorker(context) {
  return context.serviceWorkers()[0] || (await context.waitForEvent('serviceworker'));
}

/** An item of the extension's chrome.storage.local, as the extension stored it. */
export function storedItem(worker, key) {
  return worker.evaluate((k) => chrome.storage.local.get(k).then((items) => items[k]), key);
}

/** Waits until `check(value)` holds for an item of chrome.storage.local. */
export async function waitForStored(worker, key, check, what, timeout = 30000) {
  const until = Date.now() + timeout;
  let last;
  while (Date.now() < until) {
    last = await storedItem(worker, key);
    if (check(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`stored ${key} never became ${what} within ${timeout} ms (last: ${JSON.stringify(last)?.slice(0, 300)})`);
}

/**
 * Watches what the extension's content script does in `page` through the DevTools protocol,
 * independently of the extension: `core` lists every request for the in-page core
 * (chrome-extension://…/core/…) the page made, `loaderRan()` says whether the loader has run in
 * the page's document (its double-injection flag exists in the extension's isolated world).
 * Call before the page navigates.
 */
export async function watchExtension(page) {
  const cdp = await page.context().newCDPSession(page);
  const core = [];
  const worlds = new Map();
  cdp.on('Network.requestWillBeSent', (e) => {
    if (/^chrome-extension:\/\/[^/]+\/core\//.test(e.request.url)) core.push(e.request.url.replace(/^.*\/core\//, 'core/'));
  });
  cdp.on('Runtime.executionContextCreated', ({ context: c }) => {
    if (c.auxData?.type === 'isolated' && c.origin.startsWith('chrome-extension://')) worlds.set(c.id, c);
  });
  cdp.on('Runtime.executionContextDestroyed', ({ executionContextId }) => worlds.delete(executionContextId));
  cdp.on('Runtime.executionContextsCleared', () => worlds.clear());
  await cdp.send('Network.enable');
  await cdp.send('Runtime.enable');
  const flag = "Object.hasOwn(globalThis, Symbol.for('segment-access-kit.content-loaded'))";
  async function loaderRan() {
    for (const id of worlds.keys()) {
      const r = await cdp.send('Runtime.evaluate', { expression: flag, contextId: id }).catch(() => null);
      if (r?.result?.value === true) return true;
    }
    return false;
  }
  /** Evaluates `expression` (a promise is awaited) in the world where the core runs; null if none answers. */
  async function inCore(expression) {
    for (const id of worlds.keys()) {
      const r = await cdp.send('Runtime.evaluate', { expression, contextId: id, awaitPromise: true, returnByValue: true }).catch(() => null);
      if (r && !r.exceptionDetails) return r.result?.value ?? null;
    }
    return null;
  }
  return {
    core,
    loaderRan,
    inCore,
    /** Waits until the loader has run in the current document. */
    async waitForLoader(timeout = 30000) {
      const until = Date.now() + timeout;
      while (Date.now() < until) {
        if (await loaderRan()) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`the content script did not run within ${timeout} ms`);
    },
    detach: () => cdp.detach().catch(() => {}),
  };
}

// ---- the panel -----------------------------------------------------------------------------

/**
 * Waits until the core has the launcher (`data-engine` set) and returns it. The launcher shows
 * before that (the loader draws it, issue 16) and takes a click, which the core honours when it
 * comes; what the core alone does (the guard, placement, the engine) needs this wait.
 */
export async function kitReady(page, timeout = 30000) {
  await page.locator('#access-kit-host button.launcher[data-engine]').waitFor({ timeout });
  return page.getByRole('button', { name: 'Access Kit', exact: true });
}

/** Opens the Access Kit panel (waiting for the launcher) and returns it. */
export async function openPanel(page) {
  const launcher = page.getByRole('button', { name: 'Access Kit', exact: true });
  await launcher.waitFor({ timeout: 15000 });
  if ((await launcher.getAttribute('aria-expanded')) !== 'true') await launcher.click();
  const panel = page.getByRole('dialog', { name: 'Access Kit' });
  await panel.waitFor();
  return panel;
}

/** Opens the panel on tab `name` and returns the panel. */
export async function openTab(page, name) {
  const panel = await openPanel(page);
  await panel.getByRole('tab', { name }).click();
  return panel;
}

/** The "Bulk invite" tab: { panel, root } (root carries data-run-state). */
export async function openBulk(page) {
  const panel = await openTab(page, 'Bulk invite');
  const root = panel.locator('[data-run-state]').first();
  await root.waitFor();
  return { panel, root };
}

/** The "Roster" tab: { tab, root } (root carries data-run-state). */
export async function openRoster(page) {
  const panel = await openTab(page, 'Roster');
  const tab = panel.getByRole('tabpanel', { name: 'Roster' });
  const root = tab.locator('[data-run-state]').first();
  await root.waitFor();
  return { tab, root };
}

/** The "Invites" tab, its pending invites read and listed: { tab, root } (root carries data-run-state). */
export async function openInvites(page) {
  const panel = await openPanel(page);
  await panel.getByRole('tab', { name: 'Invites', exact: true }).click();
  const tab = panel.getByRole('tabpanel', { name: 'Invites' });
  const root = tab.locator('[data-run-state]').first();
  await tab.getByRole('button', { name: 'Read pending invites' }).click();
  await waitForState(root, ['listed'], 60000);
  return { tab, root };
}

/** Waits until the run state is one of `wanted`; returns it. */
export async function waitForState(root, wanted, timeout) {
  const until = Date.now() + timeout;
  let now;
  while (Date.now() < until) {
    now = await root.getAttribute('data-run-state');
    if (wanted.includes(now)) return now;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`run state is still "${now}" after ${timeout} ms (wanted ${wanted.join(' or ')})`);
}

/** Waits until the progress bar's aria-valuenow reaches `atLeast`. */
export async function waitForValue(bar, atLeast, timeout) {
  const until = Date.now() + timeout;
  while (Number(await bar.getAttribute('aria-valuenow')) < atLeast) {
    if (Date.now() >= until) throw new Error(`progress did not reach ${atLeast} within ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Pastes `text` (unless null), checks Start is disabled, previews, and checks the counts per
 * class (`expected`, by data-filter slug) and the table's rows. Returns the Start button.
 */
export async function pasteAndPreview(panel, root, text, expected) {
  if (text !== null) await panel.getByRole('textbox', { name: 'Emails or CSV' }).fill(text);
  const start = panel.getByRole('button', { name: 'Start', exact: true });
  assert.equal(await start.isDisabled(), true, 'Start is disabled before a preview');
  await panel.getByRole('button', { name: 'Preview', exact: true }).click();
  await waitForState(root, ['previewed'], 60000);
  const counts = Object.fromEntries(await panel.locator('button[data-filter][data-count]').evaluateAll((els) =>
    els.map((e) => [e.getAttribute('data-filter'), Number(e.getAttribute('data-count'))])));
  assert.deepEqual(counts, expected);
  const table = panel.getByRole('table', { name: 'Preview of every row' });
  assert.equal(await table.locator('tbody tr').count(), Object.values(expected).reduce((a, b) => a + b, 0));
  await acknowledgeSafety(panel);
  assert.equal(await start.isEnabled(), true);
  return start;
}

/**
 * Gives every tick the preview's safety checks ask for (outside your domains, new owners, …), for
 * tests about something else; returns how many. tests/e2e/safety.test.mjs tests the checks themselves.
 */
export async function acknowledgeSafety(panel) {
  const ticks = panel.getByRole('region', { name: 'Safety checks' }).getByRole('checkbox');
  const n = await ticks.count();
  for (let i = 0; i < n; i++) await ticks.nth(i).check();
  return n;
}

/**
 * After submitting the page's own invite form: waits until the replica's log grows past
 * `logLength`, going on past a safety prompt (outside your domains, new owner) if one asks — for
 * tests about something else; tests/e2e/safety.test.mjs tests the prompts themselves.
 */
export async function sentPastSafety(page, logLength, timeout = 30000) {
  await page.waitForFunction((n) => window.__replica.state().log.length > n
    || document.getElementById('access-kit-host')?.shadowRoot?.querySelector('[role=alertdialog]'), logLength, { timeout });
  const overlay = page.getByRole('alertdialog', { name: /outside your domains|as Workspace Owner/ });
  if (await overlay.count()) {
    await overlay.getByRole('button', { name: 'Send anyway' }).click();
    await page.waitForFunction((n) => window.__replica.state().log.length > n, logLength, { timeout });
  }
}

/** Sets "Emails per submission". */
export async function setChunk(panel, n) {
  await panel.getByRole('spinbutton', { name: 'Emails per submission' }).fill(String(n));
}

/** Clicks the button named `label` and returns the downloaded file's text and name. */
export async function downloadFile(page, panel, label) {
  const [dl] = await Promise.all([
    page.waitForEvent('download'),
    panel.getByRole('button', { name: label, exact: true }).click(),
  ]);
  return { text: fs.readFileSync(await dl.path(), 'utf8'), fileName: dl.suggestedFilename() };
}

/** Clicks "Download results" and returns the CSV's rows as objects, the file's name and its text. */
export async function downloadResults(page, panel) {
  const { text, fileName } = await downloadFile(page, panel, 'Download results');
  return { rows: parseCsv(text), fileName, text };
}

/** The activity lines of the run shown. */
export function activityLines(panel) {
  return panel.getByRole('list', { name: 'Activity' }).locator('li').allInnerTexts();
}

/** A small RFC 4180 reader for downloaded CSVs (BOM, quotes, CRLF); rows as objects. */
export function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n') { row.push(cell.replace(/\r$/, '')); rows.push(row); row = []; cell = ''; }
    else cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  const [head, ...body] = rows;
  return body.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
}

// ---- the app around the page ------------------------------------------------------------------

/** Closes the Access Kit panel if it is open (it may cover the page's controls). */
export async function closePanel(page) {
  const close = page.getByRole('button', { name: 'Close Access Kit' });
  if (await close.isVisible()) await close.click();
}

/**
 * Switches workspace in the app, without a reload (history.pushState): through the app's own
 * switcher, or, with `{ covered: true }` (the switcher under the invite sheet a run keeps open),
 * through the replica's hook that does exactly what the switcher does.
 */
export async function switchWorkspace(page, workspace, { covered = false } = {}) {
  if (covered) {
    await page.evaluate((ws) => window.__replica.switchTo(ws), workspace);
  } else {
    await closePanel(page);
    await page.getByRole('button', { name: /^Switch workspace/ }).click();
    await page.getByRole('menuitem', { name: workspace, exact: true }).click();
  }
  await page.waitForFunction((ws) => window.location.pathname.startsWith(`/${ws}/`), workspace);
  await page.waitForSelector('[data-evergreen-table-body]');
}

/** Waits for the guard of the page shown to have read the members (data-guard="ready"). */
/** Holds (`how` 'hold', until `release()`) or fails ('fail') every request of `page` for the
 *  extension's files under `path` (a glob after the extension's origin, e.g. `core/*`), through
 *  the DevTools protocol's Fetch domain, which sees a content script's extension requests: a
 *  module made slow to arrive, or never arriving, without timing anything. Set it up before the
 *  page navigates. */
export async function interceptExtension(page, path, how = 'hold') {
  const cdp = await page.context().newCDPSession(page);
  const held = [];
  let holding = how === 'hold';
  cdp.on('Fetch.requestPaused', (e) => {
    if (how === 'fail') cdp.send('Fetch.failRequest', { requestId: e.requestId, errorReason: 'BlockedByClient' }).catch(() => {});
    else if (holding) held.push(e.requestId);
    else cdp.send('Fetch.continueRequest', { requestId: e.requestId }).catch(() => {});
  });
  await cdp.send('Fetch.enable', { patterns: [{ urlPattern: `chrome-extension://*/${path}` }] });
  return {
    held,
    async release() {
      holding = false;
      for (const id of held.splice(0)) await cdp.send('Fetch.continueRequest', { requestId: id });
    },
    detach: () => cdp.detach().catch(() => {}),
  };
}

export async function guardReady(page) {
  await page.locator('#access-kit-host[data-guard="ready"]').waitFor({ state: 'attached', timeout: 30000 });
}

/** The guard's typed-confirmation overlay. */
export function guardOverlay(page) {
  return page.getByRole('alertdialog', { name: /last Workspace Owner/ });
}

// ---- runs that get interrupted (faults, lifecycles) ------------------------------------------

/** A small workspace for runs: one owner (so the guard has something to stop), short tables,
 * and a latency that makes a run last. */
export const SMALL_WORKSPACE = { members: 4, owners: 1, pending: 0, latency: 150 };

/** Launches the browser with the extension and waits for its service worker: `{ browser, worker }`. */
export async function launchWithWorker() {
  const browser = await launch({ extensionDir: EXT });
  return { browser, worker: await extensionWorker(browser.context) };
}

/** `n` addresses `<prefix>01@<domain>`, `<prefix>02@<domain>`, … */
export function emailsFor(prefix, n, domain) {
  return Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(2, '0')}@${domain}`);
}

/** Previews `emails` (one per submission) and presses Start; the bulk view's `{ panel, root }`. */
export async function startRun(page, emails) {
  const { panel, root } = await openBulk(page);
  await pasteAndPreview(panel, root, emails.join('\n'), { ready: emails.length });
  await setChunk(panel, 1);
  await panel.getByRole('button', { name: 'Start', exact: true }).click();
  return { panel, root };
}

/** The stored run of `workspace`, once its executor has saved it paused. */
export function pausedRun(worker, workspace) {
  return waitForStored(worker, `bulk-run:${workspace}`, (v) => v?.journal?.status === 'paused', 'a paused run');
}

/**
 * Back on the page: the run is paused and its status says `why`; Resume finishes it, each email
 * invited once and none lost (the replica's log). Returns `{ panel, root, state }`.
 */
export async function resumeAndFinish(page, workspace, emails, why) {
  const { panel, root } = await openBulk(page);
  await waitForState(root, ['paused'], 30000);
  assert.match(await panel.getByRole('status').first().innerText(), why);
  await panel.getByRole('button', { name: 'Resume', exact: true }).click();
  await waitForState(root, ['done'], 180000);
  const state = await replicaState(page, workspace);
  assert.deepEqual([...invitedOnce(state)].sort(), [...emails].sort(), 'each email invited once, none lost');
  return { panel, root, state };
}

// ---- faults ----------------------------------------------------------------------------------

/**
 * Fills the extension's chrome.storage.local to its real quota with one filler item, sized from
 * getBytesInUse and trimmed until the browser takes it (leaving less than 256 bytes): any further
 * write of a run fails with the browser's quota error. Returns the filler's key (remove it to
 * free the space).
 */
export async function fillStorageQuota(worker) {
  return worker.evaluate(async () => {
    const key = '__test_filler';
    const quota = chrome.storage.local.QUOTA_BYTES || 10485760;
    // The item costs its key plus its JSON text (the string and its two quotes).
    let size = quota - (await chrome.storage.local.getBytesInUse(null)) - key.length - 2;
    for (;;) {
      try { await chrome.storage.local.set({ [key]: 'x'.repeat(size) }); return key; } catch { size -= 128; }
      if (size <= 0) throw new Error('storage could not be filled');
    }
  });
}
