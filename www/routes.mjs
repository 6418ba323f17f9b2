// What the replica's server answers: every page of the app (/<workspace>/…, a single-page app
// that routes on the client, as Segment's does; the strict CSP header for ?csp=strict) and its
// bundle under /__replica/. Pure "which response
// for this request", shared by serve.mjs, the Chromium harness (Playwright routes) and the
// Firefox harness (Puppeteer request interception), which serve it at https://app.segment.com.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ORIGIN = 'https://app.segment.com';
export const STRICT_CSP = "default-src 'self'; script-src 'self'";
export const DIST = path.join(path.dirname(fileURLToPath(import.meta.url)), 'dist');

export const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml', '.map': 'application/json',
};

/** { status, headers, body } for a request to app.segment.com (404 for anything the replica lacks). */
export function replicaResponse(method, url) {
  const u = new URL(url);
  const p = decodeURIComponent(u.pathname);
  if (/^\/[^/_][^/]*(\/.*)?$/.test(p) && method === 'GET') {
    const headers = { 'content-type': MIME['.html'], 'cache-control': 'no-store' };
    if (u.searchParams.get('csp') === 'strict') headers['content-security-policy'] = STRICT_CSP;
    return { status: 200, headers, body: fs.readFileSync(path.join(DIST, 'index.html')) };
  }
  if (p.startsWith('/__replica/')) {
    const rel = path.normalize(p.slice('/__replica/'.length));
    const file = path.join(DIST, rel);
    if (!rel.startsWith('..') && file.startsWith(DIST + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile()) {
      return { status: 200, headers: { 'content-type': MIME[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' }, body: fs.readFileSync(file) };
    }
  }
  return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'Not found' };
}
