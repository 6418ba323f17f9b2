// Thin loader. All logic is Rust: this picks which build of it can run here.
// Chromium applies the page's CSP to WebAssembly compiled in content scripts,
// so where the page forbids it we load the wasm2js translation of the same module.
(() => {
  // Firefox can inject twice into tabs open at a temporary install; both runs
  // share this sandbox's global. The flag is an own property under a symbol:
  // the page's named elements (<div id=...>) show on the global's prototype
  // chain under string names, so they can neither set nor fake it.
  const LOADED = Symbol.for('segment-access-kit.content-loaded');
  if (Object.hasOwn(globalThis, LOADED)) return;
  Object.defineProperty(globalThis, LOADED, { value: true });

  let engine = 'wasm';
  try {
    new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
  } catch {
    engine = 'wasm2js';
  }
  import(chrome.runtime.getURL(`core/kit-${engine}.js`))
    .then((kit) => kit.start_content(engine))
    .catch((e) => console.error('[Access Kit] could not start:', e));
})();
