/**
 * The reading as a TID 1500 "Imaging Measurement Report". dcmjs encodes the data set; the template is written
 * here because dcmjs's own TID 1500 (`dcmjs.sr`) has no place for finding sites with topographical modifiers
 * or for qualitative evaluations.
 *
 * The shape is the one viewers that expect geometry in every measurement group can show (OHIF's SR viewport,
 * the Cornerstone3D adapters' `MeasurementReport.generateToolState`): each measurement group is ONE height
 * of one vertebra, written as Cornerstone writes a Length:
 *   Tracking Identifier "Cornerstone3DTools@^0.1.0:Length", a Tracking UID, a Comment `L1 Ha 18.2 mm` (the
 *   label those viewers show), Finding Site = the vertebra (SCT) with its topographical modifier (anterior,
 *   central, posterior), and one NUM Height (DCM 121207) INFERRED FROM a two-point POLYLINE: an SCOORD
 *   SELECTED FROM the image (superior point, inferior point), or for a reading on a CT reformat an SCOORD3D
 *   in patient mm with the Frame of Reference UID (the document is then a Comprehensive 3D SR).
 * Everything without geometry sits where those viewers do not look, in the document's Qualitative
 * Evaluations: the report sentences (Impression), one container per vertebra (finding site, method, fracture
 * finding, ratios, height loss, wedge angle, Genant grade and type, calibration, the landmarks at full
 * precision, edema, fracture age, note) and the spinal deformity index.
 *
 * SCOORD coordinates are 32-bit floats with the origin at the top-left corner of the top-left pixel
 * (PS3.3 C.18.6.1.1); Kypho's points have it at the pixel's centre, hence the half pixel. So that a round
 * trip is exact, each vertebra also carries its points at full precision as a 99KYPHO text item, which import
 * uses only while it agrees with the coordinates.
 */
import dcmjs from 'dcmjs';
import { KYPHO_IMPLEMENTATION_CLASS_UID } from '../../dicom';
import type { Grade, SixPoints } from '../../morphometry';
import { reportSentences } from '../reportText';
import { informativeAge, type DocumentVertebra, type ImageDocumentMeasurement, type PatientDocumentMeasurement, type ReadingDocument } from '../readingDocument';
import {
  AGE_CODES,
  CALIBRATION_CODES,
  CODES,
  CORNERSTONE_LENGTH,
  EXTENT_CODES,
  GRADE_CODES,
  HEIGHT_ABBREVIATIONS,
  KYPHO_SCHEME_IDENTIFICATION,
  METHOD_CODES,
  SEQUENCE_CODES,
  TYPE_CODES,
  UNITS,
  VERTEBRA_CODES,
  type Code,
} from './codes';
import { spineSummaryItems, spineVertebraItems, type CanalGraphic } from './srSpine';
import { newUid } from './uid';
import type { SrReference } from '../signOff';
import { NOTHING_MEASURED, srUnwritableReason } from './srWritable';

export const COMPREHENSIVE_SR = '1.2.840.10008.5.1.4.1.1.88.33';
export const COMPREHENSIVE_3D_SR = '1.2.840.10008.5.1.4.1.1.88.34';
const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

/** What the referenced images say of themselves: needed for references and evidence. */
export interface SrImage {
  sopClassUid: string;
  seriesInstanceUid: string;
  numberOfFrames?: number;
  /** Needed for a reading on a reformat of the image's series (SCOORD3D). */
  frameOfReferenceUid?: string;
}

