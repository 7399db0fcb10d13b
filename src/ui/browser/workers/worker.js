// A Web Worker that counts pieces of an HR extract for the page (src/ui/browser/workers/), or
// reads a submission file before the page does (check). The page makes it from a blob: URL and
// sends it the page's own compiled WebAssembly module, of which it calls only the
// scwres_piece_* and scwres_check_* functions (src/ui/browser/workers/in_worker.rs): none of
// them calls out, so every import is a function that is never called. It reads nothing but
// the page's messages, answers only the page, and the page's Content-Security-Policy applies
// to it too.
'use strict';
const unused = () => {
  throw new Error('not available in a worker');
};
const imports = new Proxy({}, { get: () => new Proxy({}, { get: () => unused }) });
let wasm = null;

// Copies byte arrays, one after the other, into the module's memory, where the next call
// reads them.
const put = (...parts) => {
  const len = parts.reduce((n, p) => n + p.length, 0);
  const at = wasm.scwres_piece_buffer(len) >>> 0;
  const to = new Uint8Array(wasm.memory.buffer, at, len);
  let offset = 0;
  for (const p of parts) {
    to.set(p, offset);
    offset += p.length;
  }
};

// A message is one piece: the extract (input), the settings and the file's head, then the
// piece's bytes (carry, the end of a row the page's last read cut short, and bytes), and its
// number (id); the piece's counts go back to the page as JSON.
const handle = async (data) => {
  if (data.module) {
    wasm = (await WebAssembly.instantiate(data.module, imports)).exports;
    if (!data.check) wasm.scwres_piece_warm_up();
    return;
  }
  // A submission file to read before the page does: it answers { checked: true } if the
  // engine read it (a failure is answered { failed } below, or as an error event).
  if (data.check) {
    if (data.trap) wasm.scwres_check_trap();
    const sheet = new TextEncoder().encode(data.sheet ?? '');
    if (data.settings === undefined) {
      put(data.bytes, sheet);
      wasm.scwres_check_file(sheet.length);
    } else {
      // An HR extract, with the settings it is counted with.
      const settings = new TextEncoder().encode(data.settings);
      put(settings, data.bytes, sheet);
      if (!wasm.scwres_check_extract(data.input, settings.length, sheet.length)) throw new Error('the settings could not be read');
    }
    self.postMessage({ checked: true });
    return;
  }
  const settings = new TextEncoder().encode(data.settings);
  put(settings, data.head);
  if (!wasm.scwres_piece_start(data.input, settings.length)) throw new Error('the piece could not be started');
  put(data.carry, data.bytes);
  wasm.scwres_piece_push();
  const len = wasm.scwres_piece_finish() >>> 0;
  const at = wasm.scwres_piece_staged() >>> 0;
  const json = new TextDecoder().decode(new Uint8Array(wasm.memory.buffer, at, len));
  self.postMessage({ id: data.id, json });
};

// One message at a time, in order (instantiating the module is asynchronous).
let queue = Promise.resolve();
self.onmessage = (event) => {
  queue = queue.then(() => handle(event.data)).catch((e) => self.postMessage({ failed: String(e) }));
};
