// Toolbar popup loader: extension pages allow wasm ('wasm-unsafe-eval' in the manifest).
import('./popup/kit.js')
  .then((kit) => kit.start_popup())
  .catch((e) => {
    document.getElementById('app').textContent = `Access Kit could not start: ${e}`;
  });
