import React from 'react';
import { createRoot } from 'react-dom/client';
import { parseConfig } from './config.js';
import { createStore } from './store.js';
import { StoreContext } from './hooks.js';
import { App } from './App.jsx';

const cfg = parseConfig();
const store = createStore(cfg);

// Read-only test hook. The extension must never read it.
const hook = Object.freeze({
  state: () => store.snapshot(),
  config: () => JSON.parse(JSON.stringify(cfg)),
  // Tests only: a change made by someone else (see store.elsewhere).
  elsewhere: (action) => store.elsewhere(action),
});
Object.defineProperty(window, '__replica', { value: hook, writable: false, configurable: false, enumerable: false });

createRoot(document.getElementById('root')).render(
  <StoreContext.Provider value={store}>
    <App />
  </StoreContext.Provider>,
);
