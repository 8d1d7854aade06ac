/**
 * The bundled sample studies: one phantom patient seen four times. Each study is a pure function of the
 * seed that returns its DICOM files (bytes), its truth and its catalog entry.
 */
import type { NaturalizedDataset } from 'dcmjs';
import { GRADED_LEVELS, spineSpecs, type TimePoint } from './anatomy';
import { createPhantom3d, edemaFraction, edemaLimitFor, patientOf, ribPaths } from './body3d';
import { createCtTexture, CT_RESCALE_INTERCEPT, renderCtSlice } from './ct';
import { ds, equipmentAttributes, patientStudyAttributes, pixelData, SOP_CLASS, writePart10, type PatientStudy } from './dicom';
import { renderMrSlice, type MrSequence } from './mri';
import { patientPixelMm, renderRadiograph, type RadiographGeometry } from './radiograph';
import { createRng } from './random';
import { buildSpine, byLevel, place, POINT_KEYS, uprightPlacement, type Vertebra } from './spine';
import { extentOf, heightsOf, mapPoints, round6, sdiOf, TRUTH_SCHEMA, type StudyTruth, type TruthVertebra } from './truth';
import { phantomUid } from './uid';

/** Bump when the output changes, so that `npm run samples` regenerates what is on disk. */
export const GENERATOR_VERSION = 1;
export const DEFAULT_SEED = 20251121;

export interface CatalogEntry {
  id: string;
  title: string;
  description: string;
  teachingPoints: string[];
  folder: string;
  modality: string;
  patientName: string;
  studyInstanceUid: string;
  files: string[];
  generatedOnDemand: boolean;
}

export interface GeneratedFile {
  /** Relative to sample-data/. */
  path: string;
  bytes: Uint8Array;
}

export interface GeneratedStudy {
  entry: CatalogEntry;
  truth: StudyTruth;
  files: GeneratedFile[];
}

export interface StudyDefinition {
  id: string;
  /** Cheap: the catalog entry and truth without rendering any pixels. */
  describe(seed: number): { entry: CatalogEntry; truth: StudyTruth };
  generate(seed: number): GeneratedStudy;
}

const PATIENT = {
  patientName: 'PHANTOM^KYPHO SPINE',
  patientId: 'KYPHO-PHANTOM-01',
  patientBirthDate: '19460412',
  patientSex: 'F' as const,
};

const DRAWING =
  'Each body is drawn from its six points: the superior endplate runs from as through ms to ps and the inferior ' +
  'from ai through mi to pi (straight near the corners, concave toward ms/mi in the middle), the anterior wall ' +
  'from as to ai and the posterior wall from ps to pi. The corners are rounded with a 1.0 mm radius: each corner ' +
  'point is where the endplate line meets the wall line. ms and mi are the deepest points of the endplates.';

function patientStudy(seed: number, id: string, date: string, time: string, accession: string, description: string): PatientStudy {
  return {
    ...PATIENT,
    studyInstanceUid: phantomUid(seed, id, 'study'),
    studyDate: date,
    studyTime: time,
    studyId: accession,
    accessionNumber: accession,
    studyDescription: description,
  };
}

function pad(n: number): string {
  return String(n).padStart(4, '0');
}

// ---------------------------------------------------------------- radiographs

const DX_GEOMETRY: RadiographGeometry = {
  rows: 2000,
  columns: 1500,
  imagerPixelSpacing: 0.23,
  magnification: 1.15,
  sourceToDetector: 1500,
};

interface RadiographPlan {
  id: string;
  time: TimePoint;
  date: string;
  clock: string;
  accession: string;
  title: string;
  description: string;
  teachingPoints: string[];
}

