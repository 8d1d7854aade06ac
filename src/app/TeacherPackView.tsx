/** The teacher's case pack beside the results: the study on screen saved as a case's reference, and the pack's export. */
import type { StudyCollection } from '../dicom';
import type { DicomWebServer } from '../dicom/dicomweb';
import { TeacherPackPanel } from '../ui/TeacherPackPanel';
import type { ReadingSessions } from './readingSessions';
import type { ImageSource } from './seriesImages';
import { useTeacherPack } from './useTeacherPack';

interface Props {
  collection: StudyCollection<ImageSource>;
  sessions: ReadingSessions;
  activeStudy: string | null;
  /** Vertebrae in the reading on screen. */
  measured: number;
  /** The PACS a pack can be stored on, if one is set up. */
  server: DicomWebServer | null;
}

export function TeacherPackView({ collection, sessions, activeStudy, measured, server }: Props) {
  const pack = useTeacherPack(collection);
  const description = collection.patients.flatMap((p) => p.studies).find((s) => s.studyInstanceUid === activeStudy)?.description;
  return (
    <TeacherPackPanel
      draft={pack.draft}
      study={activeStudy ? { studyInstanceUid: activeStudy, title: description ?? 'Case', measured } : null}
      message={pack.message}
      busy={pack.busy}
      serverName={server?.name ?? null}
      onSaveReference={(details) => {
        const reference = activeStudy ? sessions.document(activeStudy) : null;
        if (activeStudy && reference) pack.saveReference({ ...details, studyInstanceUid: activeStudy, reference });
      }}
      onRemove={pack.removeCase}
      onTitle={pack.setTitle}
      onExport={() => void pack.exportZip()}
      onStore={() => server && void pack.storeOn(server)}
      onDiscard={pack.discard}
      onDismiss={pack.dismiss}
    />
  );
}
