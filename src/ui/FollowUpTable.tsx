import type { Comparison, LevelComparison, LevelSide } from '../morphometry';
import { formatHeight, gradeText, GRADE_COLOURS } from '../reading';

interface Props {
  comparison: Comparison;
  selectedLevel: string | null;
  onSelect: (level: string) => void;
}

const STATUS_WORDS: Record<string, string> = {
  new: 'new fracture',
  worsened: 'worsened',
  stable: 'stable',
  improved: 'improved (measuring?)',
  treated: 'treated',
};

/** A change with its sign, no `-0.0`. */
function signed(value: number, digits = 1): string {
  const text = Math.abs(value).toFixed(digits);
  return Number(text) === 0 ? text : `${value < 0 ? '−' : '+'}${text}`;
}

function heights(side: LevelSide | undefined) {
  if (!side) return '—';
  return `${formatHeight(side.ha)}/${formatHeight(side.hm)}/${formatHeight(side.hp)}${side.unit === 'px' ? ' px' : ''}`;
}

function grade(side: LevelSide | undefined) {
  if (!side) return null;
  return <span style={{ color: GRADE_COLOURS[side.grade] }}>{gradeText(side.grade, side.type)}</span>;
}

/**
 * The follow-up table (morphometry.md section 9): per level the grades, the status, the change of each height in
 * mm and %, the prior and current heights and the incident flag. New and incident fractures are highlighted; a level
 * whose heights cannot be compared says why instead of showing numbers.
 */
export function FollowUpTable({ comparison, selectedLevel, onSelect }: Props) {
  return (
    // The column is narrower than the table: the answer (grades, status, incident) comes first and the numbers
    // behind it scroll sideways (focusable, so that the keyboard scrolls it too).
    <div className="follow-up-scroll" tabIndex={0} role="region" aria-label="Follow-up table">
      <table className="results-table follow-up-table">
        <thead>
          <tr>
            <th scope="col">Level</th>
            <th scope="col">Grade</th>
            <th scope="col">Status</th>
            <th scope="col">ΔHa mm (%)</th>
            <th scope="col">ΔHm mm (%)</th>
            <th scope="col">ΔHp mm (%)</th>
            <th scope="col">Prior Ha/Hm/Hp</th>
            <th scope="col">Current Ha/Hm/Hp</th>
            <th scope="col">Incident</th>
          </tr>
        </thead>
        <tbody>
          {comparison.levels.map((l) => (
            <Row key={l.level} level={l} selected={l.level === selectedLevel} onSelect={onSelect} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Row({ level: l, selected, onSelect }: { level: LevelComparison; selected: boolean; onSelect: (level: string) => void }) {
  const highlight = l.in === 'both' && (l.status === 'new' || l.incident === true) ? ' highlight' : '';
  const className = `${selected ? 'selected' : ''}${highlight}`.trim() || undefined;
  const level = <th scope="row">{l.level}</th>;
  const measured = (
    <>
      <td className="number">{heights(l.prior)}</td>
      <td className="number">{heights(l.current)}</td>
    </>
  );
  if (l.in !== 'both') {
    return (
      <tr data-level={l.level} data-in={l.in} className={className} aria-selected={selected} onClick={() => onSelect(l.level)}>
        {level}
        <td className="muted" colSpan={5}>
          measured in the {l.in} reading only {grade(l.prior ?? l.current)}
        </td>
        {measured}
        <td data-field="incident">—</td>
      </tr>
    );
  }
  const change =
    l.incident === null ? (
      <td className="warning" colSpan={3} title={l.note ?? ''}>
        not assessable: uncalibrated
      </td>
    ) : (
      ([['dHa', 'rHa'], ['dHm', 'rHm'], ['dHp', 'rHp']] as const).map(([d, r]) => (
        <td key={d} className={l.note ? 'number warning' : 'number'} title={l.note ?? undefined} data-field={d}>
          {signed(l[d] as number)} ({signed((l[r] as number) * 100)}%){l.note && ' ⚠'}
        </td>
      ))
    );
  return (
    <tr
      data-level={l.level}
      data-in="both"
      data-status={l.status}
      data-incident={String(l.incident)}
      className={className}
      aria-selected={selected}
      onClick={() => onSelect(l.level)}
    >
      {level}
      <td data-field="grades">
        {grade(l.prior)} → {grade(l.current)}
      </td>
      <td data-field="status">{STATUS_WORDS[l.status]}{l.status === 'treated' && l.current.augmentation ? ` (${l.current.augmentation})` : ''}</td>
      {change}
      {measured}
      <td data-field="incident">{l.incident === null ? '—' : l.incident ? 'incident' : 'no'}</td>
    </tr>
  );
}
