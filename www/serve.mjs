// Serves the built replica for manual use:
//   node www/serve.mjs            -> http://127.0.0.1:8080/acme/settings/access-management
//   PORT=9000 node www/serve.mjs   (append ?csp=strict to get the strict CSP header, plus any variant)
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from './build.mjs';
import { replicaResponse } from './routes.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, 'dist');
const PORT = Number(process.env.PORT || 8080);
const HOST = process.env.HOST || '127.0.0.1';

if (!fs.existsSync(path.join(dist, 'app.js')) || process.argv.includes('--build')) await build();

const server = http.createServer((req, res) => {
  const url = new URL(req.url, `http://${HOST}:${PORT}`);
  const p = decodeURIComponent(url.pathname);
  if (req.method === 'GET' && p === '/') {
    res.writeHead(302, { location: '/acme/settings/access-management' });
    return res.end();
  }
  const { status, headers, body } = replicaResponse(req.method, url.href);
  res.writeHead(status, headers);
  res.end(body);
});
server.listen(PORT, HOST, () => {
  console.log(`Replica: http://${HOST}:${PORT}/acme/settings/access-management`);
  console.log('Variants: ?era=2019|2020&form=sheet|dialog&latency=150&jitter=0&fail=0&seed=1&members=12&owners=2&pending=3&sources=8&maxEmails=50&me=0&csp=strict');
});
