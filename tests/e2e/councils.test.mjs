// The "Compare councils" page (issue #21): many submission files dropped at once, a file with
// errors listed with its problems and left out, anonymous labels by default, a funnel plot
// for each metric drawn with its words and table, the slides, the exports, no request leaving
// the page, and axe-core clean. Screenshots of the funnel plots with 20 and 150 councils are
// written to test-artifacts/ for a person to look at.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { councilFiles, councilName } from '../../scripts/council-files.mjs';
import { eventually, labelsOverlapping, paintedPixels, useApp, waitForApp } from './harness.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

async function axeViolations(page) {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
  return violations;
}

const METRICS = ['m2', 'm3', 'm4', 'm5', 'm6', 'm7a', 'm7b', 'm8', 'm9'];

/** Opens the page and goes to "Compare councils". */
async function openCouncils(app) {
  const s = await app.open();
  await waitForApp(s.page);
  await s.page.locator('#go-councils').click();
  await s.page.getByRole('heading', { level: 1, name: 'Compare councils' }).waitFor();
  return s;
}

const BROKEN = {
  name: 'Broken council.csv',
  mimeType: 'text/csv',
  buffer: Buffer.from('workforce,measure,pay_band,white,minority_ethnic,not_known\r\nadults,staff,All staff,10,ten,0\r\n'),
};

/** Drops `files` onto the page's drop zone, as a person drags them from a folder. */
async function dropFiles(page, files) {
  const transfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: 'text/csv' }));
    return dt;
  }, files.map((f) => ({ name: f.name, bytes: [...f.buffer] })));
  await page.locator('.drop-zone').dispatchEvent('drop', { dataTransfer: transfer });
}

