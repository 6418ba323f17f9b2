// The replica's client-side routing, as Segment's single-page app does it: links and the
// workspace switcher push history entries (no reload); Back / Forward pop them. The query
// string (the replica's variants) is kept on every route.
import { useEffect, useState } from 'react';

const EVENT = 'replica:navigate';

/** The route a path names: { workspace, page: 'access-management' | 'overview' | 'other' }. */
export function parseRoute(pathname) {
  const segs = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const workspace = segs[0] || 'acme';
  if (segs[1] === 'settings' && segs[2] === 'access-management') return { workspace, page: 'access-management' };
  if (segs[1] === 'overview') return { workspace, page: 'overview' };
  return { workspace, page: 'other' };
}

export const accessManagementPath = (ws) => `/${encodeURIComponent(ws)}/settings/access-management`;
export const overviewPath = (ws) => `/${encodeURIComponent(ws)}/overview`;

/** Goes to `path` in the app, without a reload (history.pushState, as the real app's router). */
export function navigate(path) {
  if (path === window.location.pathname) return;
  window.history.pushState({ replica: true }, '', path + window.location.search);
  window.dispatchEvent(new Event(EVENT));
}

// The workspace the sign-in page returns to (expireAfter).
let signedOutFrom = null;

/** The session ended: to the sign-in page (pushState, as the app's redirect on a 401). */
export function signOut(workspace) {
  signedOutFrom = workspace;
  navigate('/login');
}

/** Where signing in again returns to. */
export const signInReturn = () => signedOutFrom;

/** The current route; re-renders on in-app navigation and on Back / Forward. */
export function useRoute() {
  const [route, setRoute] = useState(() => parseRoute(window.location.pathname));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.pathname));
    window.addEventListener('popstate', update);
    window.addEventListener(EVENT, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(EVENT, update);
    };
  }, []);
  return route;
}

/** Props for an in-app link: a real href, followed without a reload. */
export function linkTo(path) {
  return {
    href: path,
    onClick: (e) => {
      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      navigate(path);
    },
  };
}
