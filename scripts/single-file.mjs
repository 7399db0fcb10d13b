#!/usr/bin/env node
// Writes the release artefact: ONE self-contained HTML file, sc-wres-calculator.html, that
// works from a web server, from a shared drive and from file:// alike, and whose
// Content-Security-Policy forbids every connection. Nothing the user loads can leave the page.
// Beside it, for hosting it as an installable web app: sw.js (a service worker that keeps the
// file for offline use) and manifest.webmanifest (name and icons).
//
// It runs as Trunk's post_build hook (Trunk.toml), after Trunk has written its multi-file
// build into the staging directory (TRUNK_STAGING_DIR), so the files land in dist/ next to
// Trunk's own index.html. It can also be run by hand on a finished build:
//
//     node scripts/single-file.mjs            # reads and writes dist/
//     node scripts/single-file.mjs some/dir   # reads and writes some/dir/
//
// What it does to Trunk's index.html:
//   * <link rel="stylesheet" href=…>          -> <style>…</style> (the CSS inlined)
//   * <script src=…></script> (classic)       -> <script>…</script> (inlined; it still runs
//                                                 before the wasm starts), except ECharts:
//                                                 kept gzipped and run on first use (below)
//   * <link rel="preload" / "modulepreload">  -> removed (nothing is fetched any more)
//   * integrity= / crossorigin= attributes    -> gone with the tags above
//   * HTML comments                           -> removed
//   * Trunk's inline module loader            -> removed; replaced, at the start of <body>, by
//       - <script type="application/wasm-base64" data-compression="gzip" id="sc-wres-wasm">:
//         the wasm, gzip-compressed (by Zopfli), as base64 (a type the browser never executes,
//         so it needs no CSP hash; compressed, it is half the size, and a quarter less after
//         the server's own gzip),
//       - one inline classic script, the loader: the wasm-bindgen glue with its `export`s
//         removed, in a function of its own; it inflates the bytes with the browser's
//         DecompressionStream and compiles them at once, while the browser reads the rest,
//         and starts the app once the boot script has run,
//       - the boot script (scripts/page-boot.js): the exact copy of the file for "save for
//         offline use", the service worker registration when served over http(s),
//         `scwresEcharts()`, which inflates ECharts and runs it (its text hashed in the CSP)
//         on first use, and the starters of the modules that load on demand;
//     and, at the end of <body>, what the page reads only when it is asked for: ECharts
//     (gzipped, as base64), the report writer and the pages module (gzipped base64 blocks;
//     the pages module's glue as hashed text).
//   * a favicon and theme colour (data: URLs, so no request for /favicon.ico)
//   * a <meta http-equiv="Content-Security-Policy"> as the first element of <head>, with
//     one 'sha256-…' per inline script, computed from the final file.
//
// Only node built-ins are used, Zopfli (npm) for the gzipped blocks and binaryen (npm) for the
// modules loaded on demand. Any surprise in the input (missing file, unknown tag,
// glue that imports other modules, …) stops the build with a message saying what and why.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { gunzipSync, gzipSync } from 'node:zlib';
import { dataUrl, iconPng, iconSvg } from './icons.mjs';

const OUTPUT_NAME = 'sc-wres-calculator.html';
const MANIFEST_NAME = 'manifest.webmanifest';
const SERVICE_WORKER_NAME = 'sw.js';
const WASM_ELEMENT_ID = 'sc-wres-wasm';
const ECHARTS_ELEMENT_ID = 'sc-wres-echarts';
const ECHARTS_BANNER = '/*! Apache ECharts'; // the first line scripts/build-echarts.mjs writes
const LAZY_SCRIPT_TYPE = 'text/x-scwres-lazy'; // a data block until the boot script runs it
const REPORT_ELEMENT_ID = 'sc-wres-report-wasm';
// The pages that load on demand (src/bin/pages_wasm.rs): their WebAssembly and its glue.
const PAGES_ELEMENT_ID = 'sc-wres-pages-wasm';
const PAGES_GLUE_ELEMENT_ID = 'sc-wres-pages-glue';
const PAGES_BUDGET_GZIP_BYTES = Number(process.env.SCWRES_PAGES_GZIP_BUDGET ?? 450_000);
// The report writer (src/bin/report_wasm.rs): a WebAssembly module of its own, carried as a
// data block and started only when a report is asked for. Its own budget, gzip.
const REPORT_BUDGET_GZIP_BYTES = Number(process.env.SCWRES_REPORT_GZIP_BUDGET ?? 400_000);
const SCRIPTS = path.dirname(fileURLToPath(import.meta.url));
const THEME_COLOUR = '#1d70b8';
// The most the single file may weigh as a server sends it (gzip): a release build that passes
// it fails. A feature that needs more loads on demand. (SCWRES_GZIP_BUDGET sets another, for
// the test that checks the build fails.)
// What the page needs to start counts against it; the report writer and the pages that load on
// demand (each a WebAssembly module of its own) have budgets of their own.
const BUDGET_GZIP_BYTES = Number(process.env.SCWRES_GZIP_BUDGET ?? 650_000);

/** Stops the build with a clear message (Trunk shows our stderr and fails the build). */
function fail(message) {
  console.error(`single-file: ERROR: ${message}`);
  process.exit(1);
}

/** Reads a file or stops the build, naming what was expected. */
function readOrFail(file, what, encoding = 'utf8') {
  if (!existsSync(file)) fail(`${what} not found: ${file}`);
  return readFileSync(file, encoding);
}

