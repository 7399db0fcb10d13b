// The single file's size budget (650 KB gzip to start; the report writer and the pages that load
// on demand, each with a budget of its own, apart): the build step that writes the file fails when
// it passes the budget, and says by how much. Run here on a copy of the build with a budget
// the file cannot meet, and with the real one.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { DIST, ROOT, requireBuilt } from './harness.mjs';

/** Runs scripts/single-file.mjs on a copy of dist/ with these environment variables. */
function buildSingleFile(env) {
  requireBuilt();
  const copy = mkdtempSync(path.join(tmpdir(), 'scwres-budget-'));
  try {
    cpSync(DIST, copy, { recursive: true });
    return spawnSync(process.execPath, [path.join(ROOT, 'scripts/single-file.mjs'), copy], {
      encoding: 'utf8',
      env: { ...process.env, TRUNK_PROFILE: 'release', ...env },
    });
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

describe('the size budget', () => {
  test('the single file is within its budget of 650 KB gzip', () => {
    const run = buildSingleFile({});
    assert.equal(run.status, 0, run.stderr);
    const kb = Number(run.stdout.match(/\((\d[\d,]*) KB gzip\)/)[1].replace(/,/g, ''));
    assert.ok(kb <= 650, `${kb} KB gzip`);
  });

  test('a file over its budget fails the build, with the figure and the budget', () => {
    const run = buildSingleFile({ SCWRES_GZIP_BUDGET: '100000' });
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /sc-wres-calculator\.html is \d[\d,]* KB gzip, over its budget of 100 KB gzip/);
  });
});
