/**
 * The teacher's side of case packs: "save as reference" adds the study on screen, with its reading as it is now,
 * to a pack draft (kept in this browser); the draft is exported as a zip (the studies loaded from files go in it,
 * studies from a PACS stay there) or stored on the DICOMweb server (studies and references as SR) with a small
 * pack.json that points at them.
 */
import { useCallback, useEffect, useState } from 'react';
import { readInstance, type StudyCollection } from '../dicom';
import { isDicomWebSource, type DicomWebServer } from '../dicom/dicomweb';
import { downloadFile } from '../persistence/download';
import { writeSr } from '../persistence/sr/srWrite';
import type { ReadingDocument } from '../persistence/readingDocument';
import { EMPTY_DRAFT, packOf, withCase, withoutCase, type CasePlacement, type DraftCase, type PackDraft } from '../teaching/draft';
import { PACK_FILE } from '../teaching/pack';
import { packZip } from '../teaching/packSource';
import { DRAFT_KEY, storedDraft } from '../teaching/stored';
import { srContext } from './readingFiles';
import { allSeries, type ImageSource } from './seriesImages';
import { storeOnServer } from './usePacs';
import { studyOfSeries } from './useReadingSessions';

function loadDraft(): PackDraft {
  try {
    return storedDraft(JSON.parse(localStorage.getItem(DRAFT_KEY) ?? 'null')) ?? EMPTY_DRAFT;
  } catch {
    return EMPTY_DRAFT;
  }
}

/** The loaded instances of a study with where each is read from. */
function studyInstances(collection: StudyCollection<ImageSource>, studyInstanceUid: string) {
  return allSeries(collection)
    .filter((s) => studyOfSeries(collection, s.seriesInstanceUid) === studyInstanceUid)
    .flatMap((s) => s.instances);
}

/** "1 case", "2 cases": the teacher reads these messages. */
const casesText = (n: number) => `${n} ${n === 1 ? 'case' : 'cases'}`;

const fileName = (title: string) => title.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'kypho-pack';

