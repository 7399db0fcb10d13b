// The single file's boot script (a template: scripts/single-file.mjs fills in the three
// __SCWRES_...__ values and puts it, hashed into the CSP, just after the app's loader at the
// start of <body>, before the modules that load on demand). It is a classic script, so it
// runs while the page is still being parsed, and the app starts only once it has run (it
// says so with window.scwresBooted and the event "scwres-booted").
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
  const CONFIG = __SCWRES_CONFIG__; // { file, manifest, serviceWorker, lazyEcharts, reportWasm, pagesWasm, pagesGlue }
  window.scwresUpdateReady = false;

  /** Resolves once the browser has read the whole page (the on-demand modules come last). */
  const pageRead = () =>
    document.readyState === 'loading' ? new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true })) : Promise.resolve();

  /** A gzipped WebAssembly data block, inflated, as a Response (the loader's function). */
  const inflatedWasm = (element) => window.scwresInflated(element, 'application/wasm');

  // 0. ECharts on first use. The build keeps its text gzipped, as base64, in a data block at
  //    the end of the page (id CONFIG.lazyEcharts), so that the browser does not parse 530 KB
  //    of script on its way to the app's start. The first call inflates it and runs it as an
  //    inline script (its hash is in the CSP), which defines the global `echarts`.
  //      window.scwresEcharts() -> Promise of `echarts`; src/ui/browser/echarts.rs waits for
  //      it before a chart's first drawing. The app's warm-up (src/ui/browser/warm.rs) asks
  //      for it when the browser is idle after the start, so the user's first charts never
  //      wait for it.
  let echartsStarted = null;
  if (CONFIG.lazyEcharts && !('echarts' in window)) {
    window.scwresEcharts = () => {
      echartsStarted ??= (async () => {
        await pageRead();
        const element = document.getElementById(CONFIG.lazyEcharts);
        if (!element) throw new Error('the chart engine is not in this page');
        const script = document.createElement('script');
        script.textContent = await window.scwresInflated(element, 'text/javascript').text();
        document.head.append(script); // runs now: `var echarts = ...`
        script.remove();
        return window.echarts;
      })();
      echartsStarted.catch(() => {
        echartsStarted = null; // asked again, it tries again
      });
      return echartsStarted;
    };
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
      await pageRead();
      const element = CONFIG.reportWasm && document.getElementById(CONFIG.reportWasm);
      if (!element) throw new Error('This copy of the calculator has no report writer (a development build).');
      const bytes = await inflatedWasm(element).arrayBuffer();
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

  // 0c. The pages that load on demand (HR extracts, counts typed in, comparing councils): a
  //     WebAssembly module of their own (src/bin/pages_wasm.rs), kept gzipped as base64 (id
  //     CONFIG.pagesWasm) with its glue as text (id CONFIG.pagesGlue, run as an inline script,
  //     allowed by its hash), started the first time one of them is opened.
  //       window.scwresOpenPage(element, page, safe, tell) -> Promise: shows the page in
  //       element (unless it has left the document meanwhile); tell(what, value) is how the
  //       page speaks to the calculator (src/ui/components/on_demand.rs).
  //       window.scwresClosePage(): takes the page away.
  let pagesStarting = null;
  const startPages = () => {
    pagesStarting ??= (async () => {
      await pageRead();
      const element = CONFIG.pagesWasm && document.getElementById(CONFIG.pagesWasm);
      const glue = CONFIG.pagesGlue && document.getElementById(CONFIG.pagesGlue);
      if (!element || !glue) throw new Error('this is a development build, which does not have it');
      const script = document.createElement('script');
      script.textContent = glue.textContent;
      document.head.append(script); // runs now: `var scwresPages = ...`
      script.remove();
      await window.scwresPages.init({ module_or_path: inflatedWasm(element) });
      return window.scwresPages;
    })();
    pagesStarting.catch(() => {
      pagesStarting = null; // a later visit tries again
    });
    return pagesStarting;
  };
  window.scwresOpenPage = async (element, page, safe, tell) => {
    const pages = await startPages();
    if (element.isConnected && !pages.open(element, page, safe, tell)) throw new Error(`no page called ${page}`);
  };
  window.scwresClosePage = () => {
    if (window.scwresPages) window.scwresPages.close();
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

  // 1. The offline copy. The texts are picked out when first asked for (the page may still be
  //    reading the modules it loads on demand as the app starts); nothing in the page changes
  //    them, and nothing the app adds is taken for one of them.
  const self = document.currentScript;
  let texts = null;
  const source = () => {
    texts ??= capture(document, self);
    return texts ? PIECES.map((piece, i) => (i ? texts[i - 1] : '') + piece).join('') : null;
  };

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

  // 3. The app's loader (the script before this one) starts the app once this has run.
  window.scwresBooted = true;
  window.dispatchEvent(new Event('scwres-booted'));
})();