/** Attributes of a start tag, as a lower-cased name -> value map (valueless attributes map to ''). */
function parseAttributes(tag) {
  const attrs = {};
  const body = tag.replace(/^<[a-zA-Z]+/, '').replace(/\/?>$/, '');
  for (const m of body.matchAll(/([^\s"'=<>\/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)) {
    attrs[m[1].toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? '';
  }
  return attrs;
}

/** Resolves a page-relative URL from Trunk's HTML (e.g. "./app-123.js" or "/app-123.js") to a file in dir. */
function localFile(dir, url, what) {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) {
    fail(`${what} points outside the build (${url}); the single file can only inline local files`);
  }
  const clean = decodeURIComponent(url.split(/[?#]/)[0]).replace(/^(\.\/|\/)+/, '');
  // Trunk writes public_url in front of every asset; strip it so "./" and "/app/" both work.
  const publicUrl = (process.env.TRUNK_PUBLIC_URL ?? '').replace(/^(\.\/|\/)+/, '');
  const relative = publicUrl && clean.startsWith(publicUrl) ? clean.slice(publicUrl.length) : clean;
  const file = path.resolve(dir, relative);
  if (!file.startsWith(path.resolve(dir) + path.sep)) fail(`${what} escapes the build directory (${url})`);
  return file;
}

/**
 * Makes JavaScript safe to place between <script> and </script>. The HTML parser ends a script
 * at the first "</script" (any case); "<\/script" means the same in JS strings, regexes and
 * comments. "<!--" could switch the parser into its "double escaped" state, and there is no
 * escape for it that is valid everywhere in JS, so its presence stops the build instead.
 */
function escapeInlineScript(js, what) {
  // The HTML parser turns CR LF and lone CR into LF before the browser hashes the script text.
  js = js.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (js.includes('\0')) fail(`${what} contains a NUL character, which HTML parsing would change`);
  if (js.includes('<!--')) fail(`${what} contains "<!--", which cannot be inlined safely in a <script>`);
  return js.replace(/<\/(script)/gi, '<\\/$1');
}

/** CSS is inlined as it is (line ends as LF); it must not end the <style> early or fetch anything. */
function checkInlineCss(css, what) {
  // The HTML parser turns CR LF into LF; the saved offline copy is rebuilt from parsed text.
  css = css.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (css.includes('\0')) fail(`${what} contains a NUL character, which HTML parsing would change`);
  if (/<\/style/i.test(css)) fail(`${what} contains "</style", which cannot be inlined`);
  if (/@import\b/i.test(css)) fail(`${what} uses @import; the single file cannot fetch other stylesheets`);
  for (const m of css.matchAll(/url\(\s*(['"]?)([^'")]*)\1\s*\)/gi)) {
    if (!/^(data:|#)/i.test(m[2])) {
      fail(`${what} refers to ${m[2]}; the single file's CSP blocks every fetch (use a data: URL or drop it)`);
    }
  }
  return css;
}

/**
 * Turns wasm-bindgen's ES-module glue (`--target web`) into the body of a function in an inline
 * classic script: nothing imports from it, so its exports are dropped; the code that matters
 * (the classes, the imports object and __wbg_init) stays.
 */
function glueForInlining(glue, what) {
  // An inline script cannot import the glue's own helper modules (wasm-bindgen "snippets").
  if (/(^|[;\n])\s*import(\s+[\w{*]|\s*['"{*])/.test(glue)) {
    fail(`${what} imports other modules (wasm-bindgen snippets?); the single file cannot inline those yet`);
  }
  let code = glue
    // `export { initSync, __wbg_init as default };` and the like: remove entirely.
    .replace(/(^|[;}\n])[ \t]*export\s*\{[^}]*\}\s*;?/g, '$1')
    // `export function f`, `export class C`, `export const x`, `export default function __wbg_init`.
    .replace(/(^|[;}\n])([ \t]*)export\s+(?:default\s+)?(?=(?:async\s+)?function\b|class\b|const\b|let\b|var\b)/g, '$1$2');
  if (/(^|[;{}\n])\s*export\b/.test(code)) {
    fail(`${what} still has an "export" this script does not know how to remove (new wasm-bindgen output?)`);
  }
  // Both glues run as classic scripts, where `import.meta` would not parse; they use it only
  // for a default address of the wasm, never used (the loaders pass the module itself).
  code = code.replace(/\bimport\.meta\.url\b/g, 'document.baseURI');
  if (!/\bfunction __wbg_init\s*\(/.test(code)) {
    fail(`${what} has no __wbg_init function; the loader below expects wasm-bindgen's --target web glue`);
  }
  return code;
}

/** CSP source for an inline script: the base64 SHA-256 of its exact text. */
function cspHash(text) {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Inserts `insertion` before the LAST occurrence of `marker` (the inlined ECharts contains "</body>"). */
function insertBeforeLast(html, marker, insertion) {
  const at = html.toLowerCase().lastIndexOf(marker);
  if (at < 0) fail(`the page has no ${marker}`);
  return html.slice(0, at) + insertion + html.slice(at);
}

/** JSON that can sit in an inline script: every "<" escaped, so no "</script" or "<!--" appears. */
function jsonForScript(value) {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * A template from scripts/ with each __SCWRES_NAME__ replaced by the JSON of values.NAME. Its
 * leading // comment block (for readers of the repository) is left out of the output.
 */
function fillTemplate(file, values) {
  const text = readOrFail(path.join(SCRIPTS, file), `scripts/${file}`).replace(/^(?:\/\/[^\n]*\n)+/, '');
  return text.replace(/__SCWRES_([A-Z]+)__/g, (token, name) => {
    if (!(name in values)) fail(`scripts/${file}: no value for ${token}`);
    return jsonForScript(values[name]);
  });
}

const sha256 = (data) => createHash('sha256').update(data).digest('hex');

/**
 * What a browser's HTML parser makes of the raw-text elements of `html` (which this script
 * wrote: no comments, no "<!--" in scripts, no "</script" or "</style" inside them, no CR):
 * each <script> and <style> with its exact text, and the CSP meta's content.
 */
function parseLikeABrowser(html) {
  const lower = html.toLowerCase();
  const elements = [];
  const startTag = /<(script|style)\b[^>]*>/gi;
  for (let m; (m = startTag.exec(html)); ) {
    const localName = m[1].toLowerCase();
    const start = m.index + m[0].length;
    const end = lower.indexOf(`</${localName}`, start);
    if (end < 0) fail(`a <${localName}> is never closed`);
    elements.push({ localName, textContent: html.slice(start, end) });
    startTag.lastIndex = end;
  }
  const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"&\r]*)">/)?.[1] ?? null;
  return { elements, csp };
}

/**
 * Runs the boot script (in a sandbox, with a stand-in document made by parseLikeABrowser) and
 * calls its scwresSaveOfflineCopy(): the copy it would save must be the file, byte for byte.
 */
function checkOfflineCopy(html, bootText) {
  const view = parseLikeABrowser(html);
  const self = view.elements.find((e) => e.localName === 'script' && e.textContent === bootText);
  if (!self) fail('the boot script is not in the page as written');
  let saved = null;
  const sandbox = {
    document: {
      currentScript: self,
      readyState: 'loading',
      querySelector: (selector) =>
        selector === 'meta[http-equiv="Content-Security-Policy"]' && view.csp !== null
          ? { getAttribute: (name) => (name === 'content' ? view.csp : null) }
          : null,
      querySelectorAll: (selector) => (selector === 'script, style' ? view.elements : []),
      getElementById: () => null,
      createElement: () => ({ click() {}, remove() {} }),
      body: { append() {} },
      head: { append() {} },
    },
    location: { protocol: 'file:' },
    navigator: {},
    Blob: class {
      constructor(parts) {
        saved = parts.join('');
      }
    },
    URL: { createObjectURL: () => 'blob:check', revokeObjectURL() {} },
    setTimeout() {},
    addEventListener() {},
    dispatchEvent() {},
    Event: class {},
  };
  sandbox.window = sandbox;
  vm.runInNewContext(bootText, sandbox, { filename: 'page-boot.js' });
  if (sandbox.scwresSaveOfflineCopy() !== true) fail('the boot script could not find its pieces in the page');
  if (saved !== html) fail('the offline copy the page would save differs from the file');
}

/**
 * The smallest gzip we can make: Zopfli (npm @gfx/zopfli, pinned), 4% smaller than zlib's
 * best and readable by every gzip decoder, including the browser's DecompressionStream. It
 * takes a few seconds, so the result is kept in generated/ for the same wasm.
 */
async function gzipBest(bytes, kind = 'wasm') {
  const cacheDir = path.join(SCRIPTS, '..', 'generated');
  const name = `${kind}-${sha256(bytes)}.zopfli.gz`; // named by its input: never a stale hit
  const cached = path.join(cacheDir, name);
  try {
    return readFileSync(cached);
  } catch {
    // Not made yet for this wasm (or just removed by another build): make it.
  }
  let zopfli;
  try {
    zopfli = await import('@gfx/zopfli');
  } catch {
    fail('node_modules/@gfx/zopfli is missing: run `npm ci` (or scripts/bootstrap.sh)');
  }
  const gzipped = Buffer.from(await (zopfli.gzipAsync ?? zopfli.default.gzipAsync)(bytes, { numiterations: 5 }));
  if (!gunzipSync(gzipped).equals(bytes)) fail(`Zopfli output does not inflate to its input (${kind})`);
  mkdirSync(cacheDir, { recursive: true });
  for (const old of readdirSync(cacheDir)) {
    if (old.startsWith(`${kind}-`) && /-[0-9a-f]{64}\.zopfli\.gz$/.test(old)) rmSync(path.join(cacheDir, old), { force: true });
  }
  const temporary = `${cached}.${process.pid}.tmp`; // a reader never sees half a file
  writeFileSync(temporary, gzipped);
  renameSync(temporary, cached);
  return gzipped;
}

/**
 * The report writer's WebAssembly (release builds only): cargo builds the `sc-wres-report`
 * binary without the web feature (it has no browser imports); binaryen's wasm-metadce keeps
 * only what its three exports and its memory reach, wasm-opt -Oz shrinks it, and its custom
 * sections (names, wasm-bindgen's descriptions from linked crates) are dropped. Kept in
 * generated/ for the same input, like the gzip.
 */
// The WebAssembly features the report writer is built with (Rust's wasm32 defaults and SIMD,
// .cargo/config.toml). Named one by one: binaryen's --all-features would also allow encodings
// browsers do not read yet (compact imports).
const WASM_FEATURES = [
  '--enable-simd',
  '--enable-bulk-memory',
  '--enable-sign-ext',
  '--enable-mutable-globals',
  '--enable-nontrapping-float-to-int',
  '--enable-multivalue',
  '--enable-reference-types',
];

/** Builds the wasm32 binary `bin` (release) with cargo's `extra` arguments; its bytes and path. */
function cargoWasm(bin, extra, what) {
  const root = path.join(SCRIPTS, '..');
  execFileSync('cargo', ['build', '--release', '--locked', '--target', 'wasm32-unknown-unknown', '--bin', bin, ...extra], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const built = path.join(root, `target/wasm32-unknown-unknown/release/${bin}.wasm`);
  return { built, raw: readOrFail(built, `${what} (${bin}.wasm)`, null) };
}

/** `wasm-opt -Oz` (binaryen, npm) from `input` to `output`, debug and target sections stripped. */
function wasmOptimise(input, output) {
  execFileSync(
    path.join(SCRIPTS, '..', 'node_modules/.bin/wasm-opt'),
    ['-Oz', ...WASM_FEATURES, '--strip-debug', '--strip-producers', '--strip-target-features', input, '-o', output],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

/** Removes what generated/ holds from an earlier input of `kind` (its files match `pattern`). */
function forgetEarlier(cacheDir, pattern) {
  for (const old of readdirSync(cacheDir)) if (pattern.test(old)) rmSync(path.join(cacheDir, old), { force: true });
}

function reportWasm() {
  const { built, raw } = cargoWasm('sc-wres-report', ['--no-default-features'], 'the report writer');
  const cacheDir = path.join(SCRIPTS, '..', 'generated');
  const cached = path.join(cacheDir, `report-opt-${sha256(raw)}.wasm`);
  if (existsSync(cached)) return readFileSync(cached);
  mkdirSync(cacheDir, { recursive: true });
  const graph = path.join(cacheDir, 'report-graph.json');
  writeFileSync(
    graph,
    JSON.stringify(['scwres_alloc', 'scwres_report', 'scwres_free', 'memory'].map((e) => ({ name: e, root: true, export: e }))),
  );
  const dce = `${cached}.dce.tmp`;
  const opt = `${cached}.opt.tmp`;
  execFileSync(path.join(SCRIPTS, '..', 'node_modules/.bin/wasm-metadce'), [...WASM_FEATURES, '-f', graph, built, '-o', dce], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  wasmOptimise(dce, opt);
  const bytes = withoutCustomSections(readFileSync(opt));
  forgetEarlier(cacheDir, /^report-opt-[0-9a-f]{64}\.wasm/);
  rmSync(dce, { force: true });
  rmSync(opt, { force: true });
  writeFileSync(cached, bytes);
  return bytes;
}

/**
 * The pages that load on demand (release builds only; src/bin/pages_wasm.rs, src/ui/host.rs):
 * cargo builds the `sc-wres-pages` binary with the web app's own features (so it shares the
 * build Trunk just made), wasm-bindgen makes its glue (--target web, as Trunk does for the
 * page), wasm-opt -Oz shrinks it and its custom sections are dropped. The glue becomes a
 * classic script that defines `scwresPages` ({ init, open, close }) when the boot script runs
 * it. Kept in generated/ for the same input.
 */
function pagesModule() {
  const { built, raw } = cargoWasm('sc-wres-pages', [], 'the pages module');
  const cacheDir = path.join(SCRIPTS, '..', 'generated');
  const key = sha256(raw);
  const cachedWasm = path.join(cacheDir, `pages-opt-${key}.wasm`);
  const cachedGlue = path.join(cacheDir, `pages-glue-${key}.js`);
  if (existsSync(cachedWasm) && existsSync(cachedGlue)) {
    return { wasm: readFileSync(cachedWasm), glue: readFileSync(cachedGlue, 'utf8') };
  }
  mkdirSync(cacheDir, { recursive: true });
  const out = path.join(cacheDir, `pages-bindgen-${process.pid}.tmp`);
  rmSync(out, { recursive: true, force: true });
  execFileSync('wasm-bindgen', ['--target', 'web', '--out-dir', out, '--out-name', 'pages', built], { stdio: ['ignore', 'ignore', 'inherit'] });
  const opt = path.join(out, 'pages_opt.wasm');
  wasmOptimise(path.join(out, 'pages_bg.wasm'), opt);
  const wasm = withoutCustomSections(readFileSync(opt));
  const glue =
    '// The on-demand pages\' glue (wasm-bindgen, --target web), run by the boot script when first needed.\n' +
    `var scwresPages = (() => {\n${glueForInlining(readFileSync(path.join(out, 'pages.js'), 'utf8'), 'the pages module\'s glue')}\nreturn { init: __wbg_init, open, close };\n})();\n`;
  rmSync(out, { recursive: true, force: true });
  forgetEarlier(cacheDir, /^pages-(opt|glue)-[0-9a-f]{64}\.(wasm|js)$/);
  writeFileSync(cachedWasm, wasm);
  writeFileSync(cachedGlue, glue);
  return { wasm, glue };
}

/** A wasm module without its custom sections (id 0). */
function withoutCustomSections(bytes) {
  const parts = [bytes.subarray(0, 8)];
  let i = 8;
  while (i < bytes.length) {
    const start = i++;
    let size = 0;
    for (let shift = 0; ; shift += 7) {
      const b = bytes[i++];
      size |= (b & 0x7f) << shift;
      if (b < 0x80) break;
    }
    if (bytes[start] !== 0) parts.push(bytes.subarray(start, i + size));
    i += size;
  }
  return Buffer.concat(parts);
}

/** Every file under dir (not dot-directories), as paths relative to dir. */
function listFiles(dir, prefix = '') {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(prefix, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith('.') ? [] : listFiles(dir, relative);
    return entry.isFile() ? [relative] : [];
  });
}

// ---------------------------------------------------------------------------------------------

const started = performance.now();
const dir = path.resolve(process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? 'dist');
// Where the files end up (Trunk moves its staging directory to dist/ after the hooks).
const finalDir = process.argv[2] ? dir : path.resolve(process.env.TRUNK_DIST_DIR ?? dir);
const profile = process.env.TRUNK_PROFILE; // 'release' or 'debug' when run by Trunk
if (!existsSync(dir)) fail(`build directory not found: ${dir} (run \`trunk build --release\` first)`);
const indexHtml = readOrFail(path.join(dir, 'index.html'), "Trunk's index.html");

// 0. HTML comments go (they are markup only; Trunk's scripts are matched first and kept).
const withoutComments = indexHtml.replace(/<script\b[^>]*>[\s\S]*?<\/script\s*>|<!--[\s\S]*?-->/gi, (m) =>
  m.startsWith('<!--') ? '' : m,
);

// 1. Rewrite Trunk's page, tag by tag. The text of every <script> and <style> becomes a
//    placeholder for now, so that the checks below see only the page's own markup (ECharts
//    alone contains "</body>", "<link", "src=" …), so that no "$" in the inlined code is taken
//    as a replace() pattern, and so that step 4 can cut the file into markup and element texts.
const inlined = []; // placeholder index -> { tag, text, executable, hashed }
const placeholder = (tag, text, executable, hashed = executable) =>
  `\u0000INLINE${inlined.push({ tag, text, executable, hashed }) - 1}\u0000`;
const EXECUTABLE = new Set(['', 'module', 'text/javascript', 'application/javascript']);
let glueUrl = null;
let wasmUrl = null;
let echartsJs = null; // ECharts' text, kept gzipped in a data block at the end (step 2)

let skeleton = withoutComments.replace(
  /<script\b[^>]*>[\s\S]*?<\/script\s*>|<style\b[^>]*>[\s\S]*?<\/style\s*>|<link\b[^>]*>|<meta\b[^>]*>|<base\b[^>]*>/gi,
  (tag) => {
    const start = tag.match(/^<[^>]*>/)[0];
    const attrs = parseAttributes(start);
    const name = start.slice(1).split(/[\s/>]/)[0].toLowerCase();

    if (name === 'meta') {
      // An existing CSP would be combined with ours (both must allow); ours replaces it.
      return (attrs['http-equiv'] ?? '').toLowerCase() === 'content-security-policy' ? '' : tag;
    }
    if (name === 'base') return ''; // base-uri 'none' would block it; nothing is resolved against it.

    if (name === 'style') {
      const css = checkInlineCss(tag.slice(start.length).replace(/<\/style\s*>$/i, ''), 'an inline <style>');
      return `${start}${placeholder('style', css, false)}</style>`;
    }

    if (name === 'link') {
      const rel = (attrs.rel ?? '').toLowerCase().split(/\s+/);
      if (rel.includes('preload') || rel.includes('modulepreload')) return '';
      if (rel.includes('stylesheet')) {
        const file = localFile(dir, attrs.href ?? '', `stylesheet ${attrs.href}`);
        const css = checkInlineCss(readOrFail(file, 'stylesheet'), path.basename(file));
        return `<style>${placeholder('style', css, false)}</style>`;
      }
      if (attrs.href && !/^data:/i.test(attrs.href)) {
        fail(`<link rel="${attrs.rel}" href="${attrs.href}"> would need a fetch; use a data: URL or remove it`);
      }
      return tag;
    }

    // <script>
    const body = tag.slice(start.length).replace(/<\/script\s*>$/i, '');
    const type = (attrs.type ?? '').toLowerCase();
    if (attrs.src !== undefined) {
      if (type === 'module') fail(`<script type="module" src="${attrs.src}"> cannot be inlined (it may import others)`);
      const file = localFile(dir, attrs.src, `script ${attrs.src}`);
      const js = escapeInlineScript(readOrFail(file, 'script'), path.basename(file));
      if (js.startsWith(ECHARTS_BANNER)) {
        // ECharts is not run while the page loads, nor read as text: its 530 KB of script,
        // with a "<" at every comparison, took the HTML parser about 40-50 ms at 4x on the
        // way to the app's start (docs/performance.md). It is kept gzipped, as base64, at the
        // end of <body> (step 2), and the boot script's scwresEcharts() inflates it and runs
        // it (as an inline script, allowed by the hash of this text) on first use: the app's
        // warm-up (src/ui/browser/warm.rs) when the browser is idle after the start, or the
        // first chart, whichever is first (src/ui/browser/echarts.rs waits for it).
        echartsJs = js;
        return '';
      }
      // A plain classic script, still where Trunk put it, so it runs before the wasm starts.
      return `<script>${placeholder('script', js, true)}</script>`;
    }
    if (type === 'module' && /\bimport\s+init\b/.test(body)) {
      // Trunk's loader: `import init, * as bindings from './app-HASH.js';
      //                  const wasm = await init({ module_or_path: './app-HASH_bg.wasm' });`
      glueUrl = body.match(/\bfrom\s+['"]([^'"]+)['"]/)?.[1] ?? null;
      wasmUrl = body.match(/['"]([^'"]+\.wasm)['"]/)?.[1] ?? null;
      if (!glueUrl || !wasmUrl) fail(`could not read the glue and wasm names from Trunk's loader:\n${body}`);
      return '';
    }
    if (type === 'module') fail(`an inline module script this tool does not know:\n${body.slice(0, 300)}`);
    // Any other inline script stays where it is and gets its own hash below.
    return `${start}${placeholder('script', escapeInlineScript(body, 'an inline script'), EXECUTABLE.has(type))}</script>`;
  },
);

if (!glueUrl) fail(`Trunk's module loader (import init … from '….js') is not in ${path.join(dir, 'index.html')}`);
if (!/<head\b[^>]*>/i.test(skeleton) || !/<\/head>/i.test(skeleton) || !/<\/body>/i.test(skeleton)) {
  fail('index.html needs <head>, </head> and </body>');
}
if (/\b(integrity|crossorigin)\s*=/i.test(skeleton)) fail('an integrity/crossorigin attribute survived; look at index.html');
if (/\bsrc\s*=/i.test(skeleton.replace(/\bsrc\s*=\s*["']?data:/gi, ''))) {
  fail('the page still loads something by src=; the single file must contain everything');
}
// Elements whose content the parser reads differently (and which would hide a <script> from
// the offline copy's bookkeeping) are not expected in this page.
if (/<(template|svg|math|iframe|xmp|plaintext|textarea)\b/i.test(skeleton)) {
  fail('the page has a <template>, <svg>, <math>, <iframe>, <xmp>, <plaintext> or <textarea>; teach this script about it');
}
for (const m of skeleton.matchAll(/<(noscript|title)\b[^>]*>([\s\S]*?)<\/\1>/gi)) {
  if (m[2].includes('<')) fail(`<${m[1]}> contains "<"; keep it plain text`);
}

// A favicon and theme colour, as data: URLs: no request for /favicon.ico, nothing to host.
skeleton = skeleton.replace(
  /<\/head>/i,
  () =>
    `<link rel="icon" href="${dataUrl('image/svg+xml', iconSvg())}">\n` +
    `<meta name="theme-color" content="${THEME_COLOUR}">\n</head>`,
);

// 2. The wasm, gzip-compressed, as base64 in a script element that never executes, and the
//    module that starts it.
const wasmFile = localFile(dir, wasmUrl, `wasm ${wasmUrl}`);
const glueFile = localFile(dir, glueUrl, `wasm-bindgen glue ${glueUrl}`);
const wasmBytes = readOrFail(wasmFile, 'the wasm module', null);
const wasmGzip = await gzipBest(wasmBytes);
const glue = glueForInlining(readOrFail(glueFile, 'the wasm-bindgen glue'), path.basename(glueFile));

// A classic script, run as soon as the parser reaches it (just after the WebAssembly, at the
// start of <body>): it starts inflating and compiling the app, and starts the app once the
// boot script has run, while the browser still reads the rest of the file (the modules loaded
// on demand, which nothing needs until they are asked for). The glue is a module's, in a
// function of its own here.
const loader = `(async () => {
${glue}
// ---- single file: start the app from the wasm embedded above (no fetch; connect-src is 'none') ----
{
  const element = document.getElementById(${JSON.stringify(WASM_ELEMENT_ID)});
  // What the calculator needs beyond WebAssembly itself: DecompressionStream, and WebAssembly
  // SIMD (the wasm is built with it, .cargo/config.toml; this tiny module uses it).
  const simd = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);
  const missing = typeof DecompressionStream !== 'function' ? 'DecompressionStream' : !WebAssembly.validate(simd) ? 'WebAssembly SIMD' : null;
  if (missing) {
    document.body.insertAdjacentHTML('beforeend', '<p role="alert">This browser is too old to run the calculator. Please open it in a current version of Microsoft Edge, Google Chrome, Mozilla Firefox or Apple Safari.</p>');
    throw new Error(missing + ' is not supported');
  }
  // Marks for the benchmark (scripts/bench-load.mjs): where the start-up's time goes.
  performance.mark('scwres-loader');
  // A gzipped base64 block, inflated, as a Response (made here, not fetched: the CSP's
  // connect-src does not apply): the app's WebAssembly to compile from, here; the boot script
  // uses it for ECharts and the modules loaded on demand. The base64 is decoded by the
  // browser's own decoder where it has one (Chromium 140, Firefox 133, Safari 18.2), several
  // times faster than atob and a copy; the bytes go straight into the stream (a Blob would be
  // handed to the browser's process and read back).
  const inflated = (window.scwresInflated = (element, type, decodedMark) => {
    const text = element.textContent;
    let gzipped;
    if (typeof Uint8Array.fromBase64 === 'function') gzipped = Uint8Array.fromBase64(text);
    else {
      const binary = atob(text);
      gzipped = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) gzipped[i] = binary.charCodeAt(i);
    }
    if (decodedMark) performance.mark(decodedMark);
    const source = new ReadableStream({
      start(controller) {
        controller.enqueue(gzipped);
        controller.close();
      },
    });
    return new Response(source.pipeThrough(new DecompressionStream('gzip')), { headers: { 'content-type': type } });
  });
  const compiled = WebAssembly.compileStreaming(inflated(element, 'application/wasm', 'scwres-wasm-decoded'));
  // The boot script comes next in the page: the app starts once it has run.
  if (!window.scwresBooted) await new Promise((resolve) => addEventListener('scwres-booted', resolve, { once: true }));
  const module = await compiled;
  performance.mark('scwres-wasm-compiled');
  const wasm = await __wbg_init({ module_or_path: module });
  performance.mark('scwres-wasm-started');
  // The same event Trunk's own loader fires, so tests and code can wait for it either way.
  dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
}
})();
`;

if (!/<body\b[^>]*>/i.test(skeleton)) fail('index.html needs <body>');
const wasmBlock = placeholder('script', wasmGzip.toString('base64'), false);
const loaderScript = placeholder('script', escapeInlineScript(loader, 'the loader'), true);
const bootScript = placeholder('script', null, true);
const bootIndex = inlined.length - 1; // its text is made in step 4
skeleton = skeleton.replace(
  /<body\b[^>]*>/i,
  (body) =>
    `${body}\n<script type="application/wasm-base64" data-compression="gzip" id="${WASM_ELEMENT_ID}">${wasmBlock}</script>\n` +
    `<script>${loaderScript}</script>\n<script>${bootScript}</script>\n`,
);

// The report writer and the pages that load on demand, in release builds (a debug build's
// page says it has neither).
const reportGzip = profile === 'debug' ? null : await gzipBest(reportWasm(), 'report');
const reportBase64 = reportGzip ? reportGzip.toString('base64') : '';
const pages = profile === 'debug' ? null : pagesModule();
const pagesGzip = pages ? await gzipBest(pages.wasm, 'pages') : null;
const pagesBase64 = pagesGzip ? pagesGzip.toString('base64') : '';
const pagesGlue = pages ? escapeInlineScript(pages.glue, "the pages module's glue") : '';
const echartsGzip = echartsJs === null ? null : await gzipBest(Buffer.from(echartsJs, 'utf8'), 'echarts');
skeleton = insertBeforeLast(
  skeleton,
  '</body>',
  (echartsGzip
    ? `<script type="application/gzip-base64" id="${ECHARTS_ELEMENT_ID}">${placeholder('script', echartsGzip.toString('base64'), false)}</script>\n`
    : '') +
    (reportGzip
    ? `<script type="application/wasm-base64" data-compression="gzip" id="${REPORT_ELEMENT_ID}">${placeholder('script', reportBase64, false)}</script>\n`
    : '') +
    (pages
      ? `<script type="application/wasm-base64" data-compression="gzip" id="${PAGES_ELEMENT_ID}">${placeholder('script', pagesBase64, false)}</script>\n` +
        `<script type="${LAZY_SCRIPT_TYPE}" id="${PAGES_GLUE_ELEMENT_ID}">${placeholder('script', pagesGlue, false, true)}</script>\n`
      : ''),
);
if (inlined[bootIndex]?.text !== null) fail('internal: the boot script placeholder is not where expected');

// 3. The CSP goes first in <head>, so it covers everything after it. (The first "<head" is the
//    real one: all inlined text is still a placeholder.) Its value is filled in at step 5.
skeleton = skeleton.replace(/<head\b[^>]*>/i, (head) => `${head}\n<meta http-equiv="Content-Security-Policy" content="\u0000CSP\u0000">`);

// 4. Cut the page into markup (PIECES) and holes (the CSP value, then each element's text),
//    for the boot script: it finds the holes' texts in the parsed document and joins them with
//    the markup to give back this file exactly. Its own text is the hole 'self'.
const tokens = skeleton.split(/\u0000(INLINE\d+|CSP)\u0000/);
const pieces = tokens.filter((_, i) => i % 2 === 0);
const holes = tokens
  .filter((_, i) => i % 2 === 1)
  .map((token) => {
    if (token === 'CSP') return 'csp';
    const index = Number(token.slice('INLINE'.length));
    return index === bootIndex ? 'self' : [inlined[index].tag, inlined[index].text.length];
  });
const boot = escapeInlineScript(
  fillTemplate('page-boot.js', {
    PIECES: pieces,
    HOLES: holes,
    CONFIG: {
      file: OUTPUT_NAME,
      manifest: MANIFEST_NAME,
      serviceWorker: SERVICE_WORKER_NAME,
      lazyEcharts: echartsJs === null ? null : ECHARTS_ELEMENT_ID,
      reportWasm: reportGzip ? REPORT_ELEMENT_ID : null,
      pagesWasm: pages ? PAGES_ELEMENT_ID : null,
      pagesGlue: pages ? PAGES_GLUE_ELEMENT_ID : null,
    },
  }),
  'scripts/page-boot.js',
);
inlined[bootIndex].text = boot;

// 5. Hash every inline script the browser will execute (everything but data blocks).
// And ECharts' text, which the boot script runs as an inline script once it has inflated it.
const hashes = inlined.filter((x) => x.tag === 'script' && x.hashed).map((x) => cspHash(x.text));
if (echartsJs !== null) hashes.push(cspHash(echartsJs));
const csp = [
  'default-src \'none\'',
  `script-src ${hashes.join(' ')} 'wasm-unsafe-eval'`, // wasm compiles from bytes; no eval
  'connect-src \'none\'', // no fetch, XHR, beacon or WebSocket, to anywhere
  'style-src \'unsafe-inline\'', // the inlined CSS and style="" attributes set by the app
  'img-src data: blob:', // ECharts' generated images; nothing from a server
  'font-src \'none\'',
  'form-action \'none\'',
  'base-uri \'none\'',
  'object-src \'none\'',
  'frame-src \'none\'',
  // Hosted over http(s), the boot script registers sw.js (same origin) and links
  // manifest.webmanifest (its icons are data: URLs). Neither lets the page send anything: the
  // page's own requests are still governed by connect-src 'none' and img-src, which are checked
  // before a service worker sees a request. From file:// neither is used.
  // blob: for the Web Workers that count a large HR extract (src/ui/browser/workers/): their script
  // is made by the page itself, and a worker made from a blob: URL keeps the page's policy, so
  // it cannot connect anywhere either (tests/e2e/single-file.test.mjs checks).
  'worker-src \'self\' blob:',
  'manifest-src \'self\'',
].join('; ');

let html = pieces[0];
for (let i = 0; i < holes.length; i++) {
  html += (holes[i] === 'csp' ? csp : holes[i] === 'self' ? boot : null) ?? inlined[Number(tokens[2 * i + 1].slice(6))].text;
  html += pieces[i + 1];
}
if (html.includes('\0')) fail('internal: a placeholder is left in the page');
if (html.search(/<meta\s+charset/i) > 1000) fail('<meta charset> would land beyond the first 1024 bytes');
checkOfflineCopy(html, boot);

// 6. The web app manifest and the service worker, for hosting (see scripts/service-worker.js).
const description =
  indexHtml.match(/<meta\s+name="description"\s+content="([^"]*)"/i)?.[1] ??
  'Calculate your SC-WRES metrics on your own device.';
const png512 = dataUrl('image/png', iconPng(512));
const manifest = `${JSON.stringify(
  {
    name: 'SC-WRES calculator',
    short_name: 'SC-WRES',
    description,
    lang: 'en-GB',
    id: `./${OUTPUT_NAME}`,
    start_url: `./${OUTPUT_NAME}`,
    scope: './',
    display: 'standalone',
    background_color: '#ffffff',
    theme_color: THEME_COLOUR,
    icons: [
      { src: dataUrl('image/svg+xml', iconSvg()), sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
      { src: dataUrl('image/png', iconPng(192)), sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: png512, sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: png512, sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  },
  null,
  2,
)}\n`;
const serviceWorker =
  '// The SC-WRES calculator\'s service worker, written by scripts/single-file.mjs from\n' +
  '// scripts/service-worker.js (which explains it). It caches this directory\'s single file.\n' +
  fillTemplate('service-worker.js', {
    CONFIG: {
      version: sha256(`${html}\0${manifest}`).slice(0, 16),
      page: OUTPUT_NAME,
      pageSha256: sha256(html),
      files: [OUTPUT_NAME, MANIFEST_NAME],
    },
  });

// ASCII throughout: the browser then keeps every text in the file (ECharts' 530 KB, the
// WebAssembly blocks) as one-byte strings, which it decodes and parses faster than two-byte
// ones. A character outside ASCII is written as an escape where it comes from (\u in
// scripts, &#…; or \… in markup and CSS).
{
  const at = html.search(/[^\x00-\x7f]/);
  if (at >= 0) {
    fail(
      `the single file should be ASCII throughout, but has ${JSON.stringify(html[at])} at character ${at}: ` +
        `…${JSON.stringify(html.slice(Math.max(0, at - 60), at + 20))}…; write it as an escape where it comes from`,
    );
  }
}
writeFileSync(path.join(dir, OUTPUT_NAME), html);
writeFileSync(path.join(dir, MANIFEST_NAME), manifest);
writeFileSync(path.join(dir, SERVICE_WORKER_NAME), serviceWorker);

// 7. Sizes: the single file and its main parts, and everything in dist/ (gzip as a web server
//    would send it, level 6).
const n = (x) => `${(x / 1000).toLocaleString('en-GB', { maximumFractionDigits: 0 })} KB`;
const gz = (data) => gzipSync(data).length;
const shown = (name) => path.relative(process.cwd(), path.join(finalDir, name)) || name;
const shownDir = `${path.relative(process.cwd(), finalDir) || '.'}/`;
const echartsBlock = echartsGzip ? Math.ceil(echartsGzip.length / 3) * 4 : 0;
const allFiles = listFiles(dir).map((f) => readFileSync(path.join(dir, f)));
// What the page needs to start: the file without what it starts only on demand (the report
// writer's block, the pages module's block and its glue). The budget is for this.
const onDemand = [reportBase64, pagesBase64, pagesGlue].filter(Boolean);
const startup = onDemand.reduce((page, text) => page.replace(text, ''), html);
console.log(
  `single file: ${shown(OUTPUT_NAME)} ${n(Buffer.byteLength(startup))} (${n(gz(startup))} gzip) to start` +
    (onDemand.length
      ? `; on demand, the report writer ${n(Buffer.byteLength(reportBase64))} (${n(gz(reportBase64))} gzip) and ` +
        `the pages module ${n(Buffer.byteLength(pagesBase64) + Buffer.byteLength(pagesGlue))} (${n(gz(pagesBase64) + gz(pagesGlue))} gzip): ` +
        `${n(Buffer.byteLength(html))} (${n(gz(html))} gzip) in all`
      : '') +
    `${profile ? `, ${profile} build` : ''}; ${hashes.length} inline scripts hashed; sha256 ${sha256(html)}\n` +
    `  wasm ${n(wasmBytes.length)} (${n(gz(wasmBytes))} gzip), embedded gzipped as base64 ${n(Math.ceil(wasmGzip.length / 3) * 4)}` +
    `${echartsJs ? `; ECharts ${n(Buffer.byteLength(echartsJs))} (${n(gz(echartsJs))} gzip), embedded gzipped as base64 ${n(echartsBlock)}` : ''}` +
    `; everything else ${n(Buffer.byteLength(startup) - Math.ceil(wasmGzip.length / 3) * 4 - echartsBlock)}\n` +
    (pages ? `  pages module: wasm ${n(pages.wasm.length)} (${n(gz(pages.wasm))} gzip), glue ${n(Buffer.byteLength(pagesGlue))}\n` : '') +
    `  ${shownDir} (${allFiles.length} files): ${n(allFiles.reduce((a, b) => a + b.length, 0))} ` +
    `(${n(allFiles.reduce((a, b) => a + gz(b), 0))} gzip), with ${SERVICE_WORKER_NAME} and ${MANIFEST_NAME}; ` +
    `${Math.round(performance.now() - started)} ms`,
);
if (!onDemand.every((text) => html.includes(text))) fail('internal: an on-demand block is not in the page as written');

// 8. The budget (release builds: a debug build's WebAssembly is unoptimised).
const htmlGzip = gz(startup);
if (profile !== 'debug' && reportBase64 && gz(reportBase64) > REPORT_BUDGET_GZIP_BYTES) {
  fail(
    `the report writer is ${n(gz(reportBase64))} gzip, over its budget of ${n(REPORT_BUDGET_GZIP_BYTES)} gzip ` +
      '(src/bin/report_wasm.rs; docs/performance.md).',
  );
}
const pagesGzipBytes = pages ? gz(pagesBase64) + gz(pagesGlue) : 0;
if (profile !== 'debug' && pagesGzipBytes > PAGES_BUDGET_GZIP_BYTES) {
  fail(
    `the pages that load on demand are ${n(pagesGzipBytes)} gzip, over their budget of ${n(PAGES_BUDGET_GZIP_BYTES)} gzip ` +
      '(src/bin/pages_wasm.rs; docs/performance.md).',
  );
}
if (profile !== 'debug' && htmlGzip > BUDGET_GZIP_BYTES) {
  fail(
    `${shown(OUTPUT_NAME)} is ${n(htmlGzip)} gzip, over its budget of ${n(BUDGET_GZIP_BYTES)} gzip ` +
      `(${htmlGzip.toLocaleString('en-GB')} > ${BUDGET_GZIP_BYTES.toLocaleString('en-GB')} bytes). ` +
      'Make it smaller, or load the new feature on demand (see docs/performance.md).',
  );
}
