// Absurd and hostile files, made here rather than committed: each gets its message or its
// result without blocking the page for more than a second at a stretch (a timer inside the
// page measures the longest gap between its ticks, as a person would feel it), and the page
// stays usable afterwards: the example still loads.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { eventually, ROOT, useApp, waitForApp } from './harness.mjs';

const BLOCK_LIMIT_MS = 1000;

/**
 * Writes `bytes` to a file of this name in a temporary folder and returns its path. Chosen by
 * path, the browser reads the file from disk as it would a person's file; handed over as a
 * buffer, the test tool itself would block the page while it copies the bytes in.
 */
const made = [];
after(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function onDisk(name, bytes) {
  const dir = mkdtempSync(path.join(tmpdir(), 'scwres-hostile-'));
  made.push(dir);
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

/** Starts a timer in the page that records the longest gap between its ticks. */
async function watchBlocking(page) {
  await page.evaluate(() => {
    window.__longestGap = 0;
    let last = performance.now();
    setInterval(() => {
      const now = performance.now();
      window.__longestGap = Math.max(window.__longestGap, now - last);
      last = now;
    }, 20);
  });
}

async function longestGap(page) {
  return page.evaluate(() => window.__longestGap);
}

/** A zip file of `parts` ([name, text]), deflated, as a workbook is a zip file. */
function zip(parts) {
  const chunks = [];
  const directory = [];
  let offset = 0;
  for (const [name, text] of parts) {
    const nameBytes = Buffer.from(name);
    const plain = Buffer.from(text);
    const body = deflateRawSync(plain, { level: 9 });
    const local = Buffer.alloc(30);
    local.write('PK\x03\x04', 0, 'latin1');
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(plain), 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(plain.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    chunks.push(local, nameBytes, body);
    const central = Buffer.alloc(46);
    central.write('PK\x01\x02', 0, 'latin1');
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(plain), 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(plain.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    directory.push(central, nameBytes);
    offset += local.length + nameBytes.length + body.length;
  }
  const dir = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.write('PK\x05\x06', 0, 'latin1');
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, dir, end]);
}

const NS =
  'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const SHEET_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet';

/** A workbook of `count` sheets (only the first has cells); `body` is the first sheet's XML. */
function workbook(count, body) {
  let sheets = '';
  let rels = '';
  for (let i = 1; i <= count; i++) {
    sheets += `<sheet name="Sheet ${i}" sheetId="${i}" r:id="rId${i}"/>`;
    rels += `<Relationship Id="rId${i}" Type="${SHEET_REL}" Target="worksheets/sheet${i}.xml"/>`;
  }
  return zip([
    ['xl/workbook.xml', `<workbook ${NS}><sheets>${sheets}</sheets></workbook>`],
    [
      'xl/_rels/workbook.xml.rels',
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}</Relationships>`,
    ],
    ['xl/worksheets/sheet1.xml', `<worksheet ${NS}>${body}</worksheet>`],
  ]);
}

/**
 * Runs `body(page)` in a fresh page of the app with the blocking watch started after `before`
 * (a step to a page, say); then checks the page was never blocked for a second, and that it
 * stayed clean and local.
 */
async function hostile(app, body, { before = async () => {} } = {}) {
  const s = await app.open();
  try {
    await waitForApp(s.page);
    await before(s.page);
    await watchBlocking(s.page);
    await body(s.page);
    assert.ok((await longestGap(s.page)) < BLOCK_LIMIT_MS, `blocked ${await longestGap(s.page)} ms`);
    s.assertClean();
    s.assertStayedLocal();
  } finally {
    await s.close();
  }
}

/** Opens the records page. */
async function toRecords(page) {
  await page.locator('#go-records').click();
  await page.locator('#extract-staff').waitFor();
}

/** The example still loads (the start stays below a file's problems): the page survived. */
async function exampleStillLoads(page) {
  await page.locator('#try-example').click();
  await page.locator('#summary-table').waitFor();
}

describe('hostile and absurd files', () => {
  const app = useApp();

  test('a 20 MB file of one line, chosen as the submission file, is answered before it is read', () =>
    hostile(app, async (page) => {
      await page.locator('#file-upload').setInputFiles(onDisk('huge.csv', Buffer.alloc(20_000_000, 'x')));
      const summary = page.locator('#error-summary');
      await summary.waitFor();
      const text = await summary.textContent();
      assert.match(text, /This file is 20\.0 MB\. A submission file holds counts/);
      assert.match(text, /Count it from your HR extracts/);
      // The start is still below the message: the example loads.
      await exampleStillLoads(page);
    }));

  test('a workbook whose one row is numbered 1,000,000,000 gets a message, not a billion rows', () =>
    hostile(app, async (page) => {
      const body = '<sheetData><row r="1000000000"><c r="A1000000000" t="inlineStr"><is><t>x</t></is></c></row></sheetData>';
      await page.locator('#file-upload').setInputFiles(onDisk('far-down.xlsx', workbook(1, body)));
      const summary = page.locator('#error-summary');
      await summary.waitFor();
      assert.match(await summary.textContent(), /a cell at row 1,000,000,000, past Excel's last row \(1,048,576\)/);
    }));

  // An extract may be a large workbook (a submission file over 1 MB is refused first).
  test('a workbook of 100,000 sheets lists the first 30 and lets any other be named', () =>
    hostile(
      app,
      async (page) => {
        const body = '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row></sheetData>';
        await page.locator('#extract-staff').setInputFiles(onDisk('many.xlsx', workbook(100_000, body)));
        await page.locator('#sheet-staff-legend').waitFor();
        assert.equal(await page.locator('#sheet-staff input[type=radio]').count(), 30);
        assert.match(
          await page.locator('label[for="sheet-staff-named"]').textContent(),
          /The first 30 are listed, and 99,970 more are not/,
        );
        await page.locator('#sheet-staff-named').fill('Sheet 1');
        await page.locator('#sheet-staff-continue').click();
        // The sheet named is read: it has one cell, so its report says what is missing.
        await page.locator('#issues-staff').waitFor({ state: 'attached' });
      },
      { before: toRecords },
    ));

  test('an extract with 20,000 columns offers its first 200 in each list, and says so', () =>
    hostile(
      app,
      async (page) => {
        const header = ['Ethnicity', 'Service'];
        for (let i = 0; i < 20_000; i++) header.push(`Column ${i}`);
        const row = ['White British', 'Adults', ...new Array(20_000).fill('1')];
        await page.locator('#extract-staff').setInputFiles(onDisk('wide.csv', `${header.join(',')}\n${row.join(',')}\n`));
        await page.locator('#columns-staff').waitFor({ timeout: 20_000 });
        const options = await page.locator('#map-staff-ethnicity option').count();
        assert.ok(options <= 202, `${options} options`);
        assert.match(
          await page.locator('#columns-staff-more').textContent(),
          /This extract has 20,002 columns: the lists offer the first 200\./,
        );
      },
      { before: toRecords },
    ));

  test('a 200 MB extract of one line is named as not CSV, and the page carries on', () =>
    hostile(
      app,
      async (page) => {
        await page.locator('#extract-staff').setInputFiles(onDisk('one-line.csv', Buffer.alloc(200_000_000, 'x')));
        const issues = page.locator('#issues-staff');
        await issues.waitFor({ state: 'attached', timeout: 60_000 });
        assert.match(await issues.textContent(), /Row 1 is longer than 1 MB/);
        // The page carries on: back to the start, and the example loads.
        await page.locator('.back-link').first().click();
        await waitForApp(page);
        await exampleStillLoads(page);
      },
      { before: toRecords },
    ));

  // Not UTF-8 (a pound sign saved by an older Excel): the workers cannot count it in pieces as
  // it is read, and the page would have to hold all 600 MB.
  test('an extract too large for the page to hold whole is named, not read', () =>
    hostile(
      app,
      async (page) => {
        const bytes = Buffer.alloc(600_000_000, 0xa3);
        Buffer.from('Ethnicity,Service\n').copy(bytes);
        await page.locator('#extract-staff').setInputFiles(onDisk('huge-1252.csv', bytes));
        const issues = page.locator('#issues-staff');
        await issues.waitFor({ state: 'attached', timeout: 30_000 });
        assert.match(await issues.textContent(), /This file is 600\.0 MB, too large for this page to read whole/);
      },
      { before: toRecords },
    ));

  // Fault injection: the page asks the worker that reads a chosen file first to fail as the
  // engine would on a file it could not cope with (a WebAssembly trap in that worker).
  test('a file the engine stopped on costs a worker, not the page: settings stay, the next file reads', async () => {
    const s = await app.open();
    try {
      await waitForApp(s.page);
      await s.page.locator('#try-example').click();
      await s.page.locator('#summary-table').waitFor();
      await s.page.locator('.settings summary').click();
      await s.page.locator('#band-low').fill('0.9');
      await s.page.locator('#nhs-orientation').check();
      await s.page.evaluate(() => { window.scwresTestTrap = true; });
      const example = path.join(ROOT, 'data/example-submission.csv');
      await s.page.locator('summary', { hasText: 'Check a different file' }).click();
      await s.page.locator('#file-upload').setInputFiles(example);
      const summary = s.page.locator('#error-summary');
      await summary.waitFor();
      assert.match(await summary.textContent(), /the calculator stopped while reading it\. This is a fault in the calculator/);
      // The page is alive: the next file reads, and the settings are as they were.
      await s.page.evaluate(() => { window.scwresTestTrap = false; });
      await s.page.locator('#file-upload').setInputFiles(example);
      await s.page.locator('#summary-table').waitFor();
      if (!(await s.page.locator('#band-low').isVisible())) await s.page.locator('.settings summary').click();
      assert.equal(await s.page.locator('#band-low').inputValue(), '0.9');
      assert.equal(await s.page.locator('#nhs-orientation').isChecked(), true);
      s.assertClean();
      s.assertStayedLocal();
    } finally {
      await s.close();
    }
  });

  // The same for an HR extract: it is counted in a worker first, and only the worker is lost.
  test('an extract the engine stopped on costs a worker, not the page: the other extracts still count', async () => {
    const s = await app.open();
    try {
      await waitForApp(s.page);
      await toRecords(s.page);
      await s.page.locator('#extract-staff').setInputFiles(path.join(ROOT, 'tests/records/staff.csv'));
      await s.page.locator('#columns-staff').waitFor();
      await s.page.evaluate(() => { window.scwresTestTrap = true; });
      await s.page.locator('#extract-survey').setInputFiles(path.join(ROOT, 'tests/records/survey.csv'));
      await eventually(
        async () => /the calculator stopped while reading it/.test((await s.page.locator('.extract').allTextContents()).join(' ')),
        'the survey reported as not read',
        { timeout: 20_000 },
      );
      await s.page.evaluate(() => { window.scwresTestTrap = false; });
      // The page is alive: the survey chosen again is counted, beside the staff records.
      await s.page.locator('#extract-survey').setInputFiles(path.join(ROOT, 'tests/records/survey.csv'));
      await s.page.locator('#columns-survey').waitFor();
      await s.page.locator('#columns-staff').waitFor();
      s.assertClean();
      s.assertStayedLocal();
    } finally {
      await s.close();
    }
  });
});
