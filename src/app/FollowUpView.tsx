/**
 * The follow-up beside the results: "Compare with prior…", then the comparison of the pair on screen (table,
 * sentences, spine chart), and the other study's vertebrae drawn (not editable) on its viewport.
 */
import { useEffect } from 'react';
import { followUpSentences, gradeText } from '../reading';
import { FollowUpChart } from '../ui/FollowUpChart';
import { FollowUpTable } from '../ui/FollowUpTable';
import { PriorChooser } from '../ui/PriorChooser';
import { showReference } from '../viewer/referenceOverlay';
import { describeImage } from './seriesImages';
import { dateText, type FollowUp } from './useFollowUp';
import '../ui/followUp.css';

interface Props {
  followUp: FollowUp;
  activeStudy: string | null;
}

export function FollowUpView({ followUp, activeStudy }: Props) {
  const { pair, comparison, chooser, message } = followUp;

  // The vertebrae of the study not in use are drawn too (the morphometry bridge draws only the active study's).
  const priorActive = pair !== null && activeStudy === pair.priorUid;
  const other = pair ? (priorActive ? followUp.currentFindings : followUp.priorFindings) : null;
  const otherLevels = comparison ? comparison.levels : [];
  useEffect(() => {
    if (!other) return;
    const side = priorActive ? 'current' : 'prior';
    const labels = new Map(
      other.map((f) => {
        const l = otherLevels.find((x) => x.level === f.level);
        const s = l?.[side];
        return [f.id, `${f.level} ${side}${s ? `  ${gradeText(s.grade, s.type)}` : ''}`];
      }),
    );
    return showReference(other, labels, describeImage);
  }, [other, priorActive, otherLevels]);

  const sentences = comparison ? followUpSentences(comparison) : null;
  return (
    <section className="follow-up" aria-label="Follow-up">
      <header className="results-header">
        <h2>Follow-up</h2>
        {pair ? (
          <button type="button" onClick={followUp.stop}>
            End comparison
          </button>
        ) : (
          <button type="button" disabled={!followUp.available} onClick={() => void followUp.start()}>
            Compare with prior…
          </button>
        )}
      </header>
      {message && (
        <div className={`persistence-message${message.problem ? ' problem' : ''}`} role={message.problem ? 'alert' : 'status'}>
          <p>{message.text}</p>
          <button type="button" className="icon" aria-label="Dismiss" onClick={followUp.dismissMessage}>
            ×
          </button>
        </div>
      )}
      {pair && (
        <p className="summary" data-field="follow-up-pair">
          Prior {dateText(pair.priorDate)} → current {dateText(pair.currentDate)}
          {comparison?.intervalDays != null && ` (${comparison.intervalDays} days)`}
        </p>
      )}
      {followUp.problems.map((p) => (
        <p key={p} className="notice" role="alert">
          Not compared: {p}
        </p>
      ))}
      {comparison && sentences && (
        <>
          {sentences.warnings.map((w) => (
            <p key={w} className="warning" role="note">
              ⚠ {w}
            </p>
          ))}
          <FollowUpTable comparison={comparison} selectedLevel={followUp.selectedLevel} onSelect={followUp.selectLevel} />
          <ul className="follow-up-sentences" aria-label="Follow-up report sentences">
            {[sentences.intro, ...sentences.levels, ...sentences.onlyOne, sentences.sdi].map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
          <FollowUpChart comparison={comparison} selectedLevel={followUp.selectedLevel} onSelect={followUp.selectLevel} />
        </>
      )}
      {chooser && (
        <PriorChooser
          candidates={chooser.candidates}
          searching={chooser.searching}
          pacsProblem={chooser.pacsProblem}
          onChoose={(c) => void followUp.choose(c)}
          onCancel={followUp.cancel}
        />
      )}
    </section>
  );
}

/** Which study a viewport of the pair shows, and of which date: the prior is always labelled as such. */
export function FollowUpLabel({ text }: { text: string | null }) {
  return text ? <div className="follow-up-label" data-field="follow-up-label">{text}</div> : null;
}
