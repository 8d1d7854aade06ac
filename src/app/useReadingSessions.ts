import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import type { StudyCollection } from '../dicom';
import { loadSavedReading, saveReading } from '../persistence/autosave';
import type { StudyInfo } from '../persistence/readingDocument';
import { announceSaved, onSavedElsewhere, TAB_ID } from '../persistence/tabs';
import { ReadingSessions } from './readingSessions';
import { guardUnload } from './unloadGuard';
import { imageCalibrationIn, type ImageSource } from './seriesImages';

/** Patient and study of a loaded study, as the reading document names them. */
export function studyInfoOf(collection: StudyCollection<ImageSource>, studyInstanceUid: string): StudyInfo {
  for (const patient of collection.patients) {
    const study = patient.studies.find((s) => s.studyInstanceUid === studyInstanceUid);
    if (!study) continue;
    return {
      studyInstanceUid,
      ...(patient.patientId && { patientId: patient.patientId }),
      ...(patient.patientName && { patientName: patient.patientName }),
      ...(study.studyDate && { studyDate: study.studyDate }),
    };
  }
  return { studyInstanceUid };
}

/** The study a series belongs to. */
export function studyOfSeries(collection: StudyCollection<ImageSource>, seriesInstanceUid: string | null | undefined): string | null {
  if (!seriesInstanceUid) return null;
  for (const patient of collection.patients) {
    for (const study of patient.studies) {
      if (study.series.some((s) => s.seriesInstanceUid === seriesInstanceUid)) return study.studyInstanceUid;
    }
  }
  return null;
}

/**
 * One autosaved reading per loaded study; sessions open as studies are loaded. A `namespace` keeps readings
 * apart from the reader's own readings of the same studies (a trainee's readings of a teaching pack's cases):
 * they are saved under the namespace followed by the Study Instance UID.
 */
export function useReadingSessions(collection: StudyCollection<ImageSource>, namespace = '') {
  const latest = useRef(collection);
  latest.current = collection;
  const sessions = useMemo(
    () =>
      new ReadingSessions({
        storage: {
          load: (uid) => loadSavedReading(namespace + uid),
          save: (record, basedOn) => saveReading({ ...record, studyInstanceUid: namespace + record.studyInstanceUid }, basedOn),
          announce: (uid, revision) => announceSaved(namespace + uid, revision),
          tabId: TAB_ID,
        },
        studyInfo: (uid) => studyInfoOf(latest.current, uid),
        imageCalibration: (image) => imageCalibrationIn(latest.current, image),
      }),
    [namespace],
  );
  const snapshot = useSyncExternalStore(sessions.subscribe, sessions.getSnapshot);

  useEffect(() => guardUnload(() => sessions.unsafe()), [sessions]);

  useEffect(() => {
    for (const patient of collection.patients) for (const study of patient.studies) sessions.open(study.studyInstanceUid);
  }, [collection, sessions]);

  useEffect(
    () =>
      onSavedElsewhere((m) => {
        const own = m.studyInstanceUid.startsWith(namespace) && /^[0-9.]+$/.test(m.studyInstanceUid.slice(namespace.length));
        if (own) sessions.savedElsewhere(m.studyInstanceUid.slice(namespace.length), m.revision);
      }),
    [sessions, namespace],
  );

  return { sessions, snapshot };
}
