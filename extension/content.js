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

  // ---- The launcher, usable before the core is (issue 16) -------------------------------------
  // Fetching and compiling the core takes hundreds of ms while the page loads (any extension
  // resource queues behind the page's own), so the launcher needs no fetch: it is drawn here, in
  // our shadow host exactly as src/ui/shadow.rs makes it (constructable stylesheet: strict page
  // CSPs block <style>), with the role, name and classes of src/ui/launcher.rs and a copy of its
  // rules (src/ui/launcher.css; a native test in src/ui/styles.rs keeps them equal). No feature
  // logic: a click before the core is there only marks the button pending; the core takes the
  // button over (setting data-engine) and opens the panel if a click is pending. If the core
  // cannot start, the host goes: a launcher that does nothing must not stay.
  const LAUNCHER_NAME = 'Access Kit';
  const LAUNCHER_CSS = `:host { all: initial; }
:host([hidden]) { display: none !important; }
* { box-sizing: border-box; }
.ak { font: 13px/1.45 "SF UI Text", -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
      color: #474d66; -webkit-font-smoothing: antialiased; }
button { font: inherit; cursor: pointer; border-radius: 4px; border: 1px solid #c1c4d6; background: #fff;
         color: #474d66; padding: 0 12px; height: 32px; }
button:hover:not(:disabled) { border-color: #8f95b2; background: #fafbff; }
button:focus-visible, input:focus-visible, textarea:focus-visible, select:focus-visible, [tabindex]:focus-visible {
  outline: 2px solid #3366ff; outline-offset: 1px; }
.launcher { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; height: 40px; padding: 0 16px;
            border-radius: 20px; background: #101840; color: #fff; border: 0; box-shadow: 0 4px 12px rgba(16,24,64,.3);
            font-weight: 600; display: inline-flex; align-items: center; gap: 8px; }
.launcher:hover:not(:disabled) { background: #2952cc; }
.launcher.left, .panel.left { right: auto; left: 20px; }
.launcher .dot { width: 8px; height: 8px; border-radius: 50%; background: #52bd94; }
`;
  const drawLauncher = () => {
    if (document.getElementById('access-kit-host')) return null;
    const host = document.createElement('div');
    host.id = 'access-kit-host';
    const root = host.attachShadow({ mode: 'open' });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(LAUNCHER_CSS);
    root.adoptedStyleSheets = [sheet];
    const button = document.createElement('button');
    button.className = 'ak launcher';
    button.type = 'button';
    button.setAttribute('aria-haspopup', 'dialog');
    button.setAttribute('aria-expanded', 'false');
    const dot = document.createElement('span');
    dot.className = 'dot';
    dot.setAttribute('aria-hidden', 'true');
    button.append(dot, LAUNCHER_NAME);
    button.addEventListener('click', () => {
      if (button.hasAttribute('data-engine')) return; // the core has it
      button.setAttribute('aria-busy', 'true');
      button.setAttribute('data-pending-open', '');
    });
    root.append(button);
    // On <html>, not <body>, as the core does: React apps own their body subtree's portals.
    document.documentElement.append(host);
    return host;
  };

  const start = () => {
    // The start of the ready time `./build.sh bench` breaks down (src/ui/dom.rs `mark`).
    performance.mark('access-kit:load');
    let host = null;
    try {
      host = drawLauncher();
    } catch (e) {
      console.warn('[Access Kit] could not draw the launcher early:', e);
    }
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
      .catch((e) => {
        console.error('[Access Kit] could not start:', e);
        host?.remove();
      });
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
