// Shared helpers for the browser tests (run with `node --test tests/e2e/`).
//
// The point of these tests is privacy: the calculator must work with nothing leaving the page.
// So every session here records every request and navigation the page makes, aborts any
// request that is not to the page itself, and collects console errors, page errors and
// Content-Security-Policy violations, for the tests to assert on.
//
// Typical use, in a test file:
//
//   const app = useApp();                 // inside describe(): one browser + one server per suite
//   test('…', async () => {
//     const s = await app.open();         // dist/sc-wres-calculator.html over http://127.0.0.1
//                                         // app.open({ file: true }) for file://,
//                                         // app.open({ name: 'index.html' }) for the multi-file build
//     try {
//       await waitForApp(s.page);
//       …
//       s.assertClean();                  // no errors, no CSP violations
//       s.assertStayedLocal();            // no request/navigation left the page
//     } finally { await s.close(); }
//   });
//
// A missing build or a missing Chromium makes every test FAIL with a message saying what to
// do (they are never skipped, and never merely "cancelled").
//
// Nothing here downloads a browser: Debian's /usr/bin/chromium is driven by playwright-core.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The build under test: dist/, or the directory in the environment variable DIST_DIR. */
export const DIST = process.env.DIST_DIR ? path.resolve(process.env.DIST_DIR) : path.join(ROOT, 'dist');
export const SINGLE_FILE = 'sc-wres-calculator.html';
export const DEV_INDEX = 'index.html';
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The app's main heading (h1) contains this; the exact wording belongs to the UI. */
export const APP_HEADING = /SC-WRES/;
/** The document title (index.html). */
export const APP_TITLE = 'SC-WRES calculator';

const BUILD_HINT =
  'build it first: PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true trunk build --release';

/** Throws (so the test FAILS, never skips) when dist/<name> has not been built. */
export function requireBuilt(name = SINGLE_FILE) {
  const file = path.join(DIST, name);
  if (!existsSync(file)) {
    throw new Error(`${path.relative(ROOT, file)} is missing: ${BUILD_HINT}${process.env.DIST_DIR ? ` --dist ${process.env.DIST_DIR}` : ''}`);
  }
  return file;
}

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.csv': 'text/csv; charset=utf-8',
};

/**
 * Serves `root` (default dist/) on 127.0.0.1 at a random port. Every request that reaches it is
 * recorded in `received` (method and path), so a test can prove something was never sent.
 */
