// Hosted as an installable web app: served over http://127.0.0.1, the single file links its
// manifest and registers sw.js, which keeps the file so that after one visit the calculator
// opens and works with no network at all. A new version is fetched, checked and announced
// (window event "scwres-update-ready"). The page still cannot send anything with the service
// worker in control. From file:// none of this happens.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import {
  DIST,
  eventually,
  openApp,
  paintedPixels,
  requireBuilt,
  ROOT,
  SINGLE_FILE,
  startServer,
  useApp,
  waitForApp,
} from './harness.mjs';

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** A copy of the build in a temp folder, so a test can change or stop serving it. */
function copyOfBuild() {
  requireBuilt(SINGLE_FILE);
  requireBuilt('sw.js');
  const folder = mkdtempSync(path.join(tmpdir(), 'sc-wres-pwa-'));
  cpSync(DIST, folder, { recursive: true });
  return folder;
}

/** Opens the single file from `server` with service workers allowed; waits until one controls it. */
async function openControlled(browser, server) {
  const s = await openApp(browser, { server, serviceWorkers: 'allow' });
  await waitForApp(s.page);
  await s.page.evaluate(() => navigator.serviceWorker.ready);
  await eventually(() => s.page.evaluate(() => navigator.serviceWorker.controller !== null), 'no service worker controls the page', {
    timeout: 10_000,
  });
  return s;
}

async function runExample(page) {
  await page.locator('#try-example').click();
  await page.locator('#summary-table').waitFor({ timeout: 10_000 });
  for (const id of ['chart-forest', 'chart-bands']) {
    const painted = await paintedPixels(page, id);
    assert.ok(painted > 1000, `#${id} is nearly blank (${painted} painted pixels)`);
  }
}

