// Footprint, end to end: on another page of the app the extension runs only its loader's route
// check; the core is loaded when the app's own client-side navigation (or Back / Forward) reaches
// Access Management, once per document, and its UI goes when the route leaves.
// Counted, not timed: the DevTools protocol lists every request for the in-page core (core/…) and
// tells when the loader has run (harness `watchExtension`). On the other page the loader has run,
// the route has changed twice more, and the core was requested 0 times; Access Management then
// requests it once (the count proves the watcher sees core loads), and Back / Forward do not
// request it again. CSP none loads the wasm build, CSP strict the wasm2js one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { EXT, ORIGIN, launch, watchExtension } from './harness.mjs';

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
    await launcher(page).waitFor({ timeout: 30000 });
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
