import { useRef } from 'react';
import { useModalDialog } from './focus';
import type { Pack } from '../teaching/pack';
import type { SessionSummary as Summary } from '../teaching/summary';
import { ClassTableSection } from './ClassTable';
import { formatKappa, formatMm, formatShare } from './teachingFormat';
import './teaching.css';

interface Props {
  pack: Pack;
  trainee: string;
  summary: Summary | null;
  /** Per submitted case: its score. */
  caseScores: readonly { caseId: string; earned: number; possible: number }[];
  onExportCsv: () => void;
  onClose: () => void;
}

/** Across the submitted cases: the numbers a teacher grades a session by, and the CSV that carries them. */
export function SessionSummary({ pack, trainee, summary, caseScores, onExportCsv, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  useModalDialog(dialog);
  const titleOf = (caseId: string) => {
    const index = pack.cases.findIndex((c) => c.id === caseId);
    return `${index + 1}. ${pack.cases[index]?.title ?? caseId}`;
  };
  const levels = (list: readonly { caseId: string; level: string }[]) =>
    list.length ? list.map((m) => `${m.level} (case ${pack.cases.findIndex((c) => c.id === m.caseId) + 1})`).join(', ') : 'none';
  return (
    <dialog ref={dialog} className="session-summary" aria-label="Session summary" onClose={onClose}>
      <h2>Session summary: {trainee}</h2>
      <p className="muted">{pack.title}: {caseScores.length} of {pack.cases.length} cases submitted.</p>
      {!summary && <p>No case has feedback yet: submit a case first.</p>}
      {summary && (
        <>
          <table className="summary-table">
            <tbody>
              <tr>
                <th scope="row">Mean absolute height error</th>
                <td data-field="meanAbsHeightErrorMm">{formatMm(summary.meanAbsHeightErrorMm)} over {summary.matched} matched vertebrae</td>
              </tr>
              <tr>
                <th scope="row">Grade agreement</th>
                <td data-field="gradeAgreement">{formatShare(summary.gradeAgreement)}</td>
              </tr>
              <tr>
                <th scope="row">Weighted kappa (linear)</th>
                <td data-field="kappa">{formatKappa(summary.kappa)}</td>
              </tr>
              <tr>
                <th scope="row">Fractures missed</th>
                <td data-field="missed">{levels(summary.missed)}</td>
              </tr>
              <tr>
                <th scope="row">Over-called</th>
                <td data-field="overcalled">{levels(summary.overcalled)}</td>
              </tr>
              <tr>
                <th scope="row">Score</th>
                <td data-field="score">
                  {summary.score.earned} / {summary.score.possible}
                </td>
              </tr>
            </tbody>
          </table>
          <h3>Cases</h3>
          <ul className="case-scores">
            {caseScores.map((c) => (
              <li key={c.caseId}>
                {titleOf(c.caseId)}: {c.earned} / {c.possible}
              </li>
            ))}
          </ul>
          <p className="muted">
            Grades are compared over the levels the reference measured; a level you did not measure counts as grade 0. Heights are
            compared where you both measured the level.
          </p>
        </>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onExportCsv} disabled={!summary}>
          Export CSV for the teacher
        </button>
        <button type="button" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </div>
      <ClassTableSection />
    </dialog>
  );
}