/** The patient and study the SR belongs to, from the referenced images. */
export interface SrContext {
  patient: { name?: string; id?: string; birthDate?: string; sex?: string };
  study: {
    studyInstanceUid: string;
    date?: string;
    time?: string;
    id?: string;
    accessionNumber?: string;
    referringPhysicianName?: string;
    description?: string;
  };
  /** By SOP Instance UID: every image of the study (those measured on, and the slices of a reformatted series). */
  images: ReadonlyMap<string, SrImage>;
  /** The reader (TID 1002 person observer); without one the observer is Kypho alone. */
  observer?: Reader;
  /**
   * Signed by the reader at this time: VerificationFlag VERIFIED with the Verifying Observer, PreliminaryFlag
   * FINAL. Without it the SR says it is preliminary (PreliminaryFlag PRELIMINARY, UNVERIFIED).
   */
  signedAt?: Date;
  /** The signed SR this one amends (Predecessor Documents Sequence): a later version never replaces it in place. */
  predecessor?: SrReference;
  now?: Date;
  seriesInstanceUid?: string;
  sopInstanceUid?: string;
}

export interface Reader {
  /** As a DICOM person name (FAMILY^GIVEN) or as typed; written as PN. */
  name: string;
  organization?: string;
}

export class SrExportError extends Error {
  override name = 'SrExportError';
}

type Item = Record<string, unknown>;

/** The SR as a dcmjs naturalized data set. Throws SrExportError naming what is missing. */
export function srDataset(document: ReadingDocument, context: SrContext): Item {
  const problems = exportProblems(document, context);
  if (context.signedAt && !context.observer) problems.push('a signed SR needs the reader: give a reader name');
  if (problems.length > 0) throw new SrExportError(problems.join('\n'));
  const now = context.now ?? new Date();
  const { date, time } = dicomDateTime(now);
  const measured = document.vertebrae.filter((v) => v.measurement);
  const images = imagesOf(measured);
  const reformatted = [...new Set(measured.flatMap((v) => (v.measurement?.space === 'patient' ? [v.measurement.seriesInstanceUid] : [])))];

  const content: Item[] = [
    code('HAS CONCEPT MOD', CODES.languageOfContent, CODES.englishUs),
    ...observerContext(context),
    code('HAS CONCEPT MOD', CODES.procedureReported, CODES.imagingProcedure),
    // A reading only on reformats has no image of its own to list.
    container('CONTAINS', CODES.imageLibrary, images.length === 0 ? [] : [container('CONTAINS', CODES.imageLibraryGroup, images.map((m) => imageItem('CONTAINS', m, context)))]),
    container('CONTAINS', CODES.imagingMeasurements, measured.flatMap((v) => heightGroups(v, context))),
    container('CONTAINS', CODES.qualitativeEvaluations, [
      text('CONTAINS', CODES.impression, reportSentences(document).join('\n')),
      ...document.vertebrae.map((v) => vertebraEvaluation(v, document, canalGraphic(images, reformatted, context))),
      ...summary(document),
    ]),
  ];

  return {
    _meta: {},
    SpecificCharacterSet: 'ISO_IR 192',
    SOPClassUID: reformatted.length > 0 ? COMPREHENSIVE_3D_SR : COMPREHENSIVE_SR,
    SOPInstanceUID: context.sopInstanceUid ?? newUid(),
    InstanceCreationDate: date,
    InstanceCreationTime: time,
    TimezoneOffsetFromUTC: '+0000',
    PatientName: context.patient.name ?? '',
    PatientID: context.patient.id ?? '',
    PatientBirthDate: context.patient.birthDate ?? '',
    PatientSex: context.patient.sex ?? '',
    StudyInstanceUID: context.study.studyInstanceUid,
    StudyDate: context.study.date ?? '',
    StudyTime: context.study.time ?? '',
    ReferringPhysicianName: context.study.referringPhysicianName ?? '',
    StudyID: context.study.id ?? '',
    AccessionNumber: context.study.accessionNumber ?? '',
    ...(context.study.description && { StudyDescription: context.study.description }),
    Modality: 'SR',
    SeriesInstanceUID: context.seriesInstanceUid ?? newUid(),
    SeriesNumber: 9901,
    SeriesDescription: seriesDescription(context, now),
    ReferencedPerformedProcedureStepSequence: [],
    Manufacturer: 'Kypho',
    SoftwareVersions: 'Kypho 0.1',
    InstanceNumber: 1,
    ...signOff(context),
    ...(context.predecessor && { PredecessorDocumentsSequence: [sopReference(context.predecessor)] }),
    ContentDate: date,
    ContentTime: time,
    PerformedProcedureCodeSequence: [],
    CurrentRequestedProcedureEvidenceSequence: evidence(images, reformatted, context),
    CodingSchemeIdentificationSequence: [KYPHO_SCHEME_IDENTIFICATION],
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: [CODES.imagingMeasurementReport],
    ContinuityOfContent: 'SEPARATE',
    ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '1500' }],
    ContentSequence: content,
  };
}

