import React, { useMemo } from 'react';
import { createRoot } from 'react-dom/client';
import { parseConfig } from './config.js';
import { createStore } from './store.js';
import { StoreContext } from './hooks.js';
import { App, switchEditor } from './App.jsx';
import { Overview } from './Overview.jsx';
import { accessManagementPath, navigate, parseRoute, signInReturn, useRoute } from './router.js';
import { SignIn } from './SignIn.jsx';
import { changeInviteForm } from './InviteForm.jsx';

const cfg = parseConfig();

// One "server" per workspace, made when first shown and kept while the tab lives, so going
// back to a workspace shows its state as it was left.
const stores = new Map();
function storeFor(workspace) {
  if (!stores.has(workspace)) stores.set(workspace, createStore({ ...cfg, workspace }));
  return stores.get(workspace);
}
const current = () => storeFor(parseRoute(window.location.pathname).workspace);
const workspaces = () => [...new Set([...cfg.workspaces, ...stores.keys()])];

// Read-only test hook. The extension must never read it.
const hook = Object.freeze({
  /** The shown workspace's state, or `workspace`'s. */
  state: (workspace) => (workspace ? storeFor(workspace) : current()).snapshot(),
  config: () => JSON.parse(JSON.stringify({ ...cfg, workspace: parseRoute(window.location.pathname).workspace })),
  /** Workspaces the switcher offers (and any shown so far). */
  workspaces,
  /** Moves the app to `workspace`'s Access Management page exactly as the switcher does (for
   *  tests where the switcher is covered, e.g. by the invite sheet a run keeps open). */
  switchTo: (workspace) => navigate(accessManagementPath(workspace)),
  // Tests only: a change made by someone else (see store.elsewhere), in the shown workspace.
  elsewhere: (action) => current().elsewhere(action),
  // Tests only: the open invite form changed by the page itself (see InviteForm.changeInviteForm).
  changeInviteForm,
  // Tests only: the open member editor moved to another member (see App.switchEditor).
  switchEditor,
});
Object.defineProperty(window, '__replica', { value: hook, writable: false, configurable: false, enumerable: false });

function Root() {
  const route = useRoute();
  const signIn = route.workspace === 'login';
  const store = useMemo(() => (signIn ? null : storeFor(route.workspace)), [signIn, route.workspace]);
  if (signIn) {
    const back = signInReturn() || cfg.workspace;
    return <SignIn onSignIn={() => { storeFor(back).signIn(); navigate(accessManagementPath(back)); }} />;
  }
  const list = workspaces();
  if (route.page !== 'access-management') return <Overview key={route.workspace} workspace={route.workspace} workspaces={list} />;
  return (
    <StoreContext.Provider value={store}>
      <App key={route.workspace} workspaces={list} />
    </StoreContext.Provider>
  );
}

createRoot(document.getElementById('root')).render(<Root />);
