// The calculator's main flows, written once for any browser driver (see firefox.test.mjs and
// webkit.test.mjs): a driver opens a page and offers wait, click, text, upload and run
// (a script in the page, its value returned). Each flow leaves the page where a person would.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = process.env.DIST_DIR ? path.resolve(process.env.DIST_DIR) : path.join(ROOT, 'dist');
export const FILE = path.join(DIST, 'sc-wres-calculator.html');

/** Serves `dir` (dist/) on 127.0.0.1, recording every request it receives. */
export async function serve(dir = DIST) {
  const received = [];
  const server = createServer((req, res) => {
    received.push(req.url);
    const name = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '') || 'sc-wres-calculator.html';
    const file = path.join(dir, name);
    if (!file.startsWith(dir + path.sep)) return res.writeHead(404).end();
    try {
      const body = readFileSync(file);
      const type = name.endsWith('.js') ? 'text/javascript' : name.endsWith('.webmanifest') ? 'application/manifest+json' : 'text/html; charset=utf-8';
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { url: `${origin}/sc-wres-calculator.html`, origin, received, close: () => server.close() };
}

/** Waits until `check()` (async) is true, polling. */
export async function until(check, what, timeout = 20_000) {
  const end = Date.now() + timeout;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Both charts of the results page have drawn shapes and labels. */
const CHARTS_DRAWN = `return ['chart-forest', 'chart-bands'].every((id) => {
  const svg = document.querySelector('#' + id + ' svg');
  return !!svg && !!svg.querySelector('path') && !!svg.querySelector('text');
});`;

/** The app has started: "Try it with example data" can be clicked. */
export async function started(b) {
  await until(async () => b.run("const t = document.getElementById('try-example'); return !!t && !t.disabled;"), 'the app to start');
}

/** Example data -> the results page with both charts drawn. */
export async function exampleResults(b) {
  await started(b);
  await b.click('#try-example');
  await until(async () => b.run(CHARTS_DRAWN), 'both charts to be drawn');
  const m2 = await b.run(`return document.querySelector('#summary-table tr[data-metric="M2"] td.rl').textContent.trim();`);
  assert.equal(m2, '0.57');
}

/** A file with a slip -> the error summary, which has focus. */
export async function badFile(b) {
  await started(b);
  await b.upload('#file-upload', path.join(ROOT, 'tests/corpus/bad_non_numeric.csv'));
  await until(async () => b.run("return !!document.getElementById('error-summary');"), 'the error summary');
  assert.match(await b.run("return document.getElementById('error-summary').textContent;"), /There is a problem/);
  await until(async () => (await b.run('return document.activeElement && document.activeElement.id;')) === 'error-summary', 'focus on the error summary');
}

/** A workbook with two sheets -> its sheet chosen -> the example's results. */
export async function workbook(b) {
  await started(b);
  await b.upload('#file-upload', path.join(ROOT, 'tests/fixtures/xlsx/example-submission.xlsx'));
  await until(async () => b.run("return !!document.getElementById('submission-sheet-continue');"), 'the sheet chooser');
  await b.click('input[value="Submission"]');
  await b.click('#submission-sheet-continue');
  await until(async () => b.run(CHARTS_DRAWN), 'the workbook\'s charts');
}

/** The records page counts a small survey extract. */
export async function records(b) {
  await started(b);
  await b.click('#go-records');
  await until(async () => b.run("return !!document.getElementById('extract-survey');"), 'the records page');
  await b.upload('#extract-survey', path.join(ROOT, 'tests/records/survey.csv'));
  await until(async () => b.run("return !!document.getElementById('columns-survey');"), 'the survey counted');
  assert.match(await b.run("return document.querySelector('.extract').textContent;"), /8 rows read/);
}

/** Presentation mode: the slides, then the next one. */
export async function presentation(b) {
  await exampleResults(b);
  await b.click('#start-presentation');
  await until(async () => b.run("return !!document.getElementById('presentation');"), 'the slides');
  const heading = "return document.querySelector('#presentation h2').textContent;";
  const first = await b.run(heading);
  await b.click('#slide-next');
  await until(async () => (await b.run(heading)) !== first, 'the next slide');
}

/** The page's own checksum is the file's SHA-256 (the offline copy is the same file); `b.file`
 * is the file the page was opened from, when not dist/'s. */
export async function checksum(b) {
  await started(b);
  const expected = createHash('sha256').update(readFileSync(b.file ?? FILE)).digest('hex');
  const got = await b.runAsync('window.scwresOwnChecksum().then(done, (e) => done(String(e)));');
  assert.equal(got, expected);
}

export const FLOWS = { exampleResults, badFile, workbook, records, presentation, checksum };
