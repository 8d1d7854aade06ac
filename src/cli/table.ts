/** The human-readable table of `kypho measure`: rounded for reading, unlike the full-precision JSON. */
import {
  GRADING_RANGE,
  LUMBAR_LORDOSIS,
  levelsInGradingRange,
  THORACIC_KYPHOSIS,
  type MeasureResult,
  type VertebraResult,
} from '../morphometry';

interface Column {
  header: string;
  align: 'left' | 'right';
  cell(v: VertebraResult): string;
}

const fixed = (digits: number) => (n: number | null) => (n === null ? '-' : n.toFixed(digits));
const height = fixed(1);
const ratio = fixed(2);
/** Signed degrees (positive = kyphosis), '-' when not measurable. */
const degrees = (n: number | null) => (n === null ? '-' : `${n.toFixed(1)}°`);

const COLUMNS: readonly Column[] = [
  { header: 'Level', align: 'left', cell: (v) => v.level },
  { header: 'Unit', align: 'left', cell: (v) => v.unit },
  { header: 'Ha', align: 'right', cell: (v) => height(v.ha) },
  { header: 'Hm', align: 'right', cell: (v) => height(v.hm) },
  { header: 'Hp', align: 'right', cell: (v) => height(v.hp) },
  { header: 'Ha/Hp', align: 'right', cell: (v) => ratio(v.wedgeRatio) },
  { header: 'Hm/Hp', align: 'right', cell: (v) => ratio(v.biconcaveRatio) },
  { header: 'Hp/Hp adj', align: 'right', cell: (v) => ratio(v.crushRatio) },
  { header: 'Angle', align: 'right', cell: (v) => `${v.wedgeAngle.toFixed(1)}°` },
  { header: 'Loss', align: 'right', cell: (v) => `${(v.heightLoss * 100).toFixed(1)}%` },
  { header: 'Grade', align: 'right', cell: (v) => String(v.grade) },
  { header: 'Type', align: 'left', cell: (v) => v.type ?? '-' },
  { header: 'Kyphosis', align: 'right', cell: (v) => degrees(v.vertebralKyphosis) },
  { header: 'Segmental', align: 'right', cell: (v) => degrees(v.segmentalKyphosis) },
];

/** Shown only for the adjacent method, where a vertebra without neighbours falls back. */
const METHOD_COLUMN: Column = {
  header: 'Method',
  align: 'left',
  cell: (v) => (v.fallback ? `${v.method}*` : (v.method ?? '')),
};

export function formatResult(result: MeasureResult): string {
  const columns = result.method === 'adjacent' ? [...COLUMNS, METHOD_COLUMN] : COLUMNS;
  const rows = [columns.map((c) => c.header), ...result.vertebrae.map((v) => columns.map((c) => c.cell(v)))];
  const widths = columns.map((_, i) => Math.max(...rows.map((row) => (row[i] as string).length)));
  const pad = (cell: string, i: number) =>
    columns[i]?.align === 'right' ? cell.padStart(widths[i] as number) : cell.padEnd(widths[i] as number);
  const lines = rows.map((row) => row.map(pad).join('  ').trimEnd());

  const notes: string[] = [];
  if (result.vertebrae.some((v) => v.fallback)) {
    notes.push('* no adjacent level measured: graded by the own-posterior method instead');
  }
  const inPixels = result.vertebrae.filter((v) => v.unit === 'px').map((v) => v.level);
  if (inPixels.length > 0) {
    notes.push(`No pixel spacing for ${inPixels.join(', ')}: heights in px; ratios and grades are still valid.`);
  }

  const regional = (name: string, { from, to }: { from: string; to: string }, angle: number | null) =>
    `${name} ${from}-${to} ${angle === null ? `not measured (needs ${from} and ${to} on one image)` : degrees(angle)}`;
  notes.push(
    regional('Thoracic kyphosis', THORACIC_KYPHOSIS, result.thoracicKyphosis),
    regional('Lumbar lordosis', LUMBAR_LORDOSIS, result.lumbarLordosis),
  );

  const range = `${GRADING_RANGE.from}-${GRADING_RANGE.to}`;
  const ofLevels = levelsInGradingRange(result.vertebrae.map((v) => v.level));
  const sdi = `SDI ${result.sdi} (${range}, ${result.levelsMeasured}/${ofLevels} levels measured)`;
  return [`Method: ${result.method}`, '', ...lines, '', ...notes, sdi].join('\n') + '\n';
}
