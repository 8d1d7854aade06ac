import { compareLevels, isTransitional, LEVELS, type Level } from '../morphometry';
import { gradeText, GRADE_COLOURS, GRADE_NAMES, type ResultRow } from '../reading';

interface Props {
  rows: readonly ResultRow[];
  selectedId: string | null;
  onSelect: (id: string) => void;
}

const SLOT = 27;
const BODY_WIDTH = 40;
const LABEL_WIDTH = 34;
const TOP = 6;
const WIDTH = LABEL_WIDTH + BODY_WIDTH + 100;

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
  const described = rows.map((r) => `${r.level} ${gradeText(r.result.grade, r.result.type)}`).join(', ');

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
          return (
            <g
              key={level}
              data-level={level}
              data-grade={row.result.grade}
              className={row.id === selectedId ? 'measured selected' : 'measured'}
              onClick={() => onSelect(row.id)}
            >
              <title>{`${level}: ${gradeText(row.result.grade, row.result.type)}`}</title>
              {label}
              <polygon points={points} fill={colour} fillOpacity={0.35} stroke={colour} strokeWidth={row.id === selectedId ? 2.5 : 1.5} />
              <text x={x1 + 8} y={centre + 4} className="chart-grade" fill={colour}>
                {gradeText(row.result.grade, row.result.type)}
              </text>
            </g>
          );
        })}
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
