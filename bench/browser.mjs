#!/usr/bin/env node
// How fast the calculator counts a staff extract inside the browser, and how much memory it
// takes: the in-browser column of bench/compare.py. A benchmark, not a test: it never fails on
// its figures.
//
//     node bench/browser.mjs [--rows 100000 1000000] [--runs 3] [--runs-large 3]
//                            [--dir dist] [--data target/bench] [--json] [--profile]
//                            [--page index.html]
//
// For each size it serves the single file (dist/sc-wres-calculator.html, or DIST_DIR / --dir)
// on 127.0.0.1, and N times (default 3; --runs-large for files of 500,000 rows or more), each
// in a fresh browser context, so a fresh renderer process:
//   opens the page, clicks #go-records, chooses target/bench/staff_<rows>.csv in #extract-staff
//   (by its path, as a person would: the file is not passed through this script), and times
//   inside the page, with performance.now(), from the input's change event until the staff
//   report's paragraph "<rows> rows read: ..." shows every row.
// It prints the median time and MB/s, a median breakdown (reading the file, the first slice,
// the slices, the waits between them, the last slice and the report) and memory:
//   renderer RSS   the page's renderer process (Linux /proc/<pid>/status): before choosing the
//                  file, and its peak (VmHWM, reset just before choosing it), so the peak
//                  includes the moments inside one long task that no sampling can see;
//   wasm memory    the WebAssembly linear memory at the end (it never shrinks: its peak);
//   JS heap        the peak JSHeapUsedSize (CDP Performance.getMetrics) and the peak of
//                  ArrayBuffer backing stores (CDP Runtime.getHeapUsage), sampled every 50 ms.
// --profile adds one run of the largest size under the CDP sampling profiler, writes
// target/bench/browser-<rows>.cpuprofile (open it in Chromium's DevTools) and prints where the
// time went. --json prints the results as JSON on stdout (the table goes to stderr); that is
// how bench/compare.py reads them.
//
// Experiments (to find where the time goes; not settings of the app):
//   --page index.html      the multi-file build in the same folder (e.g. a build with function
//                          names for --profile, whose single file takes long to make);
//   BENCH_JS_FLAGS=...     V8 flags for Chromium (e.g. --no-liftoff).
//
// The extracts are made by bench/gen_staff.py when missing. CHROMIUM_PATH chooses the browser
// (default /usr/bin/chromium); nothing is downloaded.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FILE = 'sc-wres-calculator.html';

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const values = [];
  for (let i = at + 1; i < process.argv.length && !process.argv[i].startsWith('--'); i++) values.push(process.argv[i]);
  return values;
}
const flag = (name) => process.argv.includes(`--${name}`);
const sizes = option('rows', ['100000', '1000000']).map(Number);
const runs = Number(option('runs', [process.env.BENCH_RUNS ?? 3])[0]);
const runsLarge = Number(option('runs-large', [runs])[0]);
const dist = path.resolve(option('dir', [process.env.DIST_DIR ?? path.join(ROOT, 'dist')])[0]);
const data = path.resolve(option('data', [path.join(ROOT, 'target', 'bench')])[0]);
const asJson = flag('json');
const profile = flag('profile');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const log = (...a) => (asJson ? console.error : console.log)(...a);

const pageName = option('page', [FILE])[0];
const single = path.join(dist, pageName);
if (!existsSync(single)) {
  console.error(`bench: ${single} is missing: build it first (make build, or trunk build --release --dist DIR)`);
  process.exit(1);
}
if (!existsSync(chromiumPath)) {
  console.error(`bench: Chromium not found at ${chromiumPath} (scripts/bootstrap.sh installs it)`);
  process.exit(1);
}

