import { compareLevels, isTransitional, LEVELS, type Level } from '../morphometry';
import { annotationNotes, AUGMENTATION_NAMES, gradeText, GRADE_COLOURS, GRADE_NAMES, needsCheck, type ResultRow } from '../reading';

interface Props {
  rows: readonly ResultRow[];
  selectedId: string | null;
  onSelect: (id: string) => void;
}

const SLOT = 27;
const BODY_WIDTH = 40;
const LABEL_WIDTH = 34;
const TOP = 6;
const CURVE_X = LABEL_WIDTH + BODY_WIDTH + 150;
const WIDTH = CURVE_X + 60;

/** T4..L4, widened to every measured level outside it; transitional levels only where measured. */
export function chartLevels(measured: readonly Level[]): Level[] {
  const sorted = [...measured].sort(compareLevels);
  const first = sorted[0] && compareLevels(sorted[0], 'T4') < 0 ? sorted[0] : 'T4';
  const last = sorted.at(-1) && compareLevels(sorted.at(-1)!, 'L4') > 0 ? sorted.at(-1)! : 'L4';
  return LEVELS.filter(
    (l) => compareLevels(l, first) >= 0 && compareLevels(l, last) <= 0 && (!isTransitional(l) || measured.includes(l)),
  );
}

/**
 * The sagittal curve through the chart's levels, from the measured endplates: each level's axis turns by its tilt
 * (degrees, positive = kyphotic, anterior to the left), levels between measured ones interpolated and those beyond
 * them continued, and the whole centred so that the mean direction is vertical (only relative angles are known).
 * Returns the horizontal offset in slots of each level's centre, or null with fewer than two tilts.
 */
export function sagittalCurve(levels: readonly Level[], tilts: ReadonlyMap<Level, number>): number[] | null {
  const known = levels.map((l, i) => [i, tilts.get(l)] as const).filter((k): k is readonly [number, number] => k[1] !== undefined);
  if (known.length < 2) return null;
  const angleAt = (i: number): number => {
    const after = known.findIndex(([k]) => k >= i);
    if (after === 0) return known[0]![1];
    if (after === -1) return known.at(-1)![1];
    const [i0, a0] = known[after - 1]!;
    const [i1, a1] = known[after]!;
    return a0 + ((a1 - a0) * (i - i0)) / (i1 - i0);
  };
  const angles = levels.map((_, i) => angleAt(i));
  const mean = angles.reduce((a, b) => a + b, 0) / angles.length;
  // Walking one slot down along a direction turned anteriorly (to the left) by phi moves left by tan(phi).
  const offsets: number[] = [];
  let x = 0;
  angles.forEach((angle, i) => {
    if (i > 0) x -= (Math.tan((((angles[i - 1] as number) + angle) / 2 - mean) * (Math.PI / 180)));
    offsets.push(x);
  });
  const centre = (Math.min(...offsets) + Math.max(...offsets)) / 2;
  return offsets.map((o) => o - centre);
}

/**
 * A lateral sketch of the column, anterior to the left: each measured body drawn with its own anterior,
 * middle and posterior heights (relative to the tallest posterior height in the same unit) and coloured
 * by grade, so that wedges, biconcave and crushed bodies read at a glance.
 */
