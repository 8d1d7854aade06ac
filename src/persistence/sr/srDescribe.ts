/**
 * What a structured report is, in a reader's words, from its header and content tree (a dcmjs naturalized
 * data set): a Kypho reading (`Kypho reading, DOE^JANE, 2026-12-01 21:40, signed`), the measurements another
 * viewer wrote (`OHIF measurements: 1 length`), or another report; and the geometry it holds (every SCOORD and
 * SCOORD3D with the label a reader would give it), so that it can be shown on its images without being imported.
 * Pure: no DOM, no viewer.
 */
import dcmjs from 'dcmjs';
import { CODES, KYPHO_SCHEME } from './codes';

type Item = Record<string, any>;

export interface SrShape {
  /** `Length 24.3 mm`, with the measurement's own label before it when it has one. */
  label: string;
  graphicType: string;
  /** SCOORD: image pixel coordinates (column, row) with the origin at the top-left pixel's corner, on this image. */
  image?: { sopInstanceUid: string; frameNumber?: number; points: [number, number][] };
  /** SCOORD3D: patient mm in this Frame of Reference. */
  world?: { frameOfReferenceUid: string; points: [number, number, number][] };
}

export type SrDescription =
  | { kind: 'kypho'; label: string; signed: boolean; reader: string | null; time: string | null }
  | { kind: 'foreign'; label: string; shapes: SrShape[] };

/** Cornerstone tool names (the tracking identifiers OHIF writes) in a reader's words, singular and plural. */
const TOOL_WORDS: Record<string, [string, string]> = {
  Length: ['length', 'lengths'],
  Bidirectional: ['bidirectional measurement', 'bidirectional measurements'],
  EllipticalROI: ['ellipse', 'ellipses'],
  CircleROI: ['circle', 'circles'],
  RectangleROI: ['rectangle', 'rectangles'],
  PlanarFreehandROI: ['freehand outline', 'freehand outlines'],
  SplineROI: ['spline outline', 'spline outlines'],
  Angle: ['angle', 'angles'],
  CobbAngle: ['Cobb angle', 'Cobb angles'],
  ArrowAnnotate: ['arrow', 'arrows'],
  Probe: ['point', 'points'],
};

/** An SR file described; a file that cannot be read says so. */
export function describeSrBytes(bytes: Uint8Array): SrDescription | { kind: 'unreadable'; label: string } {
  try {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    return describeSr(dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(buffer).dict) as Item);
  } catch (error) {
    return { kind: 'unreadable', label: `not a readable DICOM file (${error instanceof Error ? error.message : String(error)})` };
  }
}

/** Why a foreign SR is not imported, in a reader's words. */
export function notAReading(label: string): string {
  return `${label}: this report was not written by Kypho, so it holds no Kypho reading to import; it can be shown on its images instead`;
}

export function describeSr(dataset: Item): SrDescription {
  if (isKypho(dataset)) return describeKypho(dataset);
  return { kind: 'foreign', label: foreignLabel(dataset), shapes: shapesOf(dataset) };
}

/** A Kypho reading declares Kypho's coding scheme and names Kypho as its manufacturer. */
function isKypho(dataset: Item): boolean {
  const schemes = list(dataset.CodingSchemeIdentificationSequence).map((s) => s.CodingSchemeDesignator);
  return dataset.Manufacturer === 'Kypho' && schemes.includes(KYPHO_SCHEME) && templateOf(dataset) === '1500';
}

function describeKypho(dataset: Item): SrDescription {
  const signed = dataset.VerificationFlag === 'VERIFIED';
  const verifier = list(dataset.VerifyingObserverSequence)[0];
  const observer = list(dataset.ContentSequence).find((i) => i.ValueType === 'PNAME' && sameCode(i.ConceptNameCodeSequence, CODES.personObserverName));
  const reader = personName(signed ? verifier?.VerifyingObserverName : undefined) ?? personName(observer?.PersonName) ?? null;
  const when = signed ? String(verifier?.VerificationDateTime ?? '') : `${dataset.ContentDate ?? ''}${dataset.ContentTime ?? ''}`;
  const time = minutes(when);
  const label = ['Kypho reading', reader ?? 'no reader named', time ?? 'no time', signed ? 'signed' : 'preliminary'].join(', ');
  return { kind: 'kypho', label, signed, reader, time };
}

function foreignLabel(dataset: Item): string {
  const title = code(dataset.ConceptNameCodeSequence)?.CodeMeaning ?? 'Structured report';
  const groups = measurementGroups(dataset);
  if (groups.length === 0) return [title, dataset.SeriesDescription, 'no measurements'].filter(Boolean).join(': ');
  const tools = groups.map(toolOf);
  const byCornerstone = tools.every((t) => t.cornerstone);
  const counts = new Map<string, number>();
  for (const t of tools) counts.set(t.name, (counts.get(t.name) ?? 0) + 1);
  const what = [...counts].map(([name, n]) => {
    const words = TOOL_WORDS[name] ?? ['measurement', 'measurements'];
    return `${n} ${n === 1 ? words[0] : words[1]}`;
  });
  // OHIF writes its measurements with Cornerstone's tracking identifiers.
  const who = byCornerstone ? 'OHIF measurements' : `${dataset.Manufacturer ? `${dataset.Manufacturer} ` : ''}measurements`;
  return `${who}: ${what.join(', ')}`;
}

