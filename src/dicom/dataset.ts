import type { DataSet } from 'dicom-parser';

// Value readers over a dicom-parser DataSet. They return undefined for absent or empty values,
// and never throw on odd content: a malformed optional attribute must not lose the whole file.

/** Specific Character Set (0008,0005) terms mapped to WHATWG encoding labels that TextDecoder knows. */
const ENCODINGS: Readonly<Record<string, string>> = {
  'ISO_IR 6': 'windows-1252',
  'ISO_IR 100': 'windows-1252',
  'ISO_IR 101': 'iso-8859-2',
  'ISO_IR 109': 'iso-8859-3',
  'ISO_IR 110': 'iso-8859-4',
  'ISO_IR 144': 'iso-8859-5',
  'ISO_IR 127': 'iso-8859-6',
  'ISO_IR 126': 'iso-8859-7',
  'ISO_IR 138': 'iso-8859-8',
  'ISO_IR 148': 'windows-1254',
  'ISO_IR 203': 'iso-8859-15',
  'ISO_IR 166': 'windows-874',
  'ISO_IR 13': 'shift_jis',
  'ISO_IR 192': 'utf-8',
  GB18030: 'gb18030',
  GBK: 'gbk',
  'ISO 2022 IR 6': 'windows-1252',
  'ISO 2022 IR 100': 'windows-1252',
  'ISO 2022 IR 87': 'iso-2022-jp',
  'ISO 2022 IR 159': 'iso-2022-jp',
  'ISO 2022 IR 13': 'shift_jis',
  'ISO 2022 IR 149': 'euc-kr',
  'ISO 2022 IR 58': 'gb18030',
};

// ISO 2022 escape sequences left by decoders that do not switch character sets on them.
const ESCAPE_SEQUENCES = /\u001b[\u0020-\u002f]*[\u0030-\u007e]/g;
// Control characters are never meaningful in the short text attributes read here, and could
// confuse whatever displays them.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

export interface TextReader {
  /** A text attribute (PN, LO, SH, CS, DA...) decoded with the data set's character set, trimmed. */
  text(dataSet: DataSet, tag: string): string | undefined;
}

export function textReader(dataSet: DataSet): TextReader {
  const terms = (ascii(dataSet, 'x00080005') ?? '').split('\\').map((term) => term.trim());
  // With code extensions the first value may be empty (default repertoire); the extension decides.
  const label = terms.map((term) => ENCODINGS[term]).find((found) => found !== undefined) ?? 'windows-1252';
  const decoder = new TextDecoder(label);
  return {
    text(target, tag) {
      const element = target.elements[tag];
      if (!element || element.length <= 0 || element.dataOffset + element.length > target.byteArray.length) {
        return undefined;
      }
      const bytes = target.byteArray.subarray(element.dataOffset, element.dataOffset + element.length);
      return nonEmpty(decoder.decode(bytes).replace(ESCAPE_SEQUENCES, '').replace(CONTROL_CHARACTERS, '').trim());
    },
  };
}

/** UIDs, code strings and numbers written as text are ASCII; dicom-parser reads them and drops the NUL padding. */
export function ascii(dataSet: DataSet, tag: string): string | undefined {
  return nonEmpty(dataSet.string(tag)?.replace(CONTROL_CHARACTERS, '').trim());
}

/** All values of a decimal (DS) or integer (IS) string attribute, or undefined if any is not a number. */
function numbers(dataSet: DataSet, tag: string): number[] | undefined {
  const raw = ascii(dataSet, tag);
  if (raw === undefined) return undefined;
  const values = raw.split('\\').map((value) => (value.trim() === '' ? Number.NaN : Number(value)));
  return values.every(Number.isFinite) ? values : undefined;
}

export function firstNumber(dataSet: DataSet, tag: string): number | undefined {
  return numbers(dataSet, tag)?.[0];
}

/** The first `length` values, or undefined when there are fewer. */
export function vector(dataSet: DataSet, tag: string, length: number): number[] | undefined {
  const values = numbers(dataSet, tag);
  return values !== undefined && values.length >= length ? values.slice(0, length) : undefined;
}

/**
 * The data set that holds `tag`: the top level if it has it, else the item of `sequenceTag` in the
 * Shared, then the first Per-frame, Functional Groups Sequence (enhanced multi-frame objects keep
 * geometry, spacing and windowing there).
 */
export function frameGroupHolding(dataSet: DataSet, tag: string, sequenceTag: string): DataSet {
  if (dataSet.elements[tag]) return dataSet;
  for (const groups of ['x52009229', 'x52009230']) {
    const group = firstItem(dataSet, groups);
    const holder = group && firstItem(group, sequenceTag);
    if (holder?.elements[tag]) return holder;
  }
  return dataSet;
}

function firstItem(dataSet: DataSet, sequenceTag: string): DataSet | undefined {
  return dataSet.elements[sequenceTag]?.items?.[0]?.dataSet;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
