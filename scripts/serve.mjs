#!/usr/bin/env node
// `make run`: serves the calculator as a user gets it: dist/sc-wres-calculator.html (the single
// file, with its Content-Security-Policy and no live reload) at http://127.0.0.1:8080/, beside
// sw.js and manifest.webmanifest so that it can be installed and work offline. Nothing else is
// served and nothing is written. (`make dev` is Trunk's development server, with live reload.)
//
//     node scripts/serve.mjs [--port 8080] [--dir dist]

import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const option = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
};
const dir = path.resolve(option('dir', path.join(ROOT, 'dist')));
const port = Number(option('port', 8080));
const FILES = {
  '/': ['sc-wres-calculator.html', 'text/html; charset=utf-8'],
  '/sc-wres-calculator.html': ['sc-wres-calculator.html', 'text/html; charset=utf-8'],
  '/sw.js': ['sw.js', 'text/javascript; charset=utf-8'],
  '/manifest.webmanifest': ['manifest.webmanifest', 'application/manifest+json'],
};
for (const [name] of Object.values(FILES)) {
  if (!existsSync(path.join(dir, name))) {
    console.error(`serve: ${path.relative(process.cwd(), path.join(dir, name))} is missing: run \`make build\` first`);
    process.exit(1);
  }
}

const server = createServer((req, res) => {
  const file = FILES[new URL(req.url, 'http://localhost').pathname];
  if (req.method !== 'GET' || !file) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Not found: the calculator is at /\n');
    return;
  }
  // Read each time, so a new `make build` is served without a restart.
  res.writeHead(200, { 'Content-Type': file[1], 'Cache-Control': 'no-cache' });
  res.end(readFileSync(path.join(dir, file[0])));
});
server.listen(port, '127.0.0.1', () => {
  console.log(`The calculator: http://127.0.0.1:${server.address().port}/ (the single file, as a user gets it; Ctrl+C stops)`);
});
