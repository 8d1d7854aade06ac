import './fractureAge.css';
import type { EdemaSequence } from '../morphometry';

interface Props {
  viewport: number;
  /** What the series was recognised as, why, and whether the reader set it. */
  recognised: { sequence: EdemaSequence; why: string; overridden: boolean };
  /** null goes back to the automatic recognition. */
  onChange: (sequence: EdemaSequence | null) => void;
}

const SEQUENCES: readonly EdemaSequence[] = ['T1', 'STIR', 'T2-FS', 'other'];

/** The sequence a viewport's series was recognised as, which the reader can override (hanging, edema prefill). */
export function SequenceSelect({ viewport, recognised, onChange }: Props) {
  return (
    <select
      className="sequence-select"
      aria-label={`Sequence of viewport ${viewport}`}
      title={`Recognised as ${recognised.sequence}: ${recognised.why}`}
      value={recognised.overridden ? recognised.sequence : ''}
      onChange={(e) => onChange((e.currentTarget.value || null) as EdemaSequence | null)}
    >
      <option value="">{recognised.overridden ? 'auto' : `${recognised.sequence} (auto)`}</option>
      {SEQUENCES.map((s) => (
        <option key={s} value={s}>
          {s}
        </option>
      ))}
    </select>
  );
}