/** The SR as a DICOM Part 10 file (Explicit VR Little Endian). */
export function writeSr(document: ReadingDocument, context: SrContext): Uint8Array {
  return encodeSr(srDataset(document, context));
}

/** A naturalized SR data set as a Part 10 file. */
export function encodeSr(dataset: Item): Uint8Array {
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: dataset.SOPClassUID,
    MediaStorageSOPInstanceUID: dataset.SOPInstanceUID,
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: KYPHO_IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: 'KYPHO_0_1',
  };
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  const { _meta: _unused, ...body } = dataset;
  dict.dict = DicomMetaDictionary.denaturalizeDataset(body);
  return new Uint8Array(dict.write());
}

/**
 * `Kypho reading, DOE^JANE, 2026-12-01 21:40, signed`: what tells two readings of one study apart in a study
 * browser (the time is UTC, as the SR's own dates).
 */
export function seriesDescription(context: Pick<SrContext, 'observer' | 'signedAt'>, now: Date): string {
  const when = (context.signedAt ?? now).toISOString().slice(0, 16).replace('T', ' ');
  // Series Description is LO: 64 characters at most.
  const reader = (context.observer?.name ?? 'no reader named').slice(0, 24);
  return `Kypho reading, ${reader}, ${when}, ${context.signedAt ? 'signed' : 'preliminary'}`;
}

/** A SOP Instance Reference (Hierarchical): study, series, instance. */
function sopReference(ref: SrReference): Item {
  return {
    StudyInstanceUID: ref.studyInstanceUid,
    ReferencedSeriesSequence: [
      { SeriesInstanceUID: ref.seriesInstanceUid, ReferencedSOPSequence: [{ ReferencedSOPClassUID: ref.sopClassUid, ReferencedSOPInstanceUID: ref.sopInstanceUid }] },
    ],
  };
}

function signOff(context: SrContext): Item {
  if (!context.signedAt || !context.observer) {
    // The content is the whole reading (COMPLETE); that nobody has signed it yet is what PRELIMINARY says.
    return { PreliminaryFlag: 'PRELIMINARY', CompletionFlag: 'COMPLETE', VerificationFlag: 'UNVERIFIED' };
  }
  const { date, time } = dicomDateTime(context.signedAt);
  return {
    PreliminaryFlag: 'FINAL',
    CompletionFlag: 'COMPLETE',
    VerificationFlag: 'VERIFIED',
    VerifyingObserverSequence: [
      {
        VerifyingObserverName: context.observer.name,
        VerifyingObserverIdentificationCodeSequence: [],
        VerifyingOrganization: context.observer.organization ?? '',
        VerificationDateTime: `${date}${time}+0000`,
      },
    ],
  };
}

function exportProblems(document: ReadingDocument, context: SrContext): string[] {
  const problems: string[] = [];
  if (document.study.studyInstanceUid !== context.study.studyInstanceUid) {
    problems.push(
      `the reading is of study ${document.study.studyInstanceUid}, the images are of study ${context.study.studyInstanceUid}`,
    );
  }
  if (srUnwritableReason(document) === NOTHING_MEASURED) problems.push(NOTHING_MEASURED);
  for (const v of document.vertebrae) {
    const m = v.measurement;
    if (!m) continue;
    if (m.space === 'patient') {
      if (!frameOfReferenceOf(m.seriesInstanceUid, context)) {
        problems.push(`${v.level}: measured on a reformat of series ${m.seriesInstanceUid}, whose images (and Frame of Reference) are not among the images given`);
      }
    } else if (!context.images.has(m.sopInstanceUid)) {
      problems.push(`${v.level}: its image ${m.sopInstanceUid} is not among the images given`);
    }
  }
  return problems;
}

