/**
 * The SR items of morphometry.md sections 10 and 11, kept apart from the TID 1500 skeleton (srWrite.ts, srRead.ts)
 * so that the template can change around them. In a vertebra's assessment container:
 *   - NUM Vertebral kyphosis (99KYPHO, deg: the signed wedge angle, positive = kyphosis);
 *   - NUM Cobb angle (SCT 285285000, deg) with Measurement Method "segmental kyphosis" (99KYPHO): from the superior
 *     endplate of the level above to the inferior endplate of the level below, positive = kyphosis;
 *   - CODE Posterior vertebral wall (99KYPHO) intact / retropulsed, only when assessed;
 *   - CODE Vertebral augmentation (99KYPHO) vertebroplasty / kyphoplasty / other, only when treated;
 *   - NUM Spinal canal AP diameter (99KYPHO, mm or pixels) INFERRED FROM the line: an SCOORD POLYLINE SELECTED FROM
 *     its image (on an image of the SR's image library) or an SCOORD3D POLYLINE with the Frame of Reference (on a
 *     reformat of a series the SR measures on), for other viewers; NUM Canal compromise (%), and the line itself at
 *     full precision as text (its image or plane included), from which import restores it exactly.
 * In the summary group: NUM Cobb angle with Finding Site Thoracic spine (SCT 122495006) for the thoracic kyphosis
 * T4-T12, and with Lumbar spine (SCT 122496007) for the lumbar lordosis L1-L5 (positive = lordosis, said by its
 * Measurement Method).
 * Sources: SCT 285285000 "Cobb angle" (DICOM CID 218, as in DCMTK's CID218_QuantitativeImageFeature); the spine regions
 * from DICOM CID 4031 "Common Anatomic Regions". Everything else has no standard code and is 99KYPHO.
 */
import type { Augmentation, PosteriorWall } from '../../morphometry';
import type { CanalMeasurement, ImageRef } from '../../reading';
import { calibrationFromLabel, type DocumentCanalMeasurement, type DocumentVertebra, type ReadingDocument } from '../readingDocument';
import { CODES, KYPHO_SCHEME, sameCode, UNITS, type Code } from './codes';

type Item = Record<string, unknown>;

const sct = (value: string, meaning: string): Code => ({ CodeValue: value, CodingSchemeDesignator: 'SCT', CodeMeaning: meaning });
const kypho = (value: string, meaning: string): Code => ({ CodeValue: value, CodingSchemeDesignator: KYPHO_SCHEME, CodeMeaning: meaning });

export const SPINE_CODES = {
  cobbAngle: sct('285285000', 'Cobb angle'),
  thoracicSpine: sct('122495006', 'Thoracic spine'),
  lumbarSpine: sct('122496007', 'Lumbar spine'),
  vertebralKyphosis: kypho('VERTKYPHOSIS', 'Vertebral kyphosis, own endplates'),
  segmentalKyphosis: kypho('SEGKYPHOSIS', 'Segmental kyphosis, level above to level below'),
  thoracicKyphosis: kypho('THORKYPHOSIS', 'Thoracic kyphosis T4-T12'),
  lumbarLordosis: kypho('LUMBLORDOSIS', 'Lumbar lordosis L1-L5, positive = lordosis'),
  posteriorWall: kypho('POSTWALL', 'Posterior vertebral wall'),
  augmentation: kypho('AUGMENTATION', 'Vertebral augmentation'),
  canalDiameter: kypho('CANALAP', 'Spinal canal antero-posterior diameter'),
  canalCompromise: kypho('CANALCOMP', 'Spinal canal compromise against adjacent levels'),
  canalLine: kypho('CANALLINE', 'Canal diameter line at full precision'),
} as const;

export const POSTERIOR_WALL_CODES: Readonly<Record<Exclude<PosteriorWall, 'not-assessed'>, Code>> = {
  intact: kypho('WALLINTACT', 'Intact'),
  retropulsed: kypho('RETROPULSED', 'Retropulsed'),
};