describe('installable web app (service worker and manifest)', () => {
  const app = useApp();
  const folders = [];
  after(() => folders.forEach((f) => rmSync(f, { recursive: true, force: true })));

  test('the manifest is linked, names the single file and has icons; the worker keeps exactly the file', async () => {
    const folder = copyOfBuild();
    folders.push(folder);
    const server = await startServer(folder);
    const s = await openControlled(app.browser, server);
    try {
      const href = await s.page.evaluate(() => document.querySelector('link[rel="manifest"]')?.href);
      assert.equal(href, server.url('manifest.webmanifest'));
      const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.webmanifest'), 'utf8'));
      assert.equal(manifest.start_url, `./${SINGLE_FILE}`);
      assert.equal(manifest.display, 'standalone');
      assert.ok(manifest.name && manifest.short_name);
      const sizes = manifest.icons.map((i) => i.sizes);
      assert.ok(sizes.includes('192x192') && sizes.includes('512x512'), `icon sizes: ${sizes}`);
      for (const icon of manifest.icons) assert.match(icon.src, /^data:image\/(png|svg\+xml);base64,/);

      // Chromium's own installability check, through the DevTools protocol.
      const cdp = await s.context.newCDPSession(s.page);
      // (Playwright's browser contexts are incognito-like, and incognito windows cannot install
      // apps: that one reason is about the test's browser, not the app.)
      const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
      assert.deepEqual(
        installabilityErrors.filter((e) => e.errorId !== 'in-incognito'),
        [],
        'Chromium says the app is not installable',
      );
      const { errors } = await cdp.send('Page.getAppManifest');
      assert.deepEqual(errors, [], 'Chromium found errors in the manifest');

      // What the worker cached is the published file, byte for byte.
      const cached = await s.page.evaluate(async (name) => {
        const response = await caches.match(new URL(name, location.href).href);
        return response ? Array.from(new Uint8Array(await response.arrayBuffer())) : null;
      }, SINGLE_FILE);
      assert.ok(cached, 'the single file is not in the cache');
      assert.equal(sha256(Buffer.from(cached)), sha256(readFileSync(path.join(folder, SINGLE_FILE))));

      // Only the app's own files were asked for: the page, the worker and the manifest.
      const asked = new Set(server.received.map((r) => r.path));
      assert.deepEqual([...asked].sort(), ['/manifest.webmanifest', `/${SINGLE_FILE}`, '/sw.js']);
      s.assertClean();
      s.assertStayedLocal();
    } finally {
      await s.close();
      await server.close();
    }
  });

  test('after one visit it opens and runs the example with the server gone and the network off', async () => {
    const folder = copyOfBuild();
    folders.push(folder);
    const server = await startServer(folder);
    const s = await openControlled(app.browser, server);
    try {
      await server.close();
      await s.context.setOffline(true);
      const before = server.received.length;
      await s.page.reload({ waitUntil: 'load' });
      await waitForApp(s.page);
      assert.equal(await s.page.evaluate(() => navigator.serviceWorker.controller !== null), true);
      await runExample(s.page);
      // The page that ran is the published file (its own checksum, from the boot script).
      assert.equal(await s.page.evaluate(() => window.scwresOwnChecksum()), sha256(readFileSync(path.join(folder, SINGLE_FILE))));
      assert.equal(server.received.length, before, 'the server was reached');
      s.assertClean();
      s.assertStayedLocal();
    } finally {
      await s.close();
    }
  });

  test('with the worker in control the page still cannot send anything (fetch, image, beacon)', async () => {
    const folder = copyOfBuild();
    folders.push(folder);
    const server = await startServer(folder);
    const s = await openControlled(app.browser, server);
    try {
      await s.page.reload(); // a page loaded through the worker
      await waitForApp(s.page);
      const outcome = await s.page.evaluate(async () => {
        const out = {};
        try {
          await fetch('/probe-fetch?staff=1', { method: 'POST', body: 'secret', mode: 'no-cors' });
          out.fetch = 'sent';
        } catch (e) {
          out.fetch = `failed: ${e.message}`;
        }
        try {
          await fetch(`./${'sc-wres-calculator.html'}?staff=1`);
          out.fetchCached = 'sent';
        } catch (e) {
          out.fetchCached = `failed: ${e.message}`;
        }
        out.image = await new Promise((resolve) => {
          const img = new Image();
          img.onload = () => resolve('loaded');
          img.onerror = () => resolve('failed');
          img.src = '/probe-image.png?staff=1';
        });
        out.beacon = navigator.sendBeacon('/probe-beacon', 'secret') ? 'queued' : 'refused';
        return out;
      });
      assert.match(outcome.fetch, /^failed/, 'fetch went through');
      assert.match(outcome.fetchCached, /^failed/, 'a fetch of a file the worker keeps went through');
      assert.equal(outcome.image, 'failed', 'the image loaded');
      const violated = (probe) => s.cspViolations.find((v) => v.blockedURI.includes(probe))?.directive;
      await eventually(() => violated('/probe-fetch') && violated('/probe-image'), 'CSP reports for the probes');
      assert.equal(violated('/probe-fetch'), 'connect-src');
      assert.equal(violated('/probe-image'), 'img-src');
      await s.page.waitForTimeout(300);
      assert.deepEqual(server.receivedPath('/probe-'), [], 'a probe reached the server');
      assert.deepEqual(
        server.received.filter((r) => r.path.includes('staff=')),
        [],
        'a request with data reached the server',
      );
      s.assertStayedLocal();
    } finally {
      await s.close();
      await server.close();
    }
  });

  test('a new version is fetched, checked and announced with the event scwres-update-ready', async () => {
    const folder = copyOfBuild();
    folders.push(folder);
    const server = await startServer(folder);
    const s = await openControlled(app.browser, server);
    try {
      const oldSha = sha256(readFileSync(path.join(folder, SINGLE_FILE)));
      assert.equal(await s.page.evaluate(() => window.scwresUpdateReady), false);
      const announced = s.page.evaluate(
        () =>
          new Promise((resolve) => {
            addEventListener('scwres-update-ready', (e) => resolve(e.detail), { once: true });
          }),
      );
      // Publish a new version: a changed page, rebuilt by the same post-build step.
      const index = path.join(folder, 'index.html');
      writeFileSync(index, readFileSync(index, 'utf8').replace('<head>', '<head>\n<meta name="x-sc-wres-test" content="version 2">'));
      execFileSync(process.execPath, [path.join(ROOT, 'scripts/single-file.mjs'), folder], { stdio: 'pipe' });
      const newSha = sha256(readFileSync(path.join(folder, SINGLE_FILE)));
      assert.notEqual(newSha, oldSha);

      await s.page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
      const detail = await Promise.race([
        announced,
        new Promise((_, reject) => setTimeout(() => reject(new Error('no scwres-update-ready event')), 15_000)),
      ]);
      assert.equal(detail.sha256, newSha);
      assert.equal(await s.page.evaluate(() => window.scwresUpdateReady), true);
      // The running page is still the old version until it is reloaded …
      assert.equal(await s.page.evaluate(() => window.scwresOwnChecksum()), oldSha);
      await s.page.reload();
      await waitForApp(s.page);
      // … and then it is the new one, from the worker's new cache.
      assert.equal(await s.page.evaluate(() => window.scwresOwnChecksum()), newSha);
      assert.equal(await s.page.evaluate(() => window.scwresUpdateReady), false);
      s.assertClean();
      s.assertStayedLocal();
    } finally {
      await s.close();
      await server.close();
    }
  });

  test('from file:// there is no worker and no manifest', async () => {
    const s = await app.open({ file: true, serviceWorkers: 'allow' });
    try {
      await waitForApp(s.page);
      await s.page.waitForTimeout(300);
      // (A file:// page cannot have a service worker at all; the page does not try.)
      const state = await s.page.evaluate(() => ({
        manifest: document.querySelector('link[rel="manifest"]') !== null,
        controlled: Boolean(navigator.serviceWorker?.controller),
      }));
      assert.deepEqual(state, { manifest: false, controlled: false });
      assert.equal(await s.page.evaluate(() => typeof window.scwresSaveOfflineCopy), 'function');
      s.assertClean();
      s.assertStayedLocal();
    } finally {
      await s.close();
    }
  });
});
