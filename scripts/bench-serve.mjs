// The benchmarks' local server: the files under `root` over http://127.0.0.1 on a free port,
// uncached, nothing outside `root`. Returns the address of `file` and a way to stop.

import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';

export async function serve(root, file) {
  const server = createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '');
    const target = path.join(root, name);
    if (!target.startsWith(root + path.sep) || !existsSync(target)) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(readFileSync(target));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/${file}`, close: () => server.close() };
}
