/**
 * Scoring a trainee's reading against a reference reading (the teaching issue's `kypho score` rules).
 * Pure: readings in, numbers out. Only the levels the reference measured are scored, except for
 * over-calls, which also count fractures the reference did not measure.
 */
import { compareLevels, isLevel, type Grade, type Level, type Unit } from '../morphometry';

/** What scoring needs of one vertebra of a `kypho.reading/v1` document. */
export interface ScoredVertebra extends ScoredHeights {
  level: Level;
}

/** A vertebra's grade and heights. A null grade (e.g. only edema judged) means the level is not measured. */
export interface ScoredHeights {
  grade: Grade | null;
  unit: Unit | null;
  ha: number | null;
  hm: number | null;
  hp: number | null;
}

/** The scores of one trainee's levels (K is what names a level: its label, or a case and a label). */
export interface Score<K> {
  /** Reference levels the trainee also measured. */
  matched: number;
  /** Mean over matched levels (both measured in mm) of the mean of |dHa|, |dHm|, |dHp|; null when there are none. */
  meanAbsHeightErrorMm: number | null;
  /** Fraction of reference levels with the same grade (a level the trainee did not measure counts as grade 0). */
  gradeAgreement: number;
  /** Cohen's kappa with linear weights over grades 0-3 on the reference levels; null when undefined. */
  kappa: number | null;
  /** Reference grade >= 1, trainee grade 0 (or not measured). In the order of the levels given. */
  missed: K[];
  /** Trainee grade >= 1 where the reference has grade 0 or did not measure the level. In the order of the levels given. */
  overcalled: K[];
}

/** `kypho score` of one reading: levels by label, missed and over-called cranial to caudal. */
export type TraineeScore = Score<Level>;

/**
 * One level as the scoring rules see it: each side's grade (null: that side did not measure the level)
 * and the height error of heightDifferences (null unless both measured it in mm).
 */
export interface ScoredLevel<K> {
  key: K;
  reference: Grade | null;
  trainee: Grade | null;
  heightErrorMm: number | null;
}

export interface HeightDifferences {
  /** Trainee minus reference in mm; null unless both measured the level in mm. */
  dHa: number | null;
  dHm: number | null;
  dHp: number | null;
  /** Mean of |dHa|, |dHm|, |dHp|; null as the differences. */
  meanAbsHeightErrorMm: number | null;
}

const GRADES = [0, 1, 2, 3] as const;

const NO_DIFFERENCES: HeightDifferences = { dHa: null, dHm: null, dHp: null, meanAbsHeightErrorMm: null };

/** The trainee's heights minus the reference's, where both measured the level (non-null grade) in mm. */
export function heightDifferences(reference: ScoredHeights | null | undefined, trainee: ScoredHeights | null | undefined): HeightDifferences {
  const inMm = (v: ScoredHeights | null | undefined): v is ScoredHeights & Record<'ha' | 'hm' | 'hp', number> =>
    !!v && v.grade !== null && v.unit === 'mm' && v.ha !== null && v.hm !== null && v.hp !== null;
  if (!inMm(reference) || !inMm(trainee)) return NO_DIFFERENCES;
  const dHa = trainee.ha - reference.ha;
  const dHm = trainee.hm - reference.hm;
  const dHp = trainee.hp - reference.hp;
  return { dHa, dHm, dHp, meanAbsHeightErrorMm: (Math.abs(dHa) + Math.abs(dHm) + Math.abs(dHp)) / 3 };
}

/** The reference graded the level: does the trainee's grade (0 when not measured) equal it? Null when it did not. */
export function gradeAgrees(reference: Grade | null, trainee: Grade | null): boolean | null {
  return reference === null ? null : (trainee ?? 0) === reference;
}

function measured(vertebrae: readonly ScoredVertebra[]): Map<Level, ScoredVertebra> {
  return new Map(vertebrae.filter((v) => v.grade !== null).map((v) => [v.level, v]));
}

export function scoreTrainee(reference: readonly ScoredVertebra[], trainee: readonly ScoredVertebra[]): TraineeScore {
  const ref = measured(reference);
  const own = measured(trainee);
  const levels = [...new Set([...ref.keys(), ...own.keys()])].sort(compareLevels);
  return scoreLevels(
    levels.map((level) => {
      const r = ref.get(level);
      const t = own.get(level);
      return { key: level, reference: r?.grade ?? null, trainee: t?.grade ?? null, heightErrorMm: heightDifferences(r, t).meanAbsHeightErrorMm };
    }),
  );
}

/**
 * The `kypho score` rules over any set of levels (one reading's, or every case's of a session, pooled):
 * scored are the levels the reference measured; a level the trainee did not measure counts as grade 0;
 * over-calls also count levels the reference did not measure.
 */
