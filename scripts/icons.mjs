// The app's icon, drawn in code so that no binary file is kept in the repository: a blue
// square with three white bars of rising height (a bar chart), all inside the central 60%
// so that it survives any "maskable" crop (circle, squircle) a device applies.
//
//   iconSvg()      -> the icon as SVG text
//   iconPng(size)  -> the icon as a PNG file (Buffer), size x size pixels
//   dataUrl(type, bytesOrText) -> a data: URL
//
// Used by scripts/single-file.mjs for the favicon and the web app manifest. Only node built-ins.

import { deflateSync } from 'node:zlib';

const BACKGROUND = [0x1d, 0x70, 0xb8]; // the charts' minority-ethnic blue (contrast 5.1:1 with white)
const FOREGROUND = [0xff, 0xff, 0xff];

/** The bars, in units of a 100 x 100 square: [x, y, width, height]. */
const BARS = [
  [24, 52, 14, 24],
  [43, 38, 14, 38],
  [62, 24, 14, 52],
];

export function iconSvg() {
  const bars = BARS.map(([x, y, w, h]) => `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="#fff"/>`).join('');
  const bg = `#${BACKGROUND.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><rect width="100" height="100" fill="${bg}"/>${bars}</svg>`;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export function iconPng(size) {
  const inBar = (px, py) =>
    BARS.some(([x, y, w, h]) => {
      // Pixel centres, in the 100-unit square.
      const ux = ((px + 0.5) * 100) / size;
      const uy = ((py + 0.5) * 100) / size;
      return ux >= x && ux < x + w && uy >= y && uy < y + h;
    });
  const rows = [];
  for (let py = 0; py < size; py++) {
    const row = Buffer.alloc(1 + size * 3); // filter byte 0 (none), then RGB
    for (let px = 0; px < size; px++) {
      const [r, g, b] = inBar(px, py) ? FOREGROUND : BACKGROUND;
      row[1 + px * 3] = r;
      row[2 + px * 3] = g;
      row[3 + px * 3] = b;
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export function dataUrl(type, content) {
  const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
  return `data:${type};base64,${bytes.toString('base64')}`;
}
