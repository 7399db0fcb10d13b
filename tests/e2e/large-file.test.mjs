// A staff extract large enough to be counted in several slices: the progress bar shows, the
// page keeps answering while the count runs, every row is counted (the submission file's staff
// counts are the ones the extract was generated with), and Cancel stops a count.
//
// The extract (200,000 rows, about 16 MB) is generated here, deterministically, into a temp
// file, and chosen by its path, as a person chooses a file.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { eventually, useApp, waitForApp } from './harness.mjs';

// Large enough that its count, about 0.25-0.4 s at 400,000 rows, lasts well past its
// progress bar's showing (200 ms in), a click and a round trip into the page, on a busy
// machine too (at 400,000 rows the count once ended first).
const ROWS = 800_000;
/**
 * How many times slower the page's main thread runs (the workers are not slowed): enough that
 * counting this file lasts well past the moment its progress bar shows (200 ms in), so that
 * the bar can be watched and Cancel pressed during the count.
 */
const SLOWER = 8;

const HEADER =
  'Staff ID,Service Area,Job Title,Ethnic Origin,Annual Salary (FTE),Senior Manager,' +
  'Regulated Professional,Formal Disciplinary,FtP Referral,Funded CPD,Leaving Date';
const WORKFORCES = [
  ['Adult Social Care', 'adults'],
  ["Children's Services", 'children'],
];
// Values the calculator recognises by itself, and the census category each one means.
const ETHNICITIES = [
  ['White - British', 'white_british'],
  ['White - Irish', 'white_irish'],
  ['Asian or Asian British - Indian', 'asian_indian'],
  ['Asian or Asian British - Pakistani', 'asian_pakistani'],
  ['Black or Black British - African', 'black_african'],
  ['Black or Black British - Caribbean', 'black_caribbean'],
  ['Mixed - White and Black Caribbean', 'mixed_white_and_black_caribbean'],
  ['Chinese', 'asian_chinese'],
  ['Prefer not to say', 'not_known'],
  ['', 'not_known'],
];
const JOBS = ['Social Worker', 'Care Assistant', 'Occupational Therapist', 'Team Manager', 'Business Support Officer'];

/**
 * Writes `rows` staff rows (CRLF, some quoted salaries with commas; with `lineBreaks`, every
 * third job title is quoted with a line break in it, and one has a stray quote) and returns
 * the number of staff in each workforce and category: { "adults/white_british": n, ... }.
 */
