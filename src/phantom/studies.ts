/**
 * The bundled sample studies: one phantom patient seen four times. Each study is a pure function of the
 * seed that returns its DICOM files (bytes), its truth and its catalog entry.
 */
import type { NaturalizedDataset } from 'dcmjs';
import { GRADED_LEVELS, spineSpecs, T11_RESTORED_HA, T11_RETROPULSION, type TimePoint } from './anatomy';
import { createPhantom3d, edemaFraction, edemaLimitFor, patientOf, ribPaths, Tissue } from './body3d';
import { createCtTexture, CT_RESCALE_INTERCEPT, renderCtSlice } from './ct';
import { ds, equipmentAttributes, patientStudyAttributes, pixelData, SOP_CLASS, writePart10, type PatientStudy } from './dicom';
import { renderMrSlice, type MrSequence } from './mri';
import { patientPixelMm, renderRadiograph, type RadiographGeometry } from './radiograph';
import { createRng } from './random';
import { buildSpine, byLevel, place, POINT_KEYS, retropulsionAt, toGlobal, uprightPlacement, type Placement, type Vec2, type Vertebra } from './spine';
import { anglesOf, extentOf, heightsOf, mapPoints, round6, sdiOf, TRUTH_SCHEMA, type StudyTruth, type TruthCanal, type TruthVertebra } from './truth';
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
    const angles = anglesOf(spine, GRADED_LEVELS);
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
        ...angles.of(level),
        ...(v.augmentation && { augmentation: v.augmentation }),
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
      thoracicKyphosis: angles.thoracicKyphosis,
      lumbarLordosis: angles.lumbarLordosis,
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

/** The post-kyphoplasty radiograph's facts, for its teaching points (the truth file has them all). */
const kyphoplastyFacts = (() => {
  const at = (time: TimePoint) => anglesOf(buildSpine(spineSpecs(time)), GRADED_LEVELS).of('T11').segmentalKyphosis as number;
  return { before: at('followup'), after: at('kyphoplasty') };
})();

