// Accessibility, a legal duty for councils (WCAG 2.2 AA): axe-core finds no violations on the
// start page, the error state and the results page, and the whole journey works by keyboard
// alone with a visible focus indicator.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { csvFile, eventually, ROOT, useApp, waitForApp } from './harness.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core in the page for WCAG 2.0/2.1/2.2 A and AA rules and returns the violations as
 * readable lines. axe is evaluated through the DevTools protocol, so the page's CSP stays on.
 */
async function axeViolations(page) {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(0, 2).join(' ')}`),
    }));
  });
  return violations.map((v) => `${v.id} (${v.help}):\n    ${v.nodes.join('\n    ')}`);
}

/** Presses Tab until the element with `id` has focus (at most `limit` presses). */
async function tabTo(page, id, limit = 60) {
  for (let i = 0; i < limit; i++) {
    if ((await page.evaluate(() => document.activeElement?.id)) === id) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`could not reach #${id} with the Tab key`);
}

describe('accessibility', () => {
  const app = useApp();

  test('axe-core finds no WCAG A/AA violations on the start page', async () => {
    const s = await app.open();
    try {
      await waitForApp(s.page);
      assert.deepEqual(await axeViolations(s.page), []);
    } finally {
      await s.close();
    }
  });

  test('axe-core finds no violations while asking which sheet of a workbook to read', async () => {
    const s = await app.open();
    try {
      await waitForApp(s.page);
      await s.page.locator('#file-upload').setInputFiles(`${ROOT}/tests/fixtures/xlsx/example-submission.xlsx`);
      await s.page.locator('#submission-sheet-legend').waitFor();
      assert.deepEqual(await axeViolations(s.page), []);
    } finally {
      await s.close();
    }
  });

  test('axe-core finds no violations in the error state', async () => {
    const s = await app.open();
    try {
      await waitForApp(s.page);
      await s.page.locator('#file-upload').setInputFiles(csvFile('bad.csv', [
        ['workforce', 'measure', 'pay_band', 'white', 'minority_ethnic', 'not_known'],
        ['adults', 'staff', 'Band A', '-4', '2', '1'],
      ]));
      await s.page.locator('#error-summary').waitFor();
      assert.deepEqual(await axeViolations(s.page), []);
    } finally {
      await s.close();
    }
  });

  test('axe-core finds no violations on the results page, settings open', async () => {
    const s = await app.open();
    try {
      await waitForApp(s.page);
      await s.page.locator('#try-example').click();
      await s.page.locator('#summary-table').waitFor();
      await s.page.locator('.settings summary').click();
      await s.page.locator('.warnings-all summary').click();
      assert.deepEqual(await axeViolations(s.page), []);
    } finally {
      await s.close();
    }
  });

  test('the method and accessibility pages have no violations', async () => {
    const s = await app.open();
    try {
      await waitForApp(s.page);
      await s.page.locator('footer a', { hasText: 'How we calculate this' }).click();
      await s.page.getByRole('heading', { level: 1, name: /How we calculate this/ }).waitFor();
      assert.deepEqual(await axeViolations(s.page), []);
      await s.page.locator('footer a', { hasText: 'Accessibility statement' }).click();
      await s.page.getByRole('heading', { level: 1, name: 'Accessibility statement' }).waitFor();
      assert.deepEqual(await axeViolations(s.page), []);
    } finally {
      await s.close();
    }
  });

  test('the HR extracts and manual entry pages have no violations, with data and with a slip', async () => {
    const s = await app.open();
    try {
      await waitForApp(s.page);
      await s.page.locator('#go-records').click();
      await s.page.locator('#extract-survey').setInputFiles(new URL('../records/survey.csv', import.meta.url).pathname);
      await s.page.locator('#columns-survey').waitFor();
      assert.deepEqual(await axeViolations(s.page), []);
      await s.page.locator('.back-link').first().click();
      await s.page.locator('#go-manual').click();
      await s.page.locator('#cell-3-0').fill('4x');
      await s.page.locator('#manual-errors').waitFor();
      assert.deepEqual(await axeViolations(s.page), []);
    } finally {
      await s.close();
    }
  });

  test('the whole journey works by keyboard alone, with a visible focus indicator', async () => {
    const s = await app.open();
    try {
      await waitForApp(s.page);
      // Load the example with the keyboard.
      await tabTo(s.page, 'try-example');
      const outline = await s.page.evaluate(() => getComputedStyle(document.activeElement).backgroundColor);
      assert.equal(outline, 'rgb(255, 221, 0)', 'focused buttons turn the GOV.UK focus yellow');
      await s.page.keyboard.press('Enter');
      await s.page.locator('#summary-table').waitFor();
      // Choose a workforce with the arrow keys, as radio buttons work.
      await tabTo(s.page, 'scope-adults');
      await s.page.keyboard.press('ArrowRight');
      await s.page.locator('#results-heading', { hasText: "Children's social care" }).waitFor();
      // Open the settings and turn on presentation-safe mode with the space bar.
      await s.page.evaluate(() => document.querySelector('.settings summary').focus());
      await s.page.keyboard.press('Enter');
      await tabTo(s.page, 'safe-mode');
      await s.page.keyboard.press('Space');
      assert.equal(await s.page.locator('#safe-mode').isChecked(), true);
      // Follow a summary-table link to its metric section.
      await s.page.evaluate(() => document.querySelector('#summary-table a').focus());
      await s.page.keyboard.press('Enter');
      await eventually(async () => (await s.page.evaluate(() => document.activeElement?.id)) === 'metric-m1', 'focus moves to the M1 section');
      // Download the results with the keyboard.
      await tabTo(s.page, 'download-csv', 200);
      const [download] = await Promise.all([s.page.waitForEvent('download'), s.page.keyboard.press('Enter')]);
      assert.equal(download.suggestedFilename(), 'sc-wres-results.csv');
      s.assertClean();
      s.assertStayedLocal();
    } finally {
      await s.close();
    }
  });

  test('the error summary links work by keyboard', async () => {
    const s = await app.open();
    try {
      await waitForApp(s.page);
      await s.page.locator('#file-upload').setInputFiles(csvFile('bad.csv', [
        ['workforce', 'measure', 'pay_band', 'white', 'minority_ethnic', 'not_known'],
        ['adults', 'staff', 'Band A', '10', '2.5', '1'],
      ]));
      await eventually(async () => (await s.page.evaluate(() => document.activeElement?.id)) === 'error-summary', 'summary focused');
      await s.page.keyboard.press('Tab');
      assert.match(await s.page.evaluate(() => document.activeElement.textContent), /Row 2, column E/);
      await s.page.keyboard.press('Enter');
      await eventually(async () => (await s.page.evaluate(() => document.activeElement?.id)) === 'problem-0', 'focus on the preview');
    } finally {
      await s.close();
    }
  });
});