function radiographStudy(plan: RadiographPlan): StudyDefinition {
  const layout = (seed: number) => {
    const spine = buildSpine(spineSpecs(plan.time));
    const px = patientPixelMm(DX_GEOMETRY);
    const placement = uprightPlacement(spine, 'T4', 'L4', [(DX_GEOMETRY.columns * px) / 2, (DX_GEOMETRY.rows * px) / 2 + 6]);
    const study = patientStudy(seed, plan.id, plan.date, plan.clock, plan.accession, 'XR THORACOLUMBAR SPINE LATERAL');
    const seriesUid = phantomUid(seed, plan.id, 'series', 1);
    const sopUid = phantomUid(seed, plan.id, 'sop', 1, 1);
    const file = `${plan.id}/DX/IM0001.dcm`;
    return { spine, px, placement, study, seriesUid, sopUid, file };
  };
  const describe = (seed: number) => {
    const { spine, px, placement, study, seriesUid, sopUid, file } = layout(seed);
    const vertebrae: TruthVertebra[] = GRADED_LEVELS.map((level) => {
      const v = byLevel(spine, level);
      return {
        level,
        seriesInstanceUid: seriesUid,
        sopInstanceUid: sopUid,
        space: 'image' as const,
        points: mapPoints(v, (p) => place(placement, p).map((mm) => round6(mm / px))),
        ...roundHeights(v),
        expected: { ...v.designed },
        edema: 'not-assessed' as const,
        age: 'indeterminate' as const,
        phantomFracture: v.fractureAge,
      };
    });
    const truth: StudyTruth = {
      schema: TRUTH_SCHEMA,
      generator: { version: GENERATOR_VERSION, seed },
      study: { id: plan.id, title: plan.title, modality: 'DX', studyInstanceUid: study.studyInstanceUid, studyDate: plan.date, patientName: PATIENT.patientName, patientId: PATIENT.patientId },
      calibration: {
        label: 'mm (ERMF)',
        pixelSpacing: [px, px],
        imagerPixelSpacing: [DX_GEOMETRY.imagerPixelSpacing, DX_GEOMETRY.imagerPixelSpacing],
        estimatedRadiographicMagnificationFactor: DX_GEOMETRY.magnification,
      },
      drawing: DRAWING,
      series: [{ seriesInstanceUid: seriesUid, seriesDescription: 'LAT T-L SPINE', modality: 'DX', files: [file] }],
      vertebrae,
      ...sdiOf(vertebrae),
      teaching: plan.teachingPoints,
    };
    const entry: CatalogEntry = {
      id: plan.id,
      title: plan.title,
      description: plan.description,
      teachingPoints: plan.teachingPoints,
      folder: plan.id,
      modality: 'DX',
      patientName: PATIENT.patientName,
      studyInstanceUid: study.studyInstanceUid,
      files: [file],
      generatedOnDemand: false,
    };
    return { entry, truth };
  };
  const generate = (seed: number): GeneratedStudy => {
    const { entry, truth } = describe(seed);
    const { spine, placement, study, seriesUid, sopUid, file } = layout(seed);
    const image = renderRadiograph(spine, placement, DX_GEOMETRY, createRng(seed, plan.id, 'pixels'));
    const g = DX_GEOMETRY;
    const dataset: NaturalizedDataset = {
      ...patientStudyAttributes(study),
      ...equipmentAttributes('Kypho spine phantom DX'),
      SOPClassUID: SOP_CLASS.dxForPresentation,
      SOPInstanceUID: sopUid,
      ImageType: ['DERIVED', 'PRIMARY'],
      Modality: 'DX',
      PresentationIntentType: 'FOR PRESENTATION',
      SeriesInstanceUID: seriesUid,
      SeriesNumber: '1',
      SeriesDescription: 'LAT T-L SPINE',
      SeriesDate: plan.date,
      SeriesTime: plan.clock,
      BodyPartExamined: 'SPINE',
      InstanceNumber: '1',
      ContentDate: plan.date,
      ContentTime: plan.clock,
      AcquisitionDate: plan.date,
      AcquisitionTime: plan.clock,
      PatientOrientation: ['P', 'F'],
      ImageLaterality: 'U',
      ViewPosition: 'LL',
      AnatomicRegionSequence: [{ CodeValue: '421060004', CodingSchemeDesignator: 'SCT', CodeMeaning: 'Spine' }],
      KVP: '90',
      ExposureTime: '250',
      XRayTubeCurrent: '200',
      Exposure: '50',
      DistanceSourceToDetector: ds(g.sourceToDetector),
      DistanceSourceToPatient: ds(g.sourceToDetector / g.magnification),
      EstimatedRadiographicMagnificationFactor: ds(g.magnification),
      ImagerPixelSpacing: [ds(g.imagerPixelSpacing), ds(g.imagerPixelSpacing)],
      PositionerType: 'COLUMN',
      AcquisitionContextSequence: [],
      DetectorType: 'SCINTILLATOR',
      DetectorConfiguration: 'AREA',
      DetectorID: 'PHANTOM-DET-1',
      PixelIntensityRelationship: 'LOG',
      PixelIntensityRelationshipSign: 1,
      RescaleIntercept: '0',
      RescaleSlope: '1',
      RescaleType: 'US',
      PresentationLUTShape: 'IDENTITY',
      LossyImageCompression: '00',
      BurnedInAnnotation: 'NO',
      SamplesPerPixel: 1,
      PhotometricInterpretation: 'MONOCHROME2',
      Rows: g.rows,
      Columns: g.columns,
      BitsAllocated: 16,
      BitsStored: 12,
      HighBit: 11,
      PixelRepresentation: 0,
      WindowCenter: ds(image.windowCenter),
      WindowWidth: ds(image.windowWidth),
      WindowCenterWidthExplanation: 'SPINE',
      ...pixelData(image.pixels),
      _vrMap: { PixelData: 'OW' },
    };
    return { entry, truth, files: [{ path: file, bytes: writePart10(dataset) }] };
  };
  return { id: plan.id, describe, generate };
}