export const AUGMENTATION_CODES: Readonly<Record<Exclude<Augmentation, 'none'>, Code>> = {
  vertebroplasty: kypho('VERTEBROPLASTY', 'Vertebroplasty'),
  kyphoplasty: kypho('KYPHOPLASTY', 'Kyphoplasty'),
  other: kypho('AUGMENTOTHER', 'Other vertebral augmentation'),
};

/** The SCOORD or SCOORD3D of a canal line, where the SR can reference its image or frame of reference; else null. */
export type CanalGraphic = (m: DocumentCanalMeasurement) => Item | null;

export function spineVertebraItems(v: DocumentVertebra, canalGraphic: CanalGraphic = () => null): Item[] {
  const items: Item[] = [];
  if (v.vertebralKyphosis != null) items.push(num(SPINE_CODES.vertebralKyphosis, v.vertebralKyphosis, UNITS.degree));
  if (v.segmentalKyphosis != null) {
    items.push(num(SPINE_CODES.cobbAngle, v.segmentalKyphosis, UNITS.degree, [code('HAS CONCEPT MOD', CODES.measurementMethod, SPINE_CODES.segmentalKyphosis)]));
  }
  if (v.posteriorWall && v.posteriorWall !== 'not-assessed') items.push(code('CONTAINS', SPINE_CODES.posteriorWall, POSTERIOR_WALL_CODES[v.posteriorWall]));
  if (v.augmentation && v.augmentation !== 'none') items.push(code('CONTAINS', SPINE_CODES.augmentation, AUGMENTATION_CODES[v.augmentation]));
  const m = v.canalMeasurement;
  if (m && v.canalDiameter != null) {
    const graphic = canalGraphic(m);
    items.push(num(SPINE_CODES.canalDiameter, v.canalDiameter, v.canalUnit === 'px' ? UNITS.pixel : UNITS.mm, graphic ? [graphic] : undefined));
    if (v.canalCompromise != null) items.push(num(SPINE_CODES.canalCompromise, v.canalCompromise * 100, UNITS.percent));
    items.push(text(SPINE_CODES.canalLine, JSON.stringify(m)));
  }
  return items;
}

export function spineSummaryItems(document: ReadingDocument): Item[] {
  const regional = (value: number | null | undefined, site: Code, method: Code) =>
    value == null
      ? []
      : [num(SPINE_CODES.cobbAngle, value, UNITS.degree, [code('HAS CONCEPT MOD', CODES.findingSite, site), code('HAS CONCEPT MOD', CODES.measurementMethod, method)])];
  return [
    ...regional(document.thoracicKyphosis, SPINE_CODES.thoracicSpine, SPINE_CODES.thoracicKyphosis),
    ...regional(document.lumbarLordosis, SPINE_CODES.lumbarSpine, SPINE_CODES.lumbarLordosis),
  ];
}

export interface SpineJudgement {
  posteriorWall?: PosteriorWall;
  augmentation?: Augmentation;
  canal?: CanalMeasurement;
}

/**
 * The reader's section-11 judgements of a measurement group; the angles and the canal numbers are recomputed from
 * the points on import. `sameImage` gives the calibration of the vertebra's own image for a canal line on it.
 */
export function readSpineItems(
  group: Item,
  at: string,
  sameImage: (image: ImageRef) => CanalMeasurementCalibration | null,
): SpineJudgement {
  const children = asItems(group.ContentSequence);
  const codeOf = (name: Code) => {
    const item = children.find((i) => i.ValueType === 'CODE' && sameCode(first(i.ConceptNameCodeSequence) as Code, name));
    return item ? (first(item.ConceptCodeSequence) as Code | undefined) : undefined;
  };
  const wallCode = codeOf(SPINE_CODES.posteriorWall);
  const augmentationCode = codeOf(SPINE_CODES.augmentation);
  const posteriorWall = (Object.keys(POSTERIOR_WALL_CODES) as (keyof typeof POSTERIOR_WALL_CODES)[]).find((k) => sameCode(wallCode, POSTERIOR_WALL_CODES[k]));
  const augmentation = (Object.keys(AUGMENTATION_CODES) as (keyof typeof AUGMENTATION_CODES)[]).find((k) =>
    sameCode(augmentationCode, AUGMENTATION_CODES[k]),
  );
  if (wallCode && !posteriorWall) throw new Error(`${at}: unknown posterior wall ${wallCode.CodeValue}`);
  if (augmentationCode && !augmentation) throw new Error(`${at}: unknown augmentation ${augmentationCode.CodeValue}`);
  const line = children.find((i) => i.ValueType === 'TEXT' && sameCode(first(i.ConceptNameCodeSequence) as Code, SPINE_CODES.canalLine));
  return {
    ...(posteriorWall && { posteriorWall }),
    ...(augmentation && { augmentation }),
    ...(line && { canal: canalOf(String(line.TextValue ?? ''), at, sameImage) }),
  };
}

