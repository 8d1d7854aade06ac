/** Reading a generated DICOM file back for the tests: its attributes (naturalized) and its pixels. */
import { readFileSync } from 'node:fs';
import dcmjs from 'dcmjs';

export interface DicomImage {
  attrs: Record<string, unknown>;
  rows: number;
  columns: number;
  pixels: Uint16Array;
}

export function readDicom(path: string): DicomImage {
  const bytes = readFileSync(path);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const dict = dcmjs.data.DicomMessage.readFile(buffer);
  const attrs = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.dict);
  const data = (attrs['PixelData'] as ArrayBuffer[])[0] as ArrayBuffer;
  return { attrs, rows: Number(attrs['Rows']), columns: Number(attrs['Columns']), pixels: new Uint16Array(data) };
}

/** Bilinear sample at (column, row), pixel centres at integers. */
export function sample(img: DicomImage, column: number, row: number): number {
  const c0 = Math.max(0, Math.min(img.columns - 2, Math.floor(column)));
  const r0 = Math.max(0, Math.min(img.rows - 2, Math.floor(row)));
  const tc = column - c0;
  const tr = row - r0;
  const at = (c: number, r: number): number => img.pixels[r * img.columns + c] as number;
  return (at(c0, r0) * (1 - tc) + at(c0 + 1, r0) * tc) * (1 - tr) + (at(c0, r0 + 1) * (1 - tc) + at(c0 + 1, r0 + 1) * tc) * tr;
}
