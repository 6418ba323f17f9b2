// The packages `./build.sh build` writes: what each zip holds, the Chrome zip loaded unpacked in
// Chromium (launcher on the replica, toolbar popup, options page), and the source zip a store
// reviewer rebuilds from. (The Firefox zip is installed by tests/e2e-firefox.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { acknowledgeSafety, launch, openReplica, ROOT } from './harness.mjs';

const VERSION = JSON.parse(fs.readFileSync(path.join(ROOT, 'extension', 'manifest.json'), 'utf8')).version;
const zip = (kind) => path.join(ROOT, 'dist', `segment-access-kit-${VERSION}-${kind}.zip`);
const list = (file) => execFileSync('python3', ['-c',
  'import sys, zipfile; print("\\n".join(n for n in zipfile.ZipFile(sys.argv[1]).namelist() if not n.endswith("/")))', file],
{ encoding: 'utf8' }).trim().split('\n').sort();
const read = (file, name) => execFileSync('python3', ['-c',
  'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))', file, name], { encoding: 'utf8' });

let unpacked;
let browser;
let worker;
let extId;
before(async () => {
  unpacked = fs.mkdtempSync(path.join(os.tmpdir(), 'sak-chrome-zip-'));
  execFileSync('python3', ['-m', 'zipfile', '-e', zip('chrome'), unpacked]);
  browser = await launch({ extensionDir: unpacked });
  worker = browser.context.serviceWorkers()[0] || (await browser.context.waitForEvent('serviceworker'));
  extId = new URL(worker.url()).host;
});
after(async () => {
  await browser?.close();
  if (unpacked) fs.rmSync(unpacked, { recursive: true, force: true });
});

test('each browser\'s zip holds the same files, with a manifest for that browser only', () => {
  const chrome = list(zip('chrome'));
  const firefox = list(zip('firefox'));
  assert.deepEqual(chrome, firefox);
  for (const f of ['manifest.json', 'content.js', 'background.js', 'popup.html', 'popup.js', 'options.html', 'options.js',
    'profile.json', '_locales/en/messages.json', 'core/access_kit_bg.wasm', 'core/kit-wasm.js', 'core/kit-wasm2js.js',
    'core/access_kit_tabs_bg.wasm', 'core/tabs-wasm.js', 'core/tabs-wasm2js.js',
    'pages/access_kit_pages_bg.wasm', 'pages/kit.js', 'popup/access_kit_popup_bg.wasm', 'popup/kit.js',
    'icons/icon-16.png', 'icons/icon-32.png', 'icons/icon-48.png', 'icons/icon-128.png',
    'icons/action-16.png', 'icons/action-24.png', 'icons/action-32.png']) {
    assert.ok(chrome.includes(f), `${f} is packaged`);
  }
  const cm = JSON.parse(read(zip('chrome'), 'manifest.json'));
  const fm = JSON.parse(read(zip('firefox'), 'manifest.json'));
  assert.deepEqual(cm.background, { service_worker: 'background.js' });
  assert.equal(cm.browser_specific_settings, undefined);
  assert.deepEqual(fm.background, { scripts: ['background.js'] });
  assert.match(fm.browser_specific_settings.gecko.id, /@/);
  // Everything else is the same, and the names a person reads come from _locales.
  const { background: _a, browser_specific_settings: _b, ...restC } = cm;
  const { background: _c, browser_specific_settings: _d, ...restF } = fm;
  assert.deepEqual(restC, restF);
  const messages = JSON.parse(read(zip('chrome'), '_locales/en/messages.json'));
  for (const key of ['name', 'short_name', 'description']) {
    const m = /^__MSG_(\w+)__$/.exec(cm[key]);
    assert.ok(m && messages[m[1]]?.message, `${key} comes from _locales/en/messages.json`);
  }
  assert.ok(messages.extDescription.message.length <= 132, 'the description fits the Chrome Web Store');
  assert.deepEqual(Object.keys(cm.icons).sort(), ['128', '16', '32', '48']);
  // PNGs of the sizes they claim.
  for (const [size, file] of [...Object.entries(cm.icons), ...Object.entries(cm.action.default_icon)]) {
    const png = Buffer.from(execFileSync('python3', ['-c',
      'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))', zip('chrome'), file]));
    assert.equal(png.subarray(1, 4).toString(), 'PNG', file);
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [Number(size), Number(size)], file);
  }
});

