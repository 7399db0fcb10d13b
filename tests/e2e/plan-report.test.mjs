// The whole flow over file://, with no request but the file itself: the example's results ->
// its example plan -> an action added and checked -> the plan saved and loaded again (and bad
// plan files refused or read as far as they can be) -> the report downloaded as a .docx with
// every chart as a PNG twice its size on screen, read back with python-docx.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { eventually, ROOT, useApp, waitForApp } from './harness.mjs';

const EXAMPLE_PLAN = JSON.parse(readFileSync(path.join(ROOT, 'data/example-plan.json'), 'utf8'));

/** Clicks `selector` and returns the download it starts, saved to `file`. */
async function download(page, selector, file) {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.locator(selector).click()]);
  assert.match(d.url(), /^blob:/, 'the download was not made on the device');
  await d.saveAs(file);
  return d;
}

/** The PNG pictures in a .docx, as [name, width, height] (read by Python's zipfile). */
function docxPictures(file) {
  const script = `
import json, struct, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
out = []
for n in z.namelist():
    if n.startswith('word/media/') and not n.endswith('/'):
        b = z.read(n)
        assert b[:8] == b'\\x89PNG\\r\\n\\x1a\\n', n
        w, h = struct.unpack('>II', b[16:24])
        out.append([n, w, h])
print(json.dumps(out))`;
  return JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' }));
}

