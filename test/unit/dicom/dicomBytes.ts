// Test fixtures as bytes: the shared real files, edited copies of them, and small objects written
// here (Explicit VR Little Endian only, which is all the tests need).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as dicomParserModule from 'dicom-parser';

const dicomParser = (dicomParserModule as { default?: typeof dicomParserModule }).default ?? dicomParserModule;

// The shared files sit beside the repository root (../shared), wherever the repository is cloned;
// this file is three folders below that root.
export const SHARED_DICOM = fileURLToPath(new URL('../../../../shared/dicom/', import.meta.url));

export function readShared(relativePath: string): Uint8Array {
  return new Uint8Array(readFileSync(SHARED_DICOM + relativePath));
}

export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

export type Value = string | Uint8Array | Item[];
export type Item = Element[];
export type Element = readonly [tag: number, vr: string, value: Value];

const LONG_LENGTH_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

export function us(...values: number[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 2);
  values.forEach((value, index) => new DataView(bytes.buffer).setUint16(index * 2, value, true));
  return bytes;
}

/** A Part 10 file holding `elements`; the meta header takes its SOP UIDs from (0008,0016/0018). */
export function part10(elements: readonly Element[], transferSyntaxUid = EXPLICIT_VR_LITTLE_ENDIAN): Uint8Array {
  const valueOf = (tag: number) => elements.find(([candidate]) => candidate === tag)?.[2] as string;
  const meta = concat([
    encode([0x00020001, 'OB', Uint8Array.of(0, 1)]),
    encode([0x00020002, 'UI', valueOf(0x00080016)]),
    encode([0x00020003, 'UI', valueOf(0x00080018)]),
    encode([0x00020010, 'UI', transferSyntaxUid]),
  ]);
  const groupLength = new Uint8Array(4);
  new DataView(groupLength.buffer).setUint32(0, meta.length, true);
  const body = [...elements].sort(([a], [b]) => a - b).map(encode);
  return concat([new Uint8Array(128), ascii('DICM'), encode([0x00020000, 'UL', groupLength]), meta, ...body]);
}

/**
 * A copy of `file` with one top-level element set to `value` (inserted if absent), or removed when
 * `value` is undefined. Lengths, including the meta group length, are rewritten to match.
 */
export function withElement(file: Uint8Array, tag: number, value: Value | undefined, vr?: string): Uint8Array {
  const dataSet = dicomParser.parseDicom(file);
  const key = `x${tag.toString(16).padStart(8, '0')}`;
  const existing = dataSet.elements[key];
  let start: number;
  let end: number;
  let elementVr: string;
  if (existing) {
    elementVr = vr ?? existing.vr ?? 'UN';
    start = existing.dataOffset - (LONG_LENGTH_VRS.has(existing.vr ?? '') ? 12 : 8);
    end = existing.dataOffset + existing.length;
  } else {
    if (vr === undefined) throw new Error(`a VR is needed to insert ${key}`);
    elementVr = vr;
    const next = Object.values(dataSet.elements)
      .filter((element) => element.tag > key)
      .sort((a, b) => a.dataOffset - b.dataOffset)[0];
    start = next ? next.dataOffset - (LONG_LENGTH_VRS.has(next.vr ?? '') ? 12 : 8) : file.length;
    end = start;
  }
  const replacement = value === undefined ? new Uint8Array(0) : encode([tag, elementVr, value]);
  const edited = concat([file.subarray(0, start), replacement, file.subarray(end)]);
  if (tag >>> 16 === 0x0002 && tag !== 0x00020000) {
    const view = new DataView(edited.buffer);
    view.setUint32(140, view.getUint32(140, true) + replacement.length - (end - start), true);
  }
  return edited;
}

/** The bytes of the data set alone: no preamble, no meta header (a "raw" data set). */
export function rawDataSet(file: Uint8Array): Uint8Array {
  const groupLength = new DataView(file.buffer, file.byteOffset).getUint32(140, true);
  return file.slice(144 + groupLength);
}

/** Deterministic noise, so a failure can be reproduced. */
export function noise(length: number, seed = 1): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

export function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (character) => character.charCodeAt(0));
}

function encode([tag, vr, value]: Element): Uint8Array {
  const content = Array.isArray(value) ? concat(value.map(encodeItem)) : padded(vr, value);
  const long = LONG_LENGTH_VRS.has(vr);
  const header = new Uint8Array(long ? 12 : 8);
  const view = new DataView(header.buffer);
  view.setUint16(0, tag >>> 16, true);
  view.setUint16(2, tag & 0xffff, true);
  header.set(ascii(vr), 4);
  if (long) view.setUint32(8, content.length, true);
  else view.setUint16(6, content.length, true);
  return concat([header, content]);
}

function encodeItem(item: Item): Uint8Array {
  const content = concat(item.map(encode));
  const header = new Uint8Array(8);
  const view = new DataView(header.buffer);
  view.setUint16(0, 0xfffe, true);
  view.setUint16(2, 0xe000, true);
  view.setUint32(4, content.length, true);
  return concat([header, content]);
}

/** Values are padded to even length: UIDs and binary with NUL, text with a space (PS3.5 7.1.1). */
function padded(vr: string, value: string | Uint8Array): Uint8Array {
  const bytes = typeof value === 'string' ? new TextEncoder().encode(value) : value;
  if (bytes.length % 2 === 0) return bytes;
  const pad = vr === 'UI' || typeof value !== 'string' ? 0x00 : 0x20;
  return concat([bytes, Uint8Array.of(pad)]);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
