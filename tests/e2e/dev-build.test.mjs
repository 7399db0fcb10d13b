// Trunk's own multi-file build, dist/index.html (what `trunk serve` shows), still loads when
// served over http. It has no CSP of its own; the release artefact is the single file.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { APP_HEADING, DEV_INDEX, useApp, waitForApp } from './harness.mjs';

describe('multi-file build (dist/index.html)', () => {
  const app = useApp();

  test('loads over http://127.0.0.1 and renders the heading, with only local requests', async () => {
    const s = await app.open({ name: DEV_INDEX });
    try {
      const heading = await waitForApp(s.page);
      assert.match(await heading.textContent(), APP_HEADING);
      assert.ok(await s.page.locator('#file-upload').isVisible());
      s.assertClean();
      s.assertStayedLocal();
      const kinds = new Set(s.requests.map((r) => r.url.split('?')[0].split('.').pop()));
      assert.ok(kinds.has('wasm') && kinds.has('js'), `expected the wasm and its glue to be fetched: ${[...kinds]}`);
    } finally {
      await s.close();
    }
  });
});
