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
//  3. A warm-up of the chart engine, off screen, when the browser is idle after the start
//     (it also runs ECharts, which the build keeps as text until it is first used).
(() => {
  'use strict';
  const PIECES = __SCWRES_PIECES__;
  const HOLES = __SCWRES_HOLES__; // 'csp' | 'self' | [tag name, text length]
  const CONFIG = __SCWRES_CONFIG__; // { file, manifest, serviceWorker, lazyEcharts }
  window.scwresUpdateReady = false;

  // 0. ECharts on first use. The build keeps its text in a data block (id CONFIG.lazyEcharts);
  //    reading the global `echarts` runs it as an inline script (its hash is in the CSP), which
  //    defines the real global. The warm-up below reads it when the browser is idle after the
  //    start, so the app never waits for it; the app's first echarts.init (src/ui/chart.rs)
  //    would otherwise.
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

  // 3. The chart engine's first charts are slow: its code runs for the first time, and the
  //    browser's JavaScript engine optimises a function only after it has run a few times.
  //    So, once the app has started and the browser is idle, draw charts like the app's two
  //    (src/charts.rs: the same series, symbols, colours, markers, axes, legend, tooltip and
  //    sizes, with made-up figures) off screen, twice each, and throw them away, so that the
  //    user's first charts appear sooner. (Twice: a single round left about 30 ms of the
  //    first charts' time to the engine's warming up.) Each drawing is its own short task,
  //    so a click in between waits less.
  window.addEventListener(
    'TrunkApplicationStarted',
    () => {
      const idle = window.requestIdleCallback || ((f) => setTimeout(f, 200));
      const rows = ['M2 a', 'M3 b', 'M4 c', 'M5 d', 'M6 e', 'M7a f', 'M7b g', 'M8 h', 'M9 i'];
      const dashed = (color, width) => ({ color, type: 'dashed', ...(width ? { width } : {}) });
      const charts = [
        // The forest plot.
        [
          460,
          {
            title: { text: 'x', left: 'center' },
            legend: { bottom: 0 },
            tooltip: { trigger: 'item' },
            grid: { left: 230, right: 40, top: 50, bottom: 70 },
            xAxis: { type: 'log', logBase: 10, min: 0.1, max: 10, name: 'x', nameLocation: 'middle', nameGap: 28 },
            yAxis: { type: 'category', inverse: true, data: rows, axisLabel: { interval: 0 } },
            series: [
              {
                type: 'line',
                name: 'a',
                symbol: 'none',
                lineStyle: { width: 3, color: '#1d70b8' },
                data: rows.flatMap((r, i) => [[0.5 + i / 10, r], [1.5 + i / 10, r], '-']),
                markArea: {
                  silent: true,
                  itemStyle: { color: 'rgba(0, 112, 60, 0.12)' },
                  label: { show: true, formatter: 'x' },
                  data: [[{ xAxis: '0.8' }, { xAxis: '1.25' }]],
                },
                markLine: { silent: true, symbol: ['none', 'none'], lineStyle: dashed('#0b0c0c'), data: [{ xAxis: 1 }] },
              },
              { type: 'scatter', name: 'b', symbol: 'circle', symbolSize: 14, itemStyle: { color: '#0b0c0c' }, data: rows.map((r, i) => [1 + i / 10, r]) },
              { type: 'scatter', name: 'c', symbol: 'diamond', symbolSize: 12, itemStyle: { color: '#912b88' }, data: rows.map((r, i) => [0.9 + i / 10, r]) },
              { type: 'scatter', name: 'd', symbol: 'triangle', symbolSize: 12, itemStyle: { color: '#505a5f' }, data: rows.map((r, i) => [0.8 + i / 10, r]) },
            ],
          },
        ],
        // The pay-band bars (and year on year: bars too).
        [
          380,
          {
            title: { text: 'x', left: 'center' },
            legend: { bottom: 0 },
            tooltip: { trigger: 'axis' },
            grid: { left: 60, right: 30, top: 50, bottom: 70 },
            xAxis: { type: 'category', data: ['a', 'b', 'c'] },
            yAxis: { type: 'value', min: 0, max: 100, name: 'x', nameLocation: 'middle', nameGap: 40 },
            series: [
              {
                type: 'bar',
                name: 'a',
                stack: 'total',
                itemStyle: { color: '#1d70b8' },
                data: [25, 22, 12],
                markLine: {
                  silent: true,
                  symbol: ['none', 'none'],
                  lineStyle: dashed('#0b0c0c', 2),
                  label: { show: true, position: 'insideEndTop', formatter: 'x' },
                  data: [{ yAxis: 24 }],
                },
              },
              { type: 'bar', name: 'b', stack: 'total', itemStyle: { color: '#912b88' }, data: [70, 72, 82] },
              { type: 'bar', name: 'c', stack: 'total', itemStyle: { color: '#505a5f' }, data: [5, 6, 6] },
            ],
          },
        ],
      ];
      const ROUNDS = 2;
      const draw = (step) => {
        const [height, option] = charts[step % charts.length];
        const box = document.createElement('div');
        box.setAttribute('aria-hidden', 'true');
        box.style.cssText = `position:fixed;left:-10000px;top:0;width:960px;height:${height}px;visibility:hidden`;
        document.body.append(box);
        try {
          // As src/ui/chart.rs does: init with the height, then the option (no animation).
          const chart = window.echarts.init(box, null, { height });
          chart.setOption({ ...option, animation: false, aria: { enabled: true, decal: { show: true } } }, { notMerge: true });
          chart.dispose();
        } catch (e) {
          // Only a warm-up: the app draws its own charts whatever happens here.
        } finally {
          box.remove();
        }
        if (step + 1 < ROUNDS * charts.length) idle(() => draw(step + 1));
        else performance.mark('scwres-charts-warm'); // scripts/bench-load.mjs waits for it
      };
      idle(() => {
        if (!window.echarts) return; // runs ECharts, if the app has not yet
        idle(() => draw(0));
      });
    },
    { once: true },
  );

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