/** target/bench/staff_<rows>.csv, made by gen_staff.py if missing. */
function extract(rows) {
  const file = path.join(data, `staff_${rows}.csv`);
  if (!existsSync(file)) {
    const r = spawnSync('python3', [path.join(ROOT, 'bench', 'gen_staff.py'), '--rows', String(rows), '--out', data], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (r.status !== 0) throw new Error('bench/gen_staff.py failed');
  }
  return file;
}

// Installed before the page's own scripts (through the DevTools protocol, so the page's CSP
// does not apply). It notes the moments of the count inside the page:
//   t0        the change event of #extract-staff (capture phase, before the app's handler);
//   tRead     the file's bytes are in JavaScript (Blob.arrayBuffer resolved);
//   timers    every yield between slices (the app posts itself a message through a new
//             MessageChannel; a zero-delay setTimeout where there is none): when it was asked
//             for and when it fired;
//   tProgress #count-progress first in the page;
//   tDone     the staff report shows "<expected> rows read";
//   tPaint    the frame after that.
// It also keeps the WebAssembly memory, to read its size.
const PROBE = () => {
  const B = (window.__bench = { t0: null, tRead: null, tProgress: null, tDone: null, tPaint: null, timers: [], expect: null });
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
  const arrayBuffer = Blob.prototype.arrayBuffer;
  Blob.prototype.arrayBuffer = function () {
    return arrayBuffer.call(this).then((buffer) => {
      if (B.t0 !== null && B.tRead === null) B.tRead = performance.now();
      return buffer;
    });
  };
  const setTimeout0 = window.setTimeout;
  const counting = () => B.t0 !== null && B.tDone === null;
  window.setTimeout = function (callback, delay, ...rest) {
    if (!counting() || (delay ?? 0) > 0 || typeof callback !== 'function') {
      return setTimeout0.call(window, callback, delay, ...rest);
    }
    const timer = { asked: performance.now(), fired: null };
    B.timers.push(timer);
    return setTimeout0.call(
      window,
      (...a) => {
        timer.fired = performance.now();
        return callback(...a);
      },
      delay,
      ...rest,
    );
  };
  const Channel = window.MessageChannel;
  window.MessageChannel = function MessageChannel() {
    const channel = new Channel();
    if (counting()) {
      const timer = { asked: null, fired: null };
      const post = channel.port2.postMessage.bind(channel.port2);
      channel.port2.postMessage = (...a) => {
        timer.asked = performance.now();
        B.timers.push(timer);
        return post(...a);
      };
      channel.port1.addEventListener('message', () => {
        timer.fired = performance.now();
      });
    }
    return channel;
  };
  document.addEventListener(
    'change',
    (e) => {
      if (e.target?.id === 'extract-staff') B.t0 = performance.now();
    },
    true,
  );
  B.done = new Promise((resolve) => {
    const check = () => {
      if (B.t0 === null || B.tDone !== null) return;
      if (B.tProgress === null && document.getElementById('count-progress')) B.tProgress = performance.now();
      const section = document.querySelector('section[aria-labelledby="extract-staff-heading"]');
      const m = section && /([\d,]+) rows read/.exec(section.textContent);
      if (m && Number(m[1].replaceAll(',', '')) === B.expect) {
        B.tDone = performance.now();
        B.report = section.querySelector('p')?.textContent;
        requestAnimationFrame(() =>
          setTimeout0(() => {
            B.tPaint = performance.now();
            resolve();
          }, 0),
        );
      }
    };
    new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
  });
};

/**
 * Serves the build on 127.0.0.1: the single file, or with --page index.html the multi-file
 * build (for a build with function names, whose single file takes long to make).
 */
async function serve() {
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };
  const server = createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '');
    const file = path.join(dist, name);
    if (!file.startsWith(dist + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res
      .writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' })
      .end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/${pageName}`, close: () => new Promise((r) => server.close(r)) };
}

/** A process's status fields in bytes (VmRSS, VmHWM), or null once it has gone. */
function procStatus(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return null;
  }
}
/** Resets a process's peak RSS (VmHWM) to its current RSS (Linux: clear_refs 5). */
function resetPeak(pid) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

async function rendererPids(browserCdp) {
  const { processInfo } = await browserCdp.send('SystemInfo.getProcessInfo');
  return processInfo.filter((p) => p.type === 'renderer').map((p) => p.id);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** One timed count of `file` in a fresh context. */
async function countOnce(browser, browserCdp, url, file, rows, { profileTo = null } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
  try {
    await context.addInitScript(PROBE);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(url);
    await page.locator('#go-records').click({ timeout: 20_000 });
    await page.getByRole('heading', { level: 1, name: 'Count from your HR extracts' }).waitFor();
    // Let the page settle, as it has by the time a person has read it and found their file:
    // the app warms up its counting code and (when the browser is idle) its results page.
    // Wait for the chart engine's warm-up to end (the mark scripts/page-boot.js sets), then
    // until the browser has a whole idle period with nothing to do (at most 5 s in all).
    await page.waitForTimeout(300);
    await page.evaluate(
      () =>
        new Promise((resolve) => {
          setTimeout(resolve, 5000);
          const warm = () => performance.getEntriesByName('scwres-charts-warm').length > 0;
          const check = (deadline) =>
            warm() && deadline.timeRemaining() >= 45 ? resolve() : requestIdleCallback(check, { timeout: 100 });
          requestIdleCallback(check, { timeout: 3000 });
        }),
    );
    await page.evaluate((n) => (window.__bench.expect = n), rows);

    // Our renderer: the one process that holds the page (a spare one may be idling beside it).
    const pids = await rendererPids(browserCdp);
    const before = Object.fromEntries(pids.map((p) => [p, procStatus(p)]));
    const peakReset = pids.every(resetPeak);
    const heap0 = await cdp.send('Runtime.getHeapUsage');
    const metric = async () =>
      Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const m0 = await metric();
    const peaks = { jsHeapUsed: m0.JSHeapUsedSize, backingStorage: heap0.backingStorageSize ?? 0, rss: {} };
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        try {
          const [m, h] = await Promise.all([metric(), cdp.send('Runtime.getHeapUsage')]);
          peaks.jsHeapUsed = Math.max(peaks.jsHeapUsed, m.JSHeapUsedSize);
          peaks.backingStorage = Math.max(peaks.backingStorage, h.backingStorageSize ?? 0);
        } catch {
          break;
        }
        for (const p of pids) peaks.rss[p] = Math.max(peaks.rss[p] ?? 0, procStatus(p)?.rss ?? 0);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();

    if (profileTo) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
      await cdp.send('Profiler.start');
    }
    const done = page.evaluate(() => window.__bench.done);
    await page.locator('#extract-staff').setInputFiles(file);
    await done;
    const cpuProfile = profileTo ? (await cdp.send('Profiler.stop')).profile : null;
    sampling = false;
    await sampler;

    const after = Object.fromEntries(pids.map((p) => [p, procStatus(p)]));
    // Ours is the renderer whose peak rose the most.
    const ours = pids
      .map((p) => ({ pid: p, base: before[p]?.rss ?? 0, peak: Math.max(after[p]?.hwm ?? 0, peaks.rss[p] ?? 0) }))
      .sort((a, b) => b.peak - b.base - (a.peak - a.base))[0];
    const B = await page.evaluate(() => {
      const b = window.__bench;
      return {
        t0: b.t0,
        tRead: b.tRead,
        tProgress: b.tProgress,
        tDone: b.tDone,
        tPaint: b.tPaint,
        timers: b.timers,
        report: b.report,
        wasmMemory: b.memory?.buffer.byteLength ?? null,
      };
    });
    // Slices: the app asks for a zero-delay timer after each slice and counts the next one when
    // it fires. So: t0..first ask = reading + copying + decoding + slice 1; ask..fire = waiting;
    // fire..next ask = a slice; last fire..tDone = the last slice, the report and its view.
    const timers = B.timers.filter((t) => t.fired !== null);
    const waits = timers.map((t) => t.fired - t.asked);
    const slices = timers.slice(0, -1).map((t, i) => timers[i + 1].asked - t.fired);
    const result = {
      ms: B.tDone - B.t0,
      msPaint: B.tPaint - B.t0,
      read: (B.tRead ?? B.t0) - B.t0,
      first: timers.length ? timers[0].asked - (B.tRead ?? B.t0) : null,
      slices: slices.reduce((a, b) => a + b, 0),
      sliceCount: timers.length + 1,
      sliceMax: Math.max(0, ...slices, timers.length ? timers[0].asked - (B.tRead ?? B.t0) : 0),
      waits: waits.reduce((a, b) => a + b, 0),
      last: timers.length ? B.tDone - timers.at(-1).fired : null,
      rssBefore: ours.base,
      rssPeak: ours.peak,
      peakFromVmHWM: peakReset,
      wasmMemory: B.wasmMemory,
      jsHeapBefore: m0.JSHeapUsedSize,
      jsHeapPeak: peaks.jsHeapUsed,
      backingStoragePeak: peaks.backingStorage,
      report: B.report,
    };
    if (profileTo) {
      writeFileSync(profileTo, JSON.stringify(cpuProfile));
      result.profile = summariseProfile(cpuProfile);
    }
    return result;
  } finally {
    await context.close();
  }
}

/** Self time by function over the whole profile, grouped: wasm, JS, GC, idle, other. */
function summariseProfile(p) {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < p.samples.length; i++) {
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    const n = byId.get(p.samples[i]);
    const f = n.callFrame;
    const where = f.url.startsWith('wasm://') || /\.wasm$/.test(f.url) || /^(wasm-function\[|\$)/.test(f.functionName) ? 'wasm' : f.url ? 'js' : 'native';
    const key = `${where} ${f.functionName || '(anonymous)'}${f.url && where === 'js' ? ` line ${f.lineNumber + 1}` : ''}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const groups = {};
  for (const [k, v] of self) {
    const g = /\(idle\)/.test(k) ? 'idle' : /\(garbage collector\)/.test(k) ? 'gc' : /\(program\)/.test(k) ? 'program' : k.split(' ')[0];
    groups[g] = (groups[g] ?? 0) + v;
  }
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, v]) => ({ fn: k, ms: v }));
  return { totalMs: total, groups, top };
}

