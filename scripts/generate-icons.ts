/**
 * Draws the add-in's icons into assets/: a rounded square in Webex-like blue-to-green with a white
 * video-camera mark at every size the manifest references, and the same camera alone in grey
 * #919191 (greyscale PNG) for the mobile online-meeting toggle, which Outlook requires in that
 * colour. Written with node:zlib only, so no image tool is needed; run it again after changing the
 * drawing: `npx tsx scripts/generate-icons.ts`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

export type IconStyle = 'colour' | 'mobile-grey';

export interface IconSpec {
  file: string;
  pixels: number;
  style: IconStyle;
}

/** Every icon file the manifest references. */
export const ICONS: readonly IconSpec[] = [
  // Ribbon buttons (16, 32 and 80 are required; 64 is used on high-DPI ribbons) and the add-in icon
  // (IconUrl 64x64 and HighResolutionIconUrl 128x128 for mail add-ins).
  ...[16, 32, 64, 80, 128].map((pixels) => ({ file: `icon-${pixels}.png`, pixels, style: 'colour' as const })),
  // Mobile: sizes 25, 32 and 48 at scales 1, 2 and 3.
  ...[25, 32, 48, 50, 64, 75, 96, 144].map((pixels) => ({ file: `online-meeting-${pixels}.png`, pixels, style: 'mobile-grey' as const })),
];

const GREY = 0x91;
const SUPERSAMPLE = 4;

type Point = readonly [number, number];

/** Whether (x, y), in units of the icon's side, is inside a rounded rectangle. */
function inRoundedRect(x: number, y: number, left: number, top: number, right: number, bottom: number, radius: number): boolean {
  if (x < left || x > right || y < top || y > bottom) return false;
  const cx = Math.min(Math.max(x, left + radius), right - radius);
  const cy = Math.min(Math.max(y, top + radius), bottom - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

function inPolygon(x: number, y: number, points: readonly Point[]): boolean {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i] as Point;
    const [xj, yj] = points[j] as Point;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** The camera mark: a body and a lens, centred in the unit square. */
function inCamera(x: number, y: number): boolean {
  const lens: Point[] = [
    [0.63, 0.46],
    [0.8, 0.35],
    [0.8, 0.65],
    [0.63, 0.54],
  ];
  return inRoundedRect(x, y, 0.2, 0.32, 0.61, 0.68, 0.07) || inPolygon(x, y, lens);
}

function inBackground(x: number, y: number): boolean {
  return inRoundedRect(x, y, 0.03, 0.03, 0.97, 0.97, 0.22);
}

function mix(a: number, b: number, t: number): number {
  return Math.round(a + (b - a) * t);
}

/** The PNG scanlines (each preceded by filter byte 0) for an icon. */
export function iconScanlines(spec: IconSpec): Buffer {
  const n = spec.pixels;
  const channels = spec.style === 'colour' ? 4 : 2;
  const out = Buffer.alloc(n * (1 + n * channels));
  const samples = SUPERSAMPLE * SUPERSAMPLE;
  for (let py = 0; py < n; py++) {
    const row = py * (1 + n * channels);
    out[row] = 0;
    for (let px = 0; px < n; px++) {
      let background = 0;
      let glyph = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const x = (px + (sx + 0.5) / SUPERSAMPLE) / n;
          const y = (py + (sy + 0.5) / SUPERSAMPLE) / n;
          const camera = inCamera(x, y);
          if (camera) glyph++;
          if (inBackground(x, y)) background++;
        }
      }
      const at = row + 1 + px * channels;
      if (spec.style === 'mobile-grey') {
        out[at] = GREY;
        out[at + 1] = Math.round((255 * glyph) / samples);
        continue;
      }
      // Blue (#0A7CFF-ish) at the top left to green (#3CC15A-ish) at the bottom right; white camera on top.
      const t = (px + py) / (2 * (n - 1));
      const coverage = background / samples;
      const white = background > 0 ? Math.min(glyph, background) / background : 0;
      out[at] = mix(mix(0x0a, 0x3c, t), 0xff, white);
      out[at + 1] = mix(mix(0x7c, 0xc1, t), 0xff, white);
      out[at + 2] = mix(mix(0xff, 0x5a, t), 0xff, white);
      out[at + 3] = Math.round(255 * coverage);
    }
  }
  return out;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Encodes 8-bit scanlines as a PNG (colour type 6 RGBA or 4 grey + alpha). */
export function encodePng(pixels: number, colorType: 4 | 6, scanlines: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(pixels, 0);
  header.writeUInt32BE(pixels, 4);
  header[8] = 8;
  header[9] = colorType;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(scanlines, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export function renderIcon(spec: IconSpec): Buffer {
  return encodePng(spec.pixels, spec.style === 'colour' ? 6 : 4, iconScanlines(spec));
}

if (require.main === module) {
  const dir = join(__dirname, '..', 'assets');
  mkdirSync(dir, { recursive: true });
  for (const spec of ICONS) {
    const png = renderIcon(spec);
    writeFileSync(join(dir, spec.file), png);
    console.log(`${spec.file}\t${spec.pixels}x${spec.pixels}\t${png.length} bytes`);
  }
}
