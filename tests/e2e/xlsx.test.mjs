// Excel workbooks chosen in the page: a workbook with several sheets asks which one (GOV.UK
// radios, focused), then gives the same results as the CSV file it was made from; a staff
// extract saved as a workbook is counted exactly as its CSV file is. The workbooks are
// tests/fixtures/xlsx/ (made by `cargo run --example make_xlsx_fixtures`).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ROOT, screenshot, useApp, waitForApp } from './harness.mjs';

const BOOK = `${ROOT}/tests/fixtures/xlsx/example-submission.xlsx`;
const STAFF_BOOK = `${ROOT}/tests/fixtures/xlsx/staff.xlsx`;
const STAFF_CSV = `${ROOT}/tests/records/staff.csv`;

/** Every row of the summary table, as text. */
async function summary(page) {
  await page.locator('#summary-table').waitFor();
  return page.locator('#summary-table tr').allInnerTexts();
}

describe('Excel workbooks', () => {
  const app = useApp();

  test('a workbook with two sheets asks which, then gives the example results', async () => {
    const s = await app.open();
    try {
      await waitForApp(s.page);
      await s.page.locator('#try-example').click();
      const expected = await summary(s.page);

      const s2 = await app.open();
      try {
        await waitForApp(s2.page);
        await s2.page.locator('#file-upload').setInputFiles(BOOK);
        const legend = s2.page.locator('#submission-sheet-legend');
        await legend.waitFor();
        assert.equal(
          (await legend.textContent()).trim(),
          'Which sheet of example-submission.xlsx holds your submission?',
        );
        await screenshot(s2.page, 'xlsx-sheet-chooser');
        // The question has focus, so a screen reader announces it.
        assert.equal(await s2.page.evaluate(() => document.activeElement?.id), 'submission-sheet-legend');
        // The first sheet is chosen at the start; choose the second by keyboard.
        assert.equal(await s2.page.getByRole('radio', { name: 'Notes' }).isChecked(), true);
        await s2.page.getByRole('radio', { name: 'Notes' }).focus();
        await s2.page.keyboard.press('ArrowDown');
        assert.equal(await s2.page.getByRole('radio', { name: 'Submission' }).isChecked(), true);
        await s2.page.locator('#submission-sheet-continue').click();
        assert.deepEqual(await summary(s2.page), expected);
        assert.match(
          await s2.page.locator('.lead').first().textContent(),
          /Results for example-submission\.xlsx, sheet "Submission"\./,
        );
        s2.assertClean();
        s2.assertStayedLocal();
      } finally {
        await s2.close();
      }
      s.assertClean();
    } finally {
      await s.close();
    }
  });

  test('choosing the wrong sheet says what is wrong with it', async () => {
    const s = await app.open();
    try {
      await waitForApp(s.page);
      await s.page.locator('#file-upload').setInputFiles(BOOK);
      await s.page.locator('#submission-sheet-continue').click();
      const summaryBox = s.page.locator('#error-summary');
      await summaryBox.waitFor();
      assert.match(await summaryBox.textContent(), /There is a problem/);
      assert.match(await s.page.title(), /^Error: /);
      s.assertClean();
      s.assertStayedLocal();
    } finally {
      await s.close();
    }
  });

  test('a staff extract saved as a workbook is counted as its CSV file is', async () => {
    const counted = async (file) => {
      const s = await app.open();
      try {
        await waitForApp(s.page);
        await s.page.locator('#go-records').click();
        await s.page.locator('#extract-staff').setInputFiles(file);
        const section = s.page.locator('section.extract');
        await section.waitFor();
        const text = await section.innerText();
        s.assertClean();
        s.assertStayedLocal();
        return text;
      } finally {
        await s.close();
      }
    };
    const fromCsv = await counted(STAFF_CSV);
    const fromBook = await counted(STAFF_BOOK);
    assert.match(fromCsv, /15 rows read: 12 counted, 3 could not be used/);
    assert.equal(fromBook, fromCsv);
  });
});