function roundHeights(v: Vertebra): { ha: number; hm: number; hp: number } {
  const h = heightsOf(v);
  return { ha: round6(h.ha), hm: round6(h.hm), hp: round6(h.hp) };
}

export const lateralBaseline = radiographStudy({
  id: 'lateral-baseline',
  time: 'baseline',
  date: '20250310',
  clock: '093000',
  accession: 'PH25031001',
  title: 'Lateral thoracolumbar radiograph (baseline)',
  description: 'Osteoporotic spine, lateral view: which vertebrae from T4 to L4 are fractured, of what kind and grade?',
  teachingPoints: [
    'T6: Genant grade 1 wedge (Ha/Hp 0.78, 22% height loss).',
    'T8: grade 3 crush: the whole body is flattened, so its own ratios look normal; only its posterior height against T7 and T9 (Hp 55% of theirs) finds it.',
    'L1: grade 2 biconcave (Hm/Hp about 0.68) with intact rims.',
    'Heights are in mm (ERMF): Imager Pixel Spacing 0.23 mm / magnification 1.15 = 0.2 mm in the patient.',
  ],
});

export const lateralFollowup = radiographStudy({
  id: 'lateral-followup',
  time: 'followup',
  date: '20260309',
  clock: '101500',
  accession: 'PH26030901',
  title: 'Lateral thoracolumbar radiograph (follow-up, one year)',
  description: 'Same patient a year later: what has changed since the baseline?',
  teachingPoints: [
    'Compare with the baseline: T11 anterior height 20.0 mm -> 15.0 mm, a further 25% and 5 mm lost (grade 0 -> grade 2 wedge).',
    'The prevalent T6, T8 and L1 fractures are unchanged.',
    'A radiograph cannot date a fracture: the MRI a week later shows which one is acute.',
  ],
});

// ---------------------------------------------------------------- MRI

const MR_SIZE = 384;
const MR_SPACING = 0.875;
const MR_SLICES = 11;
const MR_GAP = 4;
const MR_THICKNESS = 3.5;
const MR_LEVELS = ['T10', 'T11', 'T12', 'L1', 'L2', 'L3', 'L4', 'L5'];
const MR_CENTRE: [number, number] = [-12, -6];

interface MrSeriesPlan {
  sequence: MrSequence;
  number: number;
  description: 'SAG T1' | 'SAG STIR';
  folder: string;
}

const MR_SERIES: readonly MrSeriesPlan[] = [
  { sequence: 'T1', number: 2, description: 'SAG T1', folder: 'SAG_T1' },
  { sequence: 'STIR', number: 3, description: 'SAG STIR', folder: 'SAG_STIR' },
];

