/** What the reading shows: every finding measured and graded together, so neighbours inform each other. */
import {
  DEFAULT_AUGMENTATION,
  endplateAngle,
  inferiorEndplate,
  levelsInGradingRange,
  measureCanal,
  superiorEndplate,
  measureVertebrae,
  type CanalResult,
  type Augmentation,
  type Calibration,
  type Level,
  type Method,
  type SixPoints,
  type VertebraResult,
} from '../morphometry';
import { measurementSwapNote } from './placement';
import { effectiveCalibration, imageKey, isMeasured, measurementGroup, type ImageRef, type MeasuredFinding, type ReadingState } from './model';


export interface ResultRow {
  id: string;
  level: Level;
  /** The image the vertebra was measured on; null when it was measured on a reformat (patient space). */
  image: ImageRef | null;
  /** The calibration the heights are in, with its warning when they may not be patient mm. */
  calibration: Calibration;
  result: VertebraResult;
  /**
   * What the reader should know about the placement (morphometry.md section 2a): the swap that put the points in
   * anatomical order, or why the placement needs checking. Empty when there is nothing to say.
   */
  placementNotes: string[];
  /** The image (or volume) it was measured on, for the placement checks: see measurementGroup. */
  group: string;
  /**
   * Degrees the body's axis turns from that of the most cranial vertebra measured on the same image (the mean of
   * its two endplates against that vertebra's superior endplate), positive = kyphotic; null on another image.
   * What the spine chart draws the sagittal curve from.
   */
  tilt: number | null;
  /** The treatment of the level (section 11), shown on the image label and the chart. */
  augmentation: Augmentation;
}

export interface Results {
  method: Method;
  /** Cranial to caudal. */
  rows: readonly ResultRow[];
  sdi: number;
  /** Measured levels within T4..L4. */
  levelsMeasured: number;
  /** Levels in T4..L4 for this spine: 13, or 14 with a measured T13. */
  levelsInRange: number;
  /** Degrees, morphometry.md section 10; null unless both end levels are measured on one image. */
  thoracicKyphosis: number | null;
  lumbarLordosis: number | null;
  /** Canal diameters and compromise (section 11) of the levels with a canal line, cranial to caudal. */
  canals: readonly CanalResult[];
}

/** A point set that stands in for a finding's committed one while its handle is being dragged. */
export interface Preview {
  id: string;
  points: SixPoints;
}

export function deriveResults(state: ReadingState, preview: Preview | null = null): Results {
  const findings = state.findings
    .filter(isMeasured)
    .map((f) => (preview && f.id === preview.id ? { ...f, measurement: { ...f.measurement, points: preview.points } } : f));
  const calibrations = new Map<string, Calibration>(findings.map((f) => [f.id, effectiveCalibration(state, f)]));
  const measured = measureVertebrae(
    findings.map((f) => ({
      level: f.level,
      points: f.measurement.points,
      space: f.measurement.space,
      pixelSpacing: calibrations.get(f.id)?.pixelSpacing ?? null,
      // Angles between two vertebrae and the placement checks need both on one image (or one volume).
      image: measurementGroup(f.measurement),
      orientationKnown: f.measurement.swapped !== undefined,
    })),
    { method: state.method },
  );
  const byLevel = new Map<Level, MeasuredFinding>(findings.map((f) => [f.level, f]));
  const tilts = curveTilts(findings, calibrations);
  const rows = measured.vertebrae.map((result) => {
    const finding = byLevel.get(result.level) as MeasuredFinding;
    const { measurement } = finding;
    return {
      id: finding.id,
      level: finding.level,
      image:
        measurement.space === 'image'
          ? { seriesInstanceUid: measurement.seriesInstanceUid, sopInstanceUid: measurement.sopInstanceUid, frameNumber: measurement.frameNumber }
          : null,
      calibration: calibrations.get(finding.id) as Calibration,
      result,
      group: measurementGroup(measurement),
      placementNotes: [measurementSwapNote(measurement), result.placementNote ?? null].filter((n): n is string => n !== null),
      tilt: tilts.get(finding.id) ?? null,
      augmentation: finding.augmentation ?? DEFAULT_AUGMENTATION,
    };
  });
  return {
    method: measured.method,
    rows,
    sdi: measured.sdi,
    levelsMeasured: measured.levelsMeasured,
    levelsInRange: levelsInGradingRange(findings.map((f) => f.level)),
    thoracicKyphosis: measured.thoracicKyphosis,
    lumbarLordosis: measured.lumbarLordosis,
    canals: deriveCanals(state),
  };
}

function curveTilts(findings: readonly MeasuredFinding[], calibrations: ReadonlyMap<string, Calibration>): Map<string, number> {
  const key = (f: MeasuredFinding) => (f.measurement.space === 'image' ? imageKey(f.measurement) : f.measurement.seriesInstanceUid);
  const frame = (f: MeasuredFinding) => ({ space: f.measurement.space, pixelSpacing: calibrations.get(f.id)?.pixelSpacing ?? null });
  // Findings are cranial to caudal, so the first on an image is its most cranial.
  const reference = findings[0];
  const tilts = new Map<string, number>();
  if (!reference) return tilts;
  const top = superiorEndplate(reference.measurement.points);
  for (const f of findings) {
    if (key(f) !== key(reference) || frame(f).pixelSpacing?.join() !== frame(reference).pixelSpacing?.join()) continue;
    const superior = endplateAngle(top, superiorEndplate(f.measurement.points), frame(f));
    const inferior = endplateAngle(top, inferiorEndplate(f.measurement.points), frame(f));
    tilts.set(f.id, (superior + inferior) / 2);
  }
  return tilts;
}

/** Canal lines in mm under the calibration of their image (a user calibration included), or in patient mm. */
export function deriveCanals(state: ReadingState): CanalResult[] {
  const canals = state.findings.flatMap((f) => {
    const canal = f.canal;
    if (!canal) return [];
    const pixelSpacing = canal.space === 'patient' ? null : (state.userCalibrations[imageKey(canal)] ?? canal.imageCalibration).pixelSpacing;
    return [{ level: f.level, points: canal.points, frame: { space: canal.space, pixelSpacing } }];
  });
  return measureCanal(canals, state.findings.map((f) => f.level));
}
