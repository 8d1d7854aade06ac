/**
 * Export, import and the printable report of the active study's reading, with the save state beside them.
 * Returns the bar shown above the results, the dialogs and the report page, and the import action (also
 * offered for SRs found among the opened files).
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { FrameRef, StudyCollection } from '../dicom';
import { GRADE_COLOURS, annotationLabel, annotationNotes, imageKey, type ResultRow } from '../reading';
import { ChoiceDialog } from '../ui/ChoiceDialog';
import { ExportMenu, type ExportChoice } from '../ui/ExportMenu';
import { ReaderSettings } from '../ui/ReaderSettings';
import { ForgetReadings, type StoredReadings } from '../ui/ForgetReadings';
import { MergeDialog } from '../ui/MergeDialog';
import { questionCount, type MergeChoices, type MergeQuestions } from '../persistence/mergeReadings';
import { countSavedReadings, forgetSavedReadings } from '../persistence/autosave';
import { DRAFT_KEY, storedTeaching } from '../teaching/stored';
import { Report, type KeyImage } from '../ui/Report';
import { SaveStatus } from '../ui/SaveStatus';
import { renderKeyImage } from '../viewer/keyImages';
import { srUnwritableReason } from '../persistence/sr/srWritable';
import { exportReading, importReading, preliminarySr, signReading, srContext, type FollowUpExport, type ImportResult } from './readingFiles';
import { SignOffBar } from '../ui/SignOffBar';
import { signedBy, type SignOff } from '../persistence/signOff';
import { formatPersonName } from '../dicom';
import { useReader } from './useReader';
import type { ReadingSessions, StudySession } from './readingSessions';
import { looksPrivate } from './privateWindow';
import { guardUnload, whileUnsafe } from './unloadGuard';
import { allSeries, framesByImageId, imageCalibration as imageCalibrationOf, seriesImageIds, type ImageSource } from './seriesImages';

interface Options {
  collection: StudyCollection<ImageSource>;
  sessions: ReadingSessions;
  session: StudySession | undefined;
  rows: readonly ResultRow[];
  /** Show a study in the viewer (after importing a reading of a study not on screen). */
  showStudy: (studyInstanceUid: string) => void;
  /** The comparison with a prior reading of this study, when one is on screen (the report, CSV and SR carry it). */
  followUpOf?: (studyInstanceUid: string) => FollowUpExport | null;
  /** False for a trainee's reading (a teaching session): it is submitted, not signed. */
  signable?: boolean;
}

type Accepted = Extract<ImportResult, { ok: true }>;

