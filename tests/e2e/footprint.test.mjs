// Footprint, end to end: on another page of the app the extension runs only its loader's route
// check; the core is loaded when the app's own client-side navigation (or Back / Forward) reaches
// Access Management, once per document, and its UI goes when the route leaves.
// Counted, not timed: the DevTools protocol lists every request for the in-page core (core/…) and
// tells when the loader has run (harness `watchExtension`). On the other page the loader has run,
// the route has changed twice more, and the core was requested 0 times; Access Management then
// requests it once (the count proves the watcher sees core loads), and Back / Forward do not
// request it again. CSP none loads the wasm build, CSP strict the wasm2js one.
// Ready before the core (below): the loader's launcher shows while the core's requests are held,
// a click on it then is held and opens the panel once the core has taken that same button over,
// and the app leaving Access Management before the core starts leaves no launcher.
// The feature module (core/tabs-…: the tabs' views, the template control) is not requested with the
// core: only when a tab is first shown, then once per document. A tab open when the app leaves
// Access Management comes back fresh, working, with nothing of the old mount left acting.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { EXT, ORIGIN, interceptExtension, kitReady, launch, replicaUrl, watchExtension, openBulk, pasteAndPreview, guardReady } from './harness.mjs';

let browser;
before(async () => { browser = await launch({ extensionDir: EXT }); });
after(async () => { await browser?.close(); });

const launcher = (page) => page.getByRole('button', { name: 'Access Kit', exact: true });
const overview = (page) => page.getByRole('heading', { name: 'Overview' });
const host = (page) => page.locator('#access-kit-host');

const ENGINES = [
  ['none', 'wasm', ['core/kit-wasm.js', 'core/access_kit_bg.wasm'], ['core/tabs-wasm.js', 'core/access_kit_tabs_bg.wasm']],
  ['strict', 'wasm2js', ['core/kit-wasm2js.js'], ['core/tabs-wasm2js.js']],
];

for (const [csp, engine, files, tabs] of ENGINES) {
  test(`another app page loads no core; client-side navigation to Access Management loads the ${engine} build once, Back / Forward show and remove its UI (CSP ${csp})`, { timeout: 120000 }, async () => {
    const page = await browser.context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const watch = await watchExtension(page);
    const q = csp === 'none' ? '' : `?csp=${csp}`;
    await page.goto(`${ORIGIN}/acme/overview${q}`);
    await overview(page).waitFor();
    await watch.waitForLoader();

    // Two more route changes elsewhere in the app: a pushed entry, then Back (popstate).
    await page.evaluate(() => history.pushState(null, '', `/acme/settings/general${location.search}`));
    await page.goBack();
    await page.waitForFunction(() => location.pathname === '/acme/overview');
    await overview(page).waitFor();
    assert.deepEqual(watch.core, [], 'no core requested on another route');
    assert.equal(await host(page).count(), 0, 'no UI on another route');

    // The app's own link (pushState, no reload) to Access Management: the core loads once.
    await page.getByRole('link', { name: 'Access Management' }).click();
    await kitReady(page);
    assert.equal(await launcher(page).getAttribute('data-engine'), engine);
    // Once the guard has read the table the mount has settled: still no feature module.
    await guardReady(page);
    assert.deepEqual([...watch.core].sort(), [...files].sort(), `the ${engine} core requested once, and no feature module`);

    // The first tab shown loads the feature module, once.
    await openBulk(page);
    const both = [...files, ...tabs].sort();
    assert.deepEqual([...watch.core].sort(), both, `opening a tab requests the ${engine} feature module once`);

    // Back leaves Access Management: the UI goes. Forward: it comes back, with no second load.
    await page.goBack();
    await overview(page).waitFor();
    await host(page).waitFor({ state: 'detached' });
    await page.goForward();
    await launcher(page).waitFor({ timeout: 30000 });
    await openBulk(page);
    await page.getByRole('link', { name: 'Home' }).click();
    await overview(page).waitFor();
    await host(page).waitFor({ state: 'detached' });
    assert.deepEqual([...watch.core].sort(), both, 'the core and the feature module are loaded once per document');
    assert.deepEqual(errors, []);
    await watch.detach();
    await page.close();
  });
}

// The launcher before the core (issue 16): the loader draws it as soon as its route check passes,
// with no fetch; the core takes that very button over. The core is made slow to arrive without
// timing anything: the DevTools protocol's Fetch domain holds every request for core/… (it sees the
// content script's extension requests) until the test lets them go.
const holdCore = (page) => interceptExtension(page, 'core/*');

