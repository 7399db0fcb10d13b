// A Web Worker that counts pieces of an HR extract for the page (src/ui/workers.rs). The page
// makes it from a blob: URL and sends it the page's own compiled WebAssembly module, of which
// it calls only the scwres_piece_* functions (src/ui/workers.rs): none of them calls out, so
// every import is a function that is never called. It reads nothing but the page's messages,
// answers only the page, and the page's Content-Security-Policy applies to it too.
'use strict';
const unused = () => {
  throw new Error('not available in a worker');
};
const imports = new Proxy({}, { get: () => new Proxy({}, { get: () => unused }) });
let wasm = null;

// Copies bytes into the module's memory, where the next call reads them.
const put = (bytes) => {
  const at = wasm.scwres_piece_buffer(bytes.length) >>> 0;
  new Uint8Array(wasm.memory.buffer, at, bytes.length).set(bytes);
};

// A message may start a piece (head, settings, input), bring some of its bytes, and end it
// (id): then the piece's counts go back to the page as JSON.
const handle = async (data) => {
  if (data.module) {
    wasm = (await WebAssembly.instantiate(data.module, imports)).exports;
    return;
  }
  if (data.head) {
    const settings = new TextEncoder().encode(data.settings);
    const both = new Uint8Array(settings.length + data.head.length);
    both.set(settings);
    both.set(data.head, settings.length);
    put(both);
    if (!wasm.scwres_piece_start(data.input, settings.length)) throw new Error('the piece could not be started');
  }
  if (data.bytes) {
    put(data.bytes);
    wasm.scwres_piece_push();
  }
  if (data.id !== undefined) {
    const len = wasm.scwres_piece_finish() >>> 0;
    const at = wasm.scwres_piece_staged() >>> 0;
    const json = new TextDecoder().decode(new Uint8Array(wasm.memory.buffer, at, len));
    self.postMessage({ id: data.id, json });
  }
};

// One message at a time, in order (instantiating the module is asynchronous).
let queue = Promise.resolve();
self.onmessage = (event) => {
  queue = queue.then(() => handle(event.data)).catch((e) => self.postMessage({ failed: String(e) }));
};
