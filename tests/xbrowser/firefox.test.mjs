// The main flows in Firefox (Debian's firefox-esr), driven headless by puppeteer-core over
// WebDriver BiDi, over http://127.0.0.1 and from file://: no request leaves the page, and no
// page error or console error (Firefox reports a CSP violation as a page error).

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import puppeteer from 'puppeteer-core';
import { FILE, FLOWS, serve } from './flows.mjs';

const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

describe('Firefox', () => {
  let browser;
  let server;
  let profile;
  before(async () => {
    if (!existsSync(FIREFOX)) throw new Error(`Firefox not found at ${FIREFOX}: scripts/bootstrap.sh installs firefox-esr`);
    if (!existsSync(FILE)) throw new Error(`${FILE} is missing: run make build`);
    profile = mkdtempSync(path.join(tmpdir(), 'scwres-firefox-'));
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      headless: true,
      userDataDir: profile,
      extraPrefsFirefox: { 'network.proxy.type': 0, 'app.update.enabled': false, 'browser.shell.checkDefaultBrowser': false },
    });
    server = await serve();
  });
  after(async () => {
    await browser?.close();
    server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  /** A driver for one page, recording its requests and errors. */
  async function open(url) {
    const page = await browser.newPage();
    const requests = [];
    const errors = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(`page error: ${e.message ?? e}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    await page.goto(url);
    const b = {
      run: (body) => page.evaluate(new Function(body)),
      runAsync: (body) => page.evaluate(`new Promise((done) => { ${body} })`),
      click: async (selector) => {
        await page.waitForSelector(selector, { visible: true });
        await page.click(selector);
      },
      upload: async (selector, file) => {
        const input = await page.waitForSelector(selector);
        await input.uploadFile(file);
      },
    };
    return {
      b,
      close: () => page.close(),
      assertClean: () => {
        assert.deepEqual(errors, []);
        const own = (u) => u.startsWith(server.origin) || u.startsWith('file:') || u.startsWith('data:') || u.startsWith('blob:');
        assert.deepEqual(requests.filter((u) => !own(u)), [], 'requests that left the page');
      },
    };
  }

  for (const [how, url] of [
    ['http://127.0.0.1', () => server.url],
    ['file://', () => pathToFileURL(FILE).href],
  ]) {
    for (const [name, flow] of Object.entries(FLOWS)) {
      // Workbooks and extracts are read the same way whichever way the page was opened.
      if (how === 'file://' && !['exampleResults', 'badFile', 'checksum'].includes(name)) continue;
      test(`${name} (${how})`, async () => {
        const p = await open(url());
        try {
          await flow(p.b);
          p.assertClean();
        } finally {
          await p.close();
        }
      });
    }
  }
});
