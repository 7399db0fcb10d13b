// The calculator as an HR lead uses it: example data gives the right numbers on screen, a bad
// file gives a findable error, the workforce switch and the band change tables and charts with
// no stale series, the results CSV downloads with the right content, and presentation-safe
// mode hides small counts. Expected numbers are worked out by hand in the comments, from
// data/example-submission.csv, never copied from the app's output.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { csvFile, eventually, pictureStats, useApp, waitForApp } from './harness.mjs';

/** The summary-table row of a metric: its cells' text. */
async function summaryRow(page, metric) {
  const row = page.locator(`#summary-table tr[data-metric="${metric}"]`);
  await row.waitFor();
  return {
    rl: (await row.locator('td.rl').textContent()).trim(),
    ci: (await row.locator('td').nth(1).textContent()).trim(),
    verdict: (await row.locator('td').nth(2).textContent()).trim(),
    sentence: (await row.locator('.sentence').textContent()).trim(),
  };
}

/** The current ECharts option of a chart, read from the live instance. */
async function chartOption(page, id) {
  return page.evaluate((id) => {
    const chart = window.echarts.getInstanceByDom(document.getElementById(id));
    if (!chart) return null;
    const o = chart.getOption();
    return { series: o.series.map((s) => ({ name: s.name, data: s.data, markArea: s.markArea })) };
  }, id);
}

async function loadExample(page) {
  await waitForApp(page);
  await page.locator('#try-example').click();
  await page.locator('#summary-table').waitFor();
}

