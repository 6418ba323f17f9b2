import { createContext, useContext, useSyncExternalStore } from 'react';
export const StoreContext = createContext(null);
export function useStore() {
  const store = useContext(StoreContext);
  useSyncExternalStore(store.subscribe, store.version);
  return store;
}
