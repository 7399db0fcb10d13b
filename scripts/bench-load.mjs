#!/usr/bin/env node
// How fast the single file starts and draws, in Debian's headless Chromium. A benchmark, not a
// test: it prints figures against the goals and never fails on them.
//
//     make bench                                   # or:
//     node scripts/bench-load.mjs [--runs 7] [--dir dist]
//
// For each way of opening the file (served over http://127.0.0.1, and opened from file://) it
// loads dist/sc-wres-calculator.html N times (default 7), each in a fresh browser context (no
// cache), and measures inside the page with performance.now():
//   interactive  from the start of navigation until "Try it with example data" (#try-example)
//                is in the page and enabled (the app has started and can be used);
//   charts       from clicking that button, once the page has settled (the app's warm-up,
//                src/ui/browser/warm.rs, has drawn its charts out of sight in the first idle moments
//                after the start), until both charts (#chart-forest, #chart-bands) are drawn:
//                ECharts (SVG renderer) has put their shapes and labels in the page, looked
//                for at each animation frame;
//   on screen    the same, until the animation frame after that one: the browser has laid
//                out and painted the frame that shows the charts (and the rest of the
//                results page);
//   on demand    then, from clicking "Count it from your HR extracts" until that page can be
//                used: the first page of the on-demand module (src/ui/host.rs), which the
//                single file starts only then.
// It prints the median, min and max of each, unthrottled and with the CPU slowed 4 times
// (Chromium's CPU throttling), side by side. Goals: interactive within 300 ms (500 ms at 4x),
// charts within 50 ms (150 ms at 4x); "on screen" and "on demand" have no goal of their own:
// they show what painting adds, and what starting the on-demand module costs. (Figures depend on
// the machine: the CPU is printed with them.)
//
// DIST_DIR (or --dir) chooses the build; CHROMIUM_PATH the browser (default /usr/bin/chromium).

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from './bench-serve.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FILE = 'sc-wres-calculator.html';
// Goals unthrottled, and with the CPU slowed 4 times (Chromium's throttling, the usual stand-in
// for a council's low-end laptop).
const GOALS = {
  1: { interactive: 300, charts: 50, onScreen: null, onDemand: null },
  4: { interactive: 500, charts: 150, onScreen: null, onDemand: null },
};
const RATES = [1, 4];
const NAMES = {
  interactive: 'open -> interactive',
  charts: 'example -> charts drawn',
  onScreen: 'example -> charts on screen',
  onDemand: 'then HR extracts page (on demand)',
};

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}
const runs = Number(option('runs', process.env.BENCH_RUNS ?? 7));
const dist = path.resolve(option('dir', process.env.DIST_DIR ?? path.join(ROOT, 'dist')));
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const file = path.join(dist, FILE);
if (!existsSync(file)) {
  console.error(`bench: ${path.relative(process.cwd(), file)} is missing: build it first (make build)`);
  process.exit(1);
}
if (!existsSync(chromiumPath)) {
  console.error(`bench: Chromium not found at ${chromiumPath} (scripts/bootstrap.sh installs it)`);
  process.exit(1);
}

// Installed before the page's own scripts (through the DevTools protocol, so the page's CSP
// does not apply): notes when #try-example first appears enabled, and offers functions that
// click it and resolve when both charts have painted pixels, and that open the records page.
const PROBE = () => {
  window.__bench = { interactive: null };
  const check = () => {
    const button = document.getElementById('try-example');
    if (button && !button.disabled && window.__bench.interactive === null) {
      window.__bench.interactive = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, attributes: true });
  const drawn = (id) => {
    const svg = document.querySelector(`[id="${id}"] svg`);
    return !!svg && !!svg.querySelector('path') && !!svg.querySelector('text');
  };
  // Clicks #`id`, then looks at each animation frame until `done()`; resolves with the time
  // taken and the time to the frame after (painted).
  const clickUntil = (id, done, what) =>
    new Promise((resolve, reject) => {
      const start = performance.now();
      document.getElementById(id).click();
      const frame = () => {
        if (done()) {
          const took = performance.now() - start;
          requestAnimationFrame(() => resolve({ took, painted: performance.now() - start }));
        } else if (performance.now() - start > 10000) reject(new Error(`${what} within 10 s`));
        else requestAnimationFrame(frame);
      };
      frame();
    });
  window.__benchCharts = () =>
    clickUntil('try-example', () => drawn('chart-forest') && drawn('chart-bands'), 'the charts were not drawn').then(({ took, painted }) => ({
      charts: took,
      onScreen: painted,
    }));
  // A page of the on-demand module (the single file starts it the first time one is opened):
  // from clicking "Count it from your HR extracts" until the records page can be used.
  window.__benchPage = () =>
    clickUntil(
      'go-records',
      () => {
        const ready = document.getElementById('try-example-extracts');
        return !!ready && !ready.disabled;
      },
      'the records page did not open',
    ).then(({ took }) => took);
};