export const lateralKyphoplasty = radiographStudy({
  id: 'lateral-kyphoplasty',
  time: 'kyphoplasty',
  date: '20260323',
  clock: '081500',
  accession: 'PH26032301',
  title: 'Lateral radiograph after kyphoplasty of T11',
  description: 'Same patient after balloon kyphoplasty of the acute T11 fracture: how much height and alignment came back?',
  teachingPoints: [
    'T11 is filled with cement (bright, denser than cortex): set Treated to kyphoplasty in the fracture panel.',
    `Compare with the follow-up of 2026-03-09: T11 anterior height 15.0 mm -> ${T11_RESTORED_HA.toFixed(1)} mm (+${(T11_RESTORED_HA - 15).toFixed(1)} mm), ` +
      `segmental kyphosis T10-T12 ${kyphoplastyFacts.before.toFixed(1)} -> ${kyphoplastyFacts.after.toFixed(1)} deg.`,
    'A treated level keeps its morphometry: T11 is now Ha/Hp 0.86, within the normal band, and the report names the treatment.',
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
    const angles = anglesOf(spine, MR_LEVELS);
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
        ...angles.of(level),
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
      thoracicKyphosis: angles.thoracicKyphosis,
      lumbarLordosis: angles.lumbarLordosis,
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

const CT_SPACING = 0.7;
const CT_SLICE = 1.25;

interface CtPlan {
  id: string;
  title: string;
  description: (count: number) => string;
  teachingPoints: string[];
  spine: () => Vertebra[];
  /** The segment stood upright (with a small tilt) about the patient origin. */
  upright: readonly [string, string];
  levels: readonly string[];
  /** Levels whose canal line the truth gives (morphometry.md section 11). */
  canalLevels: readonly string[];
  /** Columns and rows; the field of view is size x 0.7 mm, centred at patient y = centreY. */
  size: number;
  centreY: number;
  date: string;
  clock: string;
  accession: string;
  studyDescription: string;
  seriesNumber: number;
  seriesDescription: string;
  generatedOnDemand: boolean;
}

function ctPlacement(spine: readonly Vertebra[], upright: readonly [string, string]): Placement {
  return uprightPlacement(spine, upright[0], upright[1], [0, 0], 0.02);
}

function ctLayout(plan: CtPlan, seed: number) {
  const { id, levels, size } = plan;
  const spine = plan.spine();
  const placement = ctPlacement(spine, plan.upright);
  const study = patientStudy(seed, id, plan.date, plan.clock, plan.accession, plan.studyDescription);
  const frameOfReference = phantomUid(seed, id, 'frame-of-reference');
  const zs = levels.flatMap((level) => POINT_KEYS.map((k) => patientOf(placement, byLevel(spine, level).points[k])[2]));
  const top = Math.ceil((Math.max(...zs) + 10) / CT_SLICE) * CT_SLICE;
  const bottom = Math.floor((Math.min(...zs) - 10) / CT_SLICE) * CT_SLICE;
  const count = Math.round((top - bottom) / CT_SLICE) + 1;
  const sliceZ = (i: number): number => top - i * CT_SLICE;
  const half = (size - 1) / 2;
  const origin = (z: number): [number, number, number] => [-half * CT_SPACING, plan.centreY - half * CT_SPACING, z];
  const uid = phantomUid(seed, id, 'series', plan.seriesNumber);
  const sops = Array.from({ length: count }, (_, i) => phantomUid(seed, id, 'sop', plan.seriesNumber, i + 1));
  const files = Array.from({ length: count }, (_, i) => `${id}/AXIAL/IM${pad(i + 1)}.dcm`);
  return { id, spine, placement, study, frameOfReference, count, sliceZ, origin, uid, sops, files };
}

/**
 * The canal lines of the truth: at the middle of each body (local s = 0, where a retropulsed wall bulges most)
 * along the body's AP axis, from the posterior wall to the front of the laminae as drawn: the first bone either
 * side of the canal, found to 0.002 mm at x = 0.35 mm, where the voxels beside the mid-sagittal plane sample
 * the phantom (CT_SPACING / 2). The points are in patient mm on the plane x = 0, where the reformat shows them.
 */
function canalTruth(spine: readonly Vertebra[], placement: Placement, levels: readonly string[]): Map<string, TruthCanal> {
  const phantom = levels.length > 0 ? createPhantom3d(spine, placement) : null;
  const patient = (v: Vertebra, a: number) => patientOf(placement, toGlobal(v, a, 0) as Vec2);
  const inCanal = new Set([Tissue.Csf, Tissue.Cord, Tissue.EpiduralFat, Tissue.Ligament, Tissue.NerveRoot]);
  const edge = (v: Vertebra, from: number, step: number): number => {
    let a = from;
    for (let i = 0; i < 20_000; i++, a += step) {
      const [, y, z] = patient(v, a);
      if (!inCanal.has(phantom!.atHeight(z)(CT_SPACING / 2, y))) return a - step / 2;
    }
    throw new Error(`phantom: no canal edge behind ${v.level}`);
  };
  const lines = levels.map((level) => {
    const v = byLevel(spine, level);
    const inside = v.depth / 2 + retropulsionAt(v, 0) + 1;
    const wall = edge(v, inside, -0.002);
    const back = edge(v, inside, 0.002);
    const points = [wall, back].map((a) => patient(v, a).map(round6)) as [number[], number[]];
    return { level, points, diameter: back - wall };
  });
  return new Map(
    lines.map((line, i) => {
      const neighbours = [lines[i - 1], lines[i + 1]].filter((n) => n !== undefined);
      const reference = neighbours.length ? neighbours.reduce((sum, n) => sum + n.diameter, 0) / neighbours.length : null;
      const compromise = reference === null ? null : round6(1 - line.diameter / reference);
      return [line.level, { points: line.points, diameter: round6(line.diameter), compromise }];
    }),
  );
}

function ctStudy(plan: CtPlan): StudyDefinition {
  const { id, title, teachingPoints, size } = plan;
  const describe = (seed: number) => {
    const { spine, placement, study, count, sliceZ, origin, uid, sops, files } = ctLayout(plan, seed);
    const angles = anglesOf(spine, plan.levels);
    const canals = canalTruth(spine, placement, plan.canalLevels);
    const vertebrae: TruthVertebra[] = plan.levels.map((level) => {
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
        ...angles.of(level),
        ...(canals.has(level) && { posteriorWall: v.retropulsion ? ('retropulsed' as const) : ('intact' as const), canal: canals.get(level) }),
      };
    });
    const truth: StudyTruth = {
      schema: TRUTH_SCHEMA,
      generator: { version: GENERATOR_VERSION, seed },
      study: { id, title, modality: 'CT', studyInstanceUid: study.studyInstanceUid, studyDate: study.studyDate, patientName: PATIENT.patientName, patientId: PATIENT.patientId },
      calibration: { label: 'mm', pixelSpacing: [CT_SPACING, CT_SPACING] },
      drawing: `${DRAWING} The points lie in the mid-sagittal plane x = 0 (patient mm, LPS).`,
      series: [{ seriesInstanceUid: uid, seriesDescription: plan.seriesDescription, modality: 'CT', files }],
      vertebrae,
      thoracicKyphosis: angles.thoracicKyphosis,
      lumbarLordosis: angles.lumbarLordosis,
      ...sdiOf(vertebrae),
      teaching: teachingPoints,
    };
    const entry: CatalogEntry = {
      id,
      title,
      description: plan.description(count),
      teachingPoints,
      folder: id,
      modality: 'CT',
      patientName: PATIENT.patientName,
      studyInstanceUid: study.studyInstanceUid,
      files,
      generatedOnDemand: plan.generatedOnDemand,
    };
    return { entry, truth };
  };
  const generate = (seed: number): GeneratedStudy => {
    const { entry, truth } = describe(seed);
    const { spine, placement, study, frameOfReference, count, sliceZ, origin, uid, sops, files } = ctLayout(plan, seed);
    const phantom = createPhantom3d(spine, placement);
    const ribs = ribPaths(phantom).map((points) => ({ points, radius: 4.5 }));
    const texture = createCtTexture(createRng(seed, id, 'texture'));
    const out: GeneratedFile[] = [];
    for (let i = 0; i < count; i++) {
      const z = sliceZ(i);
      const position = origin(z);
      const pixels = renderCtSlice(phantom, ribs, { rows: size, columns: size, pixelSpacing: CT_SPACING, sliceThickness: CT_SLICE, origin: position }, texture, createRng(seed, id, 'slice', i));
      const dataset: NaturalizedDataset = {
        ...patientStudyAttributes(study),
        ...equipmentAttributes('Kypho spine phantom CT'),
        SOPClassUID: SOP_CLASS.ct,
        SOPInstanceUID: sops[i],
        ImageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'],
        Modality: 'CT',
        SeriesInstanceUID: uid,
        SeriesNumber: String(plan.seriesNumber),
        SeriesDescription: plan.seriesDescription,
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
        ReconstructionDiameter: ds(size * CT_SPACING),
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
        Rows: size,
        Columns: size,
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
}

export const ctThoracolumbar = ctStudy({
  id: 'ct-thoracolumbar',
  title: 'CT thoracolumbar spine (axial, 1.25 mm)',
  description: (count) => `Baseline CT, ${count} axial slices of 512 x 512: generated on demand (about ${Math.round(count * 0.53)} MB).`,
  teachingPoints: [
    'Axial slices in Hounsfield units: reformat sagittally to measure the six points in patient space.',
    'One fracture of each kind: T6 wedge (grade 1), T8 crush (grade 3), L1 biconcave (grade 2).',
    'Osteoporotic trabecular bone (about 110 HU) inside a thin cortex; sclerotic bands under the old collapsed endplates.',
  ],
  spine: () => buildSpine(spineSpecs('baseline')),
  upright: ['T4', 'L4'],
  levels: ['T5', 'T6', 'T7', 'T8', 'T9', 'T10', 'T11', 'T12', 'L1', 'L2'],
  canalLevels: [],
  size: 512,
  centreY: -20,
  date: '20250324',
  clock: '111500',
  accession: 'PH25032401',
  studyDescription: 'CT THORACOLUMBAR SPINE',
  seriesNumber: 2,
  seriesDescription: 'AXIAL 1.25 BONE',
  generatedOnDemand: true,
});

/** T11 before treatment, its posterior wall pushed into the canal (the CT the day after the MRI). */
const POSTERIOR_WALL_SPINE = () =>
  buildSpine(spineSpecs('followup').map((spec) => (spec.level === 'T11' ? { ...spec, retropulsion: T11_RETROPULSION } : spec)));
const POSTERIOR_WALL_UPRIGHT = ['T9', 'L1'] as const;
const CANAL_LEVELS = ['T10', 'T11', 'T12'] as const;

/** The canal facts of the teaching points, from the same truth as truth.json. */
const retropulsedCanal = (() => {
  const spine = POSTERIOR_WALL_SPINE();
  const canals = canalTruth(spine, ctPlacement(spine, POSTERIOR_WALL_UPRIGHT), CANAL_LEVELS);
  const [t10, t11, t12] = CANAL_LEVELS.map((level) => canals.get(level) as TruthCanal) as [TruthCanal, TruthCanal, TruthCanal];
  return { t10: t10.diameter, t11: t11.diameter, t12: t12.diameter, compromise: t11.compromise as number };
})();

export const ctPosteriorWall = ctStudy({
  id: 'ct-posterior-wall',
  title: 'CT before augmentation: is the posterior wall intact?',
  description: (count) => `Targeted CT of T9-L1 the day after the MRI (${count} axial slices, 180 mm field): is T11 a simple compression fracture?`,
  teachingPoints: [
    `T11: the posterior wall bulges ${T11_RETROPULSION.toFixed(1)} mm into the canal at mid-body: retropulsed, not a simple compression fracture (set Posterior wall in the fracture panel).`,
    `Canal tool (Shift+C) on the sagittal reformat, at the middle of each body from its posterior wall to the laminae: T11 ${retropulsedCanal.t11.toFixed(1)} mm against ` +
      `${retropulsedCanal.t10.toFixed(1)} mm at T10 and ${retropulsedCanal.t12.toFixed(1)} mm at T12, a canal compromise of ${(retropulsedCanal.compromise * 100).toFixed(0)}%.`,
    'The acute T11 wedge of the follow-up (Genant grade 2) and the biconcave L1 are the same as on the radiograph and the MRI.',
  ],
  spine: POSTERIOR_WALL_SPINE,
  upright: POSTERIOR_WALL_UPRIGHT,
  levels: ['T9', 'T10', 'T11', 'T12', 'L1'],
  canalLevels: CANAL_LEVELS,
  size: 256,
  centreY: 15,
  date: '20260317',
  clock: '090000',
  accession: 'PH26031701',
  studyDescription: 'CT THORACOLUMBAR SPINE',
  seriesNumber: 2,
  seriesDescription: 'AXIAL 1.25 BONE T9-L1',
  generatedOnDemand: false,
});

export const STUDIES: readonly StudyDefinition[] = [lateralBaseline, lateralFollowup, mriFractureAge, ctThoracolumbar, ctPosteriorWall, lateralKyphoplasty];

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
