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
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { EXT, ORIGIN, kitReady, launch, replicaUrl, watchExtension } from './harness.mjs';

let browser;
before(async () => { browser = await launch({ extensionDir: EXT }); });
after(async () => { await browser?.close(); });

const launcher = (page) => page.getByRole('button', { name: 'Access Kit', exact: true });
const overview = (page) => page.getByRole('heading', { name: 'Overview' });
const host = (page) => page.locator('#access-kit-host');

for (const [csp, engine, files] of [
  ['none', 'wasm', ['core/kit-wasm.js', 'core/access_kit_bg.wasm']],
  ['strict', 'wasm2js', ['core/kit-wasm2js.js']],
]) {
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
    assert.deepEqual([...watch.core].sort(), [...files].sort(), `the ${engine} core requested once`);

    // Back leaves Access Management: the UI goes. Forward: it comes back, with no second load.
    await page.goBack();
    await overview(page).waitFor();
    await host(page).waitFor({ state: 'detached' });
    await page.goForward();
    await launcher(page).waitFor({ timeout: 30000 });
    await page.getByRole('link', { name: 'Home' }).click();
    await overview(page).waitFor();
    await host(page).waitFor({ state: 'detached' });
    assert.deepEqual([...watch.core].sort(), [...files].sort(), 'the core is loaded once per document');
    assert.deepEqual(errors, []);
    await watch.detach();
    await page.close();
  });
}

// The launcher before the core (issue 16): the loader draws it as soon as its route check passes,
// with no fetch; the core takes that very button over. The core is made slow to arrive without
// timing anything: the DevTools protocol's Fetch domain holds every request for core/… (it sees the
// content script's extension requests) until the test lets them go.
async function holdCore(page) {
  const cdp = await page.context().newCDPSession(page);
  const held = [];
  let holding = true;
  cdp.on('Fetch.requestPaused', (e) => {
    if (holding) held.push(e.requestId);
    else cdp.send('Fetch.continueRequest', { requestId: e.requestId }).catch(() => {});
  });
  await cdp.send('Fetch.enable', { patterns: [{ urlPattern: 'chrome-extension://*/core/*' }] });
  return {
    held,
    async release() {
      holding = false;
      for (const id of held.splice(0)) await cdp.send('Fetch.continueRequest', { requestId: id });
    },
    detach: () => cdp.detach().catch(() => {}),
  };
}

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
