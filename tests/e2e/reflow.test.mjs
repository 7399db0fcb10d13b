// Every page reflows (WCAG 2.2, 1.4.10): at 320, 600 and 1280 CSS pixels wide, and inside a
// 600 px iframe, the page never scrolls sideways (a table wider than the screen scrolls in its
// own labelled region, which takes keyboard focus), and every label of every chart is drawn
// inside the chart's box, clear of the others.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { labelsOverlapping, screenshot, useApp, waitForApp } from './harness.mjs';

/** The page's width against the viewport's, and what sticks out, if anything. */
async function overflow(frame) {
  return frame.evaluate(() => {
    const doc = document.documentElement;
    const width = doc.clientWidth;
    const out = [...document.querySelectorAll('body *')]
      .filter((e) => !e.closest('.table-scroll, .chart__canvas') && e.getBoundingClientRect().right > width + 1)
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}#${e.id}.${typeof e.className === 'string' ? e.className : ''}`);
    return { scrollWidth: doc.scrollWidth, width, out };
  });
}

/** Each chart's text labels that are drawn (even in part) outside the chart's box. */
async function labelsOutside(frame) {
  return frame.evaluate(() =>
    [...document.querySelectorAll('.chart__canvas')].flatMap((chart) => {
      const box = chart.getBoundingClientRect();
      return [...chart.querySelectorAll('svg text')]
        .filter((t) => t.textContent.trim() !== '')
        .filter((t) => {
          const r = t.getBoundingClientRect();
          return r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1);
        })
        .map((t) => `${chart.id}: "${t.textContent.trim()}"`);
    }),
  );
}

/** Both charts of the results page have drawn their labels. */
async function chartsDrawn(frame) {
  for (const id of ['chart-forest', 'chart-bands']) {
    await frame.locator(`#${id} svg text`).first().waitFor();
  }
}

async function checkPage(frame, what) {
  const o = await overflow(frame);
  assert.equal(o.scrollWidth, o.width, `${what}: the page is ${o.scrollWidth}px wide in ${o.width}px (${o.out.join(', ')})`);
  assert.deepEqual(await labelsOutside(frame), [], `${what}: chart labels outside their charts`);
  assert.deepEqual(await labelsOverlapping(frame), [], `${what}: chart labels drawn over each other`);
}

/** Every page a person meets, at the size the page (or frame) has; `reopen` opens the
 * calculator afresh and gives its frame. */
async function everyPage(page, reopen, label) {
  let frame = await reopen();
  await waitForApp(frame);
  await checkPage(frame, `${label} start`);
  await frame.locator('#try-example').click();
  await frame.locator('#summary-table').waitFor();
  await chartsDrawn(frame);
  await checkPage(frame, `${label} results`);
  // A table too wide for the screen scrolls in its own region, labelled and focusable.
  const region = frame.locator('.table-scroll').first();
  assert.equal(await region.getAttribute('role'), 'region');
  assert.equal(await region.getAttribute('tabindex'), '0');
  assert.ok((await region.getAttribute('aria-label'))?.length > 0);
  await screenshot(page, `reflow-${label}-results`);
  // The earlier years' trend charts, with the example plan's targets on them.
  await frame.locator('#try-earlier-example').click();
  await frame.locator('#chart-trend-m3 svg text').first().waitFor();
  await checkPage(frame, `${label} results with earlier years`);
  await frame.locator('#start-presentation').click();
  await frame.locator('#presentation').waitFor();
  await checkPage(frame, `${label} presentation`);
  await frame.locator('#presentation').press('Escape');
  await frame.locator('#summary-table').waitFor();
  for (const [go, heading] of [
    ['#go-records', 'Count from your HR extracts'],
    ['#go-manual', 'Enter your counts'],
  ]) {
    frame = await reopen();
    await waitForApp(frame);
    await frame.locator(go).click();
    await frame.getByRole('heading', { level: 1, name: heading }).waitFor();
    if (go === '#go-records') {
      await frame.locator('#try-example-extracts').click();
      await frame.locator('#columns-survey').waitFor();
    }
    await checkPage(frame, `${label} ${heading}`);
  }
}

describe('reflow', () => {
  const app = useApp();

  for (const width of [320, 600, 1280]) {
    test(`at ${width} px wide, no page scrolls sideways and every chart label is in its chart, clear of the others`, async () => {
      const context = await app.browser.newContext({ viewport: { width, height: 800 } });
      try {
        const page = await context.newPage();
        const reopen = async () => {
          await page.goto(app.server.url());
          return page;
        };
        await everyPage(page, reopen, `${width}px`);
      } finally {
        await context.close();
      }
    });
  }

  test('inside a 600 px iframe, as a host site embeds it', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1000, height: 900 } });
    try {
      const page = await context.newPage();
      // A host page (same origin, served beside the calculator) with the README's snippet.
      await page.route('**/host.html', (route) =>
        route.fulfill({
          contentType: 'text/html',
          body: `<!doctype html><title>Host</title><div style="width:600px">
            <iframe id="sc-wres" title="SC-WRES calculator" style="width:100%;height:800px;border:0"
              src="${app.server.url()}?embed=1"></iframe></div>`,
        }),
      );
      const reopen = async () => {
        await page.goto(app.server.url('host.html'));
        await page.locator('#sc-wres').waitFor();
        for (;;) {
          const frame = page.frames().find((f) => f.url().includes('sc-wres-calculator'));
          if (frame) return frame;
          await page.waitForTimeout(50);
        }
      };
      await everyPage(page, reopen, 'iframe-600px');
    } finally {
      await context.close();
    }
  });
});
