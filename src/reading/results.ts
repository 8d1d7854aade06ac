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
import { effectiveCalibration, imageKey, isMeasured, type ImageRef, type MeasuredFinding, type ReadingState } from './model';

export interface ResultRow {
  id: string;
  level: Level;
  /** The image the vertebra was measured on; null when it was measured on a reformat (patient space). */
  image: ImageRef | null;
  /** The calibration the heights are in, with its warning when they may not be patient mm. */
  calibration: Calibration;
  result: VertebraResult;
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
      // Angles between two vertebrae need both on one image (or one volume, in patient space).
      image: f.measurement.space === 'image' ? imageKey(f.measurement) : f.measurement.seriesInstanceUid,
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