const drawn = (page) => page.locator('#access-kit-host button.launcher');
const inRoot = () => document.getElementById('access-kit-host').shadowRoot.querySelector('button.launcher');
/** Waits (on the test's side) until `cond()` holds. */
async function until(cond, what) {
  for (let i = 0; i < 600 && !cond(); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(cond(), what);
}

for (const [csp, engine] of [['none', 'wasm'], ['strict', 'wasm2js']]) {
  test(`the loader draws the launcher before the core arrives; a click then opens the panel once the ${engine} core takes that button over (CSP ${csp})`, { timeout: 120000 }, async () => {
    const page = await browser.context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const hold = await holdCore(page);
    await page.goto(replicaUrl({ csp }));
    await launcher(page).waitFor({ timeout: 30000 });
    await until(() => hold.held.length > 0, 'the core was requested and is held');
    assert.equal(await launcher(page).getAttribute('data-engine'), null, 'the launcher is the loader\'s');
    // Its stylesheet applies under the page's CSP (strict blocks <style>, not constructable sheets).
    const look = await page.evaluate(() => {
      const s = getComputedStyle(document.getElementById('access-kit-host').shadowRoot.querySelector('button.launcher'));
      return { position: s.position, radius: s.borderTopLeftRadius, fontWeight: s.fontWeight };
    });
    assert.deepEqual(look, { position: 'fixed', radius: '20px', fontWeight: '600' });
    const before = await page.evaluateHandle(inRoot);

    await launcher(page).click();
    assert.equal(await launcher(page).getAttribute('aria-busy'), 'true', 'the click is held');
    assert.equal(await page.getByRole('dialog', { name: 'Access Kit' }).count(), 0, 'no panel before the core');

    await hold.release();
    await page.getByRole('dialog', { name: 'Access Kit' }).waitFor({ timeout: 30000 });
    assert.equal(await drawn(page).count(), 1, 'one launcher in the shadow root');
    assert.equal(await launcher(page).getAttribute('data-engine'), engine);
    assert.equal(await launcher(page).getAttribute('aria-expanded'), 'true');
    assert.equal(await launcher(page).getAttribute('aria-busy'), null);
    assert.ok(await page.evaluate((b) => b === document.getElementById('access-kit-host').shadowRoot.querySelector('button.launcher'), before),
      'the core uses the button the loader drew');
    // It is the core's now: a click closes the panel, and a second one opens it.
    await launcher(page).click();
    await page.getByRole('dialog', { name: 'Access Kit' }).waitFor({ state: 'hidden' });
    await launcher(page).click();
    await page.getByRole('dialog', { name: 'Access Kit' }).waitFor();
    assert.deepEqual(errors, []);
    await hold.detach();
    await page.close();
  });

  test(`the app navigating away before the ${engine} core starts leaves no launcher (CSP ${csp})`, { timeout: 120000 }, async () => {
    const page = await browser.context.newPage();
    const watch = await watchExtension(page);
    const hold = await holdCore(page);
    await page.goto(replicaUrl({ csp }));
    await launcher(page).waitFor({ timeout: 30000 });
    // The app's own link (pushState, no reload) while the core is held.
    await page.getByRole('link', { name: 'Home' }).click();
    await overview(page).waitFor();
    await hold.release();
    // The core started (it logs its first mark) and found no Access Management page.
    await page.waitForFunction(() => performance.getEntriesByName('access-kit:driver').length > 0, null, { timeout: 30000 });
    await host(page).waitFor({ state: 'detached' });
    assert.ok(watch.core.length > 0, 'the core was loaded');
    await hold.detach();
    await watch.detach();
    await page.close();
  });
}

for (const [csp, engine] of ENGINES) {
  test(`a tab open when the app leaves Access Management comes back fresh and working, nothing of the old mount acting (CSP ${csp}, ${engine})`, { timeout: 120000 }, async () => {
    const page = await browser.context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    const watch = await watchExtension(page);
    const q = csp === 'none' ? '' : `?csp=${csp}`;
    await page.goto(`${ORIGIN}/acme/overview${q}`);
    await overview(page).waitFor();
    await page.getByRole('link', { name: 'Access Management' }).click();
    // The page's invite form opened once: the feature module's template control watches the page
    // from then on (its own observer), until the mount ends.
    await page.getByRole('button', { name: 'Invite Team Member' }).click();
    await page.getByRole('combobox', { name: 'Apply template' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('combobox', { name: 'Apply template' }).waitFor({ state: 'detached' });
    let { panel, root } = await openBulk(page);
    await panel.getByRole('textbox', { name: 'Emails or CSV' }).fill('left-behind@footprint.example.org');

    // Away through the app's own links (pushState, no reload): the feature module's observers of
    // the old mount are gone, so the app re-rendering elsewhere calls none of them.
    const tabsStats = () => watch.inCore(`import(chrome.runtime.getURL('core/tabs-${engine}.js')).then((k) => k.observer_stats()[0])`);
    await page.getByRole('link', { name: 'Home' }).click();
    await overview(page).waitFor();
    await host(page).waitFor({ state: 'detached' });
    const before = await tabsStats();
    assert.equal(typeof before, 'number', 'the feature module answers in the content script\'s world');
    await page.evaluate(() => history.pushState(null, '', `/acme/settings/general${location.search}`));
    await page.goBack();
    await overview(page).waitFor();
    await page.evaluate(() => { for (let i = 0; i < 20; i++) document.body.append(document.createElement('div')); });
    // A main-world round trip after the mutations: pending observer callbacks have run.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
    assert.equal(await tabsStats(), before, 'no observer of the old mount\'s feature module ran');

    // Back: a new mount, with nothing of the old one.
    await page.getByRole('link', { name: 'Access Management' }).click();
    ({ panel, root } = await openBulk(page));
    assert.equal(await root.getAttribute('data-run-state'), 'idle');
    assert.equal(await panel.getByRole('textbox', { name: 'Emails or CSV' }).inputValue(), '', 'the panel starts fresh');
    assert.equal(await host(page).count(), 1, 'one UI');
    assert.equal(await panel.getByRole('tabpanel', { name: 'Bulk invite' }).locator('[data-run-state]').count(), 1, 'one Bulk view, the new mount\'s');
    await pasteAndPreview(panel, root, 'a@footprint.example.org\nb@footprint.example.org', { ready: 2 });
    assert.deepEqual(errors, [], 'no errors from the old mount or the new');
    await watch.detach();
    await page.close();
  });
}
