import { useRef, useState } from 'react';
import { foreignPackOrigin } from '../teaching/packLink';
import { ChoiceDialog } from './ChoiceDialog';
import { ClassTableSection } from './ClassTable';
import './teaching.css';

export type PackChoice =
  | { kind: 'bundled' }
  /** A pack served over HTTP: the folder that holds its pack.json, from a link (`?pack=`). */
  | { kind: 'url'; url: string }
  | { kind: 'zip'; file: File }
  | { kind: 'folder'; files: { name: string; file: File }[] };

interface Props {
  /** The bundled phantom pack is there (its pack.json was found). */
  bundledAvailable: boolean;
  /** A pack the page was opened with (`?pack=folder/`): offered first. */
  linkedPack: string | null;
  problem: string | null;
  onStart: (trainee: string, choice: PackChoice) => void;
}

/** On the start screen: a trainee names themselves and opens a case pack; a teacher combines CSVs. */
export function TeachingStart({ bundledAvailable, linkedPack, problem, onStart }: Props) {
  const [trainee, setTrainee] = useState(() => localStorage.getItem('kypho.trainee') ?? '');
  const [missingName, setMissingName] = useState(false);
  /** The other site a linked pack would be opened from, while the reader is asked. */
  const [askOrigin, setAskOrigin] = useState<string | null>(null);
  const zipInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const name = trainee.trim();

  const start = (choice: PackChoice) => {
    if (!name) {
      setMissingName(true);
      return;
    }
    localStorage.setItem('kypho.trainee', name);
    onStart(name, choice);
  };
  const needName = (open: () => void) => () => (name ? open() : setMissingName(true));

  return (
    <section className="teaching-start" aria-label="Teaching session">
      <h2>Teaching session</h2>
      <p>
        Measure the cases of a pack blinded, submit each, then see your vertebrae over the reference reading with the height
        differences, the grades and the teaching points.
      </p>
      <label>
        Your name{' '}
        <input
          value={trainee}
          onChange={(e) => {
            setTrainee(e.currentTarget.value);
            setMissingName(false);
          }}
          aria-invalid={missingName}
          placeholder="as in the class table"
        />
      </label>
      {missingName && (
        <p className="warning" role="alert">
          Enter your name first: it goes into your results file.
        </p>
      )}
      <div className="teaching-actions">
        {linkedPack && (
          <button
            type="button"
            className="primary"
            onClick={() => {
              if (!name) return setMissingName(true);
              const origin = foreignPackOrigin(linkedPack, window.location.href);
              if (origin) setAskOrigin(origin);
              else start({ kind: 'url', url: linkedPack });
            }}
          >
            Start the linked pack ({linkedPack})
          </button>
        )}
        <button type="button" className={linkedPack ? '' : 'primary'} disabled={!bundledAvailable} onClick={() => start({ kind: 'bundled' })}>
          Start the phantom cases
        </button>
        <button type="button" onClick={needName(() => zipInput.current?.click())}>
          Open a case pack (zip)…
        </button>
        <button type="button" onClick={needName(() => folderInput.current?.click())}>
          Open a case pack folder…
        </button>
      </div>
      <input
        ref={zipInput}
        type="file"
        accept=".zip,application/zip"
        hidden
        aria-label="Case pack zip"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (file) start({ kind: 'zip', file });
        }}
      />
      <input
        ref={folderInput}
        type="file"
        hidden
        aria-label="Case pack folder"
        {...({ webkitdirectory: '' } as Record<string, string>)}
        onChange={(e) => {
          const files = [...(e.currentTarget.files ?? [])].map((file) => ({ name: file.webkitRelativePath || file.name, file }));
          e.currentTarget.value = '';
          if (files.length) start({ kind: 'folder', files });
        }}
      />
      {askOrigin && linkedPack && (
        <ChoiceDialog
          title="Case pack from another site"
          message={`This link opens a case pack from ${askOrigin}, not from ${window.location.origin} where Kypho runs. Its images and reference readings would come from that site. Open it only if you trust it.`}
          choices={[
            { label: 'Cancel', onChoose: () => setAskOrigin(null) },
            {
              label: `Open the pack from ${askOrigin}`,
              onChoose: () => {
                setAskOrigin(null);
                start({ kind: 'url', url: linkedPack });
              },
            },
          ]}
          onCancel={() => setAskOrigin(null)}
        />
      )}
      {problem && (
        <p className="warning" role="alert">
          {problem}
        </p>
      )}
      <ClassTableSection />
    </section>
  );
}
