// The release artefact, dist/sc-wres-calculator.html, served over http://127.0.0.1: it starts,
// renders, reads a chosen file, and runs under its own Content-Security-Policy without a
// single violation (ECharts and style attributes included).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { describe, test } from 'node:test';
import { APP_HEADING, APP_TITLE, csvFile, paintedPixels, pictureStats, requireBuilt, SINGLE_FILE, useApp, waitForApp } from './harness.mjs';

describe('single file over http://127.0.0.1', () => {
  const app = useApp();

  test('renders the heading with no console errors and no CSP violations; screenshot', async () => {
    const s = await app.open();
    try {
      const heading = await waitForApp(s.page);
      assert.match(await heading.textContent(), APP_HEADING);
      assert.equal(await s.page.title(), APP_TITLE);
      await s.screenshot('start');
      s.assertClean();
      s.assertStayedLocal();
      // Everything came in one response: the page itself.
      assert.deepEqual(app.server.received.map((r) => r.path), [`/${SINGLE_FILE}`]);
    } finally {
      await s.close();
    }
  });

  // The wasm is built with WebAssembly SIMD (.cargo/config.toml): a browser without it (or
  // without DecompressionStream) is told plainly, not left with a blank page. Here the browser
  // is made to say it has no SIMD.
  test('a browser without WebAssembly SIMD is told it is too old', async () => {
    const context = await app.browser.newContext();
    try {
      await context.addInitScript(() => {
        WebAssembly.validate = () => false;
      });
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(app.server.url(SINGLE_FILE));
      await page.getByRole('alert').filter({ hasText: 'This browser is too old to run the calculator' }).waitFor({ timeout: 10_000 });
      assert.equal(await page.getByRole('heading', { name: APP_HEADING }).count(), 0, 'the app did not start');
      assert.deepEqual(errors, ['Error: WebAssembly SIMD is not supported']);
    } finally {
      await context.close();
    }
  });

  // The loader decodes the WebAssembly blocks with Uint8Array.fromBase64 where the browser has
  // it (scripts/single-file.mjs); older browsers (Safari before 18.2, say) take atob instead.
  // Here the browser is made to lack it: the app still starts, and so does the on-demand module.
  test('a browser without Uint8Array.fromBase64 still starts the app and its on-demand pages', async () => {
    const context = await app.browser.newContext();
    try {
      await context.addInitScript(() => {
        delete Uint8Array.fromBase64;
      });
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(app.server.url(SINGLE_FILE));
      await waitForApp(page);
      assert.equal(await page.evaluate(() => typeof Uint8Array.fromBase64), 'undefined');
      await page.locator('#go-records').click();
      await page.locator('#try-example-extracts:not([disabled])').waitFor({ timeout: 10_000 });
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  // The page counts large extracts in Web Workers made from blob: URLs (src/ui/browser/workers/):
  // such a worker keeps the page's policy, so it cannot send anything either.
  test('a blob: worker made by the page cannot connect anywhere, not even to its own server', async () => {
    const s = await app.open();
    try {
      await waitForApp(s.page);
      const before = app.server.received.length;
      const answer = await s.page.evaluate(
        (url) =>
          new Promise((resolve) => {
            const script = `fetch(${JSON.stringify(url)}).then(() => postMessage('sent'), (e) => postMessage('blocked: ' + e.name))`;
            const worker = new Worker(URL.createObjectURL(new Blob([script], { type: 'text/javascript' })));
            worker.onmessage = (e) => resolve(e.data);
            worker.onerror = (e) => resolve(`worker failed: ${e.message}`);
          }),
        new URL('/from-a-worker', s.page.url()).href,
      );
      assert.match(answer, /^blocked: TypeError/);
      assert.equal(app.server.received.length, before, 'the server received nothing from the worker');
    } finally {
      await s.close();
    }
  });

  test('choosing a CSV file in #file-upload reports that it was read', async () => {
    const s = await app.open();
    try {
      await waitForApp(s.page);
      const upload = csvFile('workforce.csv', [
        ['staff_id', 'ethnicity', 'grade'],
        ['1', 'White British', 'Band 5'],
        ['2', 'Black Caribbean', 'Band 6'],
      ]);
      await s.page.locator('#file-upload').setInputFiles(upload);
      const status = s.page.locator('#file-status');
      await status.filter({ hasText: 'workforce.csv' }).waitFor({ timeout: 10_000 });
      assert.match(await status.textContent(), /read/i);
      s.assertClean();
      s.assertStayedLocal();
    } finally {
      await s.close();
    }
  });

  test('style attributes (as Leptos sets them) apply under the CSP', async () => {
    const s = await app.open();
    try {
      await waitForApp(s.page);
      const applied = await s.page.evaluate(() => {
        const main = document.getElementById('main-content');
        const a = document.createElement('div');
        a.setAttribute('style', 'width: 123px; height: 7px');
        main.append(a);
        main.insertAdjacentHTML('beforeend', '<div id="style-probe-b" style="width: 77px; height: 5px"></div>');
        const b = document.getElementById('style-probe-b');
        const result = [getComputedStyle(a).width, getComputedStyle(b).width];
        a.remove();
        b.remove();
        return result;
      });
      assert.deepEqual(applied, ['123px', '77px']);
      s.assertClean();
    } finally {
      await s.close();
    }
  });

  // The single file keeps ECharts gzipped until it is first asked for (scripts/page-boot.js):
  // scwresEcharts() inflates it and runs it as an inline script, allowed by its hash.
  test('ECharts, started on first use, draws in SVG under the CSP', async () => {
    const s = await app.open();
    try {
      await waitForApp(s.page);
      const result = await s.page.evaluate(async () => {
        await window.scwresEcharts();
        const box = document.createElement('div');
        box.id = 'echarts-probe';
        box.setAttribute('style', 'width: 480px; height: 300px');
        document.getElementById('main-content').append(box);
        const chart = echarts.init(box, null, { renderer: 'svg' });
        chart.setOption({
          animation: false,
          xAxis: { type: 'category', data: ['A', 'B', 'C'] },
          yAxis: { type: 'value' },
          series: [{ type: 'bar', data: [3, 5, 2], itemStyle: { color: '#1d70b8' } }],
        });
        // The three bars, in the chart's colour.
        const bars = [...box.querySelectorAll('svg path')].filter((p) => p.getAttribute('fill') === '#1d70b8').length;
        return { version: echarts.version, bars, exported: chart.getDataURL() };
      });
      // Exported as a data: URL and drawn on a canvas, as "Save chart as PNG" does (img-src data:).
      const picture = await pictureStats(s.page, result.exported);
      assert.equal(result.version, '5.5.1');
      assert.equal(result.bars, 3, 'the chart has its three bars');
      assert.equal(result.exported.slice(0, 18), 'data:image/svg+xml', 'the chart exports as an SVG picture');
      assert.equal(picture.width, 480, 'the chart exported as a data: URL image did not load');
      assert.ok(picture.painted > 1000, `the exported chart is nearly blank (${picture.painted} painted pixels)`);
      await s.screenshot('echarts-probe');
      s.assertClean();
      s.assertStayedLocal();
    } finally {
      await s.close();
    }
  });

  test('the example data renders its charts (charming + ECharts) under the CSP; screenshot', async () => {
    const s = await app.open();
    try {
      await waitForApp(s.page);
      await s.page.locator('#try-example').click();
      await s.page.locator('#results-heading').waitFor({ timeout: 10_000 });
      const painted = await paintedPixels(s.page, 'chart-forest');
      assert.ok(painted > 1000, `the overview chart is nearly blank (${painted} painted pixels)`);
      await s.screenshot('example-results');
      s.assertClean();
      s.assertStayedLocal();
    } finally {
      await s.close();
    }
  });

  // Every text in the file is one-byte text to the browser (faster to decode and parse): the
  // build writes anything else as an escape, and fails if it cannot.
  test('the single file is ASCII throughout', () => {
    const bytes = readFileSync(requireBuilt(SINGLE_FILE));
    const at = bytes.findIndex((b) => b > 0x7f);
    assert.equal(at, -1, `a byte outside ASCII at ${at}: ${bytes.subarray(Math.max(0, at - 40), at + 10).toString('latin1')}`);
  });

  test('the CSP meta comes first in <head> and hashes exactly the inline scripts', () => {
    const html = readFileSync(requireBuilt(SINGLE_FILE), 'utf8');
    const head = html.match(/<head\b[^>]*>\s*(<[^>]*>)/i);
    assert.ok(head, 'no <head>');
    const meta = head[1].match(/^<meta http-equiv="Content-Security-Policy" content="([^"]*)">$/);
    assert.ok(meta, `the first element in <head> is not the CSP meta: ${head[1].slice(0, 120)}`);
    const policy = Object.fromEntries(
      meta[1].split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]),
    );
    assert.deepEqual(policy['default-src'], ["'none'"]);
    assert.deepEqual(policy['connect-src'], ["'none'"]);
    assert.deepEqual(policy['style-src'], ["'unsafe-inline'"]);
    assert.deepEqual(policy['img-src'], ['data:', 'blob:']);
    for (const d of ['font-src', 'form-action', 'base-uri', 'object-src', 'frame-src']) {
      assert.deepEqual(policy[d], ["'none'"], d);
    }
    // Hosted over http(s), the page registers its own service worker and links its manifest
    // (pwa.test.mjs); nothing else, from nowhere else. Its own blob: workers count large
    // extracts (records-workers.test.mjs).
    assert.deepEqual(policy['manifest-src'], ["'self'"]);
    assert.deepEqual(policy['worker-src'], ["'self'", 'blob:']);
    const scriptSrc = policy['script-src'];
    assert.ok(scriptSrc.includes("'wasm-unsafe-eval'"));
    assert.ok(!scriptSrc.includes("'unsafe-eval'") && !scriptSrc.includes("'unsafe-inline'"));

    // Recompute: one hash per executable inline script, and nothing loaded by src. ECharts is
    // kept gzipped, as base64: the boot script runs its inflated text, which is what is hashed.
    const hashes = [];
    let echarts = null;
    for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
      assert.doesNotMatch(m[1], /\bsrc\s*=/, 'a script is loaded by src');
      if (/type="application\/wasm-base64"/.test(m[1])) continue;
      const text = /type="application\/gzip-base64"/.test(m[1]) ? gunzipSync(Buffer.from(m[2], 'base64')).toString('utf8') : m[2];
      if (text.startsWith('/*! Apache ECharts')) echarts = text;
      hashes.push(`'sha256-${createHash('sha256').update(text).digest('base64')}'`);
    }
    assert.ok(echarts, 'ECharts is in the page');
    assert.ok(hashes.length >= 2, 'expected at least ECharts and the wasm loader inline');
    assert.deepEqual(scriptSrc.filter((v) => v.startsWith("'sha256-")).sort(), hashes.sort());
  });
});
