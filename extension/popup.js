// Toolbar popup loader: extension pages allow wasm ('wasm-unsafe-eval' in the manifest).
import('./core/kit-wasm.js')
  .then((kit) => kit.start_popup())
  .catch((e) => {
    document.getElementById('app').textContent = `Access Kit could not start: ${e}`;
  });