function toolOf(group: Item): { name: string; cornerstone: boolean } {
  const tracking = list(group.ContentSequence).find((i) => i.ValueType === 'TEXT' && sameCode(i.ConceptNameCodeSequence, CODES.trackingIdentifier));
  const value = String(tracking?.TextValue ?? '');
  const match = /^(?:Cornerstone3DTools@[^:]*|cornerstoneTools@[^:]*):(\w+)/.exec(value);
  return match ? { name: match[1]!, cornerstone: true } : { name: '', cornerstone: false };
}

function measurementGroups(dataset: Item): Item[] {
  const measurements = list(dataset.ContentSequence).find((i) => sameCode(i.ConceptNameCodeSequence, CODES.imagingMeasurements));
  return list(measurements?.ContentSequence).filter((i) => sameCode(i.ConceptNameCodeSequence, CODES.measurementGroup));
}

/** Every SCOORD and SCOORD3D of the tree, each labelled by the measurement it belongs to. */
function shapesOf(dataset: Item): SrShape[] {
  const shapes: SrShape[] = [];
  const walk = (items: Item[], context: { name: string | null; value: string | null }) => {
    for (const item of items) {
      let next = context;
      if (item.ValueType === 'CONTAINER' && sameCode(item.ConceptNameCodeSequence, CODES.measurementGroup)) {
        const children = list(item.ContentSequence);
        const named = children.find((c) => c.ValueType === 'TEXT' && !sameCode(c.ConceptNameCodeSequence, CODES.trackingIdentifier));
        next = { name: named ? String(named.TextValue) : null, value: null };
      }
      if (item.ValueType === 'NUM') next = { ...next, value: numberText(item) };
      const shape = shapeOf(item, next);
      if (shape) shapes.push(shape);
      walk(list(item.ContentSequence), next);
    }
  };
  walk(list(dataset.ContentSequence), { name: null, value: null });
  return shapes;
}

function shapeOf(item: Item, context: { name: string | null; value: string | null }): SrShape | null {
  const data = numbers(item.GraphicData);
  const graphicType = String(item.GraphicType ?? '');
  const label = [context.name, context.value].filter(Boolean).join(' ') || graphicType.toLowerCase();
  if (item.ValueType === 'SCOORD') {
    const image = list(item.ContentSequence).find((c) => c.ValueType === 'IMAGE');
    const ref = list(image?.ReferencedSOPSequence)[0];
    if (!ref?.ReferencedSOPInstanceUID || data.length < 2) return null;
    const frame = numbers(ref.ReferencedFrameNumber)[0];
    const points: [number, number][] = [];
    for (let i = 0; i + 1 < data.length; i += 2) points.push([data[i]!, data[i + 1]!]);
    return { label, graphicType, image: { sopInstanceUid: String(ref.ReferencedSOPInstanceUID), ...(frame !== undefined && { frameNumber: frame }), points } };
  }
  if (item.ValueType === 'SCOORD3D') {
    if (!item.ReferencedFrameOfReferenceUID || data.length < 3) return null;
    const points: [number, number, number][] = [];
    for (let i = 0; i + 2 < data.length; i += 3) points.push([data[i]!, data[i + 1]!, data[i + 2]!]);
    return { label, graphicType, world: { frameOfReferenceUid: String(item.ReferencedFrameOfReferenceUID), points } };
  }
  return null;
}

/** `Length 24.3 mm`. */
function numberText(item: Item): string | null {
  const measured = list(item.MeasuredValueSequence)[0];
  const value = numbers(measured?.NumericValue)[0];
  if (value === undefined) return null;
  const unit = code(measured?.MeasurementUnitsCodeSequence)?.CodeValue;
  const name = code(item.ConceptNameCodeSequence)?.CodeMeaning;
  return [name, value.toFixed(1), unit && unit !== '1' ? unit : null].filter(Boolean).join(' ');
}

function templateOf(dataset: Item): string | undefined {
  return list(dataset.ContentTemplateSequence)[0]?.TemplateIdentifier;
}

/** `20261201214012+0000` or `20261201` `214012.123` as `2026-12-01 21:40`. */
function minutes(value: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})/.exec(value);
  return m ? `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}` : null;
}

function personName(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  const text = typeof first === 'string' ? first : (first as { Alphabetic?: string } | undefined)?.Alphabetic;
  return text?.trim() || undefined;
}

/** dcmjs gives a one-item sequence as an array, OHIF's loader sometimes as the item itself. */
function list(value: unknown): Item[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]) as Item[];
}

function code(value: unknown): Item | undefined {
  return list(value)[0];
}

function sameCode(value: unknown, expected: { CodeValue: string; CodingSchemeDesignator: string }): boolean {
  const c = code(value);
  return c?.CodeValue === expected.CodeValue && c?.CodingSchemeDesignator === expected.CodingSchemeDesignator;
}

function numbers(value: unknown): number[] {
  return (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]).map(Number).filter(Number.isFinite);
}
