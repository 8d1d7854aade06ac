import { useState } from 'react';
import { retrieveRendered, searchInstances, searchStudies, type SeriesSummary, type StudySummary } from '../dicom/dicomweb';
import { PacsBrowser } from '../ui/PacsBrowser';
import { RemoteThumbnail } from '../ui/RemoteThumbnail';
import { ServerSettings } from '../ui/ServerSettings';
import { resolveServer } from './serverStore';
import { MAX_STUDIES, type usePacs } from './usePacs';

type Pacs = ReturnType<typeof usePacs>;

const NON_IMAGE_MODALITIES = new Set(['SR', 'PR', 'KO', 'DOC', 'REG', 'SEG', 'RTSTRUCT']);
const THUMBNAIL_SIZE = 72;

interface Props {
  pacs: Pacs;
  onOpenStudy: (study: StudySummary, series?: SeriesSummary) => void;
  onClose: () => void;
}

/** The PACS screen: the study list of the active server, and its settings dialog. */
export function PacsView({ pacs, onOpenStudy, onClose }: Props) {
  const [editing, setEditing] = useState(false);
  const server = 'server' in pacs.active ? pacs.active.server : null;

  /** The server's rendering of the middle image of a series; reports and other non-images have none. */
  const previewOf = (series: SeriesSummary) => {
    if (!server || NON_IMAGE_MODALITIES.has(series.modality ?? '')) return null;
    return async (signal: AbortSignal) => {
      const { items } = await searchInstances(server, series.studyInstanceUid, series.seriesInstanceUid, { signal });
      const middle = items[Math.floor((items.length - 1) / 2)];
      if (!middle) throw new Error('no instance');
      return retrieveRendered(server, { ...series, sopInstanceUid: middle.sopInstanceUid }, THUMBNAIL_SIZE * 2, { signal });
    };
  };

  return (
    <>
      <PacsBrowser
        servers={pacs.servers}
        activeServerId={pacs.activeId}
        serverProblem={'error' in pacs.active ? pacs.active.error : null}
        onSelectServer={pacs.selectServer}
        onEditServers={() => setEditing(true)}
        search={pacs.search}
        maxStudies={MAX_STUDIES}
        onSearch={(query) => void pacs.runSearch(query)}
        selected={pacs.seriesList}
        onSelectStudy={(study) => void pacs.selectStudy(study)}
        renderSeriesThumbnail={(series) => (
          <RemoteThumbnail
            id={`${pacs.activeId}/${series.seriesInstanceUid}`}
            load={previewOf(series)}
            placeholder={series.modality ?? '?'}
            size={THUMBNAIL_SIZE}
            label={`${series.description ?? 'series'} preview`}
          />
        )}
        onOpenStudy={onOpenStudy}
        onClose={onClose}
      />
      {editing && (
        <ServerSettings
          servers={pacs.servers}
          activeId={pacs.activeId}
          checkUrl={(url) => {
            const resolved = resolveServer({ id: '', name: 'this server', url, auth: { kind: 'none' }, rememberSecret: false }, window.location.href);
            return 'error' in resolved ? resolved.error : null;
          }}
          onSave={(entry) => {
            pacs.saveServer(entry);
            pacs.selectServer(entry.id);
          }}
          onRemove={pacs.removeServer}
          onTest={async (entry) => {
            const resolved = resolveServer(entry, window.location.href);
            if ('error' in resolved) return resolved.error;
            try {
              await searchStudies(resolved.server, {}, { max: 1 });
              return null;
            } catch (error) {
              return error instanceof Error ? error.message : String(error);
            }
          }}
          onClose={() => setEditing(false)}
          // crypto.randomUUID needs a secure context, which a plain-http deployment is not.
          newId={() => `server-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`}
        />
      )}
    </>
  );
}
