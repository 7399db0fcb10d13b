// "Download this calculator for offline use": the single file saves an exact copy of itself
// (window.scwresSaveOfflineCopy(), made by scripts/page-boot.js), byte for byte the same as
// dist/sc-wres-calculator.html even after the app has changed the page, and the saved copy
// works from file:// with no request but the file itself.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { DEV_INDEX, paintedPixels, requireBuilt, SINGLE_FILE, useApp, waitForApp } from './harness.mjs';

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** Runs the example journey: the results, the summary table and both charts drawn. */
async function runExample(page) {
  await page.locator('#try-example').click();
  await page.locator('#summary-table').waitFor({ timeout: 10_000 });
  for (const id of ['chart-forest', 'chart-bands']) {
    const painted = await paintedPixels(page, id);
    assert.ok(painted > 1000, `#${id} is nearly blank (${painted} painted pixels)`);
  }
}

/** Calls scwresSaveOfflineCopy() and returns { started, download }. */
async function saveCopy(page) {
  const [download, started] = await Promise.all([
    page.waitForEvent('download', { timeout: 10_000 }),
    page.evaluate(() => window.scwresSaveOfflineCopy()),
  ]);
  return { started, download };
}

describe('offline copy of the single file', () => {
  const app = useApp();
  const folder = mkdtempSync(path.join(tmpdir(), 'sc-wres-offline-'));
  after(() => rmSync(folder, { recursive: true, force: true }));
  const savedFile = path.join(folder, SINGLE_FILE);

  test('scwresSaveOfflineCopy() saves the file byte for byte, made on the device, after the page was used', async () => {
    const original = readFileSync(requireBuilt(SINGLE_FILE));
    const s = await app.open({ file: true });
    try {
      await waitForApp(s.page);
      // Use the page first: the app rewrites the document and removes the embedded wasm.
      await runExample(s.page);
      const { started, download } = await saveCopy(s.page);
      assert.equal(started, true);
      assert.equal(download.suggestedFilename(), SINGLE_FILE);
      assert.match(download.url(), /^blob:/, 'the copy was not made on the device');
      assert.equal(await download.failure(), null);
      await download.saveAs(savedFile);
      const saved = readFileSync(savedFile);
      assert.equal(saved.length, original.length, 'the saved copy has a different size');
      assert.equal(sha256(saved), sha256(original), 'the saved copy differs from the file');
      // The page can name its own checksum, as `sha256sum` does.
      assert.equal(await s.page.evaluate(() => window.scwresOwnChecksum()), sha256(original));
      s.assertClean();
      s.assertStayedLocal();
    } finally {
      await s.close();
    }
  });

  test('the saved copy opens from file:// with no request but itself, and runs the example', async () => {
    assert.deepEqual(readFileSync(savedFile), readFileSync(requireBuilt(SINGLE_FILE)), 'run the test above first');
    const s = await app.open({ file: true, filePath: savedFile });
    try {
      await waitForApp(s.page);
      await runExample(s.page);
      // …and it can save itself again.
      const { started, download } = await saveCopy(s.page);
      assert.equal(started, true);
      assert.equal(sha256(readFileSync(await download.path())), sha256(readFileSync(savedFile)));
      s.assertClean();
      s.assertStayedLocal(); // from file://: the only request is the file itself
      assert.deepEqual(
        [...new Set(s.requests.map((r) => r.url))],
        [s.url],
        'a request other than the file itself',
      );
    } finally {
      await s.close();
    }
  });

  test('over http the copy is the same file too', async () => {
    const s = await app.open();
    try {
      await waitForApp(s.page);
      const { started, download } = await saveCopy(s.page);
      assert.equal(started, true);
      assert.equal(sha256(readFileSync(await download.path())), sha256(readFileSync(requireBuilt(SINGLE_FILE))));
      s.assertClean();
      s.assertStayedLocal();
    } finally {
      await s.close();
    }
  });

  test('the multi-file dev build has no offline copy to offer', async () => {
    const s = await app.open({ name: DEV_INDEX });
    try {
      await waitForApp(s.page);
      assert.equal(await s.page.evaluate(() => typeof window.scwresSaveOfflineCopy), 'undefined');
    } finally {
      await s.close();
    }
  });
});