function frameOfReferenceOf(seriesInstanceUid: string, context: SrContext): string | undefined {
  for (const image of context.images.values()) {
    if (image.seriesInstanceUid === seriesInstanceUid && image.frameOfReferenceUid) return image.frameOfReferenceUid;
  }
  return undefined;
}

function imagesOf(measured: readonly DocumentVertebra[]): ImageDocumentMeasurement[] {
  const byKey = new Map<string, ImageDocumentMeasurement>();
  for (const v of measured) {
    const m = v.measurement;
    if (m?.space === 'image') byKey.set(`${m.sopInstanceUid}#${m.frameNumber}`, m);
  }
  return [...byKey.values()];
}

function observerContext(context: SrContext): Item[] {
  const device = [
    code('HAS OBS CONTEXT', CODES.observerType, CODES.device),
    // The implementation's UID stands for the device: every Kypho computes the same way.
    { RelationshipType: 'HAS OBS CONTEXT', ValueType: 'UIDREF', ConceptNameCodeSequence: [CODES.deviceObserverUid], UID: KYPHO_IMPLEMENTATION_CLASS_UID },
    text('HAS OBS CONTEXT', CODES.deviceObserverName, 'Kypho'),
    text('HAS OBS CONTEXT', CODES.deviceObserverManufacturer, 'Kypho'),
  ];
  const reader = context.observer;
  if (!reader) return device;
  return [
    code('HAS OBS CONTEXT', CODES.observerType, CODES.person),
    { RelationshipType: 'HAS OBS CONTEXT', ValueType: 'PNAME', ConceptNameCodeSequence: [CODES.personObserverName], PersonName: reader.name },
    ...(reader.organization ? [text('HAS OBS CONTEXT', CODES.personObserverOrganization, reader.organization)] : []),
    ...device,
  ];
}

/** The images measured on, and for a reformat every image of its series: the volume the coordinates lie in. */
function evidence(images: readonly ImageDocumentMeasurement[], reformatted: readonly string[], context: SrContext): Item[] {
  const bySeries = new Map<string, Item[]>();
  const seen = new Set<string>();
  const add = (sopInstanceUid: string, image: SrImage) => {
    if (seen.has(sopInstanceUid)) return;
    seen.add(sopInstanceUid);
    const list = bySeries.get(image.seriesInstanceUid) ?? [];
    list.push({ ReferencedSOPClassUID: image.sopClassUid, ReferencedSOPInstanceUID: sopInstanceUid });
    bySeries.set(image.seriesInstanceUid, list);
  };
  for (const m of images) add(m.sopInstanceUid, context.images.get(m.sopInstanceUid) as SrImage);
  for (const [sopInstanceUid, image] of context.images) if (reformatted.includes(image.seriesInstanceUid)) add(sopInstanceUid, image);
  if (bySeries.size === 0) return [];
  return [
    {
      StudyInstanceUID: context.study.studyInstanceUid,
      ReferencedSeriesSequence: [...bySeries].map(([SeriesInstanceUID, sops]) => ({ SeriesInstanceUID, ReferencedSOPSequence: sops })),
    },
  ];
}

const HEIGHTS = [
  ['a', CODES.anterior, 'as', 'ai'],
  ['m', CODES.central, 'ms', 'mi'],
  ['p', CODES.posterior, 'ps', 'pi'],
] as const;

