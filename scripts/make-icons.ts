/**
 * Placeholder app icons, drawn in code so no image tool or download is needed: a white key on a
 * blue rounded square. Writes build/icon.png (512 px, Linux), build/icon.ico (Windows; PNG
 * entries) and build/icon.icns (macOS; PNG entries). Replace with designed art before a release.
 *
 *   node scripts/make-icons.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

type Rgba = readonly [number, number, number, number];
const BLUE: Rgba = [26, 130, 226, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

/** The colour at (x, y) in a unit square, (0,0) top left. */
function shade(x: number, y: number): Rgba {
  const r = 0.18; // corner radius
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  if (Math.hypot(x - cx, y - cy) > r) return CLEAR;
  // The key: a ring (bow), a shaft, two teeth.
  const ring = Math.hypot(x - 0.33, y - 0.5);
  if (ring <= 0.17 && ring >= 0.085) return WHITE;
  if (x >= 0.48 && x <= 0.82 && Math.abs(y - 0.5) <= 0.045) return WHITE;
  if (y >= 0.5 && y <= 0.66 && ((x >= 0.64 && x <= 0.7) || (x >= 0.75 && x <= 0.82))) return WHITE;
  return BLUE;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An RGBA PNG of the icon at `size` px, 4x4 supersampled for smooth edges. */
export function iconPng(size: number): Buffer {
  const rows: Buffer[] = [];
  for (let py = 0; py < size; py++) {
    const row = Buffer.alloc(1 + size * 4); // filter byte 0, then pixels
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < 4; sy++)
        for (let sx = 0; sx < 4; sx++) {
          const c = shade((px + (sx + 0.5) / 4) / size, (py + (sy + 0.5) / 4) / size);
          for (let i = 0; i < 4; i++) sum[i]! += c[i]! * (i < 3 ? c[3]! / 255 : 1);
        }
      const alpha = sum[3]! / 16;
      for (let i = 0; i < 3; i++) row[1 + px * 4 + i] = alpha ? Math.round(sum[i]! / 16 / (alpha / 255)) : 0;
      row[1 + px * 4 + 3] = Math.round(alpha);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** ICO with PNG-compressed entries (Windows Vista and later). */
export function ico(pngs: readonly { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(pngs.length, 4);
  let offset = 6 + 16 * pngs.length;
  const entries = pngs.map(({ size, png }) => {
    const entry = Buffer.alloc(16);
    entry[0] = size >= 256 ? 0 : size;
    entry[1] = size >= 256 ? 0 : size;
    entry.writeUInt16LE(1, 4); // planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...pngs.map((p) => p.png)]);
}

/** ICNS with PNG entries: ic07 128 px, ic08 256 px, ic09 512 px. */
export function icns(pngs: readonly { type: string; png: Buffer }[]): Buffer {
  const entries = pngs.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + entries.reduce((n, e) => n + e.length, 0), 4);
  return Buffer.concat([head, ...entries]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = fileURLToPath(new URL('../build/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const png = new Map([16, 32, 48, 128, 256, 512].map((size) => [size, iconPng(size)] as const));
  writeFileSync(`${dir}icon.png`, png.get(512)!);
  writeFileSync(`${dir}icon.ico`, ico([16, 32, 48, 256].map((size) => ({ size, png: png.get(size)! }))));
  writeFileSync(`${dir}icon.icns`, icns([['ic07', 128], ['ic08', 256], ['ic09', 512]].map(([type, size]) => ({ type: type as string, png: png.get(size as number)! }))));
  console.log(`icons written to ${dir}`);
}
