/**
 * Reads what the manifest checks need from a PNG file's header (its IHDR chunk): the pixel size and
 * whether it is greyscale. Nothing is decompressed.
 */

export interface PngInfo {
  width: number;
  height: number;
  bitDepth: number;
  /** PNG colour type: 0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGBA. */
  colorType: number;
  greyscale: boolean;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The header of a PNG, or undefined when the bytes are not a PNG. */
export function readPngInfo(bytes: Uint8Array): PngInfo | undefined {
  if (bytes.length < 33) return undefined;
  for (let i = 0; i < SIGNATURE.length; i++) if (bytes[i] !== SIGNATURE[i]) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunkType = String.fromCharCode(bytes[12] ?? 0, bytes[13] ?? 0, bytes[14] ?? 0, bytes[15] ?? 0);
  if (view.getUint32(8) !== 13 || chunkType !== 'IHDR') return undefined;
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const bitDepth = bytes[24] ?? 0;
  const colorType = bytes[25] ?? 0;
  if (width === 0 || height === 0) return undefined;
  return { width, height, bitDepth, colorType, greyscale: colorType === 0 || colorType === 4 };
}
