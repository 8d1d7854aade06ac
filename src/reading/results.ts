/** What the reading shows: every finding measured and graded together, so neighbours inform each other. */
import {
  levelsInGradingRange,
  measureVertebrae,
  type Calibration,
  type Level,
  type Method,
  type SixPoints,
  type VertebraResult,
} from '../morphometry';
import { measurementSwapNote } from './placement';
import { effectiveCalibration, isMeasured, measurementGroup, type ImageRef, type MeasuredFinding, type ReadingState } from './model';

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
  };
}