async function once(browser, url, rate) {
  // Service workers blocked: every run is a first visit, with nothing cached.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
  try {
    await context.route('**/*', (route) => (/^(http:\/\/127\.0\.0\.1|file:|data:|blob:)/.test(route.request().url()) ? route.continue() : route.abort()));
    await context.addInitScript(PROBE);
    const page = await context.newPage();
    if (rate > 1) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    }
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(() => window.__bench.interactive !== null, null, { timeout: 20000 });
    const interactive = await page.evaluate(() => window.__bench.interactive);
    // Where the time to interactive went: the page parsed as far as the loader (a classic
    // script just after the WebAssembly's block), the WebAssembly decoded from base64, then
    // inflated and compiled (while the browser reads on to the boot script), then instantiated
    // and the app mounted.
    const steps = await page.evaluate(() => {
      const mark = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
      return {
        loader: mark('scwres-loader'),
        decoded: mark('scwres-wasm-decoded'),
        compiled: mark('scwres-wasm-compiled'),
        started: mark('scwres-wasm-started'),
      };
    });
    // A person reads the page before clicking: let the page settle (the app's warm-up draws
    // its charts out of sight in the first idle moments after the start) before the click is
    // timed.
    await page.waitForFunction(() => performance.getEntriesByName('scwres-charts-warm').length > 0, null, { timeout: 5000 }).catch(() => {});
    await page.waitForTimeout(50);
    const { charts, onScreen } = await page.evaluate(() => window.__benchCharts());
    await page.waitForTimeout(50);
    const onDemand = await page.evaluate(() => window.__benchPage());
    if (errors.length) throw new Error(`errors in the page: ${errors.join('; ')}`);
    return { interactive, charts, onScreen, onDemand, ...steps };
  } finally {
    await context.close();
  }
}

const stats = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted.at(-1) };
};

const home = mkdtempSync(path.join(os.tmpdir(), 'sc-wres-bench-'));
const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--no-default-browser-check'],
  env: { ...process.env, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache') },
});
const server = await serve(dist, FILE);
const size = readFileSync(file).length;
console.log(
  `bench: ${path.relative(process.cwd(), file) || file} (${(size / 1000).toFixed(0)} KB), ${runs} runs each, ` +
    `${os.cpus().length} x ${os.cpus()[0]?.model?.trim() ?? 'CPU'}, Chromium ${browser.version()} headless`,
);
const rows = [];
const breakdown = [];
try {
  for (const [how, url] of [
    ['http://127.0.0.1', server.url],
    ['file://', pathToFileURL(file).href],
  ]) {
    await once(browser, url, 1); // warm-up (disk cache, browser start-up), not counted
    // Unthrottled and throttled runs in turn, so that both see the same machine.
    const results = { 1: [], 4: [] };
    for (let i = 0; i < runs; i++) for (const rate of RATES) results[rate].push(await once(browser, url, rate));
    for (const rate of RATES) {
      const median = (key) => (results[rate].some((r) => r[key] === null) ? null : stats(results[rate].map((r) => r[key])).median);
      breakdown.push([
        `${how}, CPU ${rate}x`,
        { loader: median('loader'), decoded: median('decoded'), compiled: median('compiled'), started: median('started'), interactive: median('interactive') },
      ]);
    }
    for (const measure of ['interactive', 'charts', 'onScreen', 'onDemand']) {
      rows.push([`${NAMES[measure]} (${how})`, RATES.map((rate) => [stats(results[rate].map((r) => r[measure])), GOALS[rate][measure]])]);
    }
  }
} finally {
  await browser.close();
  server.close();
  rmSync(home, { recursive: true, force: true });
}
const ms = (x) => `${x.toFixed(0)} ms`.padStart(7);
const cell = ([st, goal]) =>
  `${ms(st.median)} ${`(${st.min.toFixed(0)}-${st.max.toFixed(0)})`.padStart(11)}${goal === null ? ''.padEnd(12) : ` ${st.median <= goal ? 'within' : 'OVER'} ${String(goal).padStart(3)}`}`;
console.log(`${'median (min-max), goal'.padEnd(44)} ${'unthrottled'.padEnd(30)} CPU 4x slower`);
for (const [name, columns] of rows) console.log(`${name.padEnd(44)} ${columns.map(cell).join('   ')}`);
if (breakdown.length) {
  console.log('\nwhere the time to interactive goes (medians, ms from the start of navigation):');
  console.log(
    `${''.padEnd(28)} ${'page parsed'.padStart(12)} ${'wasm decoded'.padStart(13)} ${'compiled'.padStart(12)} ${'app started'.padStart(12)} ${'interactive'.padStart(12)}`,
  );
  for (const [name, b] of breakdown) {
    const f = (x) => (x === null ? '-' : x.toFixed(0)).padStart(12);
    console.log(`${name.padEnd(28)} ${f(b.loader)} ${f(b.decoded).padStart(13)} ${f(b.compiled)} ${f(b.started)} ${f(b.interactive)}`);
  }
}