function mrLayout(seed: number) {
  const id = 'mri-fracture-age';
  const spine = buildSpine(spineSpecs('followup'));
  const placement = uprightPlacement(spine, 'T10', 'S1', [0, 0], 0.06);
  const study = patientStudy(seed, id, '20260316', '143000', 'PH26031601', 'MR THORACOLUMBAR SPINE');
  const frameOfReference = phantomUid(seed, id, 'frame-of-reference');
  const half = (MR_SIZE - 1) / 2;
  const origin = (x: number): [number, number, number] => [x, MR_CENTRE[0] - half * MR_SPACING, MR_CENTRE[1] + half * MR_SPACING];
  const sliceX = (i: number): number => (i - (MR_SLICES - 1) / 2) * MR_GAP;
  const series = MR_SERIES.map((s) => ({
    ...s,
    uid: phantomUid(seed, id, 'series', s.number),
    sops: Array.from({ length: MR_SLICES }, (_, i) => phantomUid(seed, id, 'sop', s.number, i + 1)),
    files: Array.from({ length: MR_SLICES }, (_, i) => `${id}/${s.folder}/IM${pad(i + 1)}.dcm`),
  }));
  return { id, spine, placement, study, frameOfReference, origin, sliceX, series };
}

export const mriFractureAge: StudyDefinition = (() => {
  const id = 'mri-fracture-age';
  const title = 'Sagittal MRI: acute or chronic? (T1 and STIR)';
  const teachingPoints = [
    'T11 (new since the radiograph a week ago): dark on T1, bright on STIR under the superior endplate = marrow edema, acute fracture.',
    'L1: deformed (biconcave, grade 2) with normal marrow signal on both = chronic, healed fracture.',
    'STIR: fat dark, fluid bright: CSF, the disc nuclei, and edema. T1: fatty marrow and fat bright.',
    'The cord ends at L1 (conus); below it the cauda equina.',
  ];
  const describe = (seed: number) => {
    const { spine, placement, study, series } = mrLayout(seed);
    const centre = (MR_SLICES - 1) / 2;
    const [t1, stir] = series as [(typeof series)[number], (typeof series)[number]];
    const [y0, z0] = [MR_CENTRE[0] - ((MR_SIZE - 1) / 2) * MR_SPACING, MR_CENTRE[1] + ((MR_SIZE - 1) / 2) * MR_SPACING];
    const vertebrae: TruthVertebra[] = MR_LEVELS.map((level) => {
      const v = byLevel(spine, level);
      const edema = v.edemaFraction ? edemaFraction(v, edemaLimitFor(v, v.edemaFraction)) : null;
      return {
        level,
        seriesInstanceUid: t1.uid,
        sopInstanceUid: t1.sops[centre] as string,
        space: 'image' as const,
        points: mapPoints(v, (p) => {
          const [, y, z] = patientOf(placement, p);
          return [round6((y - y0) / MR_SPACING), round6((z0 - z) / MR_SPACING)];
        }),
        ...roundHeights(v),
        expected: { ...v.designed },
        edema: edema === null ? ('absent' as const) : ('present' as const),
        ...(edema === null ? {} : { edemaExtent: extentOf(edema), edemaFraction: round6(edema) }),
        age: edema !== null ? ('acute' as const) : v.designed.grade > 0 ? ('chronic' as const) : ('indeterminate' as const),
        phantomFracture: v.fractureAge,
      };
    });
    const truth: StudyTruth = {
      schema: TRUTH_SCHEMA,
      generator: { version: GENERATOR_VERSION, seed },
      study: { id, title, modality: 'MR', studyInstanceUid: study.studyInstanceUid, studyDate: study.studyDate, patientName: PATIENT.patientName, patientId: PATIENT.patientId },
      calibration: { label: 'mm', pixelSpacing: [MR_SPACING, MR_SPACING] },
      drawing: `${DRAWING} The points are on the mid-sagittal slice (x = 0), instance ${centre + 1} of each series; the edema fraction is of the body's mid-sagittal area.`,
      series: series.map((s) => ({ seriesInstanceUid: s.uid, seriesDescription: s.description, modality: 'MR', files: s.files })),
      samePointsOn: [{ seriesInstanceUid: stir.uid, sopInstanceUid: stir.sops[centre] as string, file: stir.files[centre] as string }],
      vertebrae,
      ...sdiOf(vertebrae),
      teaching: teachingPoints,
    };
    const entry: CatalogEntry = {
      id,
      title,
      description: 'Same patient after new back pain, T1 and STIR: which fracture is acute, which chronic?',
      teachingPoints,
      folder: id,
      modality: 'MR',
      patientName: PATIENT.patientName,
      studyInstanceUid: study.studyInstanceUid,
      files: series.flatMap((s) => s.files),
      generatedOnDemand: false,
    };
    return { entry, truth };
  };
  const generate = (seed: number): GeneratedStudy => {
    const { entry, truth } = describe(seed);
    const { spine, placement, study, frameOfReference, origin, sliceX, series } = mrLayout(seed);
    const phantom = createPhantom3d(spine, placement);
    const files: GeneratedFile[] = [];
    for (const s of series) {
      const timing = s.sequence === 'T1'
        ? { ScanningSequence: ['SE'], SequenceVariant: ['SK', 'SP'], ScanOptions: '', RepetitionTime: '550', EchoTime: '9.5', EchoTrainLength: '3', SequenceName: '*tse2d1_3' }
        : { ScanningSequence: ['SE', 'IR'], SequenceVariant: ['SK', 'SP', 'MP'], ScanOptions: '', RepetitionTime: '4200', EchoTime: '48', InversionTime: '150', EchoTrainLength: '13', SequenceName: '*tir2d1_13' };
      for (let i = 0; i < MR_SLICES; i++) {
        const x = sliceX(i);
        const position = origin(x);
        const pixels = renderMrSlice(phantom, { rows: MR_SIZE, columns: MR_SIZE, pixelSpacing: MR_SPACING, sliceThickness: MR_THICKNESS, origin: position }, s.sequence, createRng(seed, id, s.sequence, i));
        const dataset: NaturalizedDataset = {
          ...patientStudyAttributes(study),
          ...equipmentAttributes('Kypho spine phantom MR'),
          SOPClassUID: SOP_CLASS.mr,
          SOPInstanceUID: s.sops[i],
          ImageType: ['ORIGINAL', 'PRIMARY', 'OTHER'],
          Modality: 'MR',
          SeriesInstanceUID: s.uid,
          SeriesNumber: String(s.number),
          SeriesDescription: s.description,
          ProtocolName: s.description,
          SeriesDate: study.studyDate,
          SeriesTime: study.studyTime,
          BodyPartExamined: 'SPINE',
          PatientPosition: 'HFS',
          FrameOfReferenceUID: frameOfReference,
          PositionReferenceIndicator: '',
          InstanceNumber: String(i + 1),
          ContentDate: study.studyDate,
          ContentTime: study.studyTime,
          AcquisitionDate: study.studyDate,
          AcquisitionTime: study.studyTime,
          AcquisitionNumber: '1',
          ...timing,
          MRAcquisitionType: '2D',
          NumberOfAverages: '2',
          ImagingFrequency: '63.68',
          ImagedNucleus: '1H',
          MagneticFieldStrength: '1.5',
          SpacingBetweenSlices: ds(MR_GAP),
          SliceThickness: ds(MR_THICKNESS),
          PixelBandwidth: '190',
          FlipAngle: s.sequence === 'T1' ? '90' : '150',
          ReceiveCoilName: 'SPINE',
          InPlanePhaseEncodingDirection: 'ROW',
          PatientOrientation: ['P', 'F'],
          ImagePositionPatient: position.map(ds),
          ImageOrientationPatient: ['0', '1', '0', '0', '0', '-1'],
          SliceLocation: ds(x),
          PixelSpacing: [ds(MR_SPACING), ds(MR_SPACING)],
          SamplesPerPixel: 1,
          PhotometricInterpretation: 'MONOCHROME2',
          Rows: MR_SIZE,
          Columns: MR_SIZE,
          BitsAllocated: 16,
          BitsStored: 12,
          HighBit: 11,
          PixelRepresentation: 0,
          WindowCenter: s.sequence === 'T1' ? '760' : '620',
          WindowWidth: s.sequence === 'T1' ? '1500' : '1300',
          ...pixelData(pixels),
          _vrMap: { PixelData: 'OW' },
        };
        files.push({ path: s.files[i] as string, bytes: writePart10(dataset) });
      }
    }
    return { entry, truth, files };
  };
  return { id, describe, generate };
})();