describe('compare councils', () => {
  const app = useApp();

  test('many files dropped at once: errors listed by file, row and column; labels anonymous; every funnel drawn', async () => {
    const s = await openCouncils(app);
    try {
      const files = councilFiles(20);
      await dropFiles(s.page, [...files.slice(0, 10), BROKEN, ...files.slice(10), files[3]]);
      await eventually(
        async () => /20 councils compared, 2 left out/.test(await s.page.locator('#councils-status').innerText()),
        'the status says 20 councils were compared and 2 left out',
        { timeout: 15_000 },
      );
      const problems = await s.page.locator('#councils-problems').innerText();
      assert.match(problems, /Broken council\.csv: Row 2, column E \(minority_ethnic\)/);
      assert.match(await s.page.locator('#councils-repeats').innerText(), /same file as/);
      // Every metric's funnel is drawn, with its words.
      for (const m of METRICS) {
        assert.ok((await paintedPixels(s.page, `chart-funnel-adults-${m}`)) > 1000, `funnel ${m} drawn`);
        const words = await s.page.locator(`#funnel-words-adults-${m}`).innerText();
        assert.match(words, /councils are drawn against the councils' pooled figure/);
      }
      assert.ok((await paintedPixels(s.page, 'chart-m1-adults')) > 1000, 'M1 drawn');
      // Anonymous by default: no council's name anywhere on the page or in a chart's option.
      const text = await s.page.locator('main').innerText();
      assert.ok(!text.includes(councilName(0)), 'no name in the page');
      assert.match(text, /Council A/);
      const option = await s.page.evaluate(() =>
        JSON.stringify(window.echarts.getInstanceByDom(document.getElementById('chart-funnel-adults-m2')).getOption()),
      );
      assert.ok(!option.includes('shire'), 'no name in the chart');
      // Names on request.
      await s.page.locator('#councils-list summary').click();
      assert.match(await s.page.locator('#councils-list').innerText(), /Council A\s+\(hidden\)/);
      await s.page.locator('#councils-names').check();
      await eventually(
        async () => (await s.page.locator('#funnel-words-adults-m2').innerText()).length > 0 &&
          (await s.page.locator('#councils-list').innerText()).includes(councilName(0)),
        'names shown when asked for',
      );
      await s.page.locator('#councils-names').uncheck();
      // The table equivalent of a funnel.
      await s.page.locator('#funnel-adults-m3 summary').click();
      await eventually(
        async () => (await s.page.locator('#funnel-adults-m3 table tbody tr').count()) === 20,
        'the table lists the 20 councils',
      );
      // Children's workforce.
      await s.page.locator('#councils-scope-children').check();
      assert.ok((await paintedPixels(s.page, 'chart-funnel-children-m2')) > 1000);
      await s.page.locator('#councils-scope-adults').check();
      await s.page.locator('#chart-funnel-adults-m2 svg').waitFor();
      // No council's name, axis name or legend entry drawn over another.
      assert.deepEqual(await labelsOverlapping(s.page), [], 'funnel labels drawn over each other');
      await s.screenshot('councils-20-page');
      await s.page.locator('#chart-funnel-adults-m2').screenshot({ path: 'test-artifacts/councils-funnel-20.png' });
      s.assertClean();
      s.assertStayedLocal();
    } finally {
      await s.close();
    }
  });

  test('exports: CSV and JSON with labels, and the slides (arrow keys, Escape)', async () => {
    const s = await openCouncils(app);
    try {
      await s.page.locator('#councils-upload').setInputFiles(councilFiles(12));
      await s.page.locator('#chart-funnel-adults-m2 svg').waitFor();
      const [csv] = await Promise.all([s.page.waitForEvent('download'), s.page.locator('#councils-csv').click()]);
      const csvText = readFileSync(await csv.path(), 'utf8');
      assert.match(csvText, /^workforce,metric,title,pooled_relative_likelihood/);
      assert.match(csvText, /\r\nCouncil A,adults,M2,/);
      assert.ok(!csvText.includes('shire'));
      const [json] = await Promise.all([s.page.waitForEvent('download'), s.page.locator('#councils-json').click()]);
      const doc = JSON.parse(readFileSync(await json.path(), 'utf8'));
      assert.equal(doc.pooled.length, 18, '9 metrics, 2 workforces');
      assert.equal(doc.councils[0].label, 'Council A');
      assert.equal(doc.councils[0].file, undefined, 'no file names while the labels are anonymous');
      // Slides: one metric a slide, labels only; M1 first, its shares as published.
      await s.page.locator('#councils-present').click();
      await s.page.locator('#councils-slides').waitFor();
      assert.match(await s.page.locator('#councils-slides h2').innerText(), /^M1 /);
      assert.equal((await s.page.locator('#councils-slide-next').innerText()).trim(), 'Next');
      assert.ok(await s.page.locator('#councils-slide-previous').isDisabled(), 'no slide before the first');
      assert.ok(await s.page.locator('#councils-slide-next').isEnabled());
      assert.ok((await paintedPixels(s.page, 'chart-m1-slide-adults')) > 1000);
      assert.ok(!(await s.page.locator('#councils-slides').innerText()).includes('shire'));
      await s.page.keyboard.press('ArrowRight');
      await eventually(async () => /^M2 /.test(await s.page.locator('#councils-slides h2').innerText()), 'the M2 slide');
      await s.page.keyboard.press('ArrowRight');
      await eventually(async () => /^M3 /.test(await s.page.locator('#councils-slides h2').innerText()), 'next slide');
      assert.ok((await paintedPixels(s.page, 'chart-councils-slide')) > 1000);
      assert.ok(!(await s.page.locator('#councils-slides').innerText()).includes('shire'));
      await s.page.keyboard.press('Escape');
      await s.page.locator('#councils-present').waitFor();
      s.assertClean();
      s.assertStayedLocal();
    } finally {
      await s.close();
    }
  });

  test('150 councils: every chart drawn, axe-core clean, reflows at 320 px', async () => {
    const s = await openCouncils(app);
    try {
      // No animation, so that the pictures show the charts as they end up.
      await s.page.emulateMedia({ reducedMotion: 'reduce' });
      await s.page.locator('#councils-upload').setInputFiles([...councilFiles(150), BROKEN]);
      await eventually(
        async () => /150 councils compared, 1 left out/.test(await s.page.locator('#councils-status').innerText()),
        '150 councils compared',
        { timeout: 20_000 },
      );
      for (const m of METRICS) {
        assert.ok((await paintedPixels(s.page, `chart-funnel-adults-${m}`)) > 1000, `funnel ${m} drawn`);
      }
      await s.page.locator('#chart-funnel-adults-m5').screenshot({ path: 'test-artifacts/councils-funnel-150.png' });
      // The over-dispersion adjustment, where it is offered, says which is shown.
      const offered = s.page.locator('input[id$="-additive"]').first();
      if (await offered.count()) {
        await offered.check();
        const section = offered.locator('xpath=ancestor::section[1]');
        await eventually(async () => /τ² = /.test(await section.innerText()), 'the additive adjustment is named');
        await section.locator('.chart__canvas').screenshot({ path: 'test-artifacts/councils-funnel-150-additive.png' });
      }
      assert.deepEqual(await axeViolations(s.page), []);
      await s.page.setViewportSize({ width: 320, height: 800 });
      await eventually(
        async () => s.page.evaluate(() => document.documentElement.scrollWidth <= 320),
        'no horizontal scrolling at 320 px',
      );
      s.assertClean();
      s.assertStayedLocal();
    } finally {
      await s.close();
    }
  });
});