/** Three measurement groups: the anterior, middle and posterior height, each a line on the image or in the volume. */
function heightGroups(v: DocumentVertebra, context: SrContext): Item[] {
  const m = v.measurement;
  if (!m || v.ha === null || v.hm === null || v.hp === null) return [];
  const values = { a: v.ha, m: v.hm, p: v.hp };
  const unit = v.unit === 'mm' ? UNITS.mm : UNITS.pixel;
  return HEIGHTS.map(([which, where, top, bottom]) => {
    const value = values[which];
    return container(
      'CONTAINS',
      CODES.measurementGroup,
      [
        text('HAS OBS CONTEXT', CODES.trackingIdentifier, CORNERSTONE_LENGTH),
        { RelationshipType: 'HAS OBS CONTEXT', ValueType: 'UIDREF', ConceptNameCodeSequence: [CODES.trackingUid], UID: newUid() },
        text('CONTAINS', CODES.comment, `${v.level} ${HEIGHT_ABBREVIATIONS[which]} ${value.toFixed(1)} ${v.unit === 'mm' ? 'mm' : 'px'}`),
        code('HAS CONCEPT MOD', CODES.findingSite, VERTEBRA_CODES[v.level], [code('HAS CONCEPT MOD', CODES.topographicalModifier, where)]),
        num('CONTAINS', CODES.height, value, unit, [m.space === 'patient' ? scoord3d(m, top, bottom, context) : scoord(m, top, bottom, context)]),
      ],
      true,
    );
  });
}

function scoord(m: ImageDocumentMeasurement, top: keyof SixPoints, bottom: keyof SixPoints, context: SrContext): Item {
  return {
    RelationshipType: 'INFERRED FROM',
    ValueType: 'SCOORD',
    GraphicType: 'POLYLINE',
    GraphicData: [...m.points[top], ...m.points[bottom]].map((c) => c + 0.5),
    ContentSequence: [imageItem('SELECTED FROM', m, context)],
  };
}

function scoord3d(m: PatientDocumentMeasurement, top: keyof SixPoints, bottom: keyof SixPoints, context: SrContext): Item {
  return {
    RelationshipType: 'INFERRED FROM',
    ValueType: 'SCOORD3D',
    GraphicType: 'POLYLINE',
    GraphicData: [...m.points[top], ...m.points[bottom]],
    ReferencedFrameOfReferenceUID: frameOfReferenceOf(m.seriesInstanceUid, context),
  };
}

/** What the reader and the core concluded of one vertebra: everything without geometry. */
/**
 * A canal line as SR geometry: SCOORD on an image of the image library (half a pixel added, as for the heights),
 * SCOORD3D on a reformat of a series the SR measures on (then a Comprehensive 3D SR with its Frame of Reference).
 */
function canalGraphic(images: readonly ImageDocumentMeasurement[], reformatted: readonly string[], context: SrContext): CanalGraphic {
  return (m) => {
    if (m.space === 'patient') {
      const frameOfReference = reformatted.includes(m.seriesInstanceUid) ? frameOfReferenceOf(m.seriesInstanceUid, context) : undefined;
      if (!frameOfReference) return null;
      return {
        RelationshipType: 'INFERRED FROM',
        ValueType: 'SCOORD3D',
        GraphicType: 'POLYLINE',
        GraphicData: [...m.points[0], ...m.points[1]],
        ReferencedFrameOfReferenceUID: frameOfReference,
      };
    }
    const image = images.find((i) => i.sopInstanceUid === m.sopInstanceUid && i.frameNumber === m.frameNumber);
    if (!image) return null;
    return {
      RelationshipType: 'INFERRED FROM',
      ValueType: 'SCOORD',
      GraphicType: 'POLYLINE',
      GraphicData: [...m.points[0], ...m.points[1]].map((c) => c + 0.5),
      ContentSequence: [imageItem('SELECTED FROM', image, context)],
    };
  };
}

