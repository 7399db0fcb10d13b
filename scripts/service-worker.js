// The service worker of the hosted calculator (a template: scripts/single-file.mjs fills in
// __SCWRES_CONFIG__ and writes it as dist/sw.js next to the single file).
//
// It keeps the single file and the web app manifest, exactly as published, so that after one
// visit the calculator opens with no network. It never sees the user's data: the page makes no
// requests (its CSP forbids them, before any service worker is asked), and this worker
// answers only GET requests for its own files.
//
// Versions: the cache is named after the content hash of the files, and this script changes
// whenever they do, so the browser installs a new worker for a new version. The new worker
// fetches the files, checks the page against the SHA-256 it was built with (a half-updated
// server never gets cached), replaces the old cache and tells open pages that a new version
// is ready (the page then shows a notice; reloading opens the new version).
'use strict';

const CONFIG = __SCWRES_CONFIG__; // { version, page, pageSha256, files }
const PREFIX = `sc-wres ${self.registration.scope} `; // two copies on one site keep apart
const CACHE = PREFIX + CONFIG.version;
const url = (file) => new URL(file, self.registration.scope).href;

const hex = (buffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');

async function fetchExactly(file) {
  const response = await fetch(new Request(url(file), { cache: 'no-cache' }));
  if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
  const body = await response.arrayBuffer();
  if (file === CONFIG.page) {
    const sha256 = hex(await crypto.subtle.digest('SHA-256', body));
    if (sha256 !== CONFIG.pageSha256) throw new Error(`${file} is not the version this worker was built with`);
  }
  const type = response.headers.get('content-type');
  return new Response(body, { headers: type ? { 'content-type': type } : {} });
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const responses = await Promise.all(CONFIG.files.map(fetchExactly));
      const cache = await caches.open(CACHE);
      await Promise.all(CONFIG.files.map((file, i) => cache.put(url(file), responses[i])));
      await self.skipWaiting(); // the page is one self-contained file: nothing to mix up
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const old = (await caches.keys()).filter((key) => key.startsWith(PREFIX) && key !== CACHE);
      await Promise.all(old.map((key) => caches.delete(key)));
      await self.clients.claim();
      if (old.length > 0) {
        const clients = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
        for (const client of clients) client.postMessage({ type: 'scwres-update-ready', sha256: CONFIG.pageSha256 });
      }
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const target = new URL(request.url);
  target.search = '';
  target.hash = '';
  const file = CONFIG.files.find((f) => url(f) === target.href);
  if (!file) return; // not ours: the browser goes to the network as if there were no worker
  event.respondWith(
    (async () => {
      const hit = await (await caches.open(CACHE)).match(url(file));
      return hit ?? fetch(request);
    })(),
  );
});
