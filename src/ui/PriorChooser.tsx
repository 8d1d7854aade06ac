import { useRef } from 'react';
import { useModalDialog } from './focus';
import type { PriorCandidate } from '../followup/candidates';
import { formatDicomDate } from './format';

interface Props {
  candidates: readonly PriorCandidate[];
  searching: boolean;
  pacsProblem: string | null;
  onChoose: (candidate: PriorCandidate) => void;
  onCancel: () => void;
}

/** The patient's other studies, newest first; one dated after the current study is listed but cannot be the prior. */
export function PriorChooser({ candidates, searching, pacsProblem, onChoose, onCancel }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  useModalDialog(dialog);
  return (
    <dialog
      ref={dialog}
      className="choice prior-chooser"
      aria-label="Compare with prior"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <h2>Compare with prior</h2>
      <p>The patient’s other studies (same Patient ID). Choose the prior study to compare this one with.</p>
      {candidates.length > 0 ? (
        <ul className="prior-list">
          {candidates.map((c) => (
            <li key={c.studyInstanceUid}>
              <button type="button" disabled={c.later} onClick={() => onChoose(c)} title={c.later ? 'Dated after this study: not a prior' : undefined}>
                {formatDicomDate(c.studyDate) || 'date unknown'} · {c.description || c.modalities.join(', ') || 'study'} ·{' '}
                {c.where === 'loaded' ? 'open here' : 'on the PACS'}
                {c.later ? ' · later than this study' : ''}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        !searching && <p className="muted">No other study of this patient{pacsProblem ? ' is open here' : ' was found'}.</p>
      )}
      {searching && <p role="status">Asking the PACS for the patient’s studies…</p>}
      {pacsProblem && <p className="muted">{pacsProblem}</p>}
      <div className="actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
