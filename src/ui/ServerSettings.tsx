import { useRef, useState } from 'react';
import { useModalDialog } from './focus';
import type { DicomWebAuth } from '../dicom/dicomweb';

/** A server as the settings edit it (the same shape the app saves). */
export interface ServerEntry {
  readonly id: string;
  readonly name: string;
  readonly url: string;
  readonly auth: DicomWebAuth;
  readonly rememberSecret: boolean;
}

interface Props {
  servers: readonly ServerEntry[];
  activeId: string;
  /** Why a URL cannot be used, or null when it can. */
  checkUrl: (url: string) => string | null;
  onSave: (server: ServerEntry) => void;
  onRemove: (id: string) => void;
  /** Asks the server for one study; resolves with null when it answered, else with the message. */
  onTest: (server: ServerEntry) => Promise<string | null>;
  onClose: () => void;
  newId: () => string;
}

interface Draft {
  id: string;
  name: string;
  url: string;
  authKind: DicomWebAuth['kind'];
  username: string;
  password: string;
  token: string;
  rememberSecret: boolean;
}

function draftOf(server: ServerEntry): Draft {
  return {
    id: server.id,
    name: server.name,
    url: server.url,
    authKind: server.auth.kind,
    username: server.auth.kind === 'basic' ? server.auth.username : '',
    password: server.auth.kind === 'basic' ? server.auth.password : '',
    token: server.auth.kind === 'bearer' ? server.auth.token : '',
    rememberSecret: server.rememberSecret,
  };
}

function entryOf(draft: Draft): ServerEntry {
  const auth: DicomWebAuth =
    draft.authKind === 'basic'
      ? { kind: 'basic', username: draft.username.trim(), password: draft.password }
      : draft.authKind === 'bearer'
        ? { kind: 'bearer', token: draft.token.trim() }
        : { kind: 'none' };
  return { id: draft.id, name: draft.name.trim() || draft.url.trim(), url: draft.url.trim(), auth, rememberSecret: draft.rememberSecret };
}

/** The saved DICOMweb servers: add, edit, test and remove them. */
export function ServerSettings({ servers, activeId, checkUrl, onSave, onRemove, onTest, onClose, newId }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [draft, setDraft] = useState<Draft>(() => draftOf(servers.find((s) => s.id === activeId) ?? servers[0]));
  const [test, setTest] = useState<{ status: 'testing' } | { status: 'ok' } | { status: 'failed'; error: string } | null>(null);
  const [saved, setSaved] = useState(false);

  useModalDialog(dialog);

  const urlProblem = checkUrl(draft.url);
  const missing =
    draft.authKind === 'basic' && !draft.username.trim()
      ? 'Enter the user name.'
      : draft.authKind === 'bearer' && !draft.token.trim()
        ? 'Enter the token.'
        : null;
  const problem = urlProblem ?? missing;
  const isNew = !servers.some((s) => s.id === draft.id);

  const edit = (change: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...change }));
    setTest(null);
    setSaved(false);
  };

  const input = (key: 'name' | 'url' | 'username' | 'password' | 'token') => ({
    value: draft[key],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => edit({ [key]: e.currentTarget.value }),
  });

  return (
    <dialog
      ref={dialog}
      className="server-settings"
      aria-label="DICOMweb servers"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2>DICOMweb servers</h2>
      <div className="server-settings-body">
        <nav aria-label="Saved servers">
          <ul>
            {servers.map((s) => (
              <li key={s.id}>
                <button
                  type="button"
                  aria-current={s.id === draft.id}
                  onClick={() => {
                    setDraft(draftOf(s));
                    setTest(null);
                    setSaved(false);
                  }}
                >
                  {s.name}
                  <span className="muted">{s.url}</span>
                </button>
              </li>
            ))}
          </ul>
          <button
            type="button"
            onClick={() => {
              setDraft(draftOf({ id: newId(), name: '', url: '', auth: { kind: 'none' }, rememberSecret: false }));
              setTest(null);
              setSaved(false);
            }}
          >
            Add a server
          </button>
        </nav>

        <form
          className="server-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (problem) return;
            onSave(entryOf(draft));
            setSaved(true);
          }}
        >
          <label>
            Name
            <input {...input('name')} placeholder="e.g. Hospital PACS" />
          </label>
          <label>
            DICOMweb root URL
            <input {...input('url')} placeholder="/dicom-web or https://pacs.example.org/dicom-web" aria-invalid={!!urlProblem} />
          </label>
          <p className="hint muted">
            QIDO-RS, WADO-RS and STOW-RS share this root. A server on another origin must allow this page (CORS); the simplest is a
            reverse proxy that serves it under this site, as <code>/dicom-web</code> does in development.
          </p>
          <fieldset>
            <legend>Authentication</legend>
            {(['none', 'basic', 'bearer'] as const).map((kind) => (
              <label key={kind} className="inline">
                <input type="radio" name="auth" checked={draft.authKind === kind} onChange={() => edit({ authKind: kind })} />
                {kind === 'none' ? 'None' : kind === 'basic' ? 'User name and password (Basic)' : 'Token (Bearer)'}
              </label>
            ))}
            {draft.authKind === 'basic' && (
              <div className="auth-fields">
                <label>
                  User name
                  <input {...input('username')} autoComplete="username" />
                </label>
                <label>
                  Password
                  <input type="password" {...input('password')} autoComplete="current-password" />
                </label>
              </div>
            )}
            {draft.authKind === 'bearer' && (
              <label>
                Token
                <input type="password" {...input('token')} autoComplete="off" />
              </label>
            )}
            {draft.authKind !== 'none' && (
              <label className="inline">
                <input type="checkbox" checked={draft.rememberSecret} onChange={(e) => edit({ rememberSecret: e.currentTarget.checked })} />
                Remember the {draft.authKind === 'basic' ? 'password' : 'token'} on this computer (otherwise until this tab is closed)
              </label>
            )}
          </fieldset>

          {problem && draft.url.trim() !== '' && <p className="error">{problem}</p>}
          {test?.status === 'testing' && <p className="muted">Asking the server…</p>}
          {test?.status === 'ok' && <p className="ok">The server answered.</p>}
          {test?.status === 'failed' && (
            <p className="error" role="alert">
              {test.error}
            </p>
          )}
          {saved && <p className="ok">Saved.</p>}

          <div className="actions">
            <button type="submit" className="primary" disabled={!!problem}>
              Save
            </button>
            <button
              type="button"
              disabled={!!problem || test?.status === 'testing'}
              onClick={async () => {
                setTest({ status: 'testing' });
                const error = await onTest(entryOf(draft));
                setTest(error ? { status: 'failed', error } : { status: 'ok' });
              }}
            >
              Test connection
            </button>
            {!isNew && servers.length > 1 && (
              <button
                type="button"
                className="danger"
                onClick={() => {
                  onRemove(draft.id);
                  const other = servers.find((s) => s.id !== draft.id);
                  if (other) setDraft(draftOf(other));
                }}
              >
                Remove
              </button>
            )}
            <span className="spacer" />
            <button type="button" onClick={onClose}>
              Close
            </button>
          </div>
        </form>
      </div>
    </dialog>
  );
}