// ---------------------------------------------------------------- CT

const CT_SIZE = 512;
const CT_SPACING = 0.7;
const CT_SLICE = 1.25;
const CT_LEVELS = ['T5', 'T6', 'T7', 'T8', 'T9', 'T10', 'T11', 'T12', 'L1', 'L2'];
const CT_CENTRE_Y = -20;

function ctLayout(seed: number) {
  const id = 'ct-thoracolumbar';
  const spine = buildSpine(spineSpecs('baseline'));
  const placement = uprightPlacement(spine, 'T4', 'L4', [0, 0], 0.02);
  const study = patientStudy(seed, id, '20250324', '111500', 'PH25032401', 'CT THORACOLUMBAR SPINE');
  const frameOfReference = phantomUid(seed, id, 'frame-of-reference');
  const zs = CT_LEVELS.flatMap((level) => POINT_KEYS.map((k) => patientOf(placement, byLevel(spine, level).points[k])[2]));
  const top = Math.ceil((Math.max(...zs) + 10) / CT_SLICE) * CT_SLICE;
  const bottom = Math.floor((Math.min(...zs) - 10) / CT_SLICE) * CT_SLICE;
  const count = Math.round((top - bottom) / CT_SLICE) + 1;
  const sliceZ = (i: number): number => top - i * CT_SLICE;
  const half = (CT_SIZE - 1) / 2;
  const origin = (z: number): [number, number, number] => [-half * CT_SPACING, CT_CENTRE_Y - half * CT_SPACING, z];
  const uid = phantomUid(seed, id, 'series', 2);
  const sops = Array.from({ length: count }, (_, i) => phantomUid(seed, id, 'sop', 2, i + 1));
  const files = Array.from({ length: count }, (_, i) => `${id}/AXIAL/IM${pad(i + 1)}.dcm`);
  return { id, spine, placement, study, frameOfReference, count, sliceZ, origin, uid, sops, files };
}

