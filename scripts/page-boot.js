// The single file's boot script (a template: scripts/single-file.mjs fills in the three
// __SCWRES_…__ values and puts it, hashed into the CSP, as the last element of <body>).
// It is a classic script, so it runs while the page is still being parsed: before the wasm
// module script, the app, or anything else can change the document.
//
//  1. An exact copy of this file, for "Download this calculator for offline use".
//     The page cannot read its own file (the CSP forbids every fetch, and file:// pages
//     cannot fetch anyway), and the file cannot contain a copy of itself. So the build splits
//     the file into the text of its <script> and <style> elements and the CSP value, which
//     the browser keeps exactly as written (raw text, no character references, no CR), and
//     the markup around them (PIECES, below). Here we pick those texts out of the document;
//     joined with PIECES they give back the file byte for byte. This script's own text is one
//     of them, so nothing refers to itself.
//       window.scwresSaveOfflineCopy()  -> true when a download of the copy has started
//       window.scwresOwnChecksum()      -> Promise of the copy's SHA-256 (hex), the same as
//                                          `sha256sum sc-wres-calculator.html`, or null
//  2. Installable web app, when served over http(s) only: links the manifest and registers
//     the service worker (sw.js), which keeps this file for offline use. When it has fetched
//     a new version it posts a message; then window.scwresUpdateReady becomes true and the
//     event "scwres-update-ready" is dispatched on window (detail: { sha256 }).
(() => {
  'use strict';
  const PIECES = __SCWRES_PIECES__;
  const HOLES = __SCWRES_HOLES__; // 'csp' | 'self' | [tag name, text length]
  const CONFIG = __SCWRES_CONFIG__; // { file, manifest, serviceWorker, lazyEcharts, reportWasm }
  window.scwresUpdateReady = false;

  // 0. ECharts on first use. The build keeps its text in a data block (id CONFIG.lazyEcharts);
  //    reading the global `echarts` runs it as an inline script (its hash is in the CSP), which
  //    defines the real global. The app's warm-up (src/ui/browser/warm.rs) draws its first charts out
  //    of sight when the browser is idle after the start, so the user's first charts never
  //    wait for it.
  const lazy = CONFIG.lazyEcharts && document.getElementById(CONFIG.lazyEcharts);
  if (lazy && !('echarts' in window)) {
    Object.defineProperty(window, 'echarts', {
      configurable: true,
      get() {
        delete window.echarts;
        const script = document.createElement('script');
        script.textContent = lazy.textContent;
        document.head.append(script); // runs now: `var echarts = …`
        script.remove();
        return window.echarts;
      },
      set(value) {
        delete window.echarts;
        window.echarts = value;
      },
    });
  }

  // 0b. The report writer on demand: a WebAssembly module of its own (src/bin/report_wasm.rs),
  //     kept gzipped as base64 in a data block (id CONFIG.reportWasm) and started the first
  //     time a report is asked for, so that the page's start never waits for it.
  //       window.scwresMakeReport(request: Uint8Array) -> Promise<Uint8Array> (the .docx), or
  //       rejects with the writer's message. The request is the engine's
  //       (src/report/request.rs). It has no imports it calls: any it names is a stub.
  let reportWriter = null;
  window.scwresMakeReport = async (request) => {
    if (!reportWriter) {
      const element = CONFIG.reportWasm && document.getElementById(CONFIG.reportWasm);
      if (!element) throw new Error('This copy of the calculator has no report writer (a development build).');
      const text = atob(element.textContent);
      const gzipped = new Uint8Array(text.length);
      for (let i = 0; i < text.length; i++) gzipped[i] = text.charCodeAt(i);
      const inflated = new Blob([gzipped]).stream().pipeThrough(new DecompressionStream('gzip'));
      const bytes = await new Response(inflated).arrayBuffer();
      const stub = () => {
        throw new Error('the report writer called the page');
      };
      const imports = new Proxy({}, { get: () => new Proxy({}, { get: () => stub }) });
      reportWriter = (await WebAssembly.instantiate(bytes, imports)).instance.exports;
    }
    const w = reportWriter;
    const input = w.scwres_alloc(request.length);
    new Uint8Array(w.memory.buffer, input, request.length).set(request);
    const out = w.scwres_report(input, request.length);
    const view = new DataView(w.memory.buffer);
    const ok = view.getUint8(out) === 1;
    const length = view.getUint32(out + 1, true);
    const body = new Uint8Array(w.memory.buffer, out + 5, length).slice();
    w.scwres_free(out, length + 5);
    if (!ok) throw new Error(new TextDecoder().decode(body));
    return body;
  };

  /** The text of every hole, from the document as parsed; null if one is not found. */
  const capture = (doc, self) => {
    const csp = doc.querySelector('meta[http-equiv="Content-Security-Policy"]');
    const elements = doc.querySelectorAll('script, style');
    const texts = [];
    let next = 0;
    for (const hole of HOLES) {
      let text = null;
      if (hole === 'csp') {
        text = csp ? csp.getAttribute('content') : null;
      } else {
        // In document order; anything else (say, a style a browser extension added) is skipped.
        while (text === null && next < elements.length) {
          const element = elements[next++];
          if (hole === 'self') {
            if (element === self) text = element.textContent;
          } else if (element.localName === hole[0]) {
            const t = element.textContent;
            if (t.length === hole[1]) text = t;
          }
        }
      }
      if (text === null) return null;
      texts.push(text);
    }
    return texts;
  };

  // 1. The offline copy.
  const texts = capture(document, document.currentScript);
  const source = () => (texts ? PIECES.map((piece, i) => (i ? texts[i - 1] : '') + piece).join('') : null);

  window.scwresSaveOfflineCopy = () => {
    const html = source();
    if (html === null) return false;
    const url = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = CONFIG.file;
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    return true;
  };

  let checksum = null;
  window.scwresOwnChecksum = () => {
    if (checksum === null) {
      const html = source();
      const subtle = window.crypto && window.crypto.subtle;
      checksum =
        html === null || !subtle
          ? Promise.resolve(null)
          : subtle
              .digest('SHA-256', new TextEncoder().encode(html))
              .then((d) => Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, '0')).join(''))
              .catch(() => null);
    }
    return checksum;
  };

  // 2. Installable web app (never from file://, where service workers cannot exist).
  if ((location.protocol === 'https:' || location.protocol === 'http:') && 'serviceWorker' in navigator) {
    const link = document.createElement('link');
    link.rel = 'manifest';
    link.href = CONFIG.manifest;
    document.head.append(link);

    const workers = navigator.serviceWorker;
    workers.addEventListener('message', async (event) => {
      const message = event.data;
      if (!message || message.type !== 'scwres-update-ready' || window.scwresUpdateReady) return;
      // A page that is already the new version (say, after a hard reload) is not told.
      if (message.sha256 && message.sha256 === (await window.scwresOwnChecksum())) return;
      window.scwresUpdateReady = true;
      window.dispatchEvent(new CustomEvent('scwres-update-ready', { detail: { sha256: message.sha256 || null } }));
    });
    workers.startMessages();
    // After the page has loaded, so that fetching the worker never competes with the start.
    const register = () => workers.register(CONFIG.serviceWorker, { scope: './', updateViaCache: 'none' }).catch(() => {});
    if (document.readyState === 'complete') register();
    else window.addEventListener('load', register, { once: true });
  }
})();