function vertebraEvaluation(v: DocumentVertebra, document: ReadingDocument, graphic: CanalGraphic): Item {
  const items: Item[] = [];
  if ((v.grade ?? 0) >= 1) items.push(code('CONTAINS', CODES.finding, CODES.fractureOfBone));
  if (v.grade !== null) items.push(code('HAS CONCEPT MOD', CODES.measurementMethod, METHOD_CODES[v.method ?? document.method]));
  items.push(code('HAS CONCEPT MOD', CODES.findingSite, VERTEBRA_CODES[v.level]));

  const m = v.measurement;
  if (m && v.ha !== null && v.hm !== null && v.hp !== null) {
    const unit = v.unit === 'mm' ? UNITS.mm : UNITS.pixel;
    if (v.hpAdjacent !== null) items.push(num('CONTAINS', CODES.hpAdjacent, v.hpAdjacent, unit));
    items.push(num('CONTAINS', CODES.wedgeRatio, v.wedgeRatio as number, UNITS.ratio));
    items.push(num('CONTAINS', CODES.biconcaveRatio, v.biconcaveRatio as number, UNITS.ratio));
    if (v.crushRatio !== null) items.push(num('CONTAINS', CODES.crushRatio, v.crushRatio, UNITS.ratio));
    items.push(num('CONTAINS', CODES.wedgeAngle, v.wedgeAngle as number, UNITS.degree));
    items.push(num('CONTAINS', CODES.heightLoss, (v.heightLoss as number) * 100, UNITS.percent));
    items.push(code('CONTAINS', CODES.genantGrade, GRADE_CODES[v.grade as Grade]));
    if (v.type) items.push(code('CONTAINS', CODES.deformityType, TYPE_CODES[v.type]));
  }
  if (m?.space === 'image') items.push(...calibrationItems(m));
  if (m?.space === 'patient') {
    items.push({ RelationshipType: 'CONTAINS', ValueType: 'UIDREF', ConceptNameCodeSequence: [CODES.seriesInstanceUid], UID: m.seriesInstanceUid });
    items.push(text('CONTAINS', CODES.plane, JSON.stringify(m.plane)));
  }
  if (m) items.push(text('CONTAINS', CODES.landmarks, JSON.stringify(m.points)));
  // What was swapped into anatomical order (morphometry.md section 2a); absent where the image gave no orientation.
  if (m?.swapped) items.push(text('CONTAINS', CODES.pointsSwapped, JSON.stringify(m.swapped)));

  if (v.edema !== 'not-assessed') items.push(code('CONTAINS', CODES.edema, v.edema === 'present' ? CODES.present : CODES.absent));
  if (v.edemaExtent) items.push(code('CONTAINS', CODES.edemaExtent, EXTENT_CODES[v.edemaExtent]));
  if (v.sequence) items.push(code('CONTAINS', CODES.edemaSequence, SEQUENCE_CODES[v.sequence]));
  if (v.signalRatio !== null) items.push(num('CONTAINS', CODES.signalRatio, v.signalRatio, UNITS.ratio));
  // What was not assessed is not a finding (morphometry.md section 8): a derived "indeterminate" age says nothing,
  // and an unset malignancy flag is left out rather than written as "no".
  if (informativeAge(v) !== null) {
    items.push(code('CONTAINS', CODES.fractureAge, AGE_CODES[v.age]));
    items.push(code('CONTAINS', CODES.fractureAgeSource, v.ageOverridden ? CODES.ageByReader : CODES.ageDerived));
  }
  if (v.suspiciousForMalignancy) items.push(code('CONTAINS', CODES.suspiciousForMalignancy, CODES.yes));
  if (v.note) items.push(text('CONTAINS', CODES.comment, v.note));
  // Sections 10 and 11: angles, posterior wall, augmentation, canal (srSpine.ts).
  items.push(...spineVertebraItems(v, graphic));
  return container('CONTAINS', CODES.vertebraAssessment, items);
}

