#!/usr/bin/env node
// Writes the release artefact: ONE self-contained HTML file, sc-wres-calculator.html, that
// works from a web server, from a shared drive and from file:// alike, and whose
// Content-Security-Policy forbids every connection. Nothing the user loads can leave the page.
//
// It runs as Trunk's post_build hook (Trunk.toml), after Trunk has written its multi-file
// build into the staging directory (TRUNK_STAGING_DIR), so the file lands in dist/ next to
// Trunk's own index.html. It can also be run by hand on a finished build:
//
//     node scripts/single-file.mjs            # reads and writes dist/
//     node scripts/single-file.mjs some/dir   # reads and writes some/dir/
//
// What it does to Trunk's index.html:
//   * <link rel="stylesheet" href=…>          -> <style>…</style> (the CSS inlined)
//   * <script src=…></script> (classic)       -> <script>…</script> (e.g. ECharts, inlined;
//                                                 it still runs before the wasm starts)
//   * <link rel="preload" / "modulepreload">  -> removed (nothing is fetched any more)
//   * integrity= / crossorigin= attributes    -> gone with the tags above
//   * Trunk's inline module loader            -> removed; replaced, at the end of <body>, by
//       - <script type="application/wasm-base64" id="sc-wres-wasm">: the wasm as base64
//         (a type the browser never executes, so it needs no CSP hash), and
//       - one inline module script: the wasm-bindgen glue with its `export`s removed, then
//         `__wbg_init({ module_or_path: bytes })` with the decoded bytes.
//   * a <meta http-equiv="Content-Security-Policy"> as the first element of <head>, with
//     one 'sha256-…' per inline script, computed from the final file.
//
// Only node built-ins are used. Any surprise in the input (missing file, unknown tag,
// glue that imports other modules, …) stops the build with a message saying what and why.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const OUTPUT_NAME = 'sc-wres-calculator.html';
const WASM_ELEMENT_ID = 'sc-wres-wasm';

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