describe('action plan and report', () => {
  const app = useApp();
  const folder = mkdtempSync(path.join(tmpdir(), 'sc-wres-plan-'));
  after(() => rmSync(folder, { recursive: true, force: true }));

  test('results -> plan -> report, over file://, with nothing leaving the page', async () => {
    const s = await app.open({ file: true });
    const page = s.page;
    try {
      await waitForApp(page);
      await page.locator('#try-example').click();
      await page.locator('#plan-heading').waitFor({ timeout: 15_000 });

      // The example plan is there, beside the results.
      assert.equal(await page.locator('#plan-council').inputValue(), EXAMPLE_PLAN.council);
      assert.equal(await page.locator('#plan-period').inputValue(), EXAMPLE_PLAN.period);
      assert.equal(await page.locator('fieldset.plan-action').count(), EXAMPLE_PLAN.actions.length);
      const whats = await page.locator('fieldset.plan-action textarea[id$="-what"]').evaluateAll((t) => t.map((x) => x.value));
      for (const a of EXAMPLE_PLAN.actions) assert.ok(whats.includes(a.what), `missing: ${a.what}`);
      // Each is under its theme, with its progress in words.
      const m3 = page.locator('#theme-formal_processes').locator('..').locator('fieldset.plan-action');
      assert.equal(await m3.count(), 1);
      assert.match(await m3.locator('.plan-progress').innerText(), /M3 was 2\.72 at the baseline and is 2\.72 now/);
      // The notes on the data.
      const note = EXAMPLE_PLAN.notes[0].note;
      const notes = await page.locator('.plan-notes textarea').evaluateAll((t) => t.map((x) => x.value));
      assert.ok(notes.includes(note), `the note is not shown: ${notes}`);

      // Add an action under Retention: empty, so saving lists the problem, linked to the field.
      const retention = page.locator('section[aria-labelledby="theme-retention"]');
      await retention.getByRole('button', { name: /Add an action/ }).click();
      const added = retention.locator('fieldset.plan-action').last();
      await eventually(
        async () => (await page.evaluate(() => document.activeElement?.id ?? '')).endsWith('-what'),
        'the new action\'s first field has focus',
      );
      // A target in the wrong direction for M8 (leaving: lower is better).
      await added.locator('select[id$="-target"]').selectOption('at_least');
      await added.locator('input[id$="-target-value"]').fill('2');
      await download(page, '#save-plan', path.join(folder, 'with-problems.json'));
      const summary = page.locator('#plan-problems');
      await summary.waitFor();
      const text = await summary.innerText();
      assert.match(text, /Action 6 \(M8, adult social care\) is empty: say what will be done/);
      assert.match(text, /the target should be "M8 at most …", not "at least"/);
      assert.match(text, /Action 6 \(M8, adult social care\) has no date/);
      await summary.getByRole('link', { name: /is empty/ }).click();
      assert.match(await page.evaluate(() => document.activeElement?.id ?? ''), /-what$/);

      // Put it right: the problems go.
      await added.locator('textarea[id$="-what"]').fill('Exit interviews by someone outside the team');
      await added.locator('select[id$="-target"]').selectOption('at_most');
      await added.locator('input[id$="-target-value"]').fill('1.25');
      await added.locator('input[id$="-due"]').fill('2026-06-30');
      await added.locator('select[id$="-status"]').selectOption('on_track');
      await eventually(async () => (await page.locator('#plan-problems').count()) === 0, 'the problems are gone');

      // Save: the plan file has the six actions and no counts.
      const saved = path.join(folder, 'plan.json');
      await download(page, '#save-plan', saved);
      const plan = JSON.parse(readFileSync(saved, 'utf8'));
      assert.equal(plan.format, 'sc-wres-plan');
      assert.equal(plan.version, 1);
      assert.equal(plan.actions.length, 6);
      assert.deepEqual(plan.actions[5].target, { bound: 'at_most', value: 1.25 });
      assert.equal(plan.actions[5].status, 'on_track');
      assert.equal(plan.notes.length, EXAMPLE_PLAN.notes.length);

      // A file that is not a plan: a clear message, and the plan on the page is unchanged.
      await page.locator('#plan-upload').setInputFiles({ name: 'results.csv', mimeType: 'text/csv', buffer: Buffer.from('workforce,measure\n') });
      await page.locator('#plan-messages').waitFor();
      assert.match(await page.locator('#plan-messages').innerText(), /results\.csv: This file is not a plan file the calculator can read: it is not valid JSON \(line 1, column 1/);
      assert.equal(await page.locator('fieldset.plan-action').count(), 6);

      // A plan from a newer version, with an action for a metric this calculator does not know:
      // read as far as it can be, said so, and the unknown action saved back unchanged.
      const newer = { ...plan, version: 2, actions: [...plan.actions, { metric: 'M10', what: 'From the future' }] };
      await page.locator('#plan-upload').setInputFiles({ name: 'newer.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(newer)) });
      await eventually(async () => /newer version/.test(await page.locator('#plan-messages').innerText()), 'the newer-version message');
      const messages = await page.locator('#plan-messages').innerText();
      assert.match(messages, /Action 7 in the file could not be read \(it is for the metric "M10"/);
      assert.equal(await page.locator('fieldset.plan-action').count(), 6);
      const again = path.join(folder, 'again.json');
      await download(page, '#save-plan', again);
      const reread = JSON.parse(readFileSync(again, 'utf8'));
      assert.equal(reread.actions.length, 7);
      assert.equal(reread.actions[6].what, 'From the future');
      assert.deepEqual(reread.actions.slice(0, 6), plan.actions);

      // The report: a .docx with a PNG of every chart, twice its size on screen.
      const docx = path.join(folder, 'report.docx');
      const d = await download(page, '#download-report', docx);
      assert.equal(d.suggestedFilename(), 'sc-wres-report.docx');
      const pictures = docxPictures(docx);
      // The example has both workforces and both combined; an overview and a pay-band chart each.
      assert.equal(pictures.length, 6, JSON.stringify(pictures));
      for (const [name, w, h] of pictures) {
        assert.ok(w >= 1600 && h >= 700, `${name} is ${w} x ${h}, not twice the screen size`);
      }
      const read = JSON.parse(
        execFileSync('python3', [path.join(ROOT, 'tests/report/read_docx.py'), docx], { encoding: 'utf8' }),
      );
      assert.equal(read.title, `${EXAMPLE_PLAN.council}: SC-WRES report`);
      assert.ok(read.headings.some((h) => h.style === 'Heading 1' && h.text === 'Action plan'));
      assert.equal(read.pictures.length, 6);
      for (const p of read.pictures) assert.match(p.descr, /chart of /i, `a picture without alternative text: ${JSON.stringify(p)}`);
      assert.match(await page.locator('#plan-status').innerText(), /The report has been saved as sc-wres-report\.docx/);

      s.assertClean();
      s.assertStayedLocal();
    } finally {
      await s.close();
    }
  });
});