const MB = 1e6;
const fmt = (x, d = 0) => (x === null || Number.isNaN(x) ? '-' : x.toFixed(d));
const mb = (bytes) => fmt(bytes / MB, 0);

const server = await serve();
const home = mkdtempSync(path.join(os.tmpdir(), 'sc-wres-bench-'));
const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  // The flags of tests/e2e/harness.mjs.
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--no-default-browser-check',
    // Experiments only (see the head of this file).
    ...(process.env.BENCH_JS_FLAGS ? [`--js-flags=${process.env.BENCH_JS_FLAGS}`] : []),
  ],
  env: { ...process.env, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache') },
});
const out = { chromium: browser.version(), cpu: os.cpus()[0]?.model, cores: os.cpus().length, sizes: [] };
try {
  const browserCdp = await browser.newBrowserCDPSession();
  for (const rows of sizes) {
    const file = extract(rows);
    const bytes = statSync(file).size;
    const n = rows >= 500_000 ? runsLarge : runs;
    const results = [];
    for (let i = 0; i < n; i++) {
      const r = await countOnce(browser, browserCdp, server.url, file, rows);
      results.push(r);
      log(
        `  ${rows.toLocaleString('en-GB')} rows, run ${i + 1}/${n}: ${fmt(r.ms)} ms (${fmt(bytes / MB / (r.ms / 1000), 1)} MB/s), renderer peak ${mb(r.rssPeak)} MB` +
          ` (read ${fmt(r.read)}, 1st ${fmt(r.first)}, slices ${fmt(r.slices)}, waits ${fmt(r.waits)}, last ${fmt(r.last)} ms)`,
      );
    }
    const med = (k) => median(results.map((r) => r[k]));
    const entry = {
      rows,
      bytes,
      runs: n,
      ms: med('ms'),
      mbPerS: bytes / MB / (med('ms') / 1000),
      msAll: results.map((r) => r.ms),
      breakdown: Object.fromEntries(['read', 'first', 'slices', 'waits', 'last', 'sliceCount', 'sliceMax', 'msPaint'].map((k) => [k, med(k)])),
      memory: Object.fromEntries(
        ['rssBefore', 'rssPeak', 'wasmMemory', 'jsHeapBefore', 'jsHeapPeak', 'backingStoragePeak'].map((k) => [k, Math.max(...results.map((r) => r[k]))]),
      ),
      peakFromVmHWM: results.every((r) => r.peakFromVmHWM),
      report: results[0].report,
    };
    entry.memory.rssIncrease = Math.max(...results.map((r) => r.rssPeak - r.rssBefore));
    out.sizes.push(entry);
  }
  if (profile) {
    const rows = Math.max(...sizes);
    const file = extract(rows);
    mkdirSync(data, { recursive: true });
    const to = path.join(data, `browser-${rows}.cpuprofile`);
    const r = await countOnce(browser, browserCdp, server.url, file, rows, { profileTo: to });
    out.profile = { rows, file: to, ms: r.ms, ...r.profile };
  }
} finally {
  await browser.close();
  await server.close();
  rmSync(home, { recursive: true, force: true });
}

