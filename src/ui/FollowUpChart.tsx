import { type Comparison, type LevelSide } from '../morphometry';
import { gradeText, GRADE_COLOURS } from '../reading';
import { chartLevels } from './SpineChart';

interface Props {
  comparison: Comparison;
  selectedLevel: string | null;
  onSelect: (level: string) => void;
}

const SLOT = 24;
const BODY = 30;
const LABEL = 34;
const GAP = 10;
const TOP = 18;
const WIDTH = LABEL + BODY * 2 + GAP + 170;

/**
 * The spine chart of a follow-up: each level's prior body (left) and current body (right), drawn with their own
 * heights and coloured by grade, so that a new or worse fracture stands out beside its earlier self.
 */
export function FollowUpChart({ comparison, selectedLevel, onSelect }: Props) {
  const byLevel = new Map(comparison.levels.map((l) => [l.level, l]));
  const levels = chartLevels(comparison.levels.map((l) => l.level));
  const sides = comparison.levels.flatMap((l) => [l.prior, l.current].filter((s): s is LevelSide => !!s));
  // Each side relative to the tallest body in the same unit, as in the reading's own chart.
  const tallest = (unit: string) => Math.max(...sides.filter((s) => s.unit === unit).map((s) => Math.max(s.ha, s.hm, s.hp)));
  const height = TOP + levels.length * SLOT + 6;
  const described = comparison.levels
    .map((l) => `${l.level} ${l.prior ? `G${l.prior.grade}` : 'not measured'} to ${l.current ? `G${l.current.grade}` : 'not measured'}`)
    .join(', ');

  const body = (side: LevelSide | undefined, x0: number, centre: number) => {
    if (!side) return <rect className="unmeasured" x={x0} y={centre - SLOT * 0.32} width={BODY} height={SLOT * 0.64} rx={3} />;
    const half = (h: number) => ((SLOT * 0.84 * h) / tallest(side.unit)) / 2;
    const x1 = x0 + BODY;
    const xm = (x0 + x1) / 2;
    const points = [
      [x0, centre - half(side.ha)],
      [xm, centre - half(side.hm)],
      [x1, centre - half(side.hp)],
      [x1, centre + half(side.hp)],
      [xm, centre + half(side.hm)],
      [x0, centre + half(side.ha)],
    ]
      .map(([x, y]) => `${x!.toFixed(1)},${y!.toFixed(1)}`)
      .join(' ');
    const colour = GRADE_COLOURS[side.grade];
    return <polygon points={points} fill={colour} fillOpacity={0.35} stroke={colour} strokeWidth={1.5} />;
  };

  return (
    <figure className="spine-chart follow-up-chart">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} width={WIDTH} height={height} role="img" aria-label={`Follow-up spine chart, prior left of current: ${described}`}>
        <text x={LABEL + BODY / 2} y={11} textAnchor="middle" className="chart-level">
          prior
        </text>
        <text x={LABEL + BODY + GAP + BODY / 2} y={11} textAnchor="middle" className="chart-level">
          current
        </text>
        {levels.map((level, i) => {
          const centre = TOP + i * SLOT + SLOT / 2;
          const l = byLevel.get(level);
          const flagged = l?.in === 'both' && (l.status === 'new' || l.incident === true);
          const grades = l?.in === 'both' ? `${gradeText(l.prior.grade, null)} → ${gradeText(l.current.grade, l.current.type)}` : '';
          return (
            <g
              key={level}
              data-level={level}
              className={`${l ? 'measured' : 'unmeasured'}${level === selectedLevel ? ' selected' : ''}${flagged ? ' flagged' : ''}`}
              onClick={() => l && onSelect(level)}
            >
              <text x={LABEL - 6} y={centre + 4} textAnchor="end" className="chart-level">
                {level}
              </text>
              {body(l?.prior, LABEL, centre)}
              {body(l?.current, LABEL + BODY + GAP, centre)}
              <text x={LABEL + BODY * 2 + GAP + 8} y={centre + 4} className="chart-grade" fill={l?.current ? GRADE_COLOURS[l.current.grade] : undefined}>
                {grades}
                {flagged ? (l?.in === 'both' && l.incident ? ' incident' : ' new') : ''}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
