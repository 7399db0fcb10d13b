// Nothing leaves the page: during load and use no request and no navigation goes anywhere but
// the page itself (over http://127.0.0.1 and from file://), and the Content-Security-Policy is
// shown to be enforced by trying to send data and watching it fail, not assumed from the markup.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { csvFile, eventually, startServer, useApp, waitForApp } from './harness.mjs';

const SAMPLE = csvFile('staff.csv', [
  ['staff_id', 'ethnicity', 'grade'],
  ['1', 'Asian British', 'Band 4'],
  ['2', 'White Irish', 'Band 7'],
]);

/**
 * Loads the app, waits for it, and uses it, so that use is covered too: chooses a file, then
 * loads the built-in example, whose results include the charts.
 */
async function loadAndUse(session) {
  const { page } = session;
  await waitForApp(page);
  await page.locator('#file-upload').setInputFiles(SAMPLE);
  await page.locator('#file-status').filter({ hasText: SAMPLE.name }).waitFor({ timeout: 10_000 });
  await page.locator('#try-example').click();
  await page.locator('#chart-forest svg').first().waitFor({ state: 'attached', timeout: 10_000 });
  // Give any late request (timers, lazy loads) a moment to show up in the record.
  await page.waitForTimeout(300);
}

/** From inside the page, tries to send data to `target` in several ways; returns what happened. */
function tryToSend(page, target) {
  return page.evaluate(async (base) => {
    const out = {};
    try {
      await fetch(`${base}/probe-fetch?staff=1`, { method: 'POST', body: 'secret', mode: 'no-cors' });
      out.fetch = 'sent';
    } catch (e) {
      out.fetch = `failed: ${e.message}`;
    }
    out.image = await new Promise((resolve) => {
      const img = new Image();
      img.onload = () => resolve('loaded');
      img.onerror = () => resolve('failed');
      img.src = `${base}/probe-image.png?staff=1`;
    });
    try {
      out.beacon = navigator.sendBeacon(`${base}/probe-beacon`, 'secret') ? 'queued' : 'refused';
    } catch (e) {
      out.beacon = `failed: ${e.message}`;
    }
    return out;
  }, target);
}

describe('nothing leaves the page', () => {
  const app = useApp();

  test('over http://127.0.0.1: every request and navigation stays on the page', async () => {
    const s = await app.open();
    try {
      await loadAndUse(s);
      s.assertStayedLocal();
      s.assertClean();
      assert.deepEqual(s.navigations, [s.url]);
    } finally {
      await s.close();
    }
  });

  test('from file://: the only request is the file itself', async () => {
    const s = await app.open({ file: true });
    try {
      await loadAndUse(s);
      s.assertStayedLocal(); // includes: no request but the file itself
      s.assertClean();
      assert.ok(s.requests.length >= 1, 'the request for the file itself was not recorded');
    } finally {
      await s.close();
    }
  });

  test('from file://: downloads are made on the device, with no request', async () => {
    const s = await app.open({ file: true });
    try {
      await waitForApp(s.page);
      const [download] = await Promise.all([
        s.page.waitForEvent('download', { timeout: 10_000 }),
        s.page.locator('#download-template').click(),
      ]);
      assert.match(download.suggestedFilename(), /\.csv$/);
      assert.match(download.url(), /^(blob|data):/, 'the download was not made on the device');
      assert.equal(await download.failure(), null);
      s.assertStayedLocal();
      s.assertClean();
    } finally {
      await s.close();
    }
  });

  for (const via of ['http', 'file']) {
    test(`the CSP is enforced (${via}): fetch, image and beacon to 127.0.0.1 never reach the server`, async () => {
      const s = await app.open({ file: via === 'file' });
      try {
        await waitForApp(s.page);
        const outcome = await tryToSend(s.page, app.server.origin);
        assert.match(outcome.fetch, /^failed/, 'fetch went through');
        assert.equal(outcome.image, 'failed', 'the image loaded');
        // sendBeacon() returns true (queued) even when the CSP then refuses the request; the proof
        // for it is the console report and the server's silence below.

        // The browser reports each refusal: securitypolicyviolation events for fetch and image
        // (Chromium fires none for the beacon) and console messages for all three.
        const violated = (probe) => s.cspViolations.find((v) => v.blockedURI.includes(probe))?.directive;
        await eventually(
          () => violated('/probe-fetch') && violated('/probe-image') && s.consoleCsp.some((t) => t.includes('/probe-beacon')),
          `CSP reports for the three probes (events: ${JSON.stringify(s.cspViolations)}; console: ${JSON.stringify(s.consoleCsp)})`,
        );
        assert.equal(violated('/probe-fetch'), 'connect-src');
        assert.equal(violated('/probe-image'), 'img-src');
        assert.ok(s.consoleCsp.some((t) => t.includes('/probe-beacon') && t.includes('connect-src')));

        // The server received none of them. Over http they are same-origin requests, which the
        // harness lets through: so it was the CSP, not the harness, that stopped them.
        await s.page.waitForTimeout(300);
        assert.deepEqual(app.server.receivedPath('/probe-'), [], 'a probe reached the server');
        if (via === 'http') assert.deepEqual(s.blocked, [], 'the harness, not the CSP, stopped a probe');
      } finally {
        await s.close();
      }
    });
  }

  for (const via of ['http', 'file']) {
    test(`harness self-check (${via}): a navigation away is recorded and stopped before it leaves`, async () => {
      // CSP does not govern top-level navigation, so the harness must catch it: prove that it does.
      const s = await app.open({ file: via === 'file' });
      const elsewhere = await startServer();
      try {
        await waitForApp(s.page);
        const target = `${elsewhere.origin}/probe-navigation?staff=1`;
        await s.page.evaluate((u) => {
          location.href = u;
        }, target);
        await eventually(() => s.blocked.includes(target), 'the navigation was not intercepted');
        await s.page.waitForTimeout(200);
        assert.deepEqual(elsewhere.received, [], 'the other server was reached');
        assert.throws(() => s.assertStayedLocal(), /page itself|leaving the page/);
      } finally {
        await s.close();
        await elsewhere.close();
      }
    });
  }
});
