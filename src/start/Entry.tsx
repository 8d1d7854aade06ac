/**
 * The page's entry (issue 19): the start screen, the sample catalog and its committed previews, without the viewer.
 * The viewer (app/App.tsx with Cornerstone, its DICOM loader and vtk.js: most of the code) is loaded when a study is
 * opened by any door: a sample, files or a drop, the PACS screen, a teaching session, or a link. A link opens it at
 * once, and its first DICOMweb requests go out while the viewer's code loads (linkPrefetch.ts). Pointing at a way
 * to open (a card, a button) starts loading the viewer, so that the click finds it on its way.
 */
import { lazy, Suspense, useEffect, useState } from 'react';
import { fetchCatalog } from '../app/samples';
import type { CatalogStudy } from '../ui/StartScreen';
import { prefetchLink } from './linkPrefetch';
import { StartPage } from './StartPage';
import type { StartRequest } from './startRequest';

let viewer: Promise<typeof import('../app/App')> | null = null;
function loadViewer() {
  viewer ??= import('../app/App');
  return viewer;
}
const App = lazy(async () => ({ default: (await loadViewer()).App }));

const params = new URLSearchParams(window.location.search);
/** The page was opened to show a study: no start screen to wait on. */
const linked = params.has('StudyInstanceUIDs') || params.has('SeriesInstanceUIDs') || params.has('sample');
if (linked) {
  prefetchLink(window.location.search, window.location.href);
  void loadViewer();
}

export function Entry() {
  const [request, setRequest] = useState<StartRequest | null>(linked ? { kind: 'link' } : null);
  const [catalog, setCatalog] = useState<CatalogStudy[] | null>(null);
  const [catalogError, setCatalogError] = useState<string | null>(null);

  useEffect(() => {
    fetchCatalog().then(setCatalog, (e: unknown) => setCatalogError(e instanceof Error ? e.message : String(e)));
  }, []);

  const start = <StartPage catalog={catalog} catalogError={catalogError} onRequest={(r) => setRequest((current) => current ?? r)} busy={request !== null} />;
  if (!request) {
    return (
      // Pointing at the page's controls (or tabbing to them) starts the viewer's download.
      <div className="entry" onPointerOver={warm} onFocus={warm} onDragEnter={warm}>
        {start}
      </div>
    );
  }
  // A link opens a study: while the viewer's code loads, no start screen (its previews would compete with the study).
  const loading = linked ? (
    <p className="entry-opening" role="status">
      Opening the study…
    </p>
  ) : (
    start
  );
  return (
    <Suspense fallback={loading}>
      <App start={request} initialCatalog={catalog} />
    </Suspense>
  );
}

function warm(event: React.SyntheticEvent) {
  if ((event.target as Element).closest?.('button, input, a, [role="button"]') || event.type === 'dragenter') void loadViewer();
}