export function useReadingPersistence({ collection, sessions, session, rows, showStudy, followUpOf, signable = true }: Options) {
  /** What the last export or import did, or why it did nothing; shown until the next one or dismissed. */
  const [message, setMessage] = useState<{ text: string; problem: boolean } | null>(null);
  const notify = (text: string, problem = false) => setMessage({ text, problem });
  const [confirm, setConfirm] = useState<{ name: string; result: Accepted } | null>(null);
  const [report, setReport] = useState<{ studyInstanceUid: string; keyImages: KeyImage[] } | null>(null);
  /** Asking before signing (and then downloading the signed SR, when that was what the reader chose) or amending. */
  const [asking, setAsking] = useState<{ kind: 'sign'; thenDownload: boolean } | { kind: 'amend' } | null>(null);
  const studyUid = session?.studyInstanceUid ?? null;
  /** What both tabs changed (levels, calibrations, method), while the reader chooses for each. */
  const [merging, setMerging] = useState<{ questions: MergeQuestions; finish: (choices: MergeChoices) => void } | null>(null);
  const signOff: SignOff = session?.signOff ?? {};
  const { reader, setReader } = useReader();
  const [privateWindow, setPrivateWindow] = useState(false);
  useEffect(() => void looksPrivate().then(setPrivateWindow), []);
  // An imported reading waiting for "Replace?" is not stored anywhere yet.
  useEffect(() => (confirm ? guardUnload(() => true) : undefined), [confirm]);

  /** Why the reading on screen cannot leave as an SR now; the export menu and Store SR to PACS say it. */
  const srUnavailable = srUnwritableReason(studyUid ? sessions.document(studyUid) : null);
  const cannotSign = signable ? (srUnavailable ?? (reader ? null : 'To sign, type your name under Reader first.')) : 'A teaching case is submitted, not signed.';

  const loadedStudies = () => new Set(collection.patients.flatMap((p) => p.studies.map((s) => s.studyInstanceUid)));
  const imageCalibration = (image: { sopInstanceUid: string }) => {
    for (const series of allSeries(collection)) {
      const instance = series.instances.find((i) => i.sopInstanceUid === image.sopInstanceUid);
      if (instance) return imageCalibrationOf(instance);
    }
    return null;
  };

  const apply = (name: string, result: Accepted) => {
    sessions.replace(result.studyInstanceUid, result.reading, result.created, result.signOff);
    showStudy(result.studyInstanceUid);
    const count = result.reading.findings.length;
    const signed = result.signOff.signed;
    const locked = signed ? ` It is the reading signed by ${signedBy(signed, formatPersonName)}, locked as signed: Amend to change it.` : '';
    notify([`Imported ${count} ${count === 1 ? 'vertebra' : 'vertebrae'} from ${name}.${locked}`, ...result.warnings].join('\n'));
  };

  const importBytes = (name: string, bytes: Uint8Array) => {
    const result = importReading(name, bytes, loadedStudies(), imageCalibration);
    if (!result.ok) {
      // Nothing was changed: the reading on screen stays as it was.
      notify(`Not imported, nothing changed:\n${result.problems.join('\n')}`, true);
      return;
    }
    const signed = sessions.get(result.studyInstanceUid)?.signOff.signed;
    if (signed) {
      notify(`Not imported, nothing changed: the reading of this study is signed (${signedBy(signed, formatPersonName)}). Amend it first to replace it.`, true);
      return;
    }
    const current = sessions.get(result.studyInstanceUid)?.store.getSnapshot().reading.findings.length ?? 0;
    if (current > 0) setConfirm({ name, result });
    else apply(name, result);
  };

  const importFile = async (file: File) => importBytes(file.name, new Uint8Array(await whileUnsafe(file.arrayBuffer())));

  const exportAs = (choice: ExportChoice) => {
    if (!studyUid) return;
    const document = sessions.document(studyUid);
    if (!document) return;
    if (choice === 'report') {
      setReport({ studyInstanceUid: studyUid, keyImages: [] });
      void drawKeyImages(studyUid, (keyImages) => setReport((r) => (r?.studyInstanceUid === studyUid ? { ...r, keyImages } : r)));
      return;
    }
    if (choice === 'sr-signed' && !signOff.signed) {
      setAsking({ kind: 'sign', thenDownload: true });
      return;
    }
    try {
      notify(`Exported ${exportReading(document, choice, collection, followUpOf?.(studyUid) ?? null, reader, signOff)}.`);
    } catch (error) {
      notify(`Not exported: ${error instanceof Error ? error.message : String(error)}`, true);
    }
  };

  /** Signs the reading on screen as the reader named: its SR is written now, and the reading locked. */
  const sign = (thenDownload: boolean) => {
    const document = studyUid ? sessions.document(studyUid) : null;
    if (!studyUid || !document || !reader) return;
    try {
      sessions.sign(studyUid, signReading(document, collection, followUpOf?.(studyUid) ?? null, reader, signOff));
    } catch (error) {
      notify(`Not signed: ${error instanceof Error ? error.message : String(error)}`, true);
      return;
    }
    const signed = sessions.get(studyUid)?.signOff;
    if (thenDownload && signed) notify(`Signed, and exported ${exportReading(document, 'sr-signed', collection, null, reader, signed)}.`);
    else notify('Signed: the reading is locked. Export ▸ Signed DICOM SR or Store SR to PACS sends the signed SR.');
  };

  /** One key image per image a vertebra was measured on, drawn one after the other. */
  async function drawKeyImages(uid: string, update: (images: KeyImage[]) => void) {
    const byImage = new Map<string, ResultRow[]>();
    // A vertebra measured on a reformat has no image of its own to show.
    for (const row of rows) if (row.image) byImage.set(imageKey(row.image), [...(byImage.get(imageKey(row.image)) ?? []), row]);
    const images: KeyImage[] = [...byImage].map(([key, onImage]) => ({
      key,
      caption: `${onImage.map((r) => r.level).join(', ')}`,
      src: null,
    }));
    update(images);
    const session = sessions.get(uid);
    for (const [index, [key, onImage]] of [...byImage].entries()) {
      const imageId = findImageId(collection, key);
      const frame = imageId ? framesByImageId.get(imageId) : undefined;
      try {
        if (!imageId || !frame || !session) throw new Error('image not loaded');
        const findings = new Map(session.store.getSnapshot().reading.findings.map((f) => [f.id, f]));
        const src = await renderKeyImage(
          imageId,
          { columns: frame.instance.columns, rows: frame.instance.rows },
          onImage.flatMap((row) => {
            const m = findings.get(row.id)?.measurement;
            return m ? [{ points: m.points, label: [annotationLabel(row), ...annotationNotes(row)].join(' · '), colour: GRADE_COLOURS[row.result.grade] }] : [];
          }),
        );
        images[index] = { key, src, caption: `${frameName(frame)}: ${images[index]!.caption}` };
      } catch (error) {
        images[index] = { ...images[index]!, error: `Key image not drawn: ${error instanceof Error ? error.message : String(error)}` };
      }
      update([...images]);
    }
  }

  /** The readings autosaved (IndexedDB) and the teaching readings kept in localStorage (teaching/stored.ts). */
  const countStored = async (): Promise<StoredReadings> => {
    const { draftCases, submittedCases } = storedTeaching(localStorage);
    return { readings: await countSavedReadings(), draftCases, submittedCases };
  };

  const forgetStored = async (): Promise<StoredReadings> => {
    const readings = await forgetSavedReadings();
    const { keys, draftCases, submittedCases } = storedTeaching(localStorage);
    for (const key of keys) localStorage.removeItem(key);
    sessions.forgotten();
    // A tab hears no storage event of its own changes: the pack draft open here is told as another tab's would be.
    if (draftCases > 0) window.dispatchEvent(new StorageEvent('storage', { key: DRAFT_KEY, newValue: null, storageArea: localStorage }));
    return { readings, draftCases, submittedCases };
  };

  /** Two tabs in conflict merged: at once when nothing was changed in both, else after asking. */
  const merge = async (uid: string) => {
    const prepared = await sessions.mergeWithSaved(uid);
    if ('unavailable' in prepared) return notify(`Not merged: ${prepared.unavailable}`, true);
    const kept = `${prepared.fromOther} from the other tab`;
    const asked = questionCount(prepared.questions);
    if (asked === 0) {
      prepared.finish({});
      notify(`Merged the two tabs' readings (${kept}).`);
      return;
    }
    setMerging({
      questions: prepared.questions,
      finish: (choices) => {
        prepared.finish(choices);
        const answers = [...Object.values(choices.levels ?? {}), ...Object.values(choices.calibrations ?? {}), choices.method];
        const taken = answers.filter((side) => side === 'theirs').length;
        notify(`Merged the two tabs' readings (${kept}, and ${taken} of the ${asked} changed in both).`);
      },
    });
  };

  /** An image by its key as the key images name it, or its key while it is not loaded. */
  const imageName = (key: string) => {
    const imageId = findImageId(collection, key);
    const frame = imageId ? framesByImageId.get(imageId) : undefined;
    return frame ? frameName(frame) : `image ${key}`;
  };

  const bar: ReactNode = (
    <div className="reading-bar">
      <SaveStatus
        state={session?.save ?? null}
        privateWindow={privateWindow}
        onTakeSaved={() => studyUid && void sessions.takeSaved(studyUid)}
        onKeepMine={() => studyUid && void sessions.keepMine(studyUid)}
        onMerge={() => studyUid && void merge(studyUid)}
      />
      <ExportMenu
        disabled={!studyUid}
        unavailable={{
          ...(srUnavailable !== null && { sr: srUnavailable }),
          ...(signOff.signed && { sr: 'The reading is signed: its SR is the Signed DICOM SR (Amend to change the reading).' }),
          ...(!signOff.signed && cannotSign !== null && { 'sr-signed': cannotSign }),
        }}
        onExport={exportAs}
        onImport={(file) => void importFile(file)}
      />
      <ReaderSettings reader={reader} onChange={setReader} />
      <ForgetReadings count={countStored} forget={forgetStored} onDone={notify} />
      {studyUid && signable && <SignOffBar signOff={signOff} cannotSign={cannotSign} onSign={() => setAsking({ kind: 'sign', thenDownload: false })} onAmend={() => setAsking({ kind: 'amend' })} />}
      {message && (
        <div className={`persistence-message${message.problem ? ' problem' : ''}`} role={message.problem ? 'alert' : 'status'}>
          <p>{message.text}</p>
          <button type="button" className="icon" aria-label="Dismiss" onClick={() => setMessage(null)}>
            ×
          </button>
        </div>
      )}
    </div>
  );

  const reportDocument = report ? sessions.document(report.studyInstanceUid) : null;
  const vertebrae = studyUid ? (sessions.document(studyUid)?.vertebrae.filter((v) => v.measurement).length ?? 0) : 0;
  const overlays: ReactNode = (
    <>
      {merging && (
        <MergeDialog
          questions={merging.questions}
          imageName={imageName}
          onMerge={(choices) => {
            setMerging(null);
            merging.finish(choices);
          }}
          onCancel={() => setMerging(null)}
        />
      )}
      {asking?.kind === 'sign' && reader && (
        <ChoiceDialog
          title="Sign the reading?"
          message={`Sign the reading of ${vertebrae} ${vertebrae === 1 ? 'vertebra' : 'vertebrae'} as ${[formatPersonName(reader.name), reader.organization].filter(Boolean).join(', ')}? Its SR is written now as verified, and the reading is locked: a later change has to be an amendment, a new preliminary version.`}
          choices={[
            {
              label: 'Sign',
              onChoose: () => {
                setAsking(null);
                sign(asking.thenDownload);
              },
            },
            { label: 'Cancel', onChoose: () => setAsking(null) },
          ]}
          onCancel={() => setAsking(null)}
        />
      )}
      {asking?.kind === 'amend' && signOff.signed && (
        <ChoiceDialog
          title="Amend the signed reading?"
          message={`The reading was signed by ${signedBy(signOff.signed, formatPersonName)}. Its signed SR stays as it is: export it or store it on the PACS first if you have not, since Kypho keeps only the amended reading from now on. Your changes become a new, preliminary version that names the signed SR as its predecessor.`}
          choices={[
            {
              label: 'Amend',
              onChoose: () => {
                setAsking(null);
                if (studyUid) sessions.amend(studyUid);
                notify('Amending: the reading is unlocked and preliminary until you sign it again.');
              },
            },
            { label: 'Cancel', onChoose: () => setAsking(null) },
          ]}
          onCancel={() => setAsking(null)}
        />
      )}
      {confirm && (
        <ChoiceDialog
          title="Replace the reading?"
          message={`This study already has a reading of ${sessions.get(confirm.result.studyInstanceUid)?.store.getSnapshot().reading.findings.length ?? 0} vertebrae. Replace it with the one in ${confirm.name}?`}
          choices={[
            {
              label: 'Replace',
              onChoose: () => {
                apply(confirm.name, confirm.result);
                setConfirm(null);
              },
            },
            {
              label: 'Cancel',
              onChoose: () => {
                notify(`Not imported: ${confirm.name} (the reading on screen is kept).`);
                setConfirm(null);
              },
            },
          ]}
          onCancel={() => setConfirm(null)}
        />
      )}
      {report && reportDocument && (
        <Report
          document={reportDocument}
          rows={rows}
          keyImages={report.keyImages}
          followUp={followUpOf?.(report.studyInstanceUid)?.comparison}
          reader={reader}
          signOff={sessions.get(report.studyInstanceUid)?.signOff ?? {}}
          accessionNumber={srContext(collection, report.studyInstanceUid).study.accessionNumber}
          onClose={() => setReport(null)}
        />
      )}
    </>
  );

  /**
   * The reading of the study on screen as a TID 1500 SR, for storing it on the server it came from: a signed
   * reading's SR as it was signed, else a new preliminary one.
   */
  const srBytes = async (): Promise<Uint8Array> => {
    const document = studyUid ? sessions.document(studyUid) : null;
    if (!studyUid || !document) throw new Error('there is no reading for this study yet');
    if (signOff.signed) return signOff.signed.bytes;
    return preliminarySr(document, collection, followUpOf?.(studyUid) ?? null, reader, signOff);
  };

  return { bar, overlays, importFile, importBytes, srBytes, srUnavailable };
}

/** "Lateral, image 1" (and "frame 3" of a multi-frame image): the series and the image as the reader sees them. */
function frameName(frame: FrameRef<ImageSource>): string {
  const series = frame.instance.seriesDescription || frame.instance.modality || 'image';
  return `${series}, image ${frame.instance.instanceNumber ?? ''}${frame.instance.numberOfFrames > 1 ? ` frame ${frame.frame}` : ''}`;
}

function findImageId(collection: StudyCollection<ImageSource>, key: string): string | undefined {
  for (const series of allSeries(collection)) {
    for (const imageId of seriesImageIds(series)) {
      const ref = framesByImageId.get(imageId);
      if (ref && `${ref.instance.sopInstanceUid}#${ref.frame}` === key) return imageId;
    }
  }
  return undefined;
}
