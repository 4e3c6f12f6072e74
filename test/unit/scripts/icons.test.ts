import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { ICONS, iconScanlines } from '../../../scripts/generate-icons';
import { readPngInfo } from '../../../src/core/manifest/png-info';

const assets = join(__dirname, '..', '..', '..', 'assets');

/** The decompressed image data of a PNG (its IDAT chunks, inflated). */
function imageData(png: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    if (png.toString('ascii', at + 4, at + 8) === 'IDAT') parts.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  return inflateSync(Buffer.concat(parts));
}

describe('the icons in assets/', () => {
  it('are exactly the files the generator writes', () => {
    expect(readdirSync(assets).sort()).toEqual(ICONS.map((i) => i.file).sort());
  });

  it.each(ICONS.map((i) => [i.file, i] as const))('%s holds what scripts/generate-icons.ts draws', (file, spec) => {
    const png = readFileSync(join(assets, file));
    expect(readPngInfo(png)).toMatchObject({
      width: spec.pixels,
      height: spec.pixels,
      bitDepth: 8,
      greyscale: spec.style === 'mobile-grey',
    });
    expect(imageData(png).equals(iconScanlines(spec))).toBe(true);
    expect(png.length).toBeLessThan(8 * 1024);
  });

  it('draw the mobile online-meeting mark in grey #919191 only', () => {
    for (const spec of ICONS.filter((i) => i.style === 'mobile-grey')) {
      const data = iconScanlines(spec);
      const row = 1 + spec.pixels * 2;
      const greys = new Set<number | undefined>();
      for (let y = 0; y < spec.pixels; y++) {
        for (let x = 0; x < spec.pixels; x++) greys.add(data[y * row + 1 + x * 2]);
      }
      expect([...greys]).toEqual([0x91]);
    }
  });

  it('are not readable as PNG when the bytes are something else', () => {
    expect(readPngInfo(Buffer.from('GIF89a............................'))).toBeUndefined();
    expect(readPngInfo(new Uint8Array(4))).toBeUndefined();
  });
});