log(`\nIn-browser counting of a staff extract (${out.chromium}, ${out.cores} cores, ${out.cpu}); median of the runs`);
log(`${'rows'.padStart(10)} ${'MB'.padStart(6)} ${'ms'.padStart(7)} ${'MB/s'.padStart(6)}   ${'read'.padStart(5)} ${'1st'.padStart(5)} ${'slices'.padStart(7)} ${'waits'.padStart(6)} ${'last'.padStart(5)}  n  max slice`);
for (const s of out.sizes) {
  const b = s.breakdown;
  log(
    `${s.rows.toLocaleString('en-GB').padStart(10)} ${fmt(s.bytes / MB, 1).padStart(6)} ${fmt(s.ms).padStart(7)} ${fmt(s.mbPerS, 1).padStart(6)}   ` +
      `${fmt(b.read).padStart(5)} ${fmt(b.first).padStart(5)} ${fmt(b.slices).padStart(7)} ${fmt(b.waits).padStart(6)} ${fmt(b.last).padStart(5)} ${String(b.sliceCount).padStart(2)}  ${fmt(b.sliceMax)} ms`,
  );
}
log('  read: change -> bytes in JS; 1st: copy into wasm + decode + first slice; slices: the other slices;');
log('  waits: between slices (the app yields to the browser); last: the last slice + the report on screen (ms)');
// bench/compare.py prints the memory in its own table.
if (!asJson) {
  log(`\nMemory (largest of the runs; MB = 10^6 bytes)`);
  log(`${'rows'.padStart(10)} ${'file'.padStart(5)}  ${'renderer before'.padStart(15)} ${'peak'.padStart(5)} ${'+'.padStart(5)} ${'x file'.padStart(6)}   ${'wasm mem'.padStart(8)}  ${'JS heap peak'.padStart(12)}  ${'ArrayBuffers peak'.padStart(17)}`);
  for (const s of out.sizes) {
    const m = s.memory;
    log(
      `${s.rows.toLocaleString('en-GB').padStart(10)} ${mb(s.bytes).padStart(5)}  ${mb(m.rssBefore).padStart(15)} ${mb(m.rssPeak).padStart(5)} ${mb(m.rssIncrease).padStart(5)} ${fmt(m.rssIncrease / s.bytes, 1).padStart(6)}   ` +
        `${mb(m.wasmMemory).padStart(8)}  ${mb(m.jsHeapPeak).padStart(12)}  ${mb(m.backingStoragePeak).padStart(17)}`,
    );
  }
  log(`  peak: the renderer's VmHWM${out.sizes.every((s) => s.peakFromVmHWM) ? ' (reset before choosing the file)' : ' (NOT reset: since the page opened)'}; +: peak - before; goal: + within about 3x the file`);
}
if (out.profile) {
  const p = out.profile;
  log(`\nProfile of one ${p.rows.toLocaleString('en-GB')}-row count (${fmt(p.ms)} ms; ${path.relative(process.cwd(), p.file)}):`);
  log('  by kind: ' + Object.entries(p.groups).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${fmt(v)} ms`).join(', '));
  for (const t of p.top) log(`  ${fmt(t.ms).padStart(6)} ms  ${t.fn}`);
}
if (asJson) console.log(JSON.stringify(out));
