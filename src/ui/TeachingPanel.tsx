import type { ReactNode } from 'react';
import { formatHeight, gradeText } from '../reading';
import type { CaseFeedback, LevelComparison, VertebraView } from '../teaching/feedback';
import type { Pack, PackCase } from '../teaching/pack';
import './teaching.css';

interface Props {
  pack: Pack;
  trainee: string;
  /** The case whose study is on screen, if it is one of the pack's. */
  current: PackCase | undefined;
  /** Submitted cases by id, with when. */
  submittedAt: Readonly<Record<string, string>>;
  /** The case being loaded, if any. */
  opening: string | null;
  /** The last case that could not be opened, and why. */
  openProblem: { caseId: string; message: string } | null;
  /** The current case's feedback once submitted and its reference read; a reference error instead. */
  feedback: CaseFeedback | null;
  referenceProblem: string | null;
  referenceColour: string;
  onOpenCase: (packCase: PackCase) => void;
  onSubmit: (packCase: PackCase) => void;
  onSummary: () => void;
  onEnd: () => void;
}

/** The trainee's side of a teaching session: the cases, the question, submit, and then the feedback. */
export function TeachingPanel(props: Props) {
  const { pack, trainee, current, submittedAt, opening, feedback, referenceProblem, referenceColour } = props;
  const index = current ? pack.cases.indexOf(current) : -1;
  const next = pack.cases[index + 1];
  const done = current ? submittedAt[current.id] : undefined;
  const submittedCount = pack.cases.filter((c) => submittedAt[c.id]).length;
  return (
    <section className="teaching-panel" aria-label="Teaching case">
      <header>
        <div>
          <strong>{pack.title}</strong>
          <span className="muted"> · {trainee} · {submittedCount} of {pack.cases.length} submitted</span>
        </div>
        <div className="teaching-actions">
          <button type="button" onClick={props.onSummary} disabled={submittedCount === 0}>
            Session summary
          </button>
          <button type="button" onClick={props.onEnd}>
            End session
          </button>
        </div>
      </header>
      <ol className="case-list" aria-label="Cases">
        {pack.cases.map((c, i) => (
          <li key={c.id}>
            <button
              type="button"
              className={c === current ? 'current' : ''}
              aria-current={c === current ? 'step' : undefined}
              onClick={() => props.onOpenCase(c)}
              disabled={opening !== null}
              title={c.title}
            >
              {i + 1}
              {submittedAt[c.id] ? ' ✓' : ''}
            </button>
          </li>
        ))}
      </ol>
      {opening && <p role="status">Opening case {pack.cases.findIndex((c) => c.id === opening) + 1}…</p>}
      {!opening && <CaseOpenProblem pack={pack} problem={props.openProblem} onRetry={props.onOpenCase} />}
      {!current && !opening && <p className="muted">Choose a case to begin.</p>}
      {current && (
        <>
          <h2>
            Case {index + 1} of {pack.cases.length}: {current.title}
          </h2>
          <p className="question">{current.question}</p>
          {!done && (
            <>
              <p className="muted">Measure blinded: the reference and the teaching points are shown once you submit.</p>
              <button type="button" className="primary" onClick={() => props.onSubmit(current)}>
                Submit case {index + 1}
              </button>
            </>
          )}
          {done && (
            <>
              <p className="muted">
                Submitted {new Date(done).toLocaleString()}. Your reading is locked.
              </p>
              {referenceProblem && <p className="warning">The reference could not be read: {referenceProblem}</p>}
              {!feedback && !referenceProblem && <p role="status">Reading the reference…</p>}
              {feedback && <Feedback feedback={feedback} referenceColour={referenceColour} />}
              {feedback && current.teachingPoints.length > 0 && (
                <section aria-label="Teaching points">
                  <h3>Teaching points</h3>
                  <ul className="teaching-points">
                    {current.teachingPoints.map((point) => (
                      <li key={point}>{point}</li>
                    ))}
                  </ul>
                </section>
              )}
              {next && (
                <button type="button" className="primary" onClick={() => props.onOpenCase(next)} disabled={opening !== null}>
                  Next: case {index + 2}
                </button>
              )}
              {!next && (
                <button type="button" className="primary" onClick={props.onSummary}>
                  Session summary
                </button>
              )}
            </>
          )}
        </>
      )}
    </section>
  );
}

