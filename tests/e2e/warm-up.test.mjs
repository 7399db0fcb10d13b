// The warm-up (src/ui/browser/warm.rs): while the user reads the start page, the app builds the
// example's results off the page, lays them out once and draws its two charts out of sight,
// so that the first real charts come sooner. It must leave nothing behind: no element, no
// chart, no error, nothing a screen reader or the keyboard could reach.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eventually, useApp, waitForApp } from './harness.mjs';

// Counts, from before the page's own scripts run, every chart (ECharts' <svg>) put into the document and
// every element added straight to <body> (the warm-up's hidden containers).
const PROBE = () => {
  window.__warm = { charts: 0, bodyChildren: 0 };
  new MutationObserver((records) => {
    for (const r of records) {
      for (const node of r.addedNodes) {
        if (node.nodeType !== 1) continue;
        if (r.target === document.body) window.__warm.bodyChildren++;
        if (node.localName === 'svg') window.__warm.charts++;
        window.__warm.charts += node.querySelectorAll('svg').length;
      }
    }
  }).observe(document, { childList: true, subtree: true });
};

describe('warm-up', () => {
  const app = useApp();

  test('draws the example charts out of sight on the start page and leaves nothing behind', async () => {
    const s = await app.open({ init: PROBE });
    try {
      await waitForApp(s.page);
      const before = await s.page.evaluate(() => document.body.children.length);
      // The app marks the end of its warm-up (scripts/bench-load.mjs waits for it too).
      await eventually(
        () => s.page.evaluate(() => performance.getEntriesByName('scwres-charts-warm').length > 0),
        'the warm-up finished (performance mark scwres-charts-warm)',
        { timeout: 30_000 },
      );
      const seen = await s.page.evaluate(() => window.__warm);
      // The overview and pay-band charts, twice each: each drawing makes an <svg>.
      assert.ok(seen.charts >= 4, `charts were drawn during the warm-up (${seen.charts} charts made)`);
      assert.ok(seen.bodyChildren >= 4, `each was drawn in an element of its own (${seen.bodyChildren} added to <body>)`);
      // And every one of them is gone again: the start page has no chart and nothing extra.
      assert.equal(await s.page.locator('svg').count(), 0, 'no chart left in the page');
      assert.equal(await s.page.evaluate(() => document.body.children.length), before, 'nothing left in <body>');
      assert.equal(await s.page.locator('[aria-hidden="true"][style*="-10000px"]').count(), 0, 'no hidden container left');
      // The start page is as it was: the first control still takes the focus from the keyboard.
      await s.page.keyboard.press('Tab');
      assert.equal(await s.page.evaluate(() => document.activeElement?.className), 'skip-link');
      s.assertClean();
      s.assertStayedLocal();
    } finally {
      await s.close();
    }
  });
});
