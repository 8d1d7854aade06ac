import { useEffect, useRef, useState } from 'react';
import type { Commands } from '../app/commands';
import { fromDataTransfer, type NamedFile } from '../app/gatherFiles';
import { commandForKey, focusOwnsKey, HOTKEYS, MOUSE_BINDINGS } from '../app/hotkeys';
import { sampleUrl } from '../app/samples';
import { Toolbar } from '../app/Toolbar';
import { createReadingStore } from '../reading';
import { HelpDialog } from '../ui/HelpDialog';
import { StartScreen, type CatalogStudy } from '../ui/StartScreen';
import { TeachingStart } from '../ui/TeachingStart';
import type { StartRequest } from './startRequest';

interface Props {
  catalog: CatalogStudy[] | null;
  catalogError: string | null;
  /** A study, files, the PACS screen or a teaching session asked for: the viewer takes over. */
  onRequest: (request: StartRequest) => void;
  /** The viewer's code is on its way (a study is being opened). */
  busy: boolean;
}

/** The toolbar before a study is open: every tool is disabled, so only opening files and the help do anything. */
const EMPTY_READING = createReadingStore().getSnapshot();

/**
 * The start screen as the viewer shows it with nothing open (the toolbar, the sidebar, the catalog with its
 * previews, the teaching start), drawn without the viewer's code: every way of opening a study hands a request to
 * the viewer (Entry.tsx), which loads then and carries it out.
 */
export function StartPage({ catalog, catalogError, onRequest, busy }: Props) {
  const [help, setHelp] = useState(false);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const openFiles = (files: NamedFile[]) => onRequest({ kind: 'files', files });
  const packParam = new URLSearchParams(window.location.search).get('pack');
  const noop = () => {};
  // The commands the toolbar can call with nothing open; its other buttons are disabled.
  const commands = new Proxy({} as Commands, {
    get: (_, name) => (name === 'openFiles' ? () => fileInput.current?.click() : name === 'help' ? () => setHelp(true) : noop),
  });

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (help || focusOwnsKey(event.target, event.key)) return;
      const command = commandForKey(event);
      // Before a study is open, only opening files and the help apply (as in the viewer).
      if (command !== 'openFiles' && command !== 'help') return;
      event.preventDefault();
      if (command === 'openFiles') fileInput.current?.click();
      else setHelp(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [help]);

  return (
    <div
      className={`app${dragging ? ' dragging' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDragging(false);
      }}
      onDrop={async (event) => {
        event.preventDefault();
        setDragging(false);
        openFiles(await fromDataTransfer(event.dataTransfer));
      }}
    >
      <Toolbar
        tool="windowLevel"
        layout="1x1"
        loading={0}
        commands={commands}
        mprUnavailable={null}
        reading={EMPTY_READING}
        hasStudy={false}
        windowPreset=""
        onNextLevel={noop}
        onOpen={openFiles}
        fileInput={fileInput}
        folderInput={folderInput}
      />
      <aside className="sidebar" aria-label="Studies and files">
        <button type="button" className="open-pacs" onClick={() => onRequest({ kind: 'pacs' })} title="Search a PACS (DICOMweb) and open studies from it">
          Open from PACS…
        </button>
        {busy ? (
          <p className="muted" role="status">
            Starting the viewer…
          </p>
        ) : (
          <p className="muted">No study loaded.</p>
        )}
      </aside>
      <main className="viewports" data-layout="1x1">
        <StartScreen
          studies={catalog}
          catalogError={catalogError}
          onOpenSample={(id) => onRequest({ kind: 'sample', id })}
          onOpenPacs={() => onRequest({ kind: 'pacs' })}
          teaching={
            <TeachingStart
              bundledAvailable={catalog !== null}
              linkedPack={packParam}
              problem={null}
              onStart={(trainee, choice) => onRequest({ kind: 'teaching', trainee, choice })}
            />
          }
          previewUrl={(study) => sampleUrl(study.preview)}
        />
      </main>
      {help && <HelpDialog hotkeys={HOTKEYS} mouse={MOUSE_BINDINGS} onClose={() => setHelp(false)} />}
    </div>
  );
}
