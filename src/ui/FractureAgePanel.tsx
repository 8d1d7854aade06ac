import './fractureAge.css';
import type { EdemaExtent, EdemaSequence, FractureAge, Edema } from '../morphometry';
import { GRADE_COLOURS, type AssessmentRow, type FractureAssessment } from '../reading';
import { hasSpineJudgement, SpineJudgements } from './SpineJudgements';

interface Props {
  rows: readonly AssessmentRow[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  onAssess: (row: AssessmentRow, changes: Partial<FractureAssessment>) => void;
  /** Said beside every signal ratio. */
  signalRatioCaveat: string;
  /** The signal-ratio tool is on the left mouse button. */
  signalRatioActive: boolean;
  onSignalRatio: () => void;
  /** The open study has a STIR or T2 fat-sat series, where the `E` hint applies. */
  fluidSensitive: boolean;
}

const EDEMA: readonly { value: Edema; label: string }[] = [
  { value: 'present', label: 'present' },
  { value: 'absent', label: 'absent' },
  { value: 'not-assessed', label: 'not assessed' },
];
const EXTENTS: readonly EdemaExtent[] = ['<25%', '25-74%', '>=75%'];
const SEQUENCES: readonly EdemaSequence[] = ['STIR', 'T2-FS', 'T1', 'other'];
const AGES: readonly FractureAge[] = ['acute', 'chronic', 'indeterminate'];

/**
 * Fracture age per vertebra (morphometry.md section 7): edema, its extent and the sequence it was judged on, the
 * age derived from edema and grade (or the reader's override), and the malignancy flag. One row per level,
 * measured or not.
 */
export function FractureAgePanel({ rows, selectedId, onSelect, onAssess, signalRatioCaveat, signalRatioActive, onSignalRatio, fluidSensitive }: Props) {
  return (
    <section className="fracture-age" aria-label="Fracture age">
      <header className="results-header">
        <h2>Fracture age</h2>
        <button
          type="button"
          className="small"
          aria-pressed={signalRatioActive}
          onClick={onSignalRatio}
          title="Drag an ellipse in the vertebra, then one in a normal reference vertebra on the same image (Q)"
        >
          Signal ratio
        </button>
      </header>
      {rows.length > 0 && (
        <p className="age-columns muted small" aria-hidden="true">
          <span>Level</span>
          <span>Grade</span>
          <span>Edema</span>
        </p>
      )}
      {rows.length === 0 && !fluidSensitive ? (
        <p className="muted empty">Every measured vertebra gets a row here, for its edema and fracture age.</p>
      ) : rows.length === 0 ? (
        <p className="muted empty">
          Press <kbd>E</kbd> with the mouse over a vertebra on the STIR to flag marrow edema (the vertebra under the cursor
          if it is measured, else the level in <strong>Level</strong>). Every measured vertebra gets a row here too.
        </p>
      ) : (
        <ul className="age-rows">
          {rows.map((row) => (
            <AgeRow
              key={row.id}
              row={row}
              selected={row.id === selectedId}
              onSelect={onSelect}
              onAssess={onAssess}
              signalRatioCaveat={signalRatioCaveat}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function AgeRow({
  row,
  selected,
  onSelect,
  onAssess,
  signalRatioCaveat,
}: {
  row: AssessmentRow;
  selected: boolean;
  onSelect: (id: string) => void;
  onAssess: Props['onAssess'];
  signalRatioCaveat: string;
}) {
  const set = (changes: Partial<FractureAssessment>) => onAssess(row, changes);
  const { level } = row;
  // A normal vertebra with nothing judged shows one line; selecting it shows the rest (age, malignancy flag).
  const quiet =
    row.grade === 0 && row.edema === 'not-assessed' && !row.ageOverridden && !row.suspiciousForMalignancy && row.signalRatio === null && !hasSpineJudgement(row);
  return (
    <li
      className={`age-row${selected ? ' selected' : ''}${quiet ? ' quiet' : ''}`}
      data-level={level}
      data-age={row.age}
      aria-label={`Fracture age of ${level}`}
      aria-current={selected || undefined}
      onClick={() => onSelect(row.id)}
    >
      <div className="age-line" onClick={(e) => e.stopPropagation()}>
        <strong className="age-level" onClick={() => onSelect(row.id)}>
          {level}
        </strong>
        <span className="age-grade" data-field="grade" onClick={() => onSelect(row.id)}>
          {row.grade === null ? (
            <span className="muted" title="No heights measured at this level">—</span>
          ) : (
            <span className="grade" style={{ background: GRADE_COLOURS[row.grade] }} title={`Genant grade ${row.grade}${row.type ? ` ${row.type}` : ''}`}>
              {row.grade}
            </span>
          )}
        </span>
        <fieldset className="edema" aria-label={`Edema of ${level}`} title="Marrow edema: bright on STIR / T2 fat-sat, dark on T1">
          {EDEMA.map(({ value, label }) => (
            <label key={value} className={row.edema === value ? `checked edema-${value}` : undefined}>
              <input type="radio" name={`edema-${row.id}`} value={value} checked={row.edema === value} onChange={() => set({ edema: value })} />
              {label}
            </label>
          ))}
        </fieldset>
        <select
          aria-label={`Edema extent of ${level}`}
          title="Share of the vertebral body with edema"
          value={row.edemaExtent ?? ''}
          onChange={(e) => set({ edemaExtent: (e.currentTarget.value || null) as EdemaExtent | null })}
        >
          <option value="">extent…</option>
          {EXTENTS.map((extent) => (
            <option key={extent} value={extent}>
              {extent}
            </option>
          ))}
        </select>
        <select
          aria-label={`Sequence of ${level}`}
          title="The sequence the edema was judged on"
          value={row.sequence ?? ''}
          onChange={(e) => set({ sequence: (e.currentTarget.value || null) as EdemaSequence | null })}
        >
          <option value="">on…</option>
          {SEQUENCES.map((sequence) => (
            <option key={sequence} value={sequence}>
              on {sequence}
            </option>
          ))}
        </select>
      </div>
      {(!quiet || selected) && (
        <div className="age-line" onClick={(e) => e.stopPropagation()}>
          <label className={`age age-${row.age}`}>
            Age{' '}
            <select
              aria-label={`Age of ${level}`}
              data-field="age"
              value={row.ageOverride ?? ''}
              onChange={(e) => set({ ageOverride: (e.currentTarget.value || null) as FractureAge | null })}
            >
              <option value="">{row.derivedAge} (derived)</option>
              {AGES.map((age) => (
                <option key={age} value={age}>
                  {age} (override)
                </option>
              ))}
            </select>
          </label>
          <label className="malignancy">
            <input
              type="checkbox"
              aria-label={`${level} suspicious for malignancy`}
              checked={row.suspiciousForMalignancy}
              onChange={(e) => set({ suspiciousForMalignancy: e.currentTarget.checked })}
            />{' '}
            suspicious for malignancy
          </label>
        </div>
      )}
      {(!quiet || selected) && <SpineJudgements row={row} onAssess={set} />}
      {row.signalRatio !== null && (
        <div className="age-line">
          <span className="signal-ratio" data-field="signal-ratio" data-value={row.signalRatio}>
            Signal ratio {row.signalRatio.toFixed(2)}
          </span>
          <span className="muted">{signalRatioCaveat}</span>
        </div>
      )}
    </li>
  );
}