describe('results from the example submission', () => {
  const app = useApp();

  test('the summary shows the hand-checked figures for adults', async () => {
    const s = await app.open();
    try {
      await loadExample(s.page);
      assert.match(await s.page.locator('#results-heading').textContent(), /Adult social care/);
      // M2: minority ethnic 52 appointed of 380 shortlisted = 0.136842; white 98 of 410 =
      // 0.239024; RL = 0.136842 / 0.239024 = 0.5725 -> "0.57", 43% less likely.
      const m2 = await summaryRow(s.page, 'M2');
      assert.equal(m2.rl, '0.57');
      assert.match(m2.verdict, /Adverse to minority ethnic staff/);
      assert.match(m2.sentence, /Minority ethnic staff were 0\.57 times as likely as white staff to be appointed from shortlisting \(43% less likely\)/);
      // M3: headcount minority ethnic 190+95+4 = 289, white 520+310+28 = 858; disciplinary
      // 11 and 12: (11/289) / (12/858) = 0.038062 / 0.013986 = 2.7215 -> "2.72".
      assert.equal((await summaryRow(s.page, 'M3')).rl, '2.72');
      // M5: CPD 105/289 = 0.363322, 300/858 = 0.349650: RL 1.0391 -> "1.04", within 0.80-1.25.
      const m5 = await summaryRow(s.page, 'M5');
      assert.equal(m5.rl, '1.04');
      assert.match(m5.verdict, /Within the band/);
      // National figures beside it: M2 2023 0.5 and 2024 0.52 (SC-WRES reports).
      const cells = await s.page.locator('#summary-table tr[data-metric="M2"] td').allTextContents();
      // The 2023 figure comes from headline words ("half as likely"), so it is "about".
      assert.deepEqual(cells.slice(3).map((c) => c.trim()), ['about 0.5', '0.52']);
      // M1 pay band table: Under £30,000 has 190 of 750 staff minority ethnic = 25.3%.
      const band = s.page.locator('#bands-table tbody tr').first();
      assert.match(await band.textContent(), /Under £30,000.*190.*520.*40.*25\.3%/);
      s.assertClean();
      s.assertStayedLocal();
      await s.screenshot('results');
    } finally {
      await s.close();
    }
  });

  test('switching workforce updates the table and the charts, leaving no stale series', async () => {
    const s = await app.open();
    try {
      await loadExample(s.page);
      // Adults M2 point: 0.5725 (above).
      let option = await eventually(async () => {
        const o = await chartOption(s.page, 'chart-forest');
        return o && o.series.length === 6 ? o : null;
      }, 'the overview chart was drawn');
      // The council's points are in three series, by the strength of their evidence.
      const council = (o) => o.series
        .filter((x) => /^(Outside the band|Within the band)/.test(x.name))
        .flatMap((x) => x.data ?? [])
        .sort((a, b) => a[1].localeCompare(b[1], 'en', { numeric: true }));
      assert.ok(Math.abs(council(option)[0][0] - 0.5725) < 0.0001);
      await s.page.locator('#scope-children').check();
      await s.page.locator('#results-heading', { hasText: "Children's social care" }).waitFor();
      // Children M2: (30/170) / (61/220) = 0.176471 / 0.277273 = 0.6365 -> "0.64".
      assert.equal((await summaryRow(s.page, 'M2')).rl, '0.64');
      option = await eventually(async () => {
        const o = await chartOption(s.page, 'chart-forest');
        return o && Math.abs(council(o)[0][0] - 0.6365) < 0.0001 ? o : null;
      }, 'the overview chart shows the children figures');
      assert.equal(option.series.length, 6, 'exactly the current series');
      assert.equal(council(option).length, 9, 'one point per metric M2 to M9');
      // Combined M2: (52+30)/(380+170) = 0.149091; (98+61)/(410+220) = 0.252381; RL 0.5907.
      await s.page.locator('#scope-combined').check();
      assert.equal((await summaryRow(s.page, 'M2')).rl, '0.59');
      s.assertClean();
      s.assertStayedLocal();
    } finally {
      await s.close();
    }
  });

  test('changing the band changes verdicts and the shaded band on the chart', async () => {
    const s = await app.open();
    try {
      await loadExample(s.page);
      // M7a adults: (27/150) / (63/420) = 0.18 / 0.15 = 1.20: within 0.80-1.25, above 1.10.
      assert.match((await summaryRow(s.page, 'M7a')).verdict, /Within the band/);
      await s.page.locator('.settings summary').click();
      await s.page.locator('#band-low').fill('0.9');
      await s.page.locator('#band-high').fill('1.1');
      await eventually(async () => /adverse to minority ethnic staff/i.test((await summaryRow(s.page, 'M7a')).verdict), 'M7a turns adverse with the band 0.9 to 1.1');
      const option = await eventually(async () => {
        const o = await chartOption(s.page, 'chart-forest');
        const area = o?.series[0]?.markArea?.data?.[0];
        return area && Number(area[0].xAxis) === 0.9 && Number(area[1].xAxis) === 1.1 ? o : null;
      }, 'the chart shades 0.9 to 1.1');
      assert.equal(option.series.length, 6);
      // A band that does not contain 1 is refused with a message, and the default is used.
      await s.page.locator('#band-low').fill('1.5');
      await s.page.locator('#band-error').waitFor();
      assert.match(await s.page.locator('#band-error').textContent(), /lower end of the band \(1\.5\)/);
      s.assertClean();
    } finally {
      await s.close();
    }
  });

  test('NHS orientation states M2 white relative to minority ethnic', async () => {
    const s = await app.open();
    try {
      await loadExample(s.page);
      await s.page.locator('.settings summary').click();
      await s.page.locator('#nhs-orientation').check();
      // 1 / 0.5725 = 1.7467 -> "1.75".
      await eventually(async () => (await summaryRow(s.page, 'M2')).rl === '1.75', 'M2 inverted');
      const m2 = await summaryRow(s.page, 'M2');
      assert.match(m2.sentence, /^White staff were 1\.75 times as likely as minority ethnic staff/);
      assert.match(m2.sentence, /NHS WRES orientation/);
      assert.match(m2.verdict, /Adverse to minority ethnic staff/, 'the verdict does not flip');
      s.assertClean();
    } finally {
      await s.close();
    }
  });

  test('presentation-safe mode shows counts under 10 as <10', async () => {
    const s = await app.open();
    try {
      await loadExample(s.page);
      // M4 adults: 3 minority ethnic referrals of 70 regulated professionals.
      const m4 = s.page.locator('#metric-m4 table').first();
      assert.match(await m4.textContent(), /Minority ethnic\s*3\s*70/);
      await s.page.locator('.settings summary').click();
      await s.page.locator('#safe-mode').check();
      await eventually(async () => /Minority ethnic\s*<10\s*70/.test(await m4.textContent()), 'small count hidden');
      assert.doesNotMatch(await s.page.locator('main').textContent(), /Minority ethnic\s*3\s*70/);
      s.assertClean();
    } finally {
      await s.close();
    }
  });

  test('the results CSV downloads on the device with the expected content', async () => {
    const s = await app.open();
    try {
      await loadExample(s.page);
      const [download] = await Promise.all([
        s.page.waitForEvent('download', { timeout: 10_000 }),
        s.page.locator('#download-csv').click(),
      ]);
      assert.equal(download.suggestedFilename(), 'sc-wres-results.csv');
      assert.match(download.url(), /^blob:/);
      const raw = readFileSync(await download.path(), 'utf8');
      assert.ok(raw.startsWith('\uFEFF'), 'a byte-order mark, for Excel');
      const lines = raw.slice(1).split('\r\n');
      assert.match(lines[0], /^workforce,metric,title,orientation,minority_ethnic_events,minority_ethnic_population/);
      const m2 = lines.find((l) => l.startsWith('adults,M2,'));
      assert.ok(m2, 'an adults M2 row');
      // events and populations as in the file; RL 0.5725 to six places.
      assert.match(m2, /,52,380,0\.136842,98,410,0\.239024,6,30,0\.572\d{3},/);
      assert.ok(lines.some((l) => l.startsWith('combined,M9,')), 'combined rows present');
      s.assertClean();
      s.assertStayedLocal();
    } finally {
      await s.close();
    }
  });

  test('each chart is named by its summary, for screen readers', async () => {
    const s = await app.open();
    try {
      await loadExample(s.page);
      for (const id of ['chart-forest', 'chart-bands']) {
        const chart = s.page.locator(`[id="${id}"]`);
        await chart.locator('svg').waitFor();
        const label = await chart.getAttribute('aria-label');
        const caption = await s.page.locator('figure.chart', { has: chart }).locator('figcaption').textContent();
        assert.equal(await chart.getAttribute('role'), 'img');
        assert.equal(label, caption, `#${id} is named by its summary`);
        assert.match(label, /^(Chart of relative likelihoods|Stacked bar chart of staff in each pay band)/);
        assert.doesNotMatch(label, /NaN/);
      }
      s.assertClean();
    } finally {
      await s.close();
    }
  });

  test('a chart\'s tooltip can be hovered and is dismissed with Escape (WCAG 1.4.13)', async () => {
    const s = await app.open();
    try {
      await loadExample(s.page);
      const chart = s.page.locator('#chart-bands');
      await chart.locator('svg').waitFor();
      await chart.scrollIntoViewIfNeeded();
      const box = await chart.boundingBox();
      // The pay-band chart shows a tooltip for the band under the pointer.
      await s.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const tooltip = chart.locator('.chart__tooltip');
      await tooltip.waitFor({ state: 'visible', timeout: 5_000 });
      assert.match(await tooltip.textContent(), /Minority ethnic/);
      // Hoverable: the pointer can move onto it and it stays.
      const tip = await tooltip.boundingBox();
      await s.page.mouse.move(tip.x + tip.width / 2, tip.y + tip.height / 2);
      await s.page.waitForTimeout(400);
      assert.equal(await tooltip.isVisible(), true, 'the tooltip stays while the pointer is on it');
      // Dismissible: Escape hides it, the pointer still where it was.
      await s.page.keyboard.press('Escape');
      await tooltip.waitFor({ state: 'hidden', timeout: 2_000 });
      // And it comes back when the pointer moves over the chart's data again.
      await s.page.mouse.move(box.x + 5, box.y + 5);
      await s.page.mouse.move(box.x + box.width / 3, box.y + box.height / 2);
      await tooltip.waitFor({ state: 'visible', timeout: 5_000 });
      s.assertClean();
    } finally {
      await s.close();
    }
  });

  test('in a high-contrast mode (forced colours) each chart keeps its white background', async () => {
    const s = await app.open();
    try {
      await loadExample(s.page);
      await s.page.emulateMedia({ forcedColors: 'active', colorScheme: 'dark' });
      for (const id of ['chart-forest', 'chart-bands']) {
        const chart = s.page.locator(`[id="${id}"]`);
        await chart.locator('svg').waitFor();
        // The page around it takes the theme's colours; the chart, drawn for white, does not.
        const colours = await chart.evaluate((c) => ({
          chart: getComputedStyle(c).backgroundColor,
          page: getComputedStyle(document.body).backgroundColor,
        }));
        assert.equal(colours.chart, 'rgb(255, 255, 255)', `#${id} background`);
        assert.notEqual(colours.page, 'rgb(255, 255, 255)', 'the page follows the dark theme');
      }
      s.assertClean();
    } finally {
      await s.close();
    }
  });

  test('"Save chart as PNG" saves the chart as drawn, twice its size, on white', async () => {
    const s = await app.open();
    try {
      await loadExample(s.page);
      const figure = s.page.locator('figure.chart', { has: s.page.locator('#chart-forest') });
      const size = await figure.locator('svg').first().evaluate((svg) => {
        const { width, height } = svg.getBoundingClientRect();
        return { width, height };
      });
      const [download] = await Promise.all([
        s.page.waitForEvent('download', { timeout: 10_000 }),
        figure.getByRole('button', { name: 'Save chart as PNG' }).click(),
      ]);
      assert.equal(download.suggestedFilename(), 'sc-wres-overview.png');
      assert.match(download.url(), /^data:image\/png;base64,/);
      const png = readFileSync(await download.path());
      assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG file');
      // The IHDR chunk: width and height, twice the chart's CSS size.
      assert.equal(png.readUInt32BE(16), Math.round(size.width * 2));
      assert.equal(png.readUInt32BE(20), Math.round(size.height * 2));
      // Opaque white behind the chart, and the chart itself on it (not a blank picture).
      const pixels = await pictureStats(s.page, download.url());
      assert.equal(pixels.transparent, 0, 'the picture has a white background');
      assert.ok(pixels.dark > 5000, `the picture shows the chart (${pixels.dark} dark pixels)`);
      s.assertClean();
      s.assertStayedLocal();
    } finally {
      await s.close();
    }
  });

  test('an earlier year\'s file adds a comparison of both years, measured as a ratio', async () => {
    const s = await app.open();
    try {
      await loadExample(s.page);
      // Last year: adults appointed 40 minority ethnic, 98 white of the same shortlist:
      // RL (40/380) / (98/410) = 0.105263 / 0.239024 = 0.4404 -> "0.44"; this year 0.57.
      // The change is 52/40 = 1.30 times: "30% higher".
      const example = readFileSync(new URL('../../data/example-submission.csv', import.meta.url), 'utf8');
      const lastYear = example.replace('adults,appointed,,98,52,6', 'adults,appointed,,98,40,6');
      await s.page.locator('#earlier-upload').setInputFiles({ name: 'sc-wres-2023.csv', mimeType: 'text/csv', buffer: Buffer.from(lastYear) });
      const table = s.page.locator('#changes-table');
      await table.waitFor();
      // The year comes from the file's name; this file has none until it is typed.
      assert.equal(await s.page.locator('#earlier-list input').inputValue(), '2023');
      await s.page.locator('#this-year').fill('2024');
      await eventually(async () => /2023.*2024/.test(await table.locator('thead').textContent()), 'the years head the table');
      const m2 = table.locator('tbody tr[data-metric="M2"]');
      assert.match(await m2.textContent(), /M2.*0\.44.*0\.57.*30% higher; a change this size could well be chance/);
      s.assertClean();
      s.assertStayedLocal();
    } finally {
      await s.close();
    }
  });

  test('verdicts say how strong the evidence is, and what it would take', async () => {
    const s = await app.open();
    try {
      await loadExample(s.page);
      // M2 adults 0.57, interval about 0.41 to 0.80, wholly below 0.80: clear.
      assert.match((await summaryRow(s.page, 'M2')).verdict, /Adverse to minority ethnic staff: clear/);
      // M4 adults: 3 of 70 against 2 of 160 = 3.43, interval about 0.59 to 20: not clear.
      assert.match((await summaryRow(s.page, 'M4')).verdict, /Outside the band \(adverse to minority ethnic staff\), but too few to be sure/);
      const m4 = s.page.locator('#metric-m4');
      assert.match(await m4.textContent(), /95% confidence interval 0\.5\d to 20\.\d\d; band 0\.80 to 1\.25\. The 95% confidence interval reaches into the band/);
      // 3 referrals of 70 against 2 of 160: at most 1.25 × 2 × 70 / 160 = 1.09, so 1: 2 fewer.
      assert.match(await m4.textContent(), /What it would take, with the white figures unchanged: 2 fewer minority ethnic referrals among the same 70 minority ethnic regulated professionals would bring M4 to 1\.14, within the band/);
      // On the chart, M4 is a hollow point.
      const option = await eventually(() => chartOption(s.page, 'chart-forest'), 'the overview chart');
      const hollow = (option.series.find((x) => x.name === 'Outside the band: too few to be sure').data ?? []).map((p) => p[1]);
      assert.ok(hollow.some((label) => label.startsWith('M4')), hollow.join());
      s.assertClean();
    } finally {
      await s.close();
    }
  });

  test('the example\'s earlier years give a trend chart per metric, with its table and words', async () => {
    const s = await app.open();
    try {
      await loadExample(s.page);
      await s.page.locator('#try-earlier-example').click();
      const table = s.page.locator('#changes-table');
      await table.waitFor();
      assert.match(await table.locator('thead').textContent(), /2022.*2023.*2024/);
      const m2 = s.page.locator('#metric-m2');
      await m2.locator('.trend-table').waitFor();
      const points = await eventually(async () => {
        const o = await chartOption(s.page, 'chart-trend-m2');
        const p = o?.series.find((x) => x.name === 'This council')?.data;
        return p && p.length === 3 ? p : null;
      }, 'the M2 trend chart has three years');
      assert.deepEqual(points.map((p) => p[0]), ['2022', '2023', '2024']);
      assert.equal(await m2.locator('.trend-table tbody tr').count(), 3);
      assert.match(await m2.locator('.change-list').textContent(), /went from 0\.\d\d in 2022 to 0\.\d\d in 2023/);
      assert.match(await s.page.locator('#chart-trend-m2').getAttribute('aria-label'), /M2 Appointment from shortlisting across 3 years/);
      s.assertClean();
      s.assertStayedLocal();
    } finally {
      await s.close();
    }
  });

  test('with small counts hidden, no rate, share or figure beside them gives one away', async () => {
    const s = await app.open();
    try {
      await loadExample(s.page);
      await s.page.locator('.settings summary').click();
      await s.page.locator('#safe-mode').check();
      await eventually(async () => /<10/.test(await s.page.locator('#metric-m4 table').first().textContent()), 'small counts hidden');
      await s.page.locator('#metric-m9').waitFor();
      // Every counts-table row that hides a count hides its rate too.
      const counts = await s.page.locator('main .counts-table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
      const hiding = counts.filter((c) => /<10|hidden/.test(c[1] + c[2]));
      assert.ok(hiding.length > 0, 'some rows hide counts');
      for (const c of hiding) assert.equal(c[3], '–', c.join(' | '));
      // Each pay band hiding its minority ethnic count hides that group's shares and ratios.
      const bands = await s.page.locator('#bands-table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
      const hidden = bands.filter((c) => /<10|hidden/.test(c[1]));
      assert.ok(hidden.length > 0, 'a band hides its minority ethnic count');
      for (const c of hidden) {
        for (const i of [4, 7, 8, 9, 10]) assert.equal(c[i], '–', `${c[0]}, column ${i}: ${c.join(' | ')}`);
      }
      // M4 (3 referrals of 70) has no figure, on the table or the chart, but keeps its verdict.
      const m4 = await summaryRow(s.page, 'M4');
      assert.equal(m4.rl, '–');
      assert.match(m4.verdict, /adverse to minority ethnic staff/i);
      const option = await chartOption(s.page, 'chart-forest');
      const labels = option.series.filter((x) => /^(Outside|Within)/.test(x.name)).flatMap((x) => (x.data ?? []).map((p) => p[1]));
      assert.ok(!labels.some((l) => l.startsWith('M4')), labels.join());
      // The example plan's M9 action (adults: 3 minority ethnic senior managers) keeps its
      // baseline, but the plan shows it hidden while the figure is.
      await s.page.locator('#plan-heading').waitFor();
      const baselines = await s.page.locator('.plan-baseline').allTextContents();
      assert.ok(baselines.some((t) => /hidden \(small numbers\)/.test(t)), baselines.join(' | '));
      assert.ok(!baselines.some((t) => /Baseline:\s*0\.40/.test(t)), baselines.join(' | '));
      // The slides follow the same rule: a row that hides a count hides its rate or share.
      await s.page.locator('#start-presentation').click();
      let checked = 0;
      for (let i = 0; i < 11; i += 1) {
        const rows = await s.page.locator('.slide tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
        for (const c of rows) {
          const counts = c.length === 4 ? [c[1], c[2]] : [c[1]];
          if (counts.some((x) => /<10|hidden/.test(x))) {
            assert.equal(c[c.length - 1], '–', c.join(' | '));
            checked += 1;
          }
        }
        await s.page.keyboard.press('ArrowRight');
      }
      assert.ok(checked > 0, 'some slide rows hide counts');
      s.assertClean();
    } finally {
      await s.close();
    }
  });
});

describe('loading, resizing and printing', () => {
  const app = useApp();

  test('a file dropped on the upload box is read', async () => {
    const s = await app.open();
    try {
      await waitForApp(s.page);
      const text = readFileSync(new URL('../../data/example-submission.csv', import.meta.url), 'utf8');
      await s.page.evaluate((text) => {
        const data = new DataTransfer();
        data.items.add(new File([text], 'dropped.csv', { type: 'text/csv' }));
        const zone = document.querySelector('.drop-zone');
        zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
        zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
      }, text);
      await s.page.locator('#summary-table').waitFor();
      assert.match(await s.page.locator('.lead').first().textContent(), /dropped\.csv/);
      s.assertClean();
      s.assertStayedLocal();
    } finally {
      await s.close();
    }
  });

  test('charts follow the window size', async () => {
    const s = await app.open();
    try {
      await loadExample(s.page);
      const width = () => s.page.locator('#chart-forest svg').first().evaluate((c) => c.getBoundingClientRect().width);
      const before = await eventually(width, 'the chart has a width');
      await s.page.setViewportSize({ width: 700, height: 900 });
      const after = await eventually(async () => {
        const w = await width();
        return w < before - 100 ? w : null;
      }, 'the chart narrows with the window');
      assert.ok(after < before);
      s.assertClean();
    } finally {
      await s.close();
    }
  });

  test('the print layout keeps results, fits charts to the paper, hides controls and names the council', async () => {
    const s = await app.open();
    try {
      await loadExample(s.page);
      await s.page.locator('.settings summary').click();
      await s.page.locator('#la-name').fill('Northbrook Council');
      await s.page.emulateMedia({ media: 'print' });
      assert.equal(await s.page.locator('#download-csv').isVisible(), false);
      assert.equal(await s.page.locator('#file-upload').isVisible(), false);
      assert.equal(await s.page.locator('.site-header').isVisible(), false);
      const header = s.page.locator('.print-header');
      assert.equal(await header.isVisible(), true);
      assert.match(await header.textContent(), /SC-WRES results: Northbrook Council – printed \d{1,2} \w+ 20\d\d/);
      assert.equal(await s.page.locator('#summary-table').isVisible(), true);
      assert.equal(await s.page.locator('.method-note').isVisible(), true);
      // Paper is narrower than the screen, and printing lays the page out again at its width
      // without redrawing the charts: each chart scales down to fit, as a picture. (Here the
      // page is made narrower without resizing the window, as printing does.)
      const fit = await s.page.evaluate(() => {
        document.getElementById('main-content').style.width = '600px';
        const box = document.getElementById('chart-forest').getBoundingClientRect();
        const svg = document.querySelector('#chart-forest svg');
        const drawn = svg.getBoundingClientRect();
        const [, , w, h] = (svg.getAttribute('viewBox') ?? '0 0 0 0').split(' ').map(Number);
        return { box: box.width, boxHeight: box.height, width: drawn.width, height: drawn.height, w, h };
      });
      assert.ok(fit.box <= 600, `the chart's box follows the page (${fit.box}px)`);
      assert.ok(fit.w > 600, `the chart was drawn wider than the paper (${fit.w}px)`);
      assert.ok(Math.abs(fit.width - fit.box) <= 2, `the chart fits the page (${fit.width}px in ${fit.box}px)`);
      assert.ok(Math.abs(fit.height / fit.width - fit.h / fit.w) < 0.01, 'the chart keeps its shape');
      assert.ok(Math.abs(fit.boxHeight - fit.height) <= 3, `the chart's box holds all of it (${fit.boxHeight}px for ${fit.height}px)`);
      const pdf = await s.page.pdf({ format: 'A4' });
      assert.ok(pdf.length > 10_000, 'a PDF was produced');
    } finally {
      await s.close();
    }
  });
});

describe('a file with problems', () => {
  const app = useApp();

  test('shows the error summary with focus, an Error: title, and links to the offending cell', async () => {
    const s = await app.open();
    try {
      await waitForApp(s.page);
      await s.page.locator('#file-upload').setInputFiles(csvFile('bad.csv', [
        ['workforce', 'measure', 'pay_band', 'white', 'minority_ethnic', 'not_known'],
        ['adults', 'staff', 'Band A', '10', 'abc', '1'],
        ['adultz', 'cpd', '', '1', '2', '3'],
      ]));
      const summary = s.page.locator('#error-summary');
      await summary.waitFor();
      await eventually(async () => (await s.page.evaluate(() => document.activeElement?.id)) === 'error-summary', 'the summary has focus');
      assert.match(await s.page.title(), /^Error: /);
      assert.match(await summary.textContent(), /There is a problem/);
      const links = summary.locator('a');
      assert.equal(await links.count(), 2);
      assert.match(await links.first().textContent(), /^Row 2, column E \(minority_ethnic\): "abc" is not a number/);
      await links.first().click();
      await eventually(async () => (await s.page.evaluate(() => document.activeElement?.id)) === 'problem-0', 'the link moves focus to the preview');
      const cell = s.page.locator('#problem-0 .highlight-cell');
      assert.equal((await cell.locator('mark').textContent()).trim(), 'abc');
      await s.screenshot('error');
      s.assertClean();
      s.assertStayedLocal();
    } finally {
      await s.close();
    }
  });
});
