/**
 * Reading a zip one entry at a time: the central directory is read once, and an entry is inflated (or, when
 * stored, viewed in place) only when it is asked for. fflate's unzipSync decompresses every entry, or walks
 * the whole directory for each one that a filter picks; a pack of thousands of slices needs neither.
 * Zip64 is read (Info-ZIP writes it for streams and large files). Pure: bytes in, bytes out.
 */
import { inflateSync } from 'fflate';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  size: number;
  /** Offset of the entry's local header. */
  localHeader: number;
  encrypted: boolean;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX16 = 0xffff;
const MAX32 = 0xffffffff;

export class ZipError extends Error {
  override name = 'ZipError';
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function u64(v: DataView, at: number): number {
  const value = v.getBigUint64(at, true);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipError('a zip64 size or offset is too large');
  return Number(value);
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const LATIN1 = new TextDecoder('latin1');

/** Names are UTF-8 when flagged; unflagged names are tried as UTF-8 (most tools write it) before Latin-1. */
function nameOf(bytes: Uint8Array, utf8Flag: boolean): string {
  try {
    return UTF8.decode(bytes);
  } catch (error) {
    if (utf8Flag) throw new ZipError(`an entry's name is not UTF-8 (${(error as Error).message})`);
    return LATIN1.decode(bytes);
  }
}

/** The entries of a zip by name (directories left out). Throws ZipError when the bytes are not a zip. */
export function zipEntries(bytes: Uint8Array): Map<string, ZipEntry> {
  const v = view(bytes);
  // The end-of-central-directory record is in the last 22 + 65535 (comment) bytes.
  let end = -1;
  for (let at = bytes.length - 22; at >= 0 && at >= bytes.length - 22 - MAX16; at--) {
    if (v.getUint32(at, true) === EOCD) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new ZipError('no end of central directory: not a zip file');
  let count = v.getUint16(end + 10, true);
  let directory = v.getUint32(end + 16, true);
  if ((count === MAX16 || directory === MAX32) && end >= 20 && v.getUint32(end - 20, true) === ZIP64_LOCATOR) {
    const record = u64(v, end - 12);
    if (record + 56 > bytes.length || v.getUint32(record, true) !== ZIP64_EOCD) throw new ZipError('a broken zip64 end of central directory');
    count = u64(v, record + 32);
    directory = u64(v, record + 48);
  }
  const entries = new Map<string, ZipEntry>();
  let at = directory;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || v.getUint32(at, true) !== CENTRAL) throw new ZipError(`central directory entry ${i + 1} of ${count} is broken`);
    const flags = v.getUint16(at + 8, true);
    const method = v.getUint16(at + 10, true);
    let compressedSize = v.getUint32(at + 20, true);
    let size = v.getUint32(at + 24, true);
    const nameLength = v.getUint16(at + 28, true);
    const extraLength = v.getUint16(at + 30, true);
    const commentLength = v.getUint16(at + 32, true);
    let localHeader = v.getUint32(at + 42, true);
    const name = nameOf(bytes.subarray(at + 46, at + 46 + nameLength), (flags & 0x800) !== 0);
    // Zip64 extended information: the 8-byte values, in this order, of the fields that are 0xffffffff.
    for (let e = at + 46 + nameLength; e + 4 <= at + 46 + nameLength + extraLength; ) {
      const id = v.getUint16(e, true);
      const length = v.getUint16(e + 2, true);
      if (id === 0x0001) {
        let field = e + 4;
        if (size === MAX32) (size = u64(v, field)), (field += 8);
        if (compressedSize === MAX32) (compressedSize = u64(v, field)), (field += 8);
        if (localHeader === MAX32) localHeader = u64(v, field);
      }
      e += 4 + length;
    }
    if (!name.endsWith('/')) entries.set(name, { name, method, compressedSize, size, localHeader, encrypted: (flags & 1) !== 0 });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The largest entry inflated: above a multi-frame CT of 500 slices of 512 x 512 (262 MB), far below what exhausts a tab. */
export const MAX_ENTRY_BYTES = 512 * 2 ** 20;

/**
 * An entry's bytes: a view into `bytes` when it is stored (nothing is copied), inflated when deflated.
 * Throws ZipError for what cannot be read (encryption, another compression method, broken data).
 */
export function zipEntryBytes(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  if (entry.encrypted) throw new ZipError('it is encrypted');
  const v = view(bytes);
  const at = entry.localHeader;
  if (at + 30 > bytes.length || v.getUint32(at, true) !== LOCAL) throw new ZipError('its local header is broken');
  // The local header's extra field may differ in length from the central directory's.
  const start = at + 30 + v.getUint16(at + 26, true) + v.getUint16(at + 28, true);
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (data.length !== entry.compressedSize) throw new ZipError('the zip is cut short');
  if (entry.method === 0) return data;
  if (entry.method === 8) {
    // Checked before anything is allocated: a small zip may claim (or hold) an entry of gigabytes.
    if (entry.size > MAX_ENTRY_BYTES) {
      throw new ZipError(`it is ${Math.round(entry.size / 2 ** 20)} MB unpacked, more than the ${MAX_ENTRY_BYTES / 2 ** 20} MB Kypho unpacks of one file`);
    }
    const out = inflateSync(data, new Uint8Array(entry.size));
    if (out.length !== entry.size) throw new ZipError(`it inflates to ${out.length} bytes, not ${entry.size}`);
    return out;
  }
  throw new ZipError(`compression method ${entry.method} is not supported (only stored and deflated)`);
}