export function SpineChart({ rows, selectedId, onSelect }: Props) {
  const levels = chartLevels(rows.map((r) => r.level));
  const byLevel = new Map(rows.map((r) => [r.level, r]));
  const reference = (row: ResultRow) =>
    Math.max(...rows.filter((r) => r.result.unit === row.result.unit).map((r) => Math.max(r.result.ha, r.result.hm, r.result.hp)));
  const height = TOP * 2 + levels.length * SLOT;
  const described = rows.map((r) => `${r.level} ${gradeText(r.result.grade, r.result.type)}${needsCheck(r) ? ' (placement to check)' : ''}`).join(', ');
  const tilts = new Map(rows.flatMap((r) => (r.tilt === null ? [] : [[r.level, r.tilt] as const])));
  const curve = sagittalCurve(levels, tilts);
  const centreOf = (i: number) => TOP + i * SLOT + SLOT / 2;
  // The line is drawn only from the first to the last measured level: beyond them nothing was measured.
  const measuredSpan = levels.flatMap((level, i) => (tilts.has(level) ? [i] : []));
  const drawn = curve?.flatMap((o, i) => (i >= measuredSpan[0]! && i <= measuredSpan.at(-1)! ? [[o, i] as const] : [])) ?? [];

  return (
    <figure className="spine-chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        width={WIDTH}
        height={height}
        role="img"
        aria-label={`Spine chart, anterior to the left: ${described || 'no vertebra measured'}`}
      >
        {levels.map((level, i) => {
          const centre = TOP + i * SLOT + SLOT / 2;
          const row = byLevel.get(level);
          const x0 = LABEL_WIDTH;
          const x1 = LABEL_WIDTH + BODY_WIDTH;
          const label = (
            <text x={LABEL_WIDTH - 6} y={centre + 4} textAnchor="end" className="chart-level">
              {level}
            </text>
          );
          if (!row) {
            return (
              <g key={level} data-level={level} className="unmeasured">
                {label}
                <rect x={x0} y={centre - SLOT * 0.36} width={BODY_WIDTH} height={SLOT * 0.72} rx={3} />
              </g>
            );
          }
          const full = SLOT * 0.86;
          const ref = reference(row);
          const half = (h: number) => (full * h) / ref / 2;
          const xm = (x0 + x1) / 2;
          const points = [
            [x0, centre - half(row.result.ha)],
            [xm, centre - half(row.result.hm)],
            [x1, centre - half(row.result.hp)],
            [x1, centre + half(row.result.hp)],
            [xm, centre + half(row.result.hm)],
            [x0, centre + half(row.result.ha)],
          ]
            .map(([x, y]) => `${x!.toFixed(1)},${y!.toFixed(1)}`)
            .join(' ');
          const colour = GRADE_COLOURS[row.result.grade];
          const treated = row.augmentation !== 'none';
          return (
            <g
              key={level}
              data-level={level}
              data-grade={row.result.grade}
              data-augmentation={row.augmentation}
              className={row.id === selectedId ? 'measured selected' : 'measured'}
              onClick={() => onSelect(row.id)}
            >
              <title>{[`${level}: ${gradeText(row.result.grade, row.result.type)}${treated ? `, ${AUGMENTATION_NAMES[row.augmentation]}` : ''}`, ...annotationNotes(row)].join('; ')}</title>
              {label}
              <polygon points={points} fill={colour} fillOpacity={0.35} stroke={colour} strokeWidth={row.id === selectedId ? 2.5 : 1.5} />
              {treated && (
                // The cement: a bright body core, as it shows on the image.
                <ellipse cx={xm} cy={centre} rx={BODY_WIDTH * 0.28} ry={full * 0.22} className="chart-cement" />
              )}
              <text x={x1 + 8} y={centre + 4} className="chart-grade" fill={colour}>
                {gradeText(row.result.grade, row.result.type)}
                {treated && ` · ${AUGMENTATION_NAMES[row.augmentation]}`}
                {/* A grade from a placement or label that needs checking (morphometry.md 2a) never stands alone. */}
                {needsCheck(row) && <tspan className="chart-check" data-field="placement-check">{' ⚠ check'}</tspan>}
              </text>
            </g>
          );
        })}
        {curve && (
          <g className="sagittal-curve" data-field="sagittal-curve">
            <title>Sagittal curve from the measured endplates (anterior to the left)</title>
            <polyline
              points={drawn.map(([o, i]) => `${(CURVE_X + 30 + o * SLOT).toFixed(1)},${centreOf(i).toFixed(1)}`).join(' ')}
              fill="none"
              stroke="currentColor"
              strokeWidth={2}
            />
            {levels.map((level, i) =>
              tilts.has(level) ? <circle key={level} cx={CURVE_X + 30 + (curve[i] as number) * SLOT} cy={centreOf(i)} r={2.5} fill="currentColor" /> : null,
            )}
          </g>
        )}
      </svg>
      <figcaption className="legend">
        {([0, 1, 2, 3] as const).map((g) => (
          <span key={g}>
            <i style={{ background: GRADE_COLOURS[g] }} /> G{g} {GRADE_NAMES[g]}
          </span>
        ))}
        <span className="hint">Anterior on the left; heights relative to the tallest body.</span>
      </figcaption>
    </figure>
  );
}
