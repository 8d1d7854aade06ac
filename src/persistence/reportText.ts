/**
 * The report sentences (morphometry.md section 8) of a reading document, for the printable report and the SR.
 * The words themselves are made in one place, src/reading/reportSentences.ts, so that the summary on screen, the
 * printed report and the SR's Impression always say the same thing; this only adapts the document's vertebrae.
 */
import { deriveFractureAge, levelsInGradingRange, type VertebraResult } from '../morphometry';
import { negativeSentence, placementSentence, sdiSentence, spineSentences, vertebraSentence, type AssessmentRow } from '../reading';
import type { DocumentVertebra, ReadingDocument } from './readingDocument';

function assessmentRow(v: DocumentVertebra): AssessmentRow {
  return {
    id: v.level,
    level: v.level,
    measured: v.grade !== null,
    grade: v.grade,
    type: v.type,
    derivedAge: deriveFractureAge({ edema: v.edema, grade: v.grade ?? 0 }),
    age: v.age,
    ageOverridden: v.ageOverridden,
    edema: v.edema,
    edemaExtent: v.edemaExtent,
    sequence: v.sequence,
    signalRatio: v.signalRatio,
    ageOverride: v.ageOverridden ? v.age : null,
    suspiciousForMalignancy: v.suspiciousForMalignancy,
    note: v.note,
    ...(v.posteriorWall !== undefined && { posteriorWall: v.posteriorWall }),
    ...(v.augmentation !== undefined && { augmentation: v.augmentation }),
  };
}

/** The computed fields of a measured vertebra, as the viewer's results hold them. */
function result(v: DocumentVertebra): VertebraResult | null {
  if (v.grade === null || v.unit === null || v.ha === null || v.hm === null || v.hp === null) return null;
  return {
    level: v.level,
    unit: v.unit,
    ha: v.ha,
    hm: v.hm,
    hp: v.hp,
    wedgeRatio: v.wedgeRatio ?? NaN,
    biconcaveRatio: v.biconcaveRatio ?? NaN,
    hpAdjacent: v.hpAdjacent,
    crushRatio: v.crushRatio,
    wedgeAngle: v.wedgeAngle ?? NaN,
    heightLoss: v.heightLoss ?? 0,
    grade: v.grade,
    type: v.type,
    vertebralKyphosis: v.vertebralKyphosis ?? NaN,
    segmentalKyphosis: v.segmentalKyphosis ?? null,
    ...(v.method ? { method: v.method, fallback: v.fallback } : {}),
    placement: v.placement ?? 'ok',
    ...(v.placementNote !== undefined && { placementNote: v.placementNote }),
    ...(v.levelOrder !== undefined && { levelOrder: v.levelOrder }),
  };
}

/** Every line of the report's summary, in reading order: the placements to check, the abnormal vertebrae, the angles and canal, then the SDI. */
export function reportSentences(document: ReadingDocument): string[] {
  const vertebrae = document.vertebrae.flatMap((v) => vertebraSentence(assessmentRow(v), result(v)) ?? []);
  const levelsInRange = levelsInGradingRange(document.vertebrae.filter((v) => v.measurement).map((v) => v.level));
  const spine = spineSentences(document.vertebrae, document);
  // "No fracture" is said only of the levels measured (morphometry.md sections 5 and 8).
  const measured = document.vertebrae.filter((v) => v.grade !== null).map((v) => v.level);
  const negative = vertebrae.length === 0 && measured.length > 0 ? [negativeSentence(measured)] : [];
  const check = placementSentence(document.vertebrae);
  return [...(check ? [check] : []), ...vertebrae, ...negative, ...spine, sdiSentence({ sdi: document.sdi, levelsMeasured: document.levelsMeasured, levelsInRange })];
}