test('the source zip has what a reviewer needs to rebuild the wasm and wasm2js', () => {
  const files = list(zip('source'));
  for (const f of ['BUILDING.md', 'build.sh', 'build.rs', 'Cargo.toml', 'Cargo.lock', 'package.json', 'package-lock.json',
    'src/lib.rs', 'extension/manifest.json', 'extension/pack/manifests.mjs', 'extension/pack/icons.mjs', 'extension/icons/icon.svg']) {
    assert.ok(files.includes(f), `${f} is in the source zip`);
  }
  const tracked = execFileSync('git', ['ls-files', 'src', 'extension'], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n');
  assert.deepEqual(tracked.filter((f) => !files.includes(f)), [], 'every tracked source file is in it');
  assert.ok(!files.some((f) => f.startsWith('target/') || f.startsWith('node_modules/') || f.startsWith('dist/')));
});

test('the Chrome zip, loaded unpacked: launcher on the page, popup and options page say where things stand', { timeout: 120000 }, async () => {
  const page = await openReplica(browser.context, { members: 5, pending: 1, latency: 600 });
  await page.getByRole('button', { name: 'Access Kit', exact: true }).waitFor({ timeout: 15000 });
  const tabs = await worker.evaluate(() => chrome.tabs.query({}));
  const replicaTab = tabs.find((t) => t.url && t.url.includes('/settings/access-management')).id;

  // Options page: access granted (Chromium grants host permissions at install).
  const options = await browser.context.newPage();
  await options.goto(`chrome-extension://${extId}/options.html`);
  await options.locator('[data-access="granted"]').waitFor();
  assert.equal(await options.getByRole('button', { name: 'Allow on app.segment.com' }).isVisible(), false);
  // The built-in profile, for reference: the file the zip ships, as it is.
  await options.waitForFunction(() => document.querySelector('pre[aria-label="Built-in profile"]')?.textContent);
  assert.equal(await options.getByLabel('Built-in profile').textContent(), read(zip('chrome'), 'profile.json'));

  // Popup, about the replica tab: an Access Management page, no run yet.
  const popup = await browser.context.newPage();
  await popup.goto(`chrome-extension://${extId}/popup.html?tab=${replicaTab}`);
  await popup.locator('[data-place="access-management"]').waitFor();
  assert.match(await popup.locator('[data-place]').innerText(), /Access Management page of acme/);
  await popup.locator('[data-access="granted"]').waitFor();
  await popup.getByText('No run in progress.').waitFor();
  assert.equal(await popup.getByRole('button', { name: 'Open Access Management' }).isVisible(), false);

  // A run in progress shows up in the open popup, and so does its end.
  const panel = page.getByRole('dialog', { name: 'Access Kit' });
  await page.getByRole('button', { name: 'Access Kit', exact: true }).click();
  await panel.getByRole('tab', { name: 'Bulk invite' }).click();
  await panel.getByRole('textbox', { name: 'Emails or CSV' }).fill('p1@package.example.org\np2@package.example.org\np3@package.example.org');
  await panel.getByRole('button', { name: 'Preview', exact: true }).click();
  await panel.locator('[data-run-state="previewed"]').waitFor({ timeout: 60000 });
  await acknowledgeSafety(panel);
  await panel.getByRole('spinbutton', { name: 'Emails per submission' }).fill('1');
  await panel.getByRole('button', { name: 'Start', exact: true }).click();
  const run = popup.locator('li[data-workspace="acme"]');
  await popup.locator('li[data-workspace="acme"][data-status="running"]').waitFor({ timeout: 30000 });
  assert.match(await run.innerText(), /^acme \(bulk invite\): \d of 3 rows done, in progress\.$/);
  await popup.locator('li[data-workspace="acme"][data-status="done"]').waitFor({ timeout: 60000 });
  assert.equal(await run.innerText(), 'acme (bulk invite): 3 of 3 rows done, finished.');

  // Popup about another site's tab (whose address the browser does not show the extension):
  // offers Segment's link to the person's own Access Management page.
  const ids = async () => (await worker.evaluate(() => chrome.tabs.query({}))).map((t) => t.id);
  const known = new Set(await ids());
  const other = await browser.context.newPage();
  await other.goto('about:blank');
  const blank = (await ids()).find((id) => !known.has(id));
  await popup.goto(`chrome-extension://${extId}/popup.html?tab=${blank}`);
  await popup.locator('[data-place="unknown"]').waitFor();
  const [opened] = await Promise.all([
    browser.context.waitForEvent('page'),
    popup.getByRole('button', { name: 'Open Access Management' }).click(),
  ]);
  await opened.waitForURL(/goto-my-workspace\/settings\/access-management$/);
  for (const p of [page, options, popup, other, opened]) await p.close().catch(() => {});
});

test('the popup reads a run stored by the first release at a glance, and names one it cannot read', { timeout: 60000 }, async () => {
  const now = Date.now();
  const journal = (inFlightRows) => JSON.stringify({
    version: 1, created_ms: now - 60000, status: 'paused', chunk_size: 25,
    retry: { max_retries: 3, base_delay_ms: 1000, max_delay_ms: 30000 },
    groups: [{ workspace: 'member', roles: [{ role: 'Source Admin', scope: { kind: 'all' } }] }],
    rows: [
      { line: 2, email: 'a@v1.example.org', group: 0, state: { state: 'invited' }, attempts: 1 },
      { line: 3, email: 'b@v1.example.org', group: 0, state: { state: 'in_flight', submission: 2, attempt: 0 }, attempts: 1 },
      { line: 4, email: 'c@v1.example.org', group: 0, state: { state: 'failed', message: 'no', permanent: true }, attempts: 1 },
      { line: 5, email: 'd@@v1', group: null, state: { state: 'skipped', reason: 'not an email' }, attempts: 0 },
    ],
    batches: [], in_flight: { id: 2, rows: inFlightRows, retries: 0, started_ms: now - 30000 },
    next_id: 3, timed_submissions: 1, total_submission_ms: 500,
  });
  await worker.evaluate((items) => chrome.storage.local.set(items), {
    'bulk-run:v1glance': { journal: journal([1]), activity: [] },
    // The submission in flight does not list the row that is in flight: not a run to report on.
    'bulk-run:v1broken': { journal: journal([]), activity: [] },
  });
  const popup = await browser.context.newPage();
  await popup.goto(`chrome-extension://${extId}/popup.html`);
  const run = popup.locator('li[data-workspace="v1glance"][data-status="paused"]');
  await run.waitFor();
  assert.equal(await run.innerText(), 'v1glance (bulk invite): 2 of 3 rows done, paused: open its Access Management page to resume.');
  assert.equal(await popup.locator('li[data-workspace="v1broken"]').count(), 0);
  assert.match(await popup.getByText(/could not be read/).innerText(), /bulk-run:v1broken/);
  await worker.evaluate(() => chrome.storage.local.remove(['bulk-run:v1glance', 'bulk-run:v1broken']));
  await popup.close();
});
