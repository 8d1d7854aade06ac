/**
 * The structured reports among the opened objects, each said as what it is (a Kypho reading with its reader,
 * time and sign-off; another viewer's measurements), and the one foreign SR shown on its images, if any.
 */
import { useEffect, useMemo, useState } from 'react';
import type { NonImageObject } from '../dicom';
import { describeSrBytes, type SrDescription } from '../persistence/sr/srDescribe';
import type { ImageRef } from '../reading';
import { showForeignSr } from '../viewer/foreignSrOverlay';

export type ReportDescription = SrDescription | { kind: 'unreadable'; label: string };

const keyOf = (object: NonImageObject<unknown>) => object.sopInstanceUid ?? object.fileName;

export function useStudyReports<S>(objects: readonly NonImageObject<S>[], engineReady: boolean, describeImage: (imageId: string) => ImageRef | null) {
  const [descriptions, setDescriptions] = useState<ReadonlyMap<string, ReportDescription>>(new Map());
  const [shown, setShown] = useState<string | null>(null);
  const reports = useMemo(() => objects.filter((o) => o.category === 'structured-report'), [objects]);

  useEffect(() => {
    let current = true;
    for (const report of reports) {
      const key = keyOf(report);
      if (descriptions.has(key) || !(report.source instanceof Blob)) continue;
      void report.source.arrayBuffer().then(
        (buffer) => current && setDescriptions((map) => new Map(map).set(key, describeSrBytes(new Uint8Array(buffer)))),
        (error: unknown) => current && setDescriptions((map) => new Map(map).set(key, { kind: 'unreadable', label: `not read (${String(error)})` })),
      );
    }
    return () => {
      current = false;
    };
  }, [reports, descriptions]);

  // The foreign SR chosen is drawn over the viewports until another is chosen or it is hidden.
  const shownDescription = shown ? descriptions.get(shown) : undefined;
  useEffect(() => {
    if (!engineReady || shownDescription?.kind !== 'foreign') return;
    return showForeignSr(shownDescription.shapes, describeImage);
  }, [engineReady, shownDescription, describeImage]);

  return {
    describe: (object: NonImageObject<S>) => descriptions.get(keyOf(object)),
    isShown: (object: NonImageObject<S>) => shown === keyOf(object),
    toggleShown: (object: NonImageObject<S>) => setShown((s) => (s === keyOf(object) ? null : keyOf(object))),
  };
}
