// From HR extracts to a submission file on the device: a record-level survey extract is read,
// its columns are shown for the person to confirm or change, and the submission file that
// downloads holds the counts worked out by hand below.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { eventually, ROOT, screenshot, useApp, waitForApp } from './harness.mjs';

const SURVEY = `${ROOT}/tests/records/survey.csv`;

/** The submission CSV as rows of {header: value}, skipping a byte-order mark. */
function parseSubmission(text) {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0].split(',');
  return lines.slice(1).map((line) => {
    // The survey rows have no pay band, so no quoted cells.
    const cells = line.split(',');
    return Object.fromEntries(header.map((h, i) => [h, cells[i]]));
  });
}

async function openRecords(s) {
  await waitForApp(s.page);
  await s.page.locator('#go-records').click();
  await s.page.getByRole('heading', { level: 1, name: 'Count from your HR extracts' }).waitFor();
}

describe('counting from HR extracts', () => {
  const app = useApp();

  test('the example extracts count, ask about the values only a person can read, and give results', async () => {
    const s = await app.open();
    try {
      await openRecords(s);
      // The privacy panel has no gap above its words.
      const gap = await s.page.locator('.inset.privacy').evaluate((el) => {
        const p = el.querySelector('p');
        return p.getBoundingClientRect().top - el.getBoundingClientRect().top;
      });
      assert.ok(gap <= 16, `${gap}px above the panel's text (its padding is 15px)`);
      await s.page.locator('#try-example-extracts').click();
      for (const input of ['staff', 'shortlisted', 'survey']) {
        await s.page.locator(`#columns-${input}`).waitFor();
      }
      // "Latin American" is for the person to choose; "Pending" makes one row unusable.
      assert.match(await s.page.locator('.extract').first().textContent(), /Latin American/);
      assert.match(await s.page.locator('#issues-staff').textContent(), /Pending/);
      await screenshot(s.page, 'records-example-extracts');
      await s.page.locator('#use-counts').click();
      await s.page.locator('#summary-table').waitFor();
      assert.match(await s.page.locator('.lead').first().textContent(), /counts from your HR extracts/);
      s.assertClean();
      s.assertStayedLocal();
    } finally {
      await s.close();
    }
  });

  test('a survey extract becomes the submission file counted by hand', async () => {
    const s = await app.open();
    try {
      await openRecords(s);
      await s.page.locator('#extract-survey').setInputFiles(SURVEY);
      const columns = s.page.locator('#columns-survey');
      await columns.waitFor();
      // The columns found by their headers, shown for the person to confirm.
      assert.equal(await s.page.locator('#map-survey-harassment_colleagues').inputValue(), 'Harassment from colleagues');
      assert.equal(await s.page.locator('#map-survey-ethnicity').inputValue(), 'Ethnicity');
      const [download] = await Promise.all([
        s.page.waitForEvent('download'),
        s.page.locator('#download-submission').click(),
      ]);
      assert.match(download.url(), /^blob:/);
      const rows = parseSubmission(readFileSync(await download.path(), 'utf8'));
      const row = (w, m) => rows.find((r) => r.workforce === w && r.measure === m);
      // By hand from tests/records/survey.csv (8 respondents):
      // adults: White British 2, Indian 2, African 1, "Prefer not to say" 1 (not known).
      const adults = row('adults', 'survey_respondents');
      assert.deepEqual(
        [adults.white_british, adults.asian_indian, adults.black_african, adults.not_known, adults.black_caribbean],
        ['2', '2', '1', '1', '0'],
      );
      // From the public: White British "1-2 times" and Indian "6-10 times".
      const pub = row('adults', 'harassment_public');
      assert.deepEqual([pub.white_british, pub.asian_indian, pub.not_known], ['1', '1', '0']);
      // From managers: Indian "1-2 times", "Prefer not to say" "More than 10 times".
      const managers = row('adults', 'harassment_managers');
      assert.deepEqual([managers.white_british, managers.asian_indian, managers.not_known], ['0', '1', '1']);
      // children: Caribbean (colleagues "1-2 times") and White Irish.
      const children = row('children', 'survey_respondents');
      assert.deepEqual([children.black_caribbean, children.white_irish], ['1', '1']);
      assert.equal(row('children', 'harassment_colleagues').black_caribbean, '1');
      // Counts only: no personal data, and no staff rows (no staff extract was given).
      assert.equal(rows.some((r) => r.measure === 'staff'), false);
      s.assertClean();
      s.assertStayedLocal();
    } finally {
      await s.close();
    }
  });

  test('changing a column changes the counts, and the results page uses them', async () => {
    const s = await app.open();
    try {
      await openRecords(s);
      await s.page.locator('#extract-survey').setInputFiles(SURVEY);
      await s.page.locator('#columns-survey').waitFor();
      // Say the file has no managers column: the managers rows leave the submission.
      await s.page.locator('#map-survey-harassment_managers').selectOption('');
      await eventually(async () => (await s.page.locator('#map-survey-harassment_managers').inputValue()) === '', 'choice kept');
      const [download] = await Promise.all([
        s.page.waitForEvent('download'),
        s.page.locator('#download-submission').click(),
      ]);
      const rows = parseSubmission(readFileSync(await download.path(), 'utf8'));
      assert.equal(rows.some((r) => r.measure === 'harassment_managers'), false);
      assert.ok(rows.some((r) => r.measure === 'harassment_colleagues'));
      // The counts go straight to the results.
      await s.page.locator('#use-counts').click();
      await s.page.locator('#summary-table').waitFor();
      // Adults M6: minority ethnic 1 of 3 (Indian 2 + African 1), white 1 of 2:
      // (1/3) / (1/2) = 0.67.
      const m6 = await s.page.locator('#summary-table tr[data-metric="M6"] td.rl').textContent();
      assert.equal(m6.trim(), '0.67');
      // M7b has no row now, so it cannot be calculated.
      assert.match(await s.page.locator('#summary-table tr[data-metric="M7b"]').textContent(), /Cannot be calculated/);
      s.assertClean();
      s.assertStayedLocal();
    } finally {
      await s.close();
    }
  });
});
