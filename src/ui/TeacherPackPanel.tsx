import { useState } from 'react';
import type { DraftCase, PackDraft } from '../teaching/draft';
import './teaching.css';

interface Props {
  draft: PackDraft;
  /** The study on screen and its reading (null before one is open), to save as a case's reference. */
  study: { studyInstanceUid: string; title: string; measured: number } | null;
  message: { text: string; problem: boolean } | null;
  busy: boolean;
  /** The PACS a pack can be stored on, if one is set up. */
  serverName: string | null;
  onSaveReference: (details: Pick<DraftCase, 'title' | 'question' | 'teachingPoints'>) => void;
  onRemove: (id: string) => void;
  onTitle: (title: string) => void;
  onExport: () => void;
  onStore: () => void;
  onDiscard: () => void;
  onDismiss: () => void;
}

/** The teacher's case pack: save the reading on screen as a case's reference, then export or store the pack. */
export function TeacherPackPanel(props: Props) {
  const { draft, study, message, busy, serverName } = props;
  const [form, setForm] = useState<{ title: string; question: string; points: string } | null>(null);
  const inPack = study ? draft.cases.find((c) => c.studyInstanceUid === study.studyInstanceUid) : undefined;

  return (
    <details className="teacher-pack" open={draft.cases.length > 0 || form !== null}>
      <summary>
        Teaching pack{draft.cases.length ? ` (${draft.cases.length} ${draft.cases.length === 1 ? 'case' : 'cases'})` : ''}
      </summary>
      <div className="teacher-pack-body">
        {!form && (
          <button
            type="button"
            disabled={!study || study.measured === 0}
            title={study?.measured === 0 ? 'Measure the study first: the reading on screen becomes the reference' : undefined}
            onClick={() =>
              setForm({
                title: inPack?.title ?? study?.title ?? '',
                question: inPack?.question ?? 'Measure every vertebra from T4 to L4 and grade it (Genant).',
                points: inPack?.teachingPoints.join('\n') ?? '',
              })
            }
          >
            {inPack ? 'Save as reference again…' : 'Save as reference…'}
          </button>
        )}
        {form && (
          <form
            className="reference-form"
            aria-label="Save as reference"
            onSubmit={(e) => {
              e.preventDefault();
              props.onSaveReference({
                title: form.title.trim() || 'Case',
                question: form.question.trim(),
                teachingPoints: form.points.split('\n').map((p) => p.trim()).filter(Boolean),
              });
              setForm(null);
            }}
          >
            <p className="muted">The reading on screen ({study?.measured} vertebrae) becomes this case's reference.</p>
            <label>
              Case title <input value={form.title} onChange={(e) => setForm({ ...form, title: e.currentTarget.value })} required />
            </label>
            <label>
              Question for the trainee
              <textarea rows={2} value={form.question} onChange={(e) => setForm({ ...form, question: e.currentTarget.value })} required />
            </label>
            <label>
              Teaching points (one per line, shown after submit)
              <textarea rows={4} value={form.points} onChange={(e) => setForm({ ...form, points: e.currentTarget.value })} />
            </label>
            <div className="teaching-actions">
              <button type="submit" className="primary">
                Save reference
              </button>
              <button type="button" onClick={() => setForm(null)}>
                Cancel
              </button>
            </div>
          </form>
        )}
        {draft.cases.length > 0 && (
          <>
            <label>
              Pack title <input value={draft.title} onChange={(e) => props.onTitle(e.currentTarget.value)} />
            </label>
            <ol className="draft-cases">
              {draft.cases.map((c) => (
                <li key={c.id}>
                  {c.title}{' '}
                  <span className="muted">
                    ({c.reference.vertebrae.filter((v) => v.measurement).length} vertebrae)
                  </span>{' '}
                  <button type="button" className="small" aria-label={`Remove ${c.title}`} onClick={() => props.onRemove(c.id)}>
                    ×
                  </button>
                </li>
              ))}
            </ol>
            <div className="teaching-actions">
              <button type="button" onClick={props.onExport} disabled={busy}>
                Export pack (zip)
              </button>
              <button
                type="button"
                onClick={props.onStore}
                disabled={busy || !serverName}
                title={serverName ? `Store the studies and references (SR) on "${serverName}"` : 'Set up a PACS (Open from PACS…) to store packs on it'}
              >
                Store on PACS
              </button>
              <button type="button" onClick={props.onDiscard} disabled={busy}>
                Discard pack
              </button>
            </div>
          </>
        )}
        {message && (
          <div className={`persistence-message${message.problem ? ' problem' : ''}`} role={message.problem ? 'alert' : 'status'}>
            <p>{message.text}</p>
            <button type="button" className="icon" aria-label="Dismiss" onClick={props.onDismiss}>
              ×
            </button>
          </div>
        )}
      </div>
    </details>
  );
}
