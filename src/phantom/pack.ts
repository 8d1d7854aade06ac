/**
 * The phantom samples as a teaching pack: sample-data/ is the pack's root, `pack.json` lists a case per
 * catalog study, and each study's reference reading is its truth, written as a `kypho.reading/v1` document
 * (`<id>/reference.json`). Built from the studies' descriptions only: no pixels are rendered.
 */
import { isLevel, type EdemaSequence, type Level, type SixPoints } from '../morphometry';
import { calibrationFromLabel, toReadingDocument, type ReadingDocument } from '../persistence/readingDocument';
import type { CanalMeasurement, Finding, Measurement, ReadingState, ReformatPlane } from '../reading';
import { PACK_SCHEMA, type Pack, type PackCase } from '../teaching/pack';
import { measuredPlane } from '../viewer/mpr/reformatPlane';
import { STUDIES, type CatalogEntry } from './studies';
import type { StudyTruth, TruthVertebra } from './truth';

export const PHANTOM_PACK_TITLE = 'Vertebral fractures: phantom cases';

/** The sequence the MRI's edema is judged on (fat-suppressed, fluid-sensitive). */
const EDEMA_SEQUENCE: EdemaSequence = 'STIR';

/** What each study asks the trainee, given the first and last level its reference measures. */
const QUESTIONS: Readonly<Record<string, (first: Level, last: Level) => string>> = {
  'lateral-baseline': (first, last) => `Measure ${first} to ${last} and grade every vertebra (Genant): which are fractured, and of what type?`,
  'lateral-followup': (first, last) =>
    `Measure ${first} to ${last} and grade every vertebra (Genant): what has changed since the baseline radiograph a year ago?`,
  'mri-fracture-age': (first, last) => `Measure ${first} to ${last} on the T1 and judge edema on the STIR: which fracture is acute?`,
  'ct-thoracolumbar': (first, last) => `Measure ${first} to ${last} on a sagittal reformat (MPR) and grade every vertebra (Genant).`,
  'ct-posterior-wall': (first, last) =>
    `Measure ${first} to ${last} on a sagittal reformat (MPR), judge the posterior wall of the fracture and measure the canal (Canal tool) at it and its neighbours.`,
  'lateral-kyphoplasty': (first, last) =>
    `Measure ${first} to ${last}, mark the treated level and compare with the follow-up radiograph before treatment: how much height and alignment came back?`,
};

export function referencePath(entry: Pick<CatalogEntry, 'folder'>): string {
  return `${entry.folder}/reference.json`;
}

function levelOf(v: TruthVertebra): Level {
  if (!isLevel(v.level)) throw new Error(`phantom truth: "${v.level}" is not a level`);
  return v.level;
}

/** The reading a reader who found exactly the truth would save. */
export function referenceReading(truth: StudyTruth): ReadingDocument {
  const calibration = calibrationFromLabel(truth.calibration.label, truth.calibration.pixelSpacing ?? undefined);
  const findings = truth.vertebrae.map((v): Finding => {
    const points = v.points as SixPoints;
    let measurement: Measurement;
    if (v.space === 'patient') {
      measurement = { space: 'patient', seriesInstanceUid: v.seriesInstanceUid, points, plane: planeOfPoints(points) };
    } else {
      if (!v.sopInstanceUid) throw new Error(`phantom truth of ${truth.study.id}: ${v.level} has image points but no image`);
      measurement = {
        space: 'image',
        seriesInstanceUid: v.seriesInstanceUid,
        sopInstanceUid: v.sopInstanceUid,
        frameNumber: 1,
        points,
        imageCalibration: calibration,
      };
    }
    return {
      id: `${truth.study.id}/${v.level}`,
      level: levelOf(v),
      measurement,
      edema: v.edema,
      edemaExtent: v.edemaExtent ?? null,
      sequence: v.edema === 'not-assessed' ? null : EDEMA_SEQUENCE,
      signalRatio: null,
      ageOverride: null,
      suspiciousForMalignancy: false,
      note: '',
      ...(v.posteriorWall && { posteriorWall: v.posteriorWall }),
      ...(v.augmentation && { augmentation: v.augmentation }),
      ...(v.canal && { canal: canalOf(v, measurement, v.canal.points) }),
    };
  });
  const reading: ReadingState = { findings, userCalibrations: {}, method: 'own-posterior' };
  const { studyInstanceUid, patientId, patientName, studyDate } = truth.study;
  return toReadingDocument(reading, { study: { studyInstanceUid, patientId, patientName, studyDate } });
}