export function useTeacherPack(collection: StudyCollection<ImageSource>) {
  const [draft, setDraft] = useState<PackDraft>(loadDraft);
  const [message, setMessage] = useState<{ text: string; problem: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    try {
      // The empty draft is what a browser without one shows: nothing to keep (and nothing back after Forget readings).
      if (draft.cases.length === 0 && draft.title === EMPTY_DRAFT.title) localStorage.removeItem(DRAFT_KEY);
      else localStorage.setItem(DRAFT_KEY, JSON.stringify(draft));
    } catch (e) {
      setMessage({ text: `The pack draft is not stored in this browser: ${e instanceof Error ? e.message : String(e)}`, problem: true });
    }
  }, [draft]);

  // The draft follows what is stored when it changes under this tab (Forget readings, or another tab's edit), so
  // that its next save does not write back cases deleted there.
  useEffect(() => {
    const reload = (event: StorageEvent) => {
      if (event.storageArea !== localStorage || (event.key !== DRAFT_KEY && event.key !== null)) return;
      setDraft(loadDraft());
      setMessage(null);
    };
    window.addEventListener('storage', reload);
    return () => window.removeEventListener('storage', reload);
  }, []);

  const saveReference = useCallback((added: Omit<DraftCase, 'id'>) => {
    setDraft((current) => {
      const { draft: next, replaced } = withCase(current, added);
      setMessage({ text: `${replaced ? 'Replaced' : 'Added'} case "${added.title}": ${next.cases.length} in the pack.`, problem: false });
      return next;
    });
  }, []);

  const removeCase = useCallback((id: string) => setDraft((d) => withoutCase(d, id)), []);
  const setTitle = useCallback((title: string) => setDraft((d) => ({ ...d, title })), []);
  const discard = useCallback(() => setDraft(EMPTY_DRAFT), []);

  /** A zip with pack.json, each case's reference as JSON, and the DICOM files of the studies opened from files. */
  const exportZip = useCallback(async () => {
    setBusy(true);
    try {
      const files = new Map<string, Uint8Array>();
      const placements = new Map<string, CasePlacement>();
      let onServer = 0;
      for (const c of draft.cases) {
        const instances = studyInstances(collection, c.studyInstanceUid);
        const reference = `cases/${c.id}/reference.json`;
        files.set(reference, new TextEncoder().encode(`${JSON.stringify(c.reference, null, 2)}\n`));
        if (instances.length === 0) throw new Error(`case "${c.title}": its study is not open; open it to export the pack`);
        if (instances.some((i) => isDicomWebSource(i.source))) {
          onServer += 1;
          placements.set(c.id, { reference });
          continue;
        }
        const paths: string[] = [];
        for (const [index, instance] of instances.entries()) {
          const path = `cases/${c.id}/IM${String(index + 1).padStart(4, '0')}.dcm`;
          files.set(path, new Uint8Array(await (instance.source as File).arrayBuffer()));
          paths.push(path);
        }
        placements.set(c.id, { files: paths, reference });
      }
      const name = `${fileName(draft.title)}.zip`;
      downloadFile(name, packZip(packOf(draft, placements), files) as Uint8Array<ArrayBuffer>, 'application/zip');
      setMessage({
        text: `Exported ${name}: ${casesText(draft.cases.length)}${onServer ? `, ${onServer} with the study left on the PACS it came from` : ''}.`,
        problem: false,
      });
    } catch (e) {
      setMessage({ text: `The pack was not exported: ${e instanceof Error ? e.message : String(e)}`, problem: true });
    } finally {
      setBusy(false);
    }
  }, [draft, collection]);

  /**
   * Stores the pack on a DICOMweb server: the studies opened from files, and every reference as a Kypho SR in its
   * study. Then downloads the pack.json that names them, which trainees open with that server set up.
   */
  const storeOn = useCallback(
    async (server: DicomWebServer) => {
      setBusy(true);
      try {
        const placements = new Map<string, CasePlacement>();
        for (const c of draft.cases) {
          const instances = studyInstances(collection, c.studyInstanceUid);
          if (instances.length === 0) throw new Error(`case "${c.title}": its study is not open; open it to store the pack`);
          const local = instances.filter((i) => !isDicomWebSource(i.source));
          const sr = writeSr(c.reference, srContext(collection, c.studyInstanceUid));
          const objects = [...(await Promise.all(local.map(async (i) => new Uint8Array(await (i.source as File).arrayBuffer())))), sr];
          const result = await storeOnServer(server, objects);
          if ('error' in result) throw new Error(result.error);
          if (result.failed.length) throw new Error(`case "${c.title}": "${server.name}" refused ${result.failed.length} objects (${result.failed[0]!.reason})`);
          placements.set(c.id, { reference: await srAddress(sr, c.reference) });
        }
        const pack = packOf(draft, placements);
        downloadFile(PACK_FILE, `${JSON.stringify(pack, null, 2)}\n`, 'application/json');
        setMessage({ text: `Stored ${casesText(draft.cases.length)} on "${server.name}". Give trainees the downloaded ${PACK_FILE}.`, problem: false });
      } catch (e) {
        setMessage({ text: `The pack was not stored: ${e instanceof Error ? e.message : String(e)}`, problem: true });
      } finally {
        setBusy(false);
      }
    },
    [draft, collection],
  );

  return { draft, message, dismiss: () => setMessage(null), busy, saveReference, removeCase, setTitle, discard, exportZip, storeOn };
}

/** The series and instance UIDs the SR writer gave the reference. */
async function srAddress(sr: Uint8Array, reference: ReadingDocument) {
  const parsed = await readInstance('reference SR', sr, null);
  if (parsed.kind !== 'non-image' || !parsed.object.seriesInstanceUid || !parsed.object.sopInstanceUid) {
    throw new Error(`the reference SR of study ${reference.study.studyInstanceUid} could not be read back`);
  }
  return { seriesInstanceUid: parsed.object.seriesInstanceUid, sopInstanceUid: parsed.object.sopInstanceUid };
}
