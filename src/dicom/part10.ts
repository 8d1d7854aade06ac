// The DICOM Part 10 file envelope: 128-byte preamble, "DICM", then the (0002,xxxx) meta header in
// Explicit VR Little Endian. Cornerstone's file loader accepts nothing else, so data sets that arrive
// without it (raw data sets from old archives) are given one here.

/** Identifies Kypho as the writer of the meta headers it adds (a UUID-derived UID, PS3.5 B.2). */
export const KYPHO_IMPLEMENTATION_CLASS_UID = '2.25.303187516847268874452172974791707213201';

const PREAMBLE_LENGTH = 128;
const PREFIX = [0x44, 0x49, 0x43, 0x4d]; // "DICM"
const LONG_LENGTH_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

export function hasPart10Prefix(bytes: Uint8Array): boolean {
  return bytes.length >= PREAMBLE_LENGTH + 4 && PREFIX.every((byte, i) => bytes[PREAMBLE_LENGTH + i] === byte);
}

/** A meta header written without its preamble: group 0002 with an explicit VR right at byte 0. */
export function startsWithMetaHeader(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && bytes[0] === 0x02 && bytes[1] === 0x00 && isVrAt(bytes, 4);
}

/** Whether the first element looks explicit-VR (two upper-case letters after the tag). */
export function isVrAt(bytes: Uint8Array, offset: number): boolean {
  return [bytes[offset], bytes[offset + 1]].every((byte) => byte !== undefined && byte >= 0x41 && byte <= 0x5a);
}

export function withPreamble(bytes: Uint8Array): Uint8Array {
  const file = new Uint8Array(PREAMBLE_LENGTH + PREFIX.length + bytes.length);
  file.set(PREFIX, PREAMBLE_LENGTH);
  file.set(bytes, PREAMBLE_LENGTH + PREFIX.length);
  return file;
}

/**
 * Where the data set starts and which transfer syntax the meta header declares, read without
 * dicom-parser (which would already try to inflate a deflated data set). Undefined if there is no
 * readable meta header.
 */
export function readMetaHeader(bytes: Uint8Array): { end: number; transferSyntaxUid: string | undefined } | undefined {
  if (!hasPart10Prefix(bytes)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let position = PREAMBLE_LENGTH + PREFIX.length;
  let transferSyntaxUid: string | undefined;
  while (position + 8 <= bytes.length && view.getUint16(position, true) === 0x0002) {
    const element = view.getUint16(position + 2, true);
    const vr = String.fromCharCode(bytes[position + 4] ?? 0, bytes[position + 5] ?? 0);
    const long = LONG_LENGTH_VRS.has(vr);
    if (long && position + 12 > bytes.length) return undefined;
    const length = long ? view.getUint32(position + 8, true) : view.getUint16(position + 6, true);
    const valueAt = position + (long ? 12 : 8);
    if (valueAt + length > bytes.length) return undefined;
    if (element === 0x0010) transferSyntaxUid = ascii(bytes.subarray(valueAt, valueAt + length));
    position = valueAt + length;
  }
  return { end: position, transferSyntaxUid };
}

/** A raw data set made into a Part 10 file by adding a preamble and the mandatory meta header. */
export function wrapRawDataSet(
  dataSet: Uint8Array,
  meta: { transferSyntaxUid: string; sopClassUid: string; sopInstanceUid: string },
): Uint8Array {
  const elements = [
    element(0x0001, 'OB', Uint8Array.of(0x00, 0x01)),
    element(0x0002, 'UI', uidBytes(meta.sopClassUid)),
    element(0x0003, 'UI', uidBytes(meta.sopInstanceUid)),
    element(0x0010, 'UI', uidBytes(meta.transferSyntaxUid)),
    element(0x0012, 'UI', uidBytes(KYPHO_IMPLEMENTATION_CLASS_UID)),
  ];
  const groupLength = elements.reduce((sum, bytes) => sum + bytes.length, 0);
  const lengthValue = new Uint8Array(4);
  new DataView(lengthValue.buffer).setUint32(0, groupLength, true);
  const header = [element(0x0000, 'UL', lengthValue), ...elements];
  const total = header.reduce((sum, bytes) => sum + bytes.length, 0) + dataSet.length;
  const out = new Uint8Array(total);
  let position = 0;
  for (const bytes of [...header, dataSet]) {
    out.set(bytes, position);
    position += bytes.length;
  }
  return withPreamble(out);
}

/** One Explicit VR Little Endian element of group 0002. */
function element(elementNumber: number, vr: string, value: Uint8Array): Uint8Array {
  const long = LONG_LENGTH_VRS.has(vr);
  const headerLength = long ? 12 : 8;
  const bytes = new Uint8Array(headerLength + value.length);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, 0x0002, true);
  view.setUint16(2, elementNumber, true);
  bytes[4] = vr.charCodeAt(0);
  bytes[5] = vr.charCodeAt(1);
  if (long) view.setUint32(8, value.length, true);
  else view.setUint16(6, value.length, true);
  bytes.set(value, headerLength);
  return bytes;
}

/** UI values are padded to even length with a NUL (PS3.5 9.1). */
function uidBytes(value: string): Uint8Array {
  const bytes = new Uint8Array(value.length + (value.length % 2));
  for (let i = 0; i < value.length; i++) bytes[i] = value.charCodeAt(i);
  return bytes;
}

function ascii(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes).replace(/[\0\s]+$/, '');
}
