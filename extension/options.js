// Options page loader: extension pages allow wasm ('wasm-unsafe-eval' in the manifest).
import('./pages/kit.js')
  .then((kit) => kit.start_options())
  .catch((e) => {
    document.getElementById('app').textContent = `Access Kit could not start: ${e}`;
  });