function calibrationItems(m: ImageDocumentMeasurement): Item[] {
  const items = [code('CONTAINS', CODES.calibration, CALIBRATION_CODES[m.calibration])];
  if (m.pixelSpacing) {
    items.push(num('CONTAINS', CODES.rowSpacing, m.pixelSpacing[0], UNITS.mm), num('CONTAINS', CODES.columnSpacing, m.pixelSpacing[1], UNITS.mm));
  }
  if (m.imageCalibration) {
    items.push(code('CONTAINS', CODES.imageCalibration, CALIBRATION_CODES[m.imageCalibration.calibration]));
    if (m.imageCalibration.pixelSpacing) {
      items.push(
        num('CONTAINS', CODES.imageRowSpacing, m.imageCalibration.pixelSpacing[0], UNITS.mm),
        num('CONTAINS', CODES.imageColumnSpacing, m.imageCalibration.pixelSpacing[1], UNITS.mm),
      );
    }
  }
  return items;
}

/** The spinal deformity index and the reading's method. */
function summary(document: ReadingDocument): Item[] {
  return [
    code('CONTAINS', CODES.measurementMethod, METHOD_CODES[document.method]),
    num('CONTAINS', CODES.sdi, document.sdi, UNITS.ratio),
    num('CONTAINS', CODES.levelsMeasured, document.levelsMeasured, UNITS.ratio),
    ...spineSummaryItems(document),
  ];
}

function imageItem(relationship: string, m: ImageDocumentMeasurement, context: SrContext): Item {
  const image = context.images.get(m.sopInstanceUid) as SrImage;
  const multiFrame = (image.numberOfFrames ?? 1) > 1 || m.frameNumber > 1;
  return {
    RelationshipType: relationship,
    ValueType: 'IMAGE',
    ReferencedSOPSequence: [
      {
        ReferencedSOPClassUID: image.sopClassUid,
        ReferencedSOPInstanceUID: m.sopInstanceUid,
        ...(multiFrame && { ReferencedFrameNumber: m.frameNumber }),
      },
    ],
  };
}

function container(relationship: string, concept: Code, items: Item[], tid1501 = false): Item {
  return {
    RelationshipType: relationship,
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: [concept],
    ContinuityOfContent: 'SEPARATE',
    ...(tid1501 && { ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '1501' }] }),
    // An empty Content Sequence is not allowed (PS3.3 C.17.3.2.4): a container without children has none.
    ...(items.length > 0 && { ContentSequence: items }),
  };
}

function code(relationship: string, concept: Code, value: Code, children?: Item[]): Item {
  return {
    RelationshipType: relationship,
    ValueType: 'CODE',
    ConceptNameCodeSequence: [concept],
    ConceptCodeSequence: [value],
    ...(children && { ContentSequence: children }),
  };
}

function text(relationship: string, concept: Code, value: string): Item {
  return { RelationshipType: relationship, ValueType: 'TEXT', ConceptNameCodeSequence: [concept], TextValue: value };
}

function num(relationship: string, concept: Code, value: number, unit: Code, children?: Item[]): Item {
  return {
    RelationshipType: relationship,
    ValueType: 'NUM',
    ConceptNameCodeSequence: [concept],
    // The decimal string is for people and older readers; the double keeps the value exact (PS3.3 C.18.1).
    MeasuredValueSequence: [{ MeasurementUnitsCodeSequence: [unit], NumericValue: decimalString(value), FloatingPointValue: value }],
    ...(children && { ContentSequence: children }),
  };
}

/** A DS value: at most 16 characters, as many significant digits as fit. */
export function decimalString(value: number): string {
  for (let digits = 16; digits > 0; digits--) {
    const s = Number(value.toPrecision(digits)).toString();
    if (s.length <= 16) return s;
  }
  return value.toExponential(6);
}

function dicomDateTime(now: Date): { date: string; time: string } {
  const iso = now.toISOString(); // UTC, with TimezoneOffsetFromUTC +0000
  return { date: iso.slice(0, 10).replace(/-/g, ''), time: iso.slice(11, 19).replace(/:/g, '') };
}
