// The main flows in WebKit (Safari's engine: Debian's WebKitGTK MiniBrowser), driven by
// selenium-webdriver through WebKitWebDriver under Xvfb, over http://127.0.0.1 and from
// file://. Classic WebDriver sees no network or console events and cannot run a script before
// the page's own, so: the test server records every request it receives (only the page's own
// files may come), and the page is a test-only copy of the single file with a watcher script
// first in it (its hash added to the page's Content-Security-Policy) that collects every page
// error, unhandled rejection and CSP violation from the start.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { Builder, By } from 'selenium-webdriver';
import { DIST, FILE, FLOWS, serve, until } from './flows.mjs';

/** Collects, from the very start, what a page error or a blocked request would leave. */
const WATCHER = `window.__errors = [];
addEventListener('error', (e) => window.__errors.push('page error: ' + e.message));
addEventListener('unhandledrejection', (e) => window.__errors.push('unhandled: ' + e.reason));
document.addEventListener('securitypolicyviolation', (e) => window.__errors.push('CSP: ' + e.violatedDirective + ' ' + e.blockedURI));`;

/** A folder holding a copy of the single file with the watcher first in its head (right after
 * the CSP, which allows it by its hash), beside sw.js and the manifest. */
function watchedCopy() {
  const dir = mkdtempSync(path.join(tmpdir(), 'scwres-webkit-'));
  const hash = createHash('sha256').update(WATCHER).digest('base64');
  let html = readFileSync(FILE, 'utf8');
  const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="[^"]*">/);
  if (!csp) throw new Error('the single file has no CSP meta tag');
  html = html.replace(csp[0], csp[0].replace("script-src ", `script-src 'sha256-${hash}' `) + `<script>${WATCHER}</script>`);
  writeFileSync(path.join(dir, 'sc-wres-calculator.html'), html);
  for (const f of ['sw.js', 'manifest.webmanifest']) copyFileSync(path.join(DIST, f), path.join(dir, f));
  return dir;
}

const DRIVER = process.env.WEBKIT_DRIVER ?? '/usr/bin/WebKitWebDriver';
const BROWSER = process.env.WEBKIT_BROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const DISPLAY = ':99';

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Resolves `promise`, or fails after `ms` with a message saying what hung. */
function within(promise, ms, what) {
  return Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`${what} took over ${ms / 1000} s`)), ms))]);
}

describe('WebKit', () => {
  let xvfb;
  let driver;
  let webdriver;
  let server;
  let plain;
  let copy;
  before(async () => {
    for (const f of [DRIVER, BROWSER, '/usr/bin/Xvfb']) {
      if (!existsSync(f)) throw new Error(`${f} not found: scripts/bootstrap.sh installs webkit2gtk-driver and xvfb`);
    }
    if (!existsSync(FILE)) throw new Error(`${FILE} is missing: run make build`);
    // A virtual screen of the default size on a fixed display; the pointer rests outside the
    // window, so focus styles apply as they do for a keyboard user.
    if (!existsSync(`/tmp/.X11-unix/X${DISPLAY.slice(1)}`)) {
      xvfb = spawn('/usr/bin/Xvfb', [DISPLAY, '-nolisten', 'tcp'], { stdio: 'ignore' });
      await until(async () => existsSync(`/tmp/.X11-unix/X${DISPLAY.slice(1)}`), 'Xvfb to start', 10_000);
    }
    const port = await freePort();
    webdriver = spawn(DRIVER, [`--port=${port}`], { stdio: 'ignore', env: { ...process.env, DISPLAY } });
    await until(
      () => new Promise((resolve) => net.connect(port, '127.0.0.1').on('connect', function () { this.end(); resolve(true); }).on('error', () => resolve(false))),
      'WebKitWebDriver to listen',
      10_000,
    );
    driver = await within(
      new Builder()
        .usingServer(`http://127.0.0.1:${port}`)
        .withCapabilities({ browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary: BROWSER, args: ['--automation'] } })
        .build(),
      60_000,
      'starting a WebKit session',
    );
    copy = watchedCopy();
    server = await serve(copy);
    // The offline copy's checksum is of the file as published: that flow opens it unchanged.
    plain = await serve();
  });
  after(async () => {
    await driver?.quit().catch(() => {});
    webdriver?.kill();
    xvfb?.kill();
    server?.close();
    plain?.close();
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  async function open(url, watched) {
    await driver.get(url);
    const b = {
      file: watched ? path.join(copy, 'sc-wres-calculator.html') : FILE,
      run: (body) => driver.executeScript(body),
      runAsync: (body) => driver.executeAsyncScript(`const done = arguments[arguments.length - 1]; ${body}`),
      click: async (selector) => {
        await until(async () => (await driver.findElements(By.css(selector))).length > 0, selector);
        await driver.findElement(By.css(selector)).click();
      },
      upload: async (selector, file) => {
        await until(async () => (await driver.findElements(By.css(selector))).length > 0, selector);
        await driver.findElement(By.css(selector)).sendKeys(file);
      },
    };
    return {
      b,
      assertClean: async () => {
        if (watched) assert.deepEqual(await driver.executeScript('return window.__errors;'), [], 'errors in the page');
        const own = ['/sc-wres-calculator.html', '/sw.js', '/manifest.webmanifest'];
        for (const s of [server, plain]) {
          assert.deepEqual(s.received.filter((u) => !own.includes(new URL(u, 'http://x').pathname)), [], 'requests other than the page\'s own');
        }
      },
    };
  }

  for (const [how, url] of [
    ['http://127.0.0.1', (watched) => (watched ? server : plain).url],
    ['file://', (watched) => pathToFileURL(watched ? path.join(copy, 'sc-wres-calculator.html') : FILE).href],
  ]) {
    for (const [name, flow] of Object.entries(FLOWS)) {
      if (how === 'file://' && !['exampleResults', 'badFile', 'checksum'].includes(name)) continue;
      const watched = name !== 'checksum';
      test(`${name} (${how})`, async () => {
        const p = await open(url(watched), watched);
        await flow(p.b);
        await p.assertClean();
      });
    }
  }
});
