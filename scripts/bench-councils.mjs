#!/usr/bin/env node
// How fast the "Compare councils" page takes 150 councils' files (both workforces), in
// Debian's headless Chromium. A benchmark, not a test: it prints figures against the goal and
// never fails on them.
//
//     make bench                                   # or:
//     node scripts/bench-councils.mjs [--runs 5] [--councils 150] [--dir dist]
//
// The files are generated (scripts/council-files.mjs). Each run opens the single file in a
// fresh browser context, goes to "Compare councils", and times inside the page with
// performance.now(), from the file input's change event (the files chosen) until every chart
// of the page is drawn (the nine funnel plots, M2 to M9, and M1's chart: ECharts has put their shapes
// and labels in the page, looked for at each animation frame), and the frame after that (on
// screen). Goal: 1 second. It also reports the WebAssembly memory after the comparison, less
// that before it, per council, and the JS heap used (CDP Performance.getMetrics).

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from './bench-serve.mjs';
import { councilFiles } from './council-files.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FILE = 'sc-wres-calculator.html';
const GOAL_MS = 1000;

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}
const runs = Number(option('runs', process.env.BENCH_RUNS ?? 5));
const councils = Number(option('councils', 150));
const dist = path.resolve(option('dir', process.env.DIST_DIR ?? path.join(ROOT, 'dist')));
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const file = path.join(dist, FILE);
if (!existsSync(file)) {
  console.error(`bench-councils: ${path.relative(process.cwd(), file)} is missing: build it first (make build)`);
  process.exit(1);
}

// Before the page's scripts: keeps the WebAssembly memory (to read its size), notes when the
// files are chosen (the input's change event, captured before the page's own listener), and
// offers a promise that resolves when every chart is drawn.
const PROBE = (expected) => {
  const B = (window.__bench = { start: null, memory: null });
  const capture = (r) => {
    const instance = r instanceof WebAssembly.Instance ? r : r?.instance;
    if (instance?.exports?.memory) B.memory = instance.exports.memory;
    return r;
  };
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    WebAssembly[name] = function (...args) {
      return original.apply(this, args).then(capture);
    };
  }
  document.addEventListener('change', (e) => {
    if (e.target?.id === 'councils-upload') B.start = performance.now();
  }, true);
  const drawn = (el) => {
    const svg = el.querySelector('svg');
    return !!svg && !!svg.querySelector('path') && !!svg.querySelector('text');
  };
  window.__benchDrawn = () =>
    new Promise((resolve, reject) => {
      const frame = () => {
        const charts = [...document.querySelectorAll('[id^="chart-funnel-"], [id^="chart-m1-"]')];
        const status = document.getElementById('councils-status')?.textContent ?? '';
        if (B.start !== null && status.includes(`${expected} councils compared`) && charts.length === 10 && charts.every(drawn)) {
          const done = performance.now() - B.start;
          requestAnimationFrame(() => resolve({ drawn: done, onScreen: performance.now() - B.start }));
        } else if (B.start !== null && performance.now() - B.start > 30000) reject(new Error('not drawn within 30 s'));
        else requestAnimationFrame(frame);
      };
      frame();
    });
};

const files = councilFiles(councils);
const bytes = files.reduce((n, f) => n + f.buffer.length, 0);

async function once(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
  try {
    await context.route('**/*', (route) => (/^(http:\/\/127\.0\.0\.1|data:|blob:)/.test(route.request().url()) ? route.continue() : route.abort()));
    await context.addInitScript(PROBE, councils);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const heap = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'JSHeapUsedSize').value;
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url, { waitUntil: 'load' });
    await page.locator('#go-councils').click();
    await page.locator('#councils-upload').waitFor({ state: 'attached' });
    await page.waitForTimeout(100);
    const wasmBefore = await page.evaluate(() => window.__bench.memory?.buffer.byteLength ?? 0);
    const heapBefore = await heap();
    const timing = page.evaluate(() => window.__benchDrawn());
    await page.locator('#councils-upload').setInputFiles(files);
    const { drawn, onScreen } = await timing;
    const wasmAfter = await page.evaluate(() => window.__bench.memory?.buffer.byteLength ?? 0);
    const heapAfter = await heap();
    if (errors.length) throw new Error(`errors in the page: ${errors.join('; ')}`);
    return { drawn, onScreen, wasm: wasmAfter - wasmBefore, wasmTotal: wasmAfter, heap: heapAfter - heapBefore };
  } finally {
    await context.close();
  }
}

const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

const home = mkdtempSync(path.join(os.tmpdir(), 'sc-wres-bench-'));
const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--no-default-browser-check'],
  env: { ...process.env, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache') },
});
const server = await serve(dist, FILE);
console.log(
  `bench-councils: ${councils} councils' files (both workforces, ${(bytes / 1000).toFixed(0)} KB in all), ${runs} runs, ` +
    `${os.cpus().length} x ${os.cpus()[0]?.model?.trim() ?? 'CPU'}, Chromium ${browser.version()} headless`,
);
try {
  await once(browser, server.url); // warm-up, not counted
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await once(browser, server.url));
  const d = results.map((r) => r.drawn);
  const m = median(d);
  console.log(
    `files chosen -> compared and every chart drawn (10 charts): median ${m.toFixed(0)} ms ` +
      `(${Math.min(...d).toFixed(0)}-${Math.max(...d).toFixed(0)}), goal ${GOAL_MS} ms: ${m <= GOAL_MS ? 'within' : 'OVER'}`,
  );
  console.log(`files chosen -> on screen: median ${median(results.map((r) => r.onScreen)).toFixed(0)} ms`);
  const wasm = median(results.map((r) => r.wasm));
  const heap = median(results.map((r) => r.heap));
  console.log(
    `memory: WebAssembly grew ${(wasm / 1e6).toFixed(1)} MB (to ${(median(results.map((r) => r.wasmTotal)) / 1e6).toFixed(1)} MB), ` +
      `JS heap ${(heap / 1e6).toFixed(1)} MB: ${((wasm + Math.max(0, heap)) / councils / 1e3).toFixed(0)} KB per council (goal: a few MB at most)`,
  );
} finally {
  await browser.close();
  server.close();
  rmSync(home, { recursive: true, force: true });
}