/** The truth's canal line as the Canal tool records it: on the vertebra's image, or on its reformat plane. */
function canalOf(v: TruthVertebra, measurement: Measurement, points: [number[], number[]]): CanalMeasurement {
  const line: [number[], number[]] = [[...points[0]], [...points[1]]];
  if (measurement.space === 'patient') return { space: 'patient', seriesInstanceUid: v.seriesInstanceUid, points: line, plane: measurement.plane };
  const { seriesInstanceUid, sopInstanceUid, frameNumber, imageCalibration } = measurement;
  return { space: 'image', seriesInstanceUid, sopInstanceUid, frameNumber, points: line, imageCalibration };
}

/**
 * The reformat plane six patient-space points were measured on, as the viewer records it (measuredPlane): the
 * normal of the points' outline (Newell's method over as, ps, pi, ai), turned so that its largest component is
 * positive (a sagittal plane's normal is +x, as the sagittal MPR view's), through the points' centre.
 */
export function planeOfPoints(points: SixPoints): ReformatPlane {
  const outline = [points.as, points.ps, points.pi, points.ai];
  const n = [0, 0, 0];
  outline.forEach((p, i) => {
    const q = outline[(i + 1) % outline.length] as number[];
    const [px, py, pz] = p as [number, number, number];
    const [qx, qy, qz] = q as [number, number, number];
    n[0]! += (py - qy) * (pz + qz);
    n[1]! += (pz - qz) * (px + qx);
    n[2]! += (px - qx) * (py + qy);
  });
  const length = Math.hypot(n[0]!, n[1]!, n[2]!);
  if (!(length > 0)) throw new Error('the six points do not span a plane');
  const largest = n.reduce((best, c) => (Math.abs(c) > Math.abs(best) ? c : best), 0);
  const sign = largest < 0 ? -1 : 1;
  // Dividing (not multiplying by 1/length) keeps an axis-aligned normal exactly [1, 0, 0].
  const normal = n.map((c) => (sign * c) / length + 0) as [number, number, number];
  const all = Object.values(points);
  const centre = [0, 1, 2].map((axis) => all.reduce((sum, p) => sum + (p[axis] as number), 0) / all.length);
  return measuredPlane(all, { focalPoint: centre, viewPlaneNormal: normal });
}

function caseOf(entry: CatalogEntry, truth: StudyTruth): PackCase {
  const levels = truth.vertebrae.map(levelOf);
  const question = QUESTIONS[entry.id];
  if (!question) throw new Error(`phantom pack: no question for the study "${entry.id}"`);
  return {
    id: entry.id,
    title: entry.title,
    question: question(levels[0] as Level, levels[levels.length - 1] as Level),
    studyInstanceUid: entry.studyInstanceUid,
    files: [...entry.files],
    reference: referencePath(entry),
    teachingPoints: [...entry.teachingPoints],
    levels,
  };
}

/** pack.json of sample-data/: a case per catalog study, in catalog order. */
export function buildPack(seed: number): Pack {
  return {
    schema: PACK_SCHEMA,
    title: PHANTOM_PACK_TITLE,
    description:
      'One phantom patient seen six times: lateral radiographs a year apart, an MRI that dates the fractures, a CT ' +
      'to measure on a sagittal reformat, a CT of the new fracture\'s posterior wall and canal, and a radiograph after its ' +
      'kyphoplasty. The reference readings are the phantom\'s truth, exact to the drawn points. ' +
      'The DICOM files are generated by "npm run samples".',
    author: 'Kypho phantom generator',
    cases: STUDIES.map((s) => {
      const { entry, truth } = s.describe(seed);
      return caseOf(entry, truth);
    }),
  };
}