/**
 * Why a case did not open, naming it (number and title), with a retry: shown in the panel, and on the start
 * screen when no case is open yet (the trainee would otherwise wait on "Opening the first case…").
 */
export function CaseOpenProblem({
  pack,
  problem,
  onRetry,
  onEnd,
}: {
  pack: Pack;
  problem: { caseId: string; message: string } | null;
  onRetry: (packCase: PackCase) => void;
  /** Offered where nothing else ends the session (the start screen). */
  onEnd?: () => void;
}) {
  const index = problem ? pack.cases.findIndex((c) => c.id === problem.caseId) : -1;
  const packCase = pack.cases[index];
  if (!problem || !packCase) return null;
  return (
    <div className="case-open-problem" role="alert">
      <p className="warning">
        Case {index + 1} "{packCase.title}" could not be opened: {problem.message}
      </p>
      <div className="teaching-actions">
        <button type="button" onClick={() => onRetry(packCase)}>
          Try again
        </button>
        {onEnd && (
          <button type="button" onClick={onEnd}>
            End session
          </button>
        )}
      </div>
    </div>
  );
}

function percent(earned: number, possible: number): string {
  return possible ? `${Math.round((earned / possible) * 100)}%` : '—';
}

function Feedback({ feedback, referenceColour }: { feedback: CaseFeedback; referenceColour: string }) {
  const { earned, possible } = feedback.score;
  return (
    <section aria-label="Feedback">
      <p className="case-score">
        Case score <strong>{earned} / {possible}</strong> ({percent(earned, possible)})
      </p>
      <p className="muted legend">
        <span className="swatch" style={{ background: referenceColour }} /> Reference, drawn over your vertebrae. A point is one
        agreement: grade, type (fractures), heights within 1 mm, edema and age (where the reference found edema, or its absence
        in a fracture).
      </p>
      <table className="feedback-table">
        <thead>
          <tr>
            <th scope="col">Level</th>
            <th scope="col">Grade: you / ref</th>
            <th scope="col" title="Your height minus the reference's, mm">
              ΔHa ΔHm ΔHp mm
            </th>
            <th scope="col">Edema / age: you / ref</th>
          </tr>
        </thead>
        <tbody>
          {feedback.levels.map((level) => (
            <Row key={level.level} level={level} placementNotes={feedback.placementNotes[level.level] ?? []} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function mark(agrees: boolean | null): ReactNode {
  if (agrees === null) return null;
  return agrees ? <span className="agree" aria-label="agrees">✓</span> : <span className="disagree" aria-label="differs">✗</span>;
}

function grade(view: VertebraView | null): string {
  if (!view) return 'not read';
  if (view.grade === null) return 'not measured';
  return gradeText(view.grade, view.type);
}

/** A signed difference to 0.1 mm; one that rounds to zero is written without a sign. */
function delta(value: number | null): string {
  if (value === null) return '—';
  const text = formatHeight(Math.abs(value));
  if (text === '0.0') return text;
  return value > 0 ? `+${text}` : `−${text}`;
}

function ageText(view: VertebraView | null): string {
  if (!view || view.edema === 'not-assessed') return '—';
  return `${view.edema === 'present' ? 'edema' : 'no edema'}, ${view.age}`;
}

function Row({ level, placementNotes }: { level: LevelComparison; placementNotes: readonly string[] }) {
  const gradeOk = level.gradeAgrees === null ? null : level.gradeAgrees && level.typeAgrees !== false;
  const edemaOk = level.edemaAgrees === null ? null : level.edemaAgrees && level.ageAgrees !== false;
  return (
    <tr data-level={level.level}>
      <th scope="row">{level.level}</th>
      <td>
        {grade(level.trainee)} / {grade(level.reference)} {mark(gradeOk)}
        {placementNotes.map((note) => (
          <span key={note} className="placement-note warning" data-field="placement-note">
            ⚠ {note}
          </span>
        ))}
      </td>
      <td className="numeric">
        {level.dHa === null ? '—' : `${delta(level.dHa)} ${delta(level.dHm)} ${delta(level.dHp)}`} {mark(level.heightsAgree)}
      </td>
      <td>
        {level.edemaAgrees === null ? '—' : `${ageText(level.trainee)} / ${ageText(level.reference)}`} {mark(edemaOk)}
      </td>
    </tr>
  );
}
