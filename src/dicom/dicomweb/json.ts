// Readers over the DICOM JSON model (PS3.18 F.2), as QIDO-RS and WADO-RS metadata answer.
// Like the readers of dataset.ts they return undefined for absent, empty or malformed values and never
// throw: one odd attribute from a server must not lose the whole object.

/** One attribute: its VR and values; binary values come as a BulkDataURI or inline base64 instead. */
export interface DicomJsonAttribute {
  readonly vr?: string;
  readonly Value?: readonly unknown[];
  readonly BulkDataURI?: string;
  readonly InlineBinary?: string;
}

/** A data set: attributes keyed by 8 upper-case hex digits (group and element), e.g. `0020000D`. */
export type DicomJsonDataset = Readonly<Record<string, DicomJsonAttribute>>;

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;
const TAG = /^[0-9A-F]{8}$/;

export function isDicomJsonDataset(value: unknown): value is DicomJsonDataset {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.entries(value).every(
    ([tag, attribute]) => TAG.test(tag.toUpperCase()) && typeof attribute === 'object' && attribute !== null && !Array.isArray(attribute),
  );
}

function attribute(dataset: DicomJsonDataset, tag: string): DicomJsonAttribute | undefined {
  return dataset[tag] ?? dataset[tag.toLowerCase()];
}

export function values(dataset: DicomJsonDataset, tag: string): readonly unknown[] | undefined {
  const found = attribute(dataset, tag)?.Value;
  return Array.isArray(found) && found.length > 0 ? found : undefined;
}

/**
 * A text attribute as the file readers give it: all values joined by `\`, control characters removed,
 * trimmed. Person names become `Alphabetic=Ideographic=Phonetic`, their form in a file.
 */
export function text(dataset: DicomJsonDataset, tag: string): string | undefined {
  const found = values(dataset, tag);
  if (!found) return undefined;
  const joined = found.map(valueAsText).join('\\');
  return nonEmpty(joined.replace(CONTROL_CHARACTERS, '').trim());
}

function valueAsText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object' && value !== null) {
    const { Alphabetic, Ideographic, Phonetic } = value as Record<string, unknown>;
    const groups = [Alphabetic, Ideographic, Phonetic].map((group) => (typeof group === 'string' ? group : ''));
    return groups.join('=').replace(/=+$/, '');
  }
  return '';
}

/** All values as numbers (IS and DS come as JSON numbers, or as strings from some servers), or undefined if any is not one. */
export function numbers(dataset: DicomJsonDataset, tag: string): number[] | undefined {
  const found = values(dataset, tag);
  if (!found) return undefined;
  const parsed = found.map((value) =>
    typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN,
  );
  return parsed.every(Number.isFinite) ? parsed : undefined;
}

export function firstNumber(dataset: DicomJsonDataset, tag: string): number | undefined {
  return numbers(dataset, tag)?.[0];
}

export function vector(dataset: DicomJsonDataset, tag: string, length: number): number[] | undefined {
  const found = numbers(dataset, tag);
  return found !== undefined && found.length >= length ? found.slice(0, length) : undefined;
}

/** The items of a sequence attribute (malformed items are left out). */
export function items(dataset: DicomJsonDataset, tag: string): DicomJsonDataset[] {
  return (values(dataset, tag) ?? []).filter(isDicomJsonDataset);
}

/** The functional-groups lookup of dataset.ts over JSON: the top level, else the Shared, then the first Per-frame group. */
export function frameGroupHolding(dataset: DicomJsonDataset, tag: string, sequenceTag: string): DicomJsonDataset {
  if (attribute(dataset, tag)) return dataset;
  for (const groups of ['52009229', '52009230']) {
    const holder = items(items(dataset, groups)[0] ?? {}, sequenceTag)[0];
    if (holder && attribute(holder, tag)) return holder;
  }
  return dataset;
}

function nonEmpty(value: string): string | undefined {
  return value === '' ? undefined : value;
}