export function scoreLevels<K>(levels: readonly ScoredLevel<K>[]): Score<K> {
  const scored = levels.filter((l): l is ScoredLevel<K> & { reference: Grade } => l.reference !== null);
  const pairs = scored.map((l) => [l.reference, l.trainee ?? 0] as const);
  const heightErrors = scored.flatMap((l) => (l.trainee !== null && l.heightErrorMm !== null ? [l.heightErrorMm] : []));
  return {
    matched: scored.filter((l) => l.trainee !== null).length,
    meanAbsHeightErrorMm: heightErrors.length ? heightErrors.reduce((a, b) => a + b, 0) / heightErrors.length : null,
    gradeAgreement: scored.length ? scored.filter((l) => gradeAgrees(l.reference, l.trainee)).length / scored.length : 0,
    kappa: linearWeightedKappa(pairs),
    missed: scored.filter((l) => l.reference >= 1 && (l.trainee ?? 0) === 0).map((l) => l.key),
    overcalled: levels.filter((l) => (l.trainee ?? 0) >= 1 && (l.reference ?? 0) === 0).map((l) => l.key),
  };
}

/**
 * Cohen's kappa with linear weights w = 1 - |i-j|/3 over grades 0..3:
 * kappa = (po - pe) / (1 - pe), po = sum w_ij p_ij, pe = sum w_ij p_i. p_.j; null when pe = 1 (or no pairs).
 */
export function linearWeightedKappa(pairs: readonly (readonly [Grade, Grade])[]): number | null {
  if (pairs.length === 0) return null;
  const n = pairs.length;
  const weight = (i: number, j: number) => 1 - Math.abs(i - j) / 3;
  const rowShare = GRADES.map((g) => pairs.filter(([r]) => r === g).length / n);
  const colShare = GRADES.map((g) => pairs.filter(([, t]) => t === g).length / n);
  const observed = pairs.reduce((sum, [r, t]) => sum + weight(r, t), 0) / n;
  let expected = 0;
  for (const i of GRADES) for (const j of GRADES) expected += weight(i, j) * rowShare[i] * colShare[j];
  if (Math.abs(1 - expected) < 1e-12) return null;
  return (observed - expected) / (1 - expected);
}

/**
 * The vertebrae of a `kypho.reading/v1` document as scoring needs them, or the problems that make it unusable,
 * each naming the vertebra. Heights in px cannot be scored in mm, so they are a problem too.
 */
export function scoredVertebrae(doc: unknown): { ok: true; vertebrae: ScoredVertebra[] } | { ok: false; problems: string[] } {
  if (typeof doc !== 'object' || doc === null || (doc as { schema?: unknown }).schema !== 'kypho.reading/v1') {
    return { ok: false, problems: ['document: not a kypho.reading/v1 reading (its "schema" must be "kypho.reading/v1")'] };
  }
  const list = (doc as { vertebrae?: unknown }).vertebrae;
  if (!Array.isArray(list)) return { ok: false, problems: ['document: "vertebrae" must be an array'] };
  const problems: string[] = [];
  const seen = new Set<string>();
  const vertebrae: ScoredVertebra[] = [];
  list.forEach((raw: Record<string, unknown>, index) => {
    const where = `vertebrae[${index}] (${typeof raw?.level === 'string' ? raw.level : '?'})`;
    if (typeof raw !== 'object' || raw === null || !isLevel(raw.level)) return void problems.push(`${where}: unknown level`);
    if (seen.has(raw.level)) return void problems.push(`${where}: duplicate level`);
    seen.add(raw.level);
    const grade = raw.grade ?? null;
    if (grade !== null && !GRADES.includes(grade as Grade)) return void problems.push(`${where}: grade must be 0, 1, 2, 3 or null`);
    const heights = ['ha', 'hm', 'hp'] as const;
    if (grade !== null) {
      if (raw.unit !== 'mm') return void problems.push(`${where}: heights are in ${String(raw.unit)}, not mm, so they cannot be scored`);
      const bad = heights.filter((h) => typeof raw[h] !== 'number' || !Number.isFinite(raw[h]));
      if (bad.length) return void problems.push(`${where}: ${bad.join(", ")} must be numeric`);
    }
    vertebrae.push({
      level: raw.level,
      grade: grade as Grade | null,
      unit: (raw.unit ?? null) as ScoredVertebra['unit'],
      ha: (raw.ha ?? null) as number | null,
      hm: (raw.hm ?? null) as number | null,
      hp: (raw.hp ?? null) as number | null,
    });
  });
  return problems.length ? { ok: false, problems } : { ok: true, vertebrae };
}