/** CSS is inlined verbatim; it must not end the <style> early or fetch anything. */
function checkInlineCss(css, what) {
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
 * Turns wasm-bindgen's ES-module glue (`--target web`) into a plain script body that can sit in
 * an inline <script type="module">: an inline module cannot be imported from, so its exports
 * are dropped; the code that matters (the classes, the imports object and __wbg_init) stays.
 */
function glueForInlining(glue, what) {
  // An inline module cannot import the glue's own helper modules (wasm-bindgen "snippets").
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

// ---------------------------------------------------------------------------------------------

const started = performance.now();
const dir = path.resolve(process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? 'dist');
// Where the file ends up (Trunk moves its staging directory to dist/ after the hooks).
const finalDir = process.argv[2] ? dir : path.resolve(process.env.TRUNK_DIST_DIR ?? dir);
const profile = process.env.TRUNK_PROFILE; // 'release' or 'debug' when run by Trunk
if (!existsSync(dir)) fail(`build directory not found: ${dir} (run \`trunk build --release\` first)`);
const indexHtml = readOrFail(path.join(dir, 'index.html'), "Trunk's index.html");

// 1. Rewrite Trunk's page, tag by tag. Anything inlined becomes a placeholder for now, so that
//    the checks below see only the page's own markup (ECharts alone contains "</body>",
//    "<link", "src=" …), and so that no "$" in the inlined code is taken as a replace() pattern.
const inlined = []; // placeholder index -> text
const placeholder = (text) => `\u0000INLINE${inlined.push(text) - 1}\u0000`;
let glueUrl = null;
let wasmUrl = null;

let skeleton = indexHtml.replace(
  /<script\b[^>]*>[\s\S]*?<\/script\s*>|<link\b[^>]*>|<meta\b[^>]*>|<base\b[^>]*>/gi,
  (tag) => {
    const start = tag.match(/^<[^>]*>/)[0];
    const attrs = parseAttributes(start);
    const name = start.slice(1).split(/[\s/>]/)[0].toLowerCase();

    if (name === 'meta') {
      // An existing CSP would be combined with ours (both must allow); ours replaces it.
      return (attrs['http-equiv'] ?? '').toLowerCase() === 'content-security-policy' ? '' : tag;
    }
    if (name === 'base') return ''; // base-uri 'none' would block it; nothing is resolved against it.

    if (name === 'link') {
      const rel = (attrs.rel ?? '').toLowerCase().split(/\s+/);
      if (rel.includes('preload') || rel.includes('modulepreload')) return '';
      if (rel.includes('stylesheet')) {
        const file = localFile(dir, attrs.href ?? '', `stylesheet ${attrs.href}`);
        const css = checkInlineCss(readOrFail(file, 'stylesheet'), path.basename(file));
        return `<style>${placeholder(css)}</style>`;
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
      // A plain classic script, still where Trunk put it, so it runs before the wasm starts.
      return `<script>${placeholder(js)}</script>`;
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
    return tag; // any other inline script stays as it is and gets its own hash below
  },
);

if (!glueUrl) fail(`Trunk's module loader (import init … from '….js') is not in ${path.join(dir, 'index.html')}`);
if (!/<head\b[^>]*>/i.test(skeleton) || !/<\/body>/i.test(skeleton)) fail('index.html needs <head> and </body>');
if (/\b(integrity|crossorigin)\s*=/i.test(skeleton)) fail('an integrity/crossorigin attribute survived; look at index.html');
if (/\bsrc\s*=/i.test(skeleton.replace(/\bsrc\s*=\s*["']?data:/gi, ''))) {
  fail('the page still loads something by src=; the single file must contain everything');
}

// 2. The wasm (as base64 in a script element that never executes) and the module that starts it.
const wasmFile = localFile(dir, wasmUrl, `wasm ${wasmUrl}`);
const glueFile = localFile(dir, glueUrl, `wasm-bindgen glue ${glueUrl}`);
const wasmBytes = readOrFail(wasmFile, 'the wasm module', null);
const glue = glueForInlining(readOrFail(glueFile, 'the wasm-bindgen glue'), path.basename(glueFile));

const loader = `${glue}
// ---- single file: start the app from the wasm embedded above (no fetch; connect-src is 'none') ----
{
  const element = document.getElementById(${JSON.stringify(WASM_ELEMENT_ID)});
  const text = atob(element.textContent.trim());
  element.remove(); // the base64 text is no longer needed
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  const wasm = await __wbg_init({ module_or_path: bytes });
  // The same event Trunk's own loader fires, so tests and code can wait for it either way.
  dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
}
`;

skeleton = insertBeforeLast(
  skeleton,
  '</body>',
  `<script type="application/wasm-base64" id="${WASM_ELEMENT_ID}">${placeholder(wasmBytes.toString('base64'))}</script>\n` +
    `<script type="module">${placeholder(escapeInlineScript(loader, 'the loader'))}</script>\n`,
);

// 3. Put the inlined text in. From here on the document is fixed except for the CSP itself.
let html = skeleton.replace(/\u0000INLINE(\d+)\u0000/g, (_, i) => inlined[Number(i)]);

// 4. Hash every inline script the browser will execute (everything but data blocks), from the
//    final text. Inlined code has "</script" escaped, so the first "</script" ends each element.
const executable = new Set(['', 'module', 'text/javascript', 'application/javascript']);
const hashes = [];
for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
  const attrs = parseAttributes(`<script${m[1]}>`);
  if (attrs.src !== undefined) fail('a <script src> is left in the single file');
  if (executable.has((attrs.type ?? '').toLowerCase())) hashes.push(cspHash(m[2]));
}

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
  'worker-src \'none\'',
  'manifest-src \'none\'',
].join('; ');

// 5. The CSP goes first in <head>, so it covers everything after it. (The first "<head" is the
//    real one: all inlined text comes after it.)
html = html.replace(/<head\b[^>]*>/i, (head) => `${head}\n<meta http-equiv="Content-Security-Policy" content="${csp}">`);
if (html.search(/<meta\s+charset/i) > 1000) fail('<meta charset> would land beyond the first 1024 bytes');

const outFile = path.join(dir, OUTPUT_NAME);
writeFileSync(outFile, html);

const size = Buffer.byteLength(html);
const gzipped = gzipSync(html).length;
const shown = path.relative(process.cwd(), path.join(finalDir, OUTPUT_NAME)) || OUTPUT_NAME;
const n = (x) => x.toLocaleString('en-GB');
console.log(
  `single file: ${shown} ${n(size)} bytes (${n(gzipped)} gzip)` +
    `${profile ? `, ${profile} build` : ''}, wasm ${n(wasmBytes.length)} bytes, ${hashes.length} inline scripts hashed, ` +
    `${Math.round(performance.now() - started)} ms`,
);
