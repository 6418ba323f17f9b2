// Thin loader. All logic is Rust: this decides WHEN the core is worth loading and which build of
// it can run here. The content script matches every page of app.segment.com, which people keep
// open all day; until the route is Access Management it does one path test per page load and per
// route change, loads nothing and observes nothing.
//
// Route split: the loader answers only "is this Access Management?" (ROUTE below: the same path
// rule as `core::page::PageKind::from_path`, empty segments skipped alike), because it must answer
// before any core exists; the core decides what a route means (which workspace, when a mount
// starts and ends) and, once loaded, hears route changes itself. tests/e2e/footprint.test.mjs
// checks the two agree on the app's routes (no core elsewhere; core and UI on Access Management).
//
// Chromium applies the page's CSP to WebAssembly compiled in content scripts, so where the page
// forbids it we load the wasm2js translation of the same module.
//
// Two modules: the core (`core/kit-*`: launcher, panel shell, guard) loads with the route; the
// feature module (`core/tabs-*`: the tabs, the invite form's template control) only when the core
// first needs it, through the `load(stem)` it is given (only JavaScript can import here).
(() => {
  // Firefox can inject twice into tabs open at a temporary install; both runs
  // share this sandbox's global. The flag is an own property under a symbol:
  // the page's named elements (<div id=...>) show on the global's prototype
  // chain under string names, so they can neither set nor fake it.
  const LOADED = Symbol.for('segment-access-kit.content-loaded');
  if (Object.hasOwn(globalThis, LOADED)) return;
  Object.defineProperty(globalThis, LOADED, { value: true });

  // `/<workspace>/settings/access-management` and its sub-tabs (core::page::PageKind::from_path).
  const ROUTE = /^\/*[^/]+\/+settings\/+access-management(?:\/|$)/;

  const start = () => {
    // The start of the ready time `./build.sh bench` breaks down (src/ui/dom.rs `mark`).
    performance.mark('access-kit:load');
    let engine = 'wasm';
    try {
      new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
    } catch {
      engine = 'wasm2js';
    }
    // The wasm build's module is fetched and compiled while its glue is imported, not after it:
    // on a busy page each of those waits queues behind the page's own work (build.sh's wasm entry
    // takes the promise, and fetches the module itself when there is none).
    if (engine === 'wasm') {
      const url = chrome.runtime.getURL('core/access_kit_bg.wasm');
      Object.defineProperty(globalThis, Symbol.for('segment-access-kit.wasm-module'), {
        value: WebAssembly.compileStreaming(fetch(url)),
      });
    }
    // Another module of the same engine, started (its glue instantiates it); imported once.
    const load = (stem) => import(chrome.runtime.getURL(`core/${stem}-${engine}.js`));
    load('kit')
      .then((kit) => kit.start_content(engine, load))
      .catch((e) => console.error('[Access Kit] could not start:', e));
  };

  // Route changes in a single-page app: the Navigation API where the browser has it (pushes,
  // replaces, Back / Forward), `popstate` too, and a once-a-second path test where it has not.
  const nav = globalThis.navigation;
  const hasNav = !!nav && typeof nav.addEventListener === 'function';
  let poll = 0;
  const check = () => {
    if (!ROUTE.test(location.pathname)) return;
    // From here the core listens for itself (src/ext/entry.rs); the loader is done.
    if (hasNav) nav.removeEventListener('currententrychange', check);
    removeEventListener('popstate', check);
    clearInterval(poll);
    start();
  };
  if (hasNav) nav.addEventListener('currententrychange', check);
  else poll = setInterval(check, 1000);
  addEventListener('popstate', check);
  check();
})();
