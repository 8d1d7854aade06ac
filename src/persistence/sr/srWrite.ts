/**
 * The reading as a Comprehensive SR, TID 1500 "Imaging Measurement Report", one TID 1501 measurement group
 * per vertebra. dcmjs encodes the data set; the template is written here because dcmjs's own TID 1500
 * (`dcmjs.sr`) makes one group per measurement and has no place for finding sites, qualitative evaluations
 * or several measurements of one structure.
 *
 * Per vertebra (group tracking identifier "L1 vertebra"):
 *   Finding Site = the vertebra (SCT), Measurement Method = the height-loss method, Finding = fracture of bone
 *   when the Genant grade is 1 or more; three NUM Height (DCM 121207) in mm, each with its topographical
 *   modifier (anterior, central, posterior) and INFERRED FROM a two-point SCOORD POLYLINE (superior point,
 *   inferior point) SELECTED FROM the image: the six points, which any SR viewer can draw as three lines;
 *   then the ratios (UCUM 1), the height loss (%), the wedge angle (deg), Genant grade and type, the
 *   calibration and spacing used, edema, fracture age and the note. A summary group on the vertebral column
 *   holds the SDI, and the report sentences are the Impression.
 *
 * SCOORD coordinates are 32-bit floats with the origin at the top-left corner of the top-left pixel
 * (PS3.3 C.18.6.1.1); Kypho's points have it at the pixel's centre, hence the half pixel. So that a round
 * trip is exact, each group also carries its points at full precision as a 99KYPHO text item, which import
 * uses only while it agrees with the SCOORDs.
 */
import dcmjs from 'dcmjs';
import { KYPHO_IMPLEMENTATION_CLASS_UID } from '../../dicom';
import { reportSentences } from '../reportText';
import type { DocumentVertebra, ImageDocumentMeasurement, ReadingDocument } from '../readingDocument';
import {
  AGE_CODES,
  CALIBRATION_CODES,
  CODES,
  EXTENT_CODES,
  GRADE_CODES,
  KYPHO_SCHEME_IDENTIFICATION,
  METHOD_CODES,
  SEQUENCE_CODES,
  TYPE_CODES,
  UNITS,
  VERTEBRA_CODES,
  type Code,
} from './codes';
import { spineSummaryItems, spineVertebraItems } from './srSpine';
import { newUid } from './uid';

export const COMPREHENSIVE_SR = '1.2.840.10008.5.1.4.1.1.88.33';
const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

/** What the referenced images say of themselves: needed for references and evidence. */
export interface SrImage {
  sopClassUid: string;
  seriesInstanceUid: string;
  numberOfFrames?: number;
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
  /** By SOP Instance UID: every image a measurement lies on. */
  images: ReadonlyMap<string, SrImage>;
  /** The reader, as a DICOM person name (FAMILY^GIVEN); without it the observer is Kypho alone. */
  observerName?: string;
  now?: Date;
  seriesInstanceUid?: string;
  sopInstanceUid?: string;
}

export class SrExportError extends Error {
  override name = 'SrExportError';
}

type Item = Record<string, unknown>;

