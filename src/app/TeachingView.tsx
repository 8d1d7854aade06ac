/**
 * The teaching session on screen: the trainee's panel (cases, question, submit, feedback), the submit question,
 * the session summary with its CSV, and the reference drawn over a submitted case.
 */
import { useEffect, useState } from 'react';
import { downloadFile } from '../persistence/download';
import { gradeText } from '../reading';
import { sessionCsv } from '../teaching/summary';
import type { PackCase } from '../teaching/pack';
import { ChoiceDialog } from '../ui/ChoiceDialog';
import { SessionSummary } from '../ui/SessionSummary';
import { TeachingPanel } from '../ui/TeachingPanel';
import { REFERENCE_COLOUR, showReference } from '../viewer/referenceOverlay';
import type { ReadingSessions } from './readingSessions';
import { describeImage } from './seriesImages';
import type { Teaching } from './useTeaching';

interface Props {
  teaching: Teaching;
  activeStudy: string | null;
  sessions: ReadingSessions;
  /** Ends the session and closes its cases. */
  onEnd: () => void;
}

export function TeachingView({ teaching, activeStudy, sessions, onEnd }: Props) {
  const session = teaching.session!;
  const { pack } = session.opened;
  const current = teaching.caseOfStudy(activeStudy);
  const [confirm, setConfirm] = useState<PackCase | null>(null);
  const [summaryOpen, setSummaryOpen] = useState(false);
  const reference = current ? teaching.references[current.id] : undefined;
  const submittedAt = Object.fromEntries(Object.entries(teaching.submitted).map(([id, s]) => [id, s.at]));

  // After submit, the reference is drawn over the trainee's vertebrae.
  useEffect(() => {
    if (reference?.status !== 'ready') return;
    const labels = new Map(
      reference.reading.findings.map((finding) => {
        const vertebra = reference.document.vertebrae.find((v) => v.level === finding.level);
        const grade = vertebra?.grade ?? null;
        return [finding.id, `${finding.level} ref  ${grade === null ? '' : gradeText(grade, vertebra?.type ?? null)}`];
      }),
    );
    return showReference(reference.reading.findings, labels, describeImage);
  }, [reference]);

  const measuredCount = (packCase: PackCase) =>
    sessions.document(packCase.studyInstanceUid)?.vertebrae.filter((v) => v.measurement !== null).length ?? 0;

  const exportCsv = () => {
    const name = `${session.trainee}_${pack.title}`.replace(/[^\w.-]+/g, '-');
    downloadFile(`${name}_kypho-session.csv`, `\uFEFF${sessionCsv(session.trainee, pack.title, teaching.results)}`, 'text/csv;charset=utf-8');
  };

  return (
    <>
      <TeachingPanel
        pack={pack}
        trainee={session.trainee}
        current={current}
        submittedAt={submittedAt}
        opening={teaching.opening}
        openProblem={teaching.openProblem}
        feedback={current ? (teaching.feedback.get(current.id) ?? null) : null}
        referenceProblem={reference?.status === 'failed' ? reference.error : null}
        referenceColour={REFERENCE_COLOUR}
        onOpenCase={(c) => void teaching.openCase(c)}
        onSubmit={setConfirm}
        onSummary={() => setSummaryOpen(true)}
        onEnd={onEnd}
      />
      {confirm && (
        <ChoiceDialog
          title="Submit this case"
          message={`Submit case ${pack.cases.indexOf(confirm) + 1} with ${measuredCount(confirm)} vertebrae measured? Your reading is then locked and compared with the reference.`}
          choices={[
            {
              label: 'Submit',
              onChoose: () => {
                const document = sessions.document(confirm.studyInstanceUid);
                if (document) teaching.submit(confirm, document);
                setConfirm(null);
              },
            },
            { label: 'Keep measuring', onChoose: () => setConfirm(null) },
          ]}
          onCancel={() => setConfirm(null)}
        />
      )}
      {summaryOpen && (
        <SessionSummary
          pack={pack}
          trainee={session.trainee}
          summary={teaching.summary}
          caseScores={pack.cases.flatMap((c) => {
            const f = teaching.feedback.get(c.id);
            return f ? [{ caseId: c.id, ...f.score }] : [];
          })}
          onExportCsv={exportCsv}
          onClose={() => setSummaryOpen(false)}
        />
      )}
    </>
  );
}