export const ctThoracolumbar: StudyDefinition = (() => {
  const id = 'ct-thoracolumbar';
  const title = 'CT thoracolumbar spine (axial, 1.25 mm)';
  const teachingPoints = [
    'Axial slices in Hounsfield units: reformat sagittally to measure the six points in patient space.',
    'One fracture of each kind: T6 wedge (grade 1), T8 crush (grade 3), L1 biconcave (grade 2).',
    'Osteoporotic trabecular bone (about 110 HU) inside a thin cortex; sclerotic bands under the old collapsed endplates.',
  ];
  const describe = (seed: number) => {
    const { spine, placement, study, count, sliceZ, origin, uid, sops, files } = ctLayout(seed);
    const vertebrae: TruthVertebra[] = CT_LEVELS.map((level) => {
      const v = byLevel(spine, level);
      const nearest = {} as NonNullable<TruthVertebra['nearestSlices']>;
      for (const key of POINT_KEYS) {
        const [x, y, z] = patientOf(placement, v.points[key]);
        const index = Math.min(count - 1, Math.max(0, Math.round((sliceZ(0) - z) / CT_SLICE)));
        const [ox, oy] = origin(sliceZ(index));
        nearest[key] = {
          sopInstanceUid: sops[index] as string,
          instanceNumber: index + 1,
          column: round6((x - ox) / CT_SPACING),
          row: round6((y - oy) / CT_SPACING),
          distanceMm: round6(z - sliceZ(index)),
        };
      }
      return {
        level,
        seriesInstanceUid: uid,
        sopInstanceUid: null,
        space: 'patient' as const,
        points: mapPoints(v, (p) => patientOf(placement, p).map(round6)),
        nearestSlices: nearest,
        ...roundHeights(v),
        expected: { ...v.designed },
        edema: 'not-assessed' as const,
        age: 'indeterminate' as const,
        phantomFracture: v.fractureAge,
      };
    });
    const truth: StudyTruth = {
      schema: TRUTH_SCHEMA,
      generator: { version: GENERATOR_VERSION, seed },
      study: { id, title, modality: 'CT', studyInstanceUid: study.studyInstanceUid, studyDate: study.studyDate, patientName: PATIENT.patientName, patientId: PATIENT.patientId },
      calibration: { label: 'mm', pixelSpacing: [CT_SPACING, CT_SPACING] },
      drawing: `${DRAWING} The points lie in the mid-sagittal plane x = 0 (patient mm, LPS).`,
      series: [{ seriesInstanceUid: uid, seriesDescription: 'AXIAL 1.25 BONE', modality: 'CT', files }],
      vertebrae,
      ...sdiOf(vertebrae),
      teaching: teachingPoints,
    };
    const entry: CatalogEntry = {
      id,
      title,
      description: `Baseline CT, ${count} axial slices of 512 x 512: generated on demand (about ${Math.round((count * 0.53))} MB).`,
      teachingPoints,
      folder: id,
      modality: 'CT',
      patientName: PATIENT.patientName,
      studyInstanceUid: study.studyInstanceUid,
      files,
      generatedOnDemand: true,
    };
    return { entry, truth };
  };
  const generate = (seed: number): GeneratedStudy => {
    const { entry, truth } = describe(seed);
    const { spine, placement, study, frameOfReference, count, sliceZ, origin, uid, sops, files } = ctLayout(seed);
    const phantom = createPhantom3d(spine, placement);
    const ribs = ribPaths(phantom).map((points) => ({ points, radius: 4.5 }));
    const texture = createCtTexture(createRng(seed, id, 'texture'));
    const out: GeneratedFile[] = [];
    for (let i = 0; i < count; i++) {
      const z = sliceZ(i);
      const position = origin(z);
      const pixels = renderCtSlice(phantom, ribs, { rows: CT_SIZE, columns: CT_SIZE, pixelSpacing: CT_SPACING, sliceThickness: CT_SLICE, origin: position }, texture, createRng(seed, id, 'slice', i));
      const dataset: NaturalizedDataset = {
        ...patientStudyAttributes(study),
        ...equipmentAttributes('Kypho spine phantom CT'),
        SOPClassUID: SOP_CLASS.ct,
        SOPInstanceUID: sops[i],
        ImageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'],
        Modality: 'CT',
        SeriesInstanceUID: uid,
        SeriesNumber: '2',
        SeriesDescription: 'AXIAL 1.25 BONE',
        SeriesDate: study.studyDate,
        SeriesTime: study.studyTime,
        BodyPartExamined: 'SPINE',
        PatientPosition: 'HFS',
        FrameOfReferenceUID: frameOfReference,
        PositionReferenceIndicator: '',
        InstanceNumber: String(i + 1),
        ContentDate: study.studyDate,
        ContentTime: study.studyTime,
        AcquisitionDate: study.studyDate,
        AcquisitionTime: study.studyTime,
        AcquisitionNumber: '1',
        KVP: '120',
        DataCollectionDiameter: '500',
        ReconstructionDiameter: ds(CT_SIZE * CT_SPACING),
        GantryDetectorTilt: '0',
        TableHeight: '140',
        RotationDirection: 'CW',
        ExposureTime: '500',
        XRayTubeCurrent: '250',
        Exposure: '125',
        FilterType: 'BODY',
        ConvolutionKernel: 'BONE',
        SliceThickness: ds(CT_SLICE),
        SpacingBetweenSlices: ds(CT_SLICE),
        ImagePositionPatient: position.map(ds),
        ImageOrientationPatient: ['1', '0', '0', '0', '1', '0'],
        SliceLocation: ds(z),
        PixelSpacing: [ds(CT_SPACING), ds(CT_SPACING)],
        SamplesPerPixel: 1,
        PhotometricInterpretation: 'MONOCHROME2',
        Rows: CT_SIZE,
        Columns: CT_SIZE,
        BitsAllocated: 16,
        BitsStored: 12,
        HighBit: 11,
        PixelRepresentation: 0,
        RescaleIntercept: ds(CT_RESCALE_INTERCEPT),
        RescaleSlope: '1',
        RescaleType: 'HU',
        WindowCenter: ['500', '40'],
        WindowWidth: ['2000', '400'],
        WindowCenterWidthExplanation: ['BONE', 'SOFT TISSUE'],
        ...pixelData(pixels),
        _vrMap: { PixelData: 'OW' },
      };
      out.push({ path: files[i] as string, bytes: writePart10(dataset) });
    }
    return { entry, truth, files: out };
  };
  return { id, describe, generate };
})();

export const STUDIES: readonly StudyDefinition[] = [lateralBaseline, lateralFollowup, mriFractureAge, ctThoracolumbar];

/**
 * A catalog study as the start screen lists it: with a small committed PNG of its first series' middle image,
 * so that the start screen shows the samples without downloading any DICOM.
 */
export interface CatalogStudy extends CatalogEntry {
  /** Relative to sample-data/. */
  preview: string;
}

export function buildCatalog(seed: number): { studies: CatalogStudy[] } {
  return { studies: STUDIES.map((s) => s.describe(seed).entry).map((entry) => ({ ...entry, preview: previewPath(entry) })) };
}

export function previewPath(entry: CatalogEntry): string {
  return `${entry.folder}/preview.png`;
}
