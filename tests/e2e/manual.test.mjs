// Entering the counts by hand gives the same results and the same submission file as the
// equivalent file (data/example-submission.csv), and a typing slip is caught at once.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { eventually, ROOT, useApp, waitForApp } from './harness.mjs';

const EXAMPLE = readFileSync(`${ROOT}/data/example-submission.csv`, 'utf8');
const MEASURES = ['shortlisted', 'appointed', 'disciplinary', 'regulated_professionals', 'ftp_referrals', 'cpd', 'leavers', 'senior_managers', 'survey_respondents', 'harassment_public', 'harassment_colleagues', 'harassment_managers'];

/** The example's rows as { "adults/appointed": ["98","52","6"], "adults/staff/0": [...] }. */
function exampleRows() {
  const rows = {};
  const bandIndex = {};
  for (const line of EXAMPLE.trim().split('\n').slice(1)) {
    const m = line.match(/^(\w+),(\w+),("[^"]*"|[^,]*),(\d+),(\d+),(\d+)$/);
    const [, w, measure, band, white, me, nk] = m;
    let key = `${w}/${measure}`;
    if (measure === 'staff') {
      bandIndex[w] = (bandIndex[w] ?? -1) + 1;
      key += `/${bandIndex[w]}`;
    }
    rows[key] = [white, me, nk];
  }
  return rows;
}

/** Grid line index of a row: adults first (3 bands then 12 measures), then children. */
function lineOf(workforce, measure, band) {
  const base = workforce === 'adults' ? 0 : 15;
  return measure === 'staff' ? base + band : base + 3 + MEASURES.indexOf(measure);
}

describe('entering the counts by hand', () => {
  const app = useApp();

  test('the example typed in gives the example results and an equivalent submission file', async () => {
    const s = await app.open();
    try {
      await waitForApp(s.page);
      await s.page.locator('#go-manual').click();
      await s.page.getByRole('heading', { level: 1, name: 'Enter your counts' }).waitFor();
      for (const [key, values] of Object.entries(exampleRows())) {
        const [w, measure, band] = key.split('/');
        const line = lineOf(w, measure, Number(band));
        for (let c = 0; c < 3; c++) await s.page.locator(`#cell-${line}-${c}`).fill(values[c]);
      }
      // Live results: adults M2 = (52/380) / (98/410) = 0.5725 -> 0.57, as from the file.
      await eventually(async () => (await s.page.locator('#summary-table tr[data-metric="M2"] td.rl').count()) === 1, 'live results');
      assert.equal((await s.page.locator('#summary-table tr[data-metric="M2"] td.rl').textContent()).trim(), '0.57');
      const [download] = await Promise.all([s.page.waitForEvent('download'), s.page.locator('#manual-download').click()]);
      const typed = readFileSync(await download.path(), 'utf8');
      assert.ok(typed.startsWith('\uFEFF'), 'a byte-order mark, for Excel');
      assert.equal(typed.slice(1).trim(), EXAMPLE.trim(), 'the grid writes the same submission file');
      await s.page.locator('#manual-see-results').click();
      await s.page.locator('#summary-table').waitFor();
      assert.equal((await s.page.locator('#summary-table tr[data-metric="M3"] td.rl').textContent()).trim(), '2.72');
      s.assertClean();
      s.assertStayedLocal();
    } finally {
      await s.close();
    }
  });

  test('a slip is reported at once, with a link to the cell', async () => {
    const s = await app.open();
    try {
      await waitForApp(s.page);
      await s.page.locator('#go-manual').click();
      await s.page.locator('#cell-3-0').fill('410');
      await s.page.locator('#cell-3-1').fill('3O0'); // letter O for zero
      await s.page.locator('#cell-3-2').fill('30');
      const summary = s.page.locator('#manual-errors');
      await summary.waitFor();
      const link = summary.locator('a').first();
      assert.match(await link.textContent(), /Adult social care, shortlisted, Minority ethnic: "3O0" is not a number/);
      assert.equal(await s.page.locator('#cell-3-1').getAttribute('aria-invalid'), 'true');
      await link.click();
      await eventually(async () => (await s.page.evaluate(() => document.activeElement?.id)) === 'cell-3-1', 'the link focuses the cell');
      s.assertClean();
    } finally {
      await s.close();
    }
  });
});