export type CanalMeasurementCalibration = Extract<CanalMeasurement, { space: 'image' }>['imageCalibration'];

function canalOf(textValue: string, at: string, sameImage: (image: ImageRef) => CanalMeasurementCalibration | null): CanalMeasurement {
  let m: DocumentCanalMeasurement;
  try {
    m = JSON.parse(textValue) as DocumentCanalMeasurement;
  } catch {
    throw new Error(`${at}: the canal line is not JSON`);
  }
  const isPoint = (p: unknown, n: number) => Array.isArray(p) && p.length === n && p.every((c) => typeof c === 'number' && Number.isFinite(c));
  const dims = m?.space === 'patient' ? 3 : 2;
  if (!m || !Array.isArray(m.points) || m.points.length !== 2 || !m.points.every((p) => isPoint(p, dims)) || typeof m.seriesInstanceUid !== 'string') {
    throw new Error(`${at}: the canal line is not two ${dims}-D points on a series`);
  }
  const points: [number[], number[]] = [[...m.points[0]], [...m.points[1]]];
  if (m.space === 'patient') {
    if (!isPoint(m.plane?.point, 3) || !isPoint(m.plane?.normal, 3)) throw new Error(`${at}: the patient-space canal line has no plane`);
    const v3 = (v: readonly number[]) => [v[0], v[1], v[2]] as [number, number, number];
    return { space: 'patient', seriesInstanceUid: m.seriesInstanceUid, points, plane: { point: v3(m.plane.point), normal: v3(m.plane.normal) } };
  }
  const image: ImageRef = { seriesInstanceUid: m.seriesInstanceUid, sopInstanceUid: String(m.sopInstanceUid), frameNumber: m.frameNumber ?? 1 };
  const imageCalibration =
    sameImage(image) ??
    (m.calibration === 'mm (user)' || m.imageCalibration
      ? calibrationFromLabel(m.imageCalibration?.calibration ?? 'px', m.imageCalibration?.pixelSpacing)
      : calibrationFromLabel(m.calibration, m.pixelSpacing));
  return { ...image, space: 'image', points, imageCalibration };
}

function code(relationship: string, concept: Code, value: Code): Item {
  return { RelationshipType: relationship, ValueType: 'CODE', ConceptNameCodeSequence: [concept], ConceptCodeSequence: [value] };
}

function text(concept: Code, value: string): Item {
  return { RelationshipType: 'CONTAINS', ValueType: 'TEXT', ConceptNameCodeSequence: [concept], TextValue: value };
}

function num(concept: Code, value: number, unit: Code, children?: Item[]): Item {
  return {
    RelationshipType: 'CONTAINS',
    ValueType: 'NUM',
    ConceptNameCodeSequence: [concept],
    MeasuredValueSequence: [{ MeasurementUnitsCodeSequence: [unit], NumericValue: decimalString(value), FloatingPointValue: value }],
    ...(children && { ContentSequence: children }),
  };
}

/** A DS value: at most 16 characters (as srWrite's). */
function decimalString(value: number): string {
  for (let digits = 16; digits > 0; digits--) {
    const s = Number(value.toPrecision(digits)).toString();
    if (s.length <= 16) return s;
  }
  return value.toExponential(6);
}

function asItems(value: unknown): Item[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]) as Item[];
}

function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}
