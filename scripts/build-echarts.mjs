#!/usr/bin/env node
// Builds the chart engine the app ships: Apache ECharts (npm `echarts`, pinned in
// package-lock.json) cut down to what src/charts.rs uses, as ONE minified classic script that
// sets the global `echarts` (src/ui/browser/echarts.rs calls `echarts.init` through its own wasm_bindgen
// binding; charming only builds the options). It is about a third of the full echarts.min.js.
//
// Runs as Trunk's pre_build hook (Trunk.toml), before Trunk reads index.html, which loads
//     <script data-trunk src="generated/echarts.min.js"></script>
// It can also be run by hand:  node scripts/build-echarts.mjs
//
// The output is generated/echarts.min.js (gitignored; Trunk's watcher ignores generated/, so
// `trunk serve` does not rebuild in a loop). The file is rewritten only when its inputs change
// (this script, the echarts, esbuild and terser versions): an unchanged build costs a few
// milliseconds; a changed one about 7 s (terser).
//
// What is in it (keep in step with src/charts.rs and src/ui/browser/echarts.rs):
//   charts      line (the forest plot's whiskers), scatter (its points), bar (pay bands, year on year)
//   components  grid with value, category and log axes (GridSimple: the axis pointer comes with
//               the tooltip); title; legend (plain: the charts never ask for type "scroll");
//               tooltip (with its axis pointer, for trigger "axis"); markLine; markArea; aria
//               (decal patterns; its own description of the chart is turned off)
//   renderer    SVG: ECharts builds the chart as SVG elements and the browser paints them (off
//               the page's main thread), which draws the example's two charts about 25 ms
//               sooner than the canvas renderer (scripts/bench-load.mjs), and stays sharp when
//               zoomed, projected or printed. "Save chart as PNG" (src/ui/browser/echarts.rs) draws the
//               chart's SVG (getDataURL) on a canvas of its own.
// A chart that needs anything else draws nothing and ECharts logs an error naming the missing
// component ("Component ... is used but not imported"); the browser tests would fail on that.
//
// The global `echarts` offers only what is used: init (src/ui/browser/echarts.rs, scripts/page-boot.js),
// getInstanceByDom (the browser tests read a chart's option back), dispose, use and version.
// Re-exporting all of echarts/core would also keep code nothing here calls (the GeoJSON map
// parser, the graphic and helper APIs …): about 13 KB (5 KB gzip).

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(ROOT, 'generated');
const OUT_FILE = path.join(OUT_DIR, 'echarts.min.js');

// The bundle's entry: echarts/core with the parts above registered; the IIFE's global
// `echarts` has the functions listed above.
const ENTRY = `
import * as echarts from 'echarts/core';
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import {
  AriaComponent,
  GridSimpleComponent,
  LegendPlainComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  LineChart,
  ScatterChart,
  AriaComponent,
  GridSimpleComponent,
  LegendPlainComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  SVGRenderer,
]);

export { dispose, getInstanceByDom, init, use, version } from 'echarts/core';
`;

function fail(message) {
  console.error(`build-echarts: ERROR: ${message}`);
  process.exit(1);
}

function packageVersion(name) {
  const file = path.join(ROOT, 'node_modules', name, 'package.json');
  if (!existsSync(file)) fail(`node_modules/${name} is missing: run \`npm ci\` (or scripts/bootstrap.sh)`);
  return JSON.parse(readFileSync(file, 'utf8')).version;
}

const started = performance.now();
const echartsVersion = packageVersion('echarts');
const esbuildVersion = packageVersion('esbuild');
const terserVersion = packageVersion('terser');
// Everything the output depends on, hashed; kept in the file's first line.
const key = createHash('sha256')
  .update(readFileSync(fileURLToPath(import.meta.url)))
  .update(`echarts@${echartsVersion} esbuild@${esbuildVersion} terser@${terserVersion}`)
  .digest('hex')
  .slice(0, 16);
const stamp = `/*! Apache ECharts ${echartsVersion}, custom build ${key} (scripts/build-echarts.mjs) */`;

if (existsSync(OUT_FILE) && readFileSync(OUT_FILE, 'utf8').startsWith(stamp)) {
  console.log(`echarts bundle: ${path.relative(ROOT, OUT_FILE)} is up to date (${Math.round(performance.now() - started)} ms)`);
  process.exit(0);
}

const { build } = await import('esbuild');
const result = await build({
  stdin: { contents: ENTRY, resolveDir: ROOT, sourcefile: 'echarts-entry.js', loader: 'js' },
  bundle: true,
  format: 'iife',
  globalName: 'echarts',
  platform: 'browser',
  // The same language level as the full echarts.min.js (ES5-compatible syntax is not needed:
  // the app itself needs WebAssembly, so every browser that runs it has ES2017).
  target: ['es2017'],
  minify: true,
  // ECharts' development checks and warnings are behind process.env.NODE_ENV / __DEV__.
  define: { 'process.env.NODE_ENV': '"production"', __DEV__: 'false' },
  // The licence comments of what is bundled (tslib, ZRender), kept at the end.
  legalComments: 'eof',
  write: false,
  logLevel: 'silent',
});
for (const w of result.warnings) console.warn(`build-echarts: warning: ${w.text}`);

// Then terser, on esbuild's output: it minifies further than esbuild (more passes of
// compression), about 7 KB less gzipped. The licence notice goes first, with the stamp.
const { minify } = await import('terser');
const LICENCE =
  `${stamp}\n` +
  '/*\n' +
  '* Licensed to the Apache Software Foundation (ASF) under one or more contributor license\n' +
  '* agreements. Apache ECharts is licensed under the Apache License, Version 2.0\n' +
  '* (http://www.apache.org/licenses/LICENSE-2.0); it includes ZRender (BSD-3-Clause) and\n' +
  '* tslib (0BSD). See node_modules/echarts/LICENSE and node_modules/zrender/LICENSE.\n' +
  '*/';
const minified = await minify(result.outputFiles[0].text, {
  ecma: 2017,
  compress: { passes: 2 },
  mangle: true,
  // `some`: the /*! comments, which are the licence comments esbuild put at the end.
  // ascii_only: non-ASCII characters (ECharts' built-in Chinese locale) as \u escapes, so the
  // single file is ASCII throughout and the browser keeps its text as one-byte strings.
  format: { comments: 'some', preamble: LICENCE, ascii_only: true },
});
const code = minified.code;
if (!code.startsWith(stamp)) fail('terser did not put the licence notice first');
if (!code.includes('Copyright (c) 2013, Baidu Inc.')) fail("terser left out ZRender's licence comment");

mkdirSync(OUT_DIR, { recursive: true });
// Write beside and rename, so a reader (Trunk, a watcher) never sees half a file.
const temporary = `${OUT_FILE}.${process.pid}.tmp`;
writeFileSync(temporary, code);
renameSync(temporary, OUT_FILE);
console.log(
  `echarts bundle: ${path.relative(ROOT, OUT_FILE)} ${Buffer.byteLength(code).toLocaleString('en-GB')} bytes ` +
    `(echarts ${echartsVersion}, esbuild ${esbuildVersion}, terser ${terserVersion}, ${Math.round(performance.now() - started)} ms)`,
);
