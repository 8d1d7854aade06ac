/**
 * Scoring a trainee's reading against a reference reading (the teaching issue's `kypho score` rules).
 * Pure: readings in, numbers out. Only the levels the reference measured are scored, except for
 * over-calls, which also count fractures the reference did not measure.
 */
import { compareLevels, isLevel, type Grade, type Level } from '../morphometry';

/** What scoring needs of one vertebra of a `kypho.reading/v1` document. */
export interface ScoredVertebra {
  level: Level;
  /** Null for a vertebra without a measurement (e.g. only edema judged): not a measured level. */
  grade: Grade | null;
  unit: 'mm' | 'px' | null;
  ha: number | null;
  hm: number | null;
  hp: number | null;
}

export interface TraineeScore {
  /** Reference levels the trainee also measured. */
  matched: number;
  /** Mean over matched levels of the mean of |dHa|, |dHm|, |dHp|; null when nothing matched. */
  meanAbsHeightErrorMm: number | null;
  /** Fraction of reference levels with the same grade (a level the trainee did not measure counts as grade 0). */
  gradeAgreement: number;
  /** Cohen's kappa with linear weights over grades 0-3 on the reference levels; null when undefined. */
  kappa: number | null;
  /** Reference grade >= 1, trainee grade 0 (or not measured). Cranial to caudal. */
  missed: Level[];
  /** Trainee grade >= 1 where the reference has grade 0 or did not measure the level. Cranial to caudal. */
  overcalled: Level[];
}

const GRADES = [0, 1, 2, 3] as const;

function measured(vertebrae: readonly ScoredVertebra[]): Map<Level, ScoredVertebra & { grade: Grade }> {
  const out = new Map<Level, ScoredVertebra & { grade: Grade }>();
  for (const v of vertebrae) if (v.grade !== null) out.set(v.level, v as ScoredVertebra & { grade: Grade });
  return out;
}

export function scoreTrainee(reference: readonly ScoredVertebra[], trainee: readonly ScoredVertebra[]): TraineeScore {
  const ref = measured(reference);
  const own = measured(trainee);
  const levels = [...ref.keys()].sort(compareLevels);
  const pairs = levels.map((level) => [ref.get(level)!.grade, own.get(level)?.grade ?? 0] as const);

  const heightErrors = levels.flatMap((level) => {
    const r = ref.get(level)!;
    const t = own.get(level);
    if (!t) return [];
    const d = (a: number | null, b: number | null) => Math.abs((a ?? NaN) - (b ?? NaN));
    return [(d(r.ha, t.ha) + d(r.hm, t.hm) + d(r.hp, t.hp)) / 3];
  });

  return {
    matched: heightErrors.length,
    meanAbsHeightErrorMm: heightErrors.length ? heightErrors.reduce((a, b) => a + b, 0) / heightErrors.length : null,
    gradeAgreement: pairs.length ? pairs.filter(([r, t]) => r === t).length / pairs.length : 0,
    kappa: linearWeightedKappa(pairs),
    missed: levels.filter((level) => ref.get(level)!.grade >= 1 && (own.get(level)?.grade ?? 0) === 0),
    overcalled: [...own.values()]
      .filter((t) => t.grade >= 1 && (ref.get(t.level)?.grade ?? 0) === 0)
      .map((t) => t.level)
      .sort(compareLevels),
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
