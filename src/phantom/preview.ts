/** An 8-bit grey PNG of a DICOM frame under a window, to look at what the generator draws. */
import { deflateSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/**
 * A preview at most `maxSize` pixels on its longer side: each output pixel is the mean of the stored values it
 * covers (a box filter, so thin bright lines are not lost to sampling), then windowed like the full image.
 */
export function windowedPreviewPng(
  pixels: ArrayLike<number>,
  width: number,
  height: number,
  window: { center: number; width: number; slope?: number; intercept?: number },
  maxSize: number,
): Buffer {
  const scale = Math.max(1, Math.max(width, height) / maxSize);
  const outWidth = Math.max(1, Math.round(width / scale));
  const outHeight = Math.max(1, Math.round(height / scale));
  const sums = new Float64Array(outWidth * outHeight);
  const counts = new Uint32Array(outWidth * outHeight);
  for (let y = 0; y < height; y++) {
    const row = Math.min(outHeight - 1, Math.floor((y * outHeight) / height)) * outWidth;
    for (let x = 0; x < width; x++) {
      const index = row + Math.min(outWidth - 1, Math.floor((x * outWidth) / width));
      sums[index] += pixels[y * width + x] as number;
      counts[index]++;
    }
  }
  return windowedPng(sums.map((sum, i) => sum / counts[i]!), outWidth, outHeight, window);
}

/** Stored values -> PNG through a linear window (after rescale), as a viewer would show them. */
export function windowedPng(
  pixels: ArrayLike<number>,
  width: number,
  height: number,
  window: { center: number; width: number; slope?: number; intercept?: number },
): Buffer {
  const slope = window.slope ?? 1;
  const intercept = window.intercept ?? 0;
  const lo = window.center - window.width / 2;
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0;
    for (let x = 0; x < width; x++) {
      const v = ((pixels[y * width + x] as number) * slope + intercept - lo) / window.width;
      raw[y * (width + 1) + 1 + x] = Math.round(255 * Math.min(1, Math.max(0, v)));
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}
