// `make run` (scripts/serve.mjs) serves the page a user gets: the single file, byte for byte
// as `make build` wrote it, with its Content-Security-Policy forbidding every connection, and
// no development server's live-reload script.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { DIST, ROOT, SINGLE_FILE, requireBuilt, useApp, waitForApp } from './harness.mjs';

/** Starts scripts/serve.mjs on a free port; resolves to its address and a stop function. */
function serve() {
  requireBuilt();
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts/serve.mjs'), '--port', '0', '--dir', DIST]);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) resolve({ url: m[0], stop: () => child.kill() });
    });
    child.on('exit', (code) => reject(new Error(`serve.mjs exited (${code}): ${out}`)));
  });
}

describe('make run', () => {
  const app = useApp();

  test('serves the single file with its CSP, as built, and no live reload', async () => {
    const server = await serve();
    try {
      const res = await fetch(server.url);
      assert.equal(res.status, 200);
      const body = Buffer.from(await res.arrayBuffer());
      assert.ok(body.equals(readFileSync(path.join(DIST, SINGLE_FILE))), 'the file make build wrote');
      const html = body.toString('utf8');
      assert.match(html, /<meta http-equiv="Content-Security-Policy" content="[^"]*connect-src 'none'/);
      assert.doesNotMatch(html, /__trunk_address__|live.?reload|new WebSocket/i);
      for (const extra of ['sw.js', 'manifest.webmanifest']) {
        assert.equal((await fetch(server.url + extra)).status, 200, extra);
      }
      assert.equal((await fetch(server.url + 'index.html')).status, 404, 'nothing else is served');
    } finally {
      server.stop();
    }
  });

  test('the page it serves works, with nothing leaving it', async () => {
    const server = await serve();
    const context = await app.browser.newContext();
    try {
      const page = await context.newPage();
      const requests = [];
      page.on('request', (r) => requests.push(r.url()));
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(server.url);
      await waitForApp(page);
      await page.locator('#try-example').click();
      await page.locator('#summary-table').waitFor();
      assert.deepEqual(errors, []);
      assert.ok(requests.every((u) => u.startsWith(server.url)), requests.join('\n'));
    } finally {
      await context.close();
      server.stop();
    }
  });
});