function writeStaffExtract(file, rows, { lineBreaks = false } = {}) {
  let seed = 20240331;
  const next = (n) => {
    // A small linear congruential generator: the same file every time.
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  const staff = {};
  const lines = [HEADER];
  for (let i = 0; i < rows; i++) {
    const [service, workforce] = WORKFORCES[next(3) === 0 ? 1 : 0];
    const [ethnicity, category] = ETHNICITIES[next(ETHNICITIES.length)];
    const key = `${workforce}/${category}`;
    staff[key] = (staff[key] ?? 0) + 1;
    const pay = 21_000 + next(60_000);
    const salary = next(10) === 0 ? `"£${pay.toLocaleString('en-GB')}.00"` : String(pay);
    const yn = (p) => (next(100) < p ? 'Y' : 'N');
    const leaving = next(10) === 0 ? `${1 + next(28)}/0${1 + next(9)}/2024` : '';
    const job = JOBS[next(JOBS.length)];
    // With lineBreaks, also one quote that is not around a whole cell, half way down.
    let title = lineBreaks && i % 3 === 0 ? `"${job}\r\n(locum)"` : job;
    if (lineBreaks && i === rows >> 1) title = `${job} (5" tablet)`;
    lines.push(
      `E${String(i).padStart(7, '0')},${service},${title},${ethnicity},${salary},` +
        `${yn(3)},${yn(40)},,${yn(1)},${yn(35)},${leaving}`,
    );
  }
  writeFileSync(file, lines.join('\r\n') + '\r\n');
  return staff;
}

/** Parses CSV text (quoted cells allowed) into rows of {header: value}. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) rows.push([...row, cell]);
  const [header, ...body] = rows.filter((r) => r.some((c) => c !== ''));
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h.replace(/^\uFEFF/, ''), r[i]])));
}

async function openRecords(s) {
  await waitForApp(s.page);
  await s.page.locator('#go-records').click();
  await s.page.getByRole('heading', { level: 1, name: 'Count from your HR extracts' }).waitFor();
}

/**
 * Watches the count from inside the page: a 10 ms timer notes whether #count-progress is in the
 * page each time it runs (so the gaps between its runs are the longest the page was busy), and
 * clicks are noted with the same flag.
 */
function watchCount(page) {
  return page.evaluate(() => {
    const w = (window.__watch = { ticks: [], clicks: [], values: new Set() });
    const counting = () => document.getElementById('count-progress');
    w.timer = setInterval(() => {
      const p = counting();
      if (p) w.values.add(p.getAttribute('value'));
      w.ticks.push({ t: performance.now(), counting: !!p });
    }, 10);
    document.addEventListener('click', () => w.clicks.push({ t: performance.now(), counting: !!counting() }), true);
  });
}

/**
 * What watchCount saw: the ticks while the progress bar was up, the longest the page was busy
 * then (the gap before a tick, from the first tick with the bar to the first tick after it
 * went), the longest it was busy before the bar appeared (reading the file and the first
 * slice), the progress values and the clicks.
 */
function watched(page) {
  return page.evaluate(() => {
    const w = window.__watch;
    clearInterval(w.timer);
    const first = w.ticks.findIndex((t) => t.counting);
    let last = -1;
    w.ticks.forEach((t, i) => t.counting && (last = i));
    const gap = (i) => w.ticks[i].t - w.ticks[i - 1].t;
    let maxGap = 0;
    for (let i = first + 1; first >= 0 && i <= Math.min(w.ticks.length - 1, last + 1); i++) maxGap = Math.max(maxGap, gap(i));
    let startGap = 0;
    for (let i = 1; i <= first; i++) startGap = Math.max(startGap, gap(i));
    return {
      ticksCounting: w.ticks.filter((t) => t.counting).length,
      countingMs: first < 0 ? 0 : w.ticks[last].t - w.ticks[first].t,
      maxGap: Math.round(maxGap),
      startGap: Math.round(startGap),
      values: [...w.values].map(Number),
      clicks: w.clicks,
    };
  });
}

/**
 * A real mouse click in the middle of the element, scrolled into view first (the progress bar
 * is below the fold on a 900-pixel-high window), in as few round trips as possible (each waits
 * for a slice), and without Playwright's wait for the element to keep still.
 */
async function clickNow(page, selector) {
  const box = await page.evaluate((sel) => {
    const e = document.querySelector(sel);
    if (!e) return null;
    e.scrollIntoView({ block: 'center' });
    const r = e.getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  }, selector);
  assert.ok(box, `${selector} is on the page`);
  await page.mouse.click(box.x, box.y);
}

/**
 * A slower CPU, as on an old laptop, so that a count of this file lasts long enough to click
 * during it; the page must keep answering all the same.
 */
async function slowCpu(s, rate) {
  const cdp = await s.context.newCDPSession(s.page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  return cdp;
}

const staffParagraph = (page) => page.locator('section[aria-labelledby="extract-staff-heading"] p').first();

describe('a large staff extract', () => {
  const app = useApp();
  let dir;
  let file;
  let copy;
  let staff;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sc-wres-large-'));
    file = path.join(dir, `staff_${ROWS}.csv`);
    staff = writeStaffExtract(file, ROWS);
    copy = path.join(dir, 'staff_again.csv');
    writeFileSync(copy, readFileSync(file));
  });

  // Large enough for the workers (4 MB or more), which cut the file at line breaks (some of them
  // inside quoted cells) and cannot be sure of their sum after a stray quote: the page then
  // counts the file itself, and gets every row right.
  test('with line breaks inside quoted cells and a stray quote is counted right, every row in its place', async () => {
    const rows = 60_000;
    const broken = path.join(dir, 'staff_line_breaks.csv');
    const expected = writeStaffExtract(broken, rows, { lineBreaks: true });
    const s = await app.open();
    try {
      await openRecords(s);
      await s.page.locator('#extract-staff').setInputFiles(broken);
      await staffParagraph(s.page).waitFor({ timeout: 30_000 });
      assert.match(await staffParagraph(s.page).textContent(), new RegExp(`^${rows} rows read: ${rows} counted, 0 could not be used, 0 left out`));
      const [download] = await Promise.all([s.page.waitForEvent('download'), s.page.locator('#download-submission').click()]);
      const counted = {};
      for (const r of parseCsv(readFileSync(await download.path(), 'utf8')).filter((r) => r.measure === 'staff')) {
        for (const [k, v] of Object.entries(r)) {
          if (['workforce', 'measure', 'pay_band'].includes(k) || v === '0') continue;
          counted[`${r.workforce}/${k}`] = (counted[`${r.workforce}/${k}`] ?? 0) + Number(v);
        }
      }
      assert.deepEqual(counted, expected);
      s.assertClean();
      s.assertStayedLocal();
    } finally {
      await s.close();
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  // A progress bar that shows and goes within a moment only flashes, and each change of it
  // lays the page out and paints it again: it shows once a count has lasted 200 ms.
  test('a count over in a moment shows no progress bar', async (t) => {
    // About 0.8 MB: read in two pieces, so the page waits for the file in the middle of the
    // count (where a bar shown at once would be drawn), and counted in a few tens of ms.
    const rows = 10_000;
    const quick = path.join(dir, 'staff_quick.csv');
    writeStaffExtract(quick, rows);
    const s = await app.open();
    try {
      await openRecords(s);
      // Notes the moment the file is chosen, and whether the bar is ever put in the page.
      await s.page.evaluate(() => {
        const q = (window.__quick = { bar: false, chosen: null });
        document.addEventListener('change', () => (q.chosen ??= performance.now()), true);
        new MutationObserver(() => (q.bar ||= !!document.getElementById('count-progress'))).observe(document.body, {
          childList: true,
          subtree: true,
        });
      });
      await s.page.locator('#extract-staff').setInputFiles(quick);
      await staffParagraph(s.page).waitFor({ timeout: 30_000 });
      const q = await s.page.evaluate(() => ({ ...window.__quick, took: Math.round(performance.now() - window.__quick.chosen) }));
      t.diagnostic(`${rows} rows: ${JSON.stringify(q)}`);
      assert.match(await staffParagraph(s.page).textContent(), new RegExp(`^${rows} rows read: ${rows} counted`));
      assert.equal(q.bar, false, `no progress bar (${JSON.stringify(q)})`);
    } finally {
      await s.close();
    }
  });

  test('is counted in slices with a progress bar, the page answering all along, every row counted', async (t) => {
    const s = await app.open();
    try {
      // The workers start when the records page opens, before a file is chosen.
      const workers = [];
      s.page.on('worker', (w) => workers.push(w.url()));
      await openRecords(s);
      const cdp = await slowCpu(s, SLOWER);
      await watchCount(s.page);
      // Counts the pieces of the file the page hands to workers.
      await s.page.evaluate(() => {
        window.__piecesPosted = 0;
        const post = Worker.prototype.postMessage;
        Worker.prototype.postMessage = function (message, ...rest) {
          if (message && message.bytes) window.__piecesPosted += 1;
          return post.call(this, message, ...rest);
        };
      });
      await s.page.locator('#extract-staff').setInputFiles(file);
      await s.page.locator('#count-progress').waitFor({ timeout: 15_000 });
      assert.match(await s.page.locator('.progress[role="status"]').textContent(), new RegExp(`Counting staff_${ROWS}\\.csv`));

      // While it counts, the page answers: a click, and a round trip into the page.
      await clickNow(s.page, 'h1');
      const start = Date.now();
      const busy = await s.page.evaluate(() => !!document.getElementById('count-progress'));
      const roundTrip = Date.now() - start;

      await staffParagraph(s.page).waitFor({ timeout: 30_000 });
      assert.match(
        await staffParagraph(s.page).textContent(),
        new RegExp(`^${ROWS} rows read: ${ROWS} counted, 0 could not be used, 0 left out`),
      );
      assert.equal(await s.page.locator('#count-progress').count(), 0, 'the progress bar has gone');
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
      // With two cores or more, the pieces were counted in the page's own Web Workers (blob:
      // scripts; src/ui/browser/workers/), and the counts (checked below) are the whole file's.
      if ((await s.page.evaluate(() => navigator.hardwareConcurrency)) >= 2) {
        const pieces = await s.page.evaluate(() => window.__piecesPosted);
        assert.ok(workers.length >= 2 && workers.every((u) => u.startsWith('blob:')), `Web Workers from blob: scripts: ${workers}`);
        assert.ok(pieces >= 4, `the file was handed to the workers in pieces (${pieces})`);
      }

      const w = await watched(s.page);
      const report = `${JSON.stringify({ ...w, clicks: w.clicks.length, roundTrip })}`;
      t.diagnostic(`at ${SLOWER}x CPU throttling: ${report}`);
      assert.ok(busy, `the count was still running during the round trip (${report})`);
      assert.ok(roundTrip < 1_000, `the page answered within 1 s while counting (${report})`);
      assert.ok(w.clicks.length === 1 && w.clicks[0].counting, `the click was handled while counting (${report})`);
      // Counted in slices: the page ran other work many times during the count, never busy for
      // long (a count in one go is a single long task, with no ticks while it runs). Before the
      // bar shows, the file is read and decoded in one go (startGap, not checked here).
      assert.ok(w.ticksCounting >= 3, `the page ran other work during the count (${report})`);
      assert.ok(w.maxGap < 1_000, `the page was never busy for 1 s or more while the bar was up (${report})`);
      assert.ok(new Set(w.values).size >= 3, `the progress bar moved (${report})`);
      assert.ok(w.values.every((v) => v >= 0 && v <= 100), `progress within 0-100 (${report})`);

      // Every row, in the right place: the staff rows of the submission file add up, for each
      // workforce and category, to what the extract was generated with.
      const [download] = await Promise.all([s.page.waitForEvent('download'), s.page.locator('#download-submission').click()]);
      const rows = parseCsv(readFileSync(await download.path(), 'utf8')).filter((r) => r.measure === 'staff');
      const counted = {};
      for (const r of rows) {
        for (const [k, v] of Object.entries(r)) {
          if (['workforce', 'measure', 'pay_band'].includes(k) || v === '0') continue;
          counted[`${r.workforce}/${k}`] = (counted[`${r.workforce}/${k}`] ?? 0) + Number(v);
        }
      }
      assert.deepEqual(counted, staff);
      assert.equal(Object.values(counted).reduce((a, b) => a + b, 0), ROWS);

      // Changed choices count it again: the page kept no copy of a file its workers counted,
      // so it reads the file again from the device, and counts it with the new salary bands.
      const choices = { format: 'sc-wres-record-settings', version: 1, salary_thresholds: [40000, 70000] };
      await s.page.locator('#record-settings').setInputFiles({ name: 'choices.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(choices)) });
      let recounted = [];
      for (let i = 0; i < 50 && !recounted.some((r) => r.pay_band === 'Under £40,000'); i++) {
        await s.page.waitForTimeout(200);
        const [again] = await Promise.all([s.page.waitForEvent('download'), s.page.locator('#download-submission').click()]);
        recounted = parseCsv(readFileSync(await again.path(), 'utf8')).filter((r) => r.measure === 'staff');
      }
      assert.ok(recounted.some((r) => r.pay_band === 'Under £40,000'), 'counted again with the new salary bands');
      const total = recounted.flatMap((r) => Object.entries(r).filter(([k]) => !['workforce', 'measure', 'pay_band'].includes(k)).map(([, v]) => Number(v)));
      assert.equal(total.reduce((a, b) => a + b, 0), ROWS, 'every row counted again');
      s.assertClean();
      s.assertStayedLocal();
    } finally {
      await s.close();
    }
  });

  test('Cancel stops the count: the progress bar goes and no report appears', async () => {
    const s = await app.open();
    try {
      await openRecords(s);
      const cdp = await slowCpu(s, SLOWER);
      await watchCount(s.page);
      await s.page.locator('#extract-staff').setInputFiles(file);
      await s.page.locator('#count-progress').waitFor({ timeout: 20_000 });
      await clickNow(s.page, '#cancel-count');
      await eventually(async () => (await s.page.locator('#count-progress').count()) === 0, 'the progress bar goes', {
        timeout: 2_000,
      });
      const w = await watched(s.page);
      assert.ok(w.clicks.length === 1 && w.clicks[0].counting, `Cancel was pressed during the count (${JSON.stringify(w)})`);
      // Longer than the whole count takes at this speed: nothing comes back.
      const until = Date.now() + 3_000;
      while (Date.now() < until) {
        assert.equal(await s.page.locator('#count-progress').count(), 0, 'the progress bar stays gone');
        assert.equal(await s.page.locator('section.extract').count(), 0, 'no report appears for the cancelled file');
        await new Promise((r) => setTimeout(r, 200));
      }
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });

      // Counting still works: another file (the same rows under another name) is counted in full.
      await s.page.locator('#extract-staff').setInputFiles(copy);
      await staffParagraph(s.page).waitFor({ timeout: 30_000 });
      assert.match(await staffParagraph(s.page).textContent(), new RegExp(`^${ROWS} rows read: ${ROWS} counted`));
      s.assertClean();
      s.assertStayedLocal();
    } finally {
      await s.close();
    }
  });

  // Browsers fire no change event when the file chosen is the one already in the input; the
  // page clears the input after reading (and shows the name itself), so the person can count
  // the file they cancelled without choosing another first or reloading.
  test('after Cancel, choosing the same file again counts it', async () => {
    const s = await app.open();
    try {
      await openRecords(s);
      const cdp = await slowCpu(s, SLOWER);
      await s.page.locator('#extract-staff').setInputFiles(file);
      await s.page.locator('#count-progress').waitFor({ timeout: 20_000 });
      await clickNow(s.page, '#cancel-count');
      await eventually(async () => (await s.page.locator('#count-progress').count()) === 0, 'the progress bar goes', {
        timeout: 2_000,
      });
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
      await s.page.locator('#extract-staff').setInputFiles(file);
      await staffParagraph(s.page).waitFor({ timeout: 5_000 });
      assert.match(await staffParagraph(s.page).textContent(), new RegExp(`^${ROWS} rows read: ${ROWS} counted`));
    } finally {
      await s.close();
    }
  });
});
