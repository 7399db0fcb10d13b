// The calculator in sessions and inside other sites: presentation mode (large type, small
// counts hidden, one metric at a time by keyboard) and the embed layout (no site header,
// tells its parent page its height).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eventually, SINGLE_FILE, useApp, waitForApp } from './harness.mjs';

describe('presentation mode', () => {
  const app = useApp();

  test('shows the overview, then one metric at a time by arrow keys, with counts under 10 hidden', async () => {
    const s = await app.open();
    try {
      await waitForApp(s.page);
      await s.page.locator('#try-example').click();
      await s.page.locator('#start-presentation').click();
      await s.page.locator('#presentation').waitFor();
      await s.page.locator('#chart-presentation svg').waitFor();
      assert.match(await s.page.locator('.presentation__position').textContent(), /1 of 11/);
      // Slide 2 is M1; arrow right twice more reaches M3, then M4.
      for (let i = 0; i < 4; i++) await s.page.keyboard.press('ArrowRight');
      await s.page.locator('#slide-m4').waitFor();
      // Adults M4: 3 minority ethnic referrals of 70, 2 white of 160: both shown as <10.
      const table = await s.page.locator('#slide-m4 table').textContent();
      assert.match(table, /Minority ethnic\s*<10\s*70/);
      assert.match(table, /White\s*<10\s*160/);
      assert.doesNotMatch(table, /Minority ethnic\s*3\s*70/);
      await s.page.keyboard.press('ArrowLeft');
      await s.page.locator('#slide-m3').waitFor();
      const size = await s.page.locator('.slide__sentence').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
      assert.ok(size >= 30, `sentence text is large (${size}px)`);
      await s.screenshot('presentation');
      await s.page.keyboard.press('Escape');
      await s.page.locator('#summary-table').waitFor();
      s.assertClean();
      s.assertStayedLocal();
    } finally {
      await s.close();
    }
  });
});

describe('embed layout', () => {
  const app = useApp();

  test('inside an iframe it drops the site header and reports its height to the parent', async () => {
    const s = await app.open();
    try {
      await waitForApp(s.page);
      // A host page on the same server (served by the test, not from dist/), with the
      // copy-paste iframe snippet from the README.
      const origin = new URL(s.page.url()).origin;
      const host = `<!DOCTYPE html><html lang="en"><title>Host</title><body>
        <iframe id="embedded" title="SC-WRES calculator" src="${origin}/${SINGLE_FILE}?embed=1" style="width:900px;border:0"></iframe>
        <script>
          window.heights = [];
          window.addEventListener('message', (e) => {
            if (e.data && e.data.type === 'scwres:height') {
              window.heights.push(e.data.height);
              document.getElementById('embedded').style.height = e.data.height + 'px';
            }
          });
        </script></body></html>`;
      await s.page.route(`${origin}/embed-host.html`, (route) => route.fulfill({ contentType: 'text/html', body: host }));
      await s.page.goto(`${origin}/embed-host.html`);
      const frame = s.page.frameLocator('#embedded');
      await frame.getByRole('heading', { level: 1 }).waitFor();
      assert.equal(await frame.locator('.site-header').count(), 0, 'no site header when embedded');
      const first = await eventually(() => s.page.evaluate(() => window.heights.at(-1)), 'a height message');
      assert.ok(first > 300, `a plausible height (${first})`);
      await frame.locator('#try-example').click();
      await frame.locator('#summary-table').waitFor();
      const after = await eventually(async () => {
        const h = await s.page.evaluate(() => window.heights.at(-1));
        return h > first + 1000 ? h : null;
      }, 'a taller height after results appear');
      assert.ok(after > first);
      // Nothing but the page itself was requested.
      assert.deepEqual(s.blocked, []);
    } finally {
      await s.close();
    }
  });
});