/** The SR as a dcmjs naturalized data set. Throws SrExportError naming what is missing. */
export function srDataset(document: ReadingDocument, context: SrContext): Item {
  const problems = exportProblems(document, context);
  if (problems.length > 0) throw new SrExportError(problems.join('\n'));
  const now = context.now ?? new Date();
  const { date, time } = dicomDateTime(now);
  const measured = document.vertebrae.filter((v) => v.measurement);
  const images = imagesOf(measured);

  const content: Item[] = [
    code('HAS CONCEPT MOD', CODES.languageOfContent, CODES.englishUs),
    ...observerContext(context),
    code('HAS CONCEPT MOD', CODES.procedureReported, CODES.imagingProcedure),
    container('CONTAINS', CODES.imageLibrary, [
      container(
        'CONTAINS',
        CODES.imageLibraryGroup,
        images.map((m) => imageItem('CONTAINS', m, context)),
      ),
    ]),
    container('CONTAINS', CODES.imagingMeasurements, [
      ...document.vertebrae.map((v) => vertebraGroup(v, document, context)),
      summaryGroup(document),
    ]),
    container('CONTAINS', CODES.qualitativeEvaluations, [text('CONTAINS', CODES.impression, reportSentences(document).join('\n'))]),
  ];

  return {
    _meta: {},
    SpecificCharacterSet: 'ISO_IR 192',
    SOPClassUID: COMPREHENSIVE_SR,
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
    SeriesDescription: 'Kypho vertebral morphometry',
    ReferencedPerformedProcedureStepSequence: [],
    Manufacturer: 'Kypho',
    SoftwareVersions: 'Kypho 0.1',
    InstanceNumber: 1,
    CompletionFlag: 'COMPLETE',
    VerificationFlag: 'UNVERIFIED',
    ContentDate: date,
    ContentTime: time,
    PerformedProcedureCodeSequence: [],
    CurrentRequestedProcedureEvidenceSequence: evidence(images, context),
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

function exportProblems(document: ReadingDocument, context: SrContext): string[] {
  const problems: string[] = [];
  if (document.study.studyInstanceUid !== context.study.studyInstanceUid) {
    problems.push(
      `the reading is of study ${document.study.studyInstanceUid}, the images are of study ${context.study.studyInstanceUid}`,
    );
  }
  for (const v of document.vertebrae) {
    const m = v.measurement;
    if (!m) continue;
    if (m.space === 'patient') {
      problems.push(`${v.level}: measured in patient space (a CT reformat); the SR export writes image measurements only`);
    } else if (!context.images.has(m.sopInstanceUid)) {
      problems.push(`${v.level}: its image ${m.sopInstanceUid} is not among the images given`);
    }
  }
  return problems;
}

function imagesOf(measured: readonly DocumentVertebra[]): ImageDocumentMeasurement[] {
  const byKey = new Map<string, ImageDocumentMeasurement>();
  for (const v of measured) {
    const m = v.measurement as ImageDocumentMeasurement;
    byKey.set(`${m.sopInstanceUid}#${m.frameNumber}`, m);
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
  if (!context.observerName) return device;
  return [
    code('HAS OBS CONTEXT', CODES.observerType, CODES.person),
    { RelationshipType: 'HAS OBS CONTEXT', ValueType: 'PNAME', ConceptNameCodeSequence: [CODES.personObserverName], PersonName: context.observerName },
    ...device,
  ];
}

function evidence(images: readonly ImageDocumentMeasurement[], context: SrContext): Item[] {
  const bySeries = new Map<string, Item[]>();
  const seen = new Set<string>();
  for (const m of images) {
    if (seen.has(m.sopInstanceUid)) continue;
    seen.add(m.sopInstanceUid);
    const image = context.images.get(m.sopInstanceUid) as SrImage;
    const list = bySeries.get(image.seriesInstanceUid) ?? [];
    list.push({ ReferencedSOPClassUID: image.sopClassUid, ReferencedSOPInstanceUID: m.sopInstanceUid });
    bySeries.set(image.seriesInstanceUid, list);
  }
  if (bySeries.size === 0) return [];
  return [
    {
      StudyInstanceUID: context.study.studyInstanceUid,
      ReferencedSeriesSequence: [...bySeries].map(([SeriesInstanceUID, sops]) => ({ SeriesInstanceUID, ReferencedSOPSequence: sops })),
    },
  ];
}

function vertebraGroup(v: DocumentVertebra, document: ReadingDocument, context: SrContext): Item {
  const items: Item[] = [
    text('HAS OBS CONTEXT', CODES.trackingIdentifier, `${v.level} vertebra`),
    { RelationshipType: 'HAS OBS CONTEXT', ValueType: 'UIDREF', ConceptNameCodeSequence: [CODES.trackingUid], UID: newUid() },
  ];
  if ((v.grade ?? 0) >= 1) items.push(code('CONTAINS', CODES.finding, CODES.fractureOfBone));
  if (v.grade !== null) items.push(code('HAS CONCEPT MOD', CODES.measurementMethod, METHOD_CODES[v.method ?? document.method]));
  items.push(code('HAS CONCEPT MOD', CODES.findingSite, VERTEBRA_CODES[v.level]));

  const m = v.measurement as ImageDocumentMeasurement | null;
  if (m && v.ha !== null && v.hm !== null && v.hp !== null) {
    const unit = v.unit === 'mm' ? UNITS.mm : UNITS.pixel;
    const heights = [
      [v.ha, CODES.anterior, 'as', 'ai'],
      [v.hm, CODES.central, 'ms', 'mi'],
      [v.hp, CODES.posterior, 'ps', 'pi'],
    ] as const;
    for (const [value, where, top, bottom] of heights) {
      items.push(
        num('CONTAINS', CODES.height, value, unit, [
          code('HAS CONCEPT MOD', CODES.findingSite, VERTEBRA_CODES[v.level], [code('HAS CONCEPT MOD', CODES.topographicalModifier, where)]),
          {
            RelationshipType: 'INFERRED FROM',
            ValueType: 'SCOORD',
            GraphicType: 'POLYLINE',
            GraphicData: [...m.points[top], ...m.points[bottom]].map((c) => c + 0.5),
            ContentSequence: [imageItem('SELECTED FROM', m, context)],
          },
        ]),
      );
    }
    if (v.hpAdjacent !== null) items.push(num('CONTAINS', CODES.hpAdjacent, v.hpAdjacent, unit));
    items.push(num('CONTAINS', CODES.wedgeRatio, v.wedgeRatio as number, UNITS.ratio));
    items.push(num('CONTAINS', CODES.biconcaveRatio, v.biconcaveRatio as number, UNITS.ratio));
    if (v.crushRatio !== null) items.push(num('CONTAINS', CODES.crushRatio, v.crushRatio, UNITS.ratio));
    items.push(num('CONTAINS', CODES.wedgeAngle, v.wedgeAngle as number, UNITS.degree));
    items.push(num('CONTAINS', CODES.heightLoss, (v.heightLoss as number) * 100, UNITS.percent));
    items.push(code('CONTAINS', CODES.genantGrade, GRADE_CODES[v.grade as 0 | 1 | 2 | 3]));
    if (v.type) items.push(code('CONTAINS', CODES.deformityType, TYPE_CODES[v.type]));
    items.push(...calibrationItems(m));
    items.push(text('CONTAINS', CODES.landmarks, JSON.stringify(m.points)));
  }

  if (v.edema !== 'not-assessed') items.push(code('CONTAINS', CODES.edema, v.edema === 'present' ? CODES.present : CODES.absent));
  if (v.edemaExtent) items.push(code('CONTAINS', CODES.edemaExtent, EXTENT_CODES[v.edemaExtent]));
  if (v.sequence) items.push(code('CONTAINS', CODES.edemaSequence, SEQUENCE_CODES[v.sequence]));
  if (v.signalRatio !== null) items.push(num('CONTAINS', CODES.signalRatio, v.signalRatio, UNITS.ratio));
  items.push(code('CONTAINS', CODES.fractureAge, AGE_CODES[v.age]));
  items.push(code('CONTAINS', CODES.fractureAgeSource, v.ageOverridden ? CODES.ageByReader : CODES.ageDerived));
  items.push(code('CONTAINS', CODES.suspiciousForMalignancy, v.suspiciousForMalignancy ? CODES.yes : CODES.no));
  if (v.note) items.push(text('CONTAINS', CODES.comment, v.note));
  // Sections 10 and 11 (srSpine.ts); a canal line's SCOORD only on an image already in the library.
  const library = new Set(document.vertebrae.flatMap((o) => (o.measurement?.space === 'image' ? [o.measurement.sopInstanceUid] : [])));
  items.push(
    ...spineVertebraItems(v, (image) =>
      library.has(image.sopInstanceUid) && context.images.has(image.sopInstanceUid)
        ? imageItem('SELECTED FROM', { ...image, space: 'image', points: {} as never, calibration: 'px' }, context)
        : null,
    ),
  );
  return container('CONTAINS', CODES.measurementGroup, items, true);
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

function summaryGroup(document: ReadingDocument): Item {
  return container(
    'CONTAINS',
    CODES.measurementGroup,
    [
      text('HAS OBS CONTEXT', CODES.trackingIdentifier, 'Spinal deformity index'),
      { RelationshipType: 'HAS OBS CONTEXT', ValueType: 'UIDREF', ConceptNameCodeSequence: [CODES.trackingUid], UID: newUid() },
      code('HAS CONCEPT MOD', CODES.measurementMethod, METHOD_CODES[document.method]),
      code('HAS CONCEPT MOD', CODES.findingSite, CODES.vertebralColumn),
      num('CONTAINS', CODES.sdi, document.sdi, UNITS.ratio),
      num('CONTAINS', CODES.levelsMeasured, document.levelsMeasured, UNITS.ratio),
      ...spineSummaryItems(document),
    ],
    true,
  );
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
    ContentSequence: items,
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