export async function startServer(root = DIST) {
  const received = [];
  const server = createServer((req, res) => {
    received.push({ method: req.method, path: req.url });
    const urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = path.join(root, urlPath.endsWith('/') ? `${urlPath}index.html` : urlPath);
    if (!file.startsWith(root + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    res.end(readFileSync(file));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    url: (name = SINGLE_FILE) => `http://127.0.0.1:${port}/${name}`,
    received,
    /** Requests the server received whose path starts with `prefix`. */
    receivedPath: (prefix) => received.filter((r) => r.path.startsWith(prefix)),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/**
 * Launches Debian's Chromium headless, with its profile, config and cache in a temp dir that is
 * removed on close (Chromium writes to ~/.config and ~/.cache even with --user-data-dir).
 */
export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install it with ` +
        '`apt-get install -y --no-install-recommends chromium fonts-dejavu-core` ' +
        '(or run scripts/bootstrap.sh), or set CHROMIUM_PATH. Never use `npx playwright install`.',
    );
  }
  const home = mkdtempSync(path.join(tmpdir(), 'sc-wres-e2e-'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--no-default-browser-check',
    ],
    env: { ...process.env, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache') },
  });
  const close = browser.close.bind(browser);
  browser.close = async () => {
    await close();
    rmSync(home, { recursive: true, force: true });
  };
  return browser;
}

/**
 * Call inside describe(): registers before/after hooks that launch Chromium and serve dist/,
 * and returns { open(options), server, browser }. Setup errors are kept and rethrown by open(),
 * so each test fails with the message rather than being cancelled by a failed hook.
 */
export function useApp() {
  const app = { browser: null, server: null, error: null };
  before(async () => {
    app.server = await startServer();
    try {
      app.browser = await launchBrowser();
    } catch (e) {
      app.error = e;
    }
  });
  after(async () => {
    await app.browser?.close();
    await app.server?.close();
  });
  /** Opens the app (see openApp for the options); the server is this suite's unless given. */
  app.open = async (options = {}) => {
    requireBuilt(options.name ?? SINGLE_FILE);
    if (app.error) throw app.error;
    return openApp(app.browser, { server: app.server, ...options });
  };
  return app;
}

/** URLs that never leave the device (made by the page itself). */
const isLocalScheme = (url) => /^(data|blob|about):/i.test(url);
const withoutHash = (url) => url.split('#')[0];

/**
 * Opens the app in a fresh browser context and watches it.
 *
 *   openApp(browser, { server })                    -> http://127.0.0.1:<port>/sc-wres-calculator.html
 *   openApp(browser, { server, name: 'index.html' }) -> the multi-file dev build
 *   openApp(browser, { file: true })                 -> file:///…/dist/sc-wres-calculator.html
 *   openApp(browser, { file: true, filePath })       -> file:// URL of any file (e.g. a saved copy)
 *   openApp(browser, { server, init: () => {…} })   -> runs a probe in the page before its scripts
 *   openApp(browser, { server, serviceWorkers: 'allow' }) -> lets the page register its service
 *     worker (pwa.test.mjs). Elsewhere registration is blocked (Playwright's context option), so
 *     that every other test sees exactly the page's own requests and starts from a clean slate.
 *
 * Allowed: over http, requests to the server's own origin; over file://, only the file itself
 * (plus data:/blob: URLs the page makes, which are not network requests). Everything else is
 * aborted and recorded in `blocked`. Returns a session with the page and what it recorded.
 */
export async function openApp(
  browser,
  { server, file = false, filePath = null, name = SINGLE_FILE, waitUntil = 'load', serviceWorkers = 'block', init = null } = {},
) {
  filePath ??= requireBuilt(name);
  const url = file ? pathToFileURL(filePath).href : server.url(name);
  const isAllowed = file
    ? (u) => withoutHash(u) === url || isLocalScheme(u)
    : (u) => u.startsWith(`${server.origin}/`) || isLocalScheme(u);

  // Downloads (made from blob:/data: URLs on the device) are accepted into Playwright's temp
  // folder, so tests can check them with page.waitForEvent('download').
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, serviceWorkers });
  const session = {
    url,
    context,
    page: null,
    requests: [], // every request the page made: { url, method, resourceType, navigation }
    navigations: [], // every URL a frame navigated to
    blocked: [], // requests aborted because they were not to the page itself
    popups: [], // any new page/window the app opened
    consoleErrors: [],
    consoleCsp: [], // console messages that mention the Content Security Policy
    pageErrors: [],
    cspViolations: [], // securitypolicyviolation events
  };

  // Abort anything not to the page itself. (Routing sees network requests; the `request`
  // event below sees every request, including file:// ones, and is the record we assert on.)
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (isAllowed(u)) return route.continue();
    session.blocked.push(u);
    return route.abort('blockedbyclient');
  });
  context.on('request', (r) =>
    session.requests.push({
      url: r.url(),
      method: r.method(),
      resourceType: r.resourceType(),
      navigation: r.isNavigationRequest(),
    }),
  );
  context.on('page', (p) => {
    if (session.page && p !== session.page) session.popups.push(p.url());
  });

  // CSP violations, reported from inside the page. Init scripts and bindings are injected by
  // the DevTools protocol, so the page's own CSP does not stop them.
  await context.exposeBinding('__scwresReportCspViolation', (_source, v) => session.cspViolations.push(v));
  await context.addInitScript(() => {
    window.addEventListener(
      'securitypolicyviolation',
      (e) =>
        window.__scwresReportCspViolation({
          directive: e.effectiveDirective,
          blockedURI: e.blockedURI,
          disposition: e.disposition,
          sample: e.sample,
        }),
      true,
    );
  });

  // A test's own probe, run in the page before the page's scripts (e.g. to watch the DOM).
  if (init) await context.addInitScript(init);

  const page = await context.newPage();
  session.page = page;
  page.on('framenavigated', (frame) => session.navigations.push(frame.url()));
  page.on('console', (msg) => {
    const text = msg.text();
    if (/content security policy/i.test(text)) session.consoleCsp.push(text);
    if (msg.type() === 'error') session.consoleErrors.push(text);
  });
  page.on('pageerror', (err) => session.pageErrors.push(String(err?.stack ?? err)));

  /** Asserts no console error, page error or CSP violation happened (so far). */
  session.assertClean = () => {
    assert.deepEqual(session.pageErrors, [], 'uncaught errors in the page');
    assert.deepEqual(session.consoleErrors, [], 'console errors');
    assert.deepEqual(session.cspViolations, [], 'CSP violations (securitypolicyviolation events)');
    assert.deepEqual(session.consoleCsp, [], 'console messages about the Content Security Policy');
  };

  /** Asserts every request and navigation went to the page itself, and no window was opened. */
  session.assertStayedLocal = () => {
    assert.deepEqual(session.blocked, [], 'requests to anywhere but the page itself (aborted)');
    assert.deepEqual(session.requests.filter((r) => !isAllowed(r.url)), [], 'requests leaving the page');
    if (file) {
      // Over file:// the only request is the file itself: everything else is inlined.
      const network = session.requests.filter((r) => !isLocalScheme(r.url)).map((r) => withoutHash(r.url));
      assert.deepEqual([...new Set(network)], [url], 'requests other than the file itself');
    }
    const elsewhere = session.navigations.filter((u) => withoutHash(u) !== url && u !== 'about:blank');
    assert.deepEqual(elsewhere, [], 'navigations away from the page');
    assert.deepEqual(session.popups, [], 'windows opened');
  };

  /** Saves a full-page screenshot to test-artifacts/<name>.png and returns its path. */
  session.screenshot = (shotName) => screenshot(page, shotName);

  session.close = () => context.close();

  await page.goto(url, { waitUntil });
  return session;
}

/** Waits until the app has rendered its main heading (the wasm has started). */
export async function waitForApp(page, { timeout = 20_000 } = {}) {
  const heading = page.getByRole('heading', { level: 1 });
  await heading.waitFor({ state: 'visible', timeout });
  return heading;
}

/**
 * Draws the picture at `url` (a data: URL, which the CSP allows) on a canvas in the page, at
 * its own size, and counts its pixels: `painted` (not transparent), `transparent` (not fully
 * opaque) and `dark` (opaque and not near white). `width` is 0 if it could not be decoded.
 */
export function pictureStats(page, url) {
  return page.evaluate(async (source) => {
    const image = new Image();
    image.src = source;
    if (!(await image.decode().then(() => true, () => false))) return { width: 0, height: 0, painted: 0, transparent: 0, dark: 0 };
    const canvas = document.createElement('canvas');
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    const stats = { width: canvas.width, height: canvas.height, painted: 0, transparent: 0, dark: 0 };
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] !== 0) stats.painted++;
      if (data[i + 3] !== 255) stats.transparent++;
      else if (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200) stats.dark++;
    }
    return stats;
  }, url);
}

/**
 * Counts the painted (non-transparent) pixels of the chart inside the element with `id`,
 * waiting for its <svg> (ECharts' SVG renderer) to appear: the SVG as it is in the page, drawn
 * as a picture ([`pictureStats`]). A chart that failed to draw counts 0.
 */
export async function paintedPixels(page, id, { timeout = 10_000 } = {}) {
  const svg = page.locator(`[id="${id}"] svg`).first();
  await svg.waitFor({ state: 'attached', timeout });
  const url = await svg.evaluate(
    (element) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(element))}`,
  );
  return (await pictureStats(page, url)).painted;
}

/** Pairs of a chart's text labels drawn over each other (by more than 2 px each way): an axis
 * name over the legend, say. Slanted labels are left out: their boxes on the page are larger
 * than the words (the check above still keeps them inside the chart). */
export async function labelsOverlapping(frame) {
  return frame.evaluate(() =>
    [...document.querySelectorAll('.chart__canvas')].flatMap((chart) => {
      const texts = [...chart.querySelectorAll('svg text')]
        .filter((t) => t.textContent.trim() !== '')
        .filter((t) => {
          const m = t.getCTM();
          return !m || (Math.abs(m.b) < 1e-6 && Math.abs(m.c) < 1e-6);
        })
        .map((t) => ({ text: t.textContent.trim(), r: t.getBoundingClientRect() }))
        .filter(({ r }) => r.width > 0 && r.height > 0);
      const pairs = [];
      for (let i = 0; i < texts.length; i++) {
        for (let j = i + 1; j < texts.length; j++) {
          const [a, b] = [texts[i].r, texts[j].r];
          const across = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const down = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (across > 2 && down > 2) pairs.push(`${chart.id}: "${texts[i].text}" over "${texts[j].text}"`);
        }
      }
      return pairs;
    }),
  );
}

/** Writes a full-page screenshot to test-artifacts/<name>.png (the folder is gitignored). */
export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** An in-memory file for `locator.setInputFiles(...)`: rows of cells become CSV text. */
export function csvFile(name, rows) {
  const quote = (cell) => {
    const s = String(cell ?? '');
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  const text = rows.map((row) => row.map(quote).join(',')).join('\r\n') + '\r\n';
  return { name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') };
}

/** Polls `check` (sync or async) until it returns truthy, or fails with `message`. */
export async function eventually(check, message, { timeout = 5_000, interval = 50 } = {}) {
  const until = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeout} ms: ${message}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}
