import type { SaveState } from '../app/readingSessions';

interface Props {
  state: SaveState | null;
  /** A private window: what is saved ends with it. */
  privateWindow?: boolean;
  onTakeSaved: () => void;
  onKeepMine: () => void;
  /** Merge the two readings level by level (asking for the levels both tabs changed). */
  onMerge?: () => void;
}

/** Whether the reading on screen is stored: the reader must be able to trust "Saved". */
export function SaveStatus({ state, privateWindow = false, onTakeSaved, onKeepMine, onMerge }: Props) {
  if (!state) return null;
  if (state.kind === 'conflict') {
    return (
      <div className="save-state conflict" data-state="conflict" role="alert">
        <p>
          <strong>Not saved:</strong> {state.reason} Which reading should this study keep?
        </p>
        <div className="actions">
          {onMerge && (
            <button type="button" onClick={onMerge} title="Keep the vertebrae of both tabs; asks for each level both changed">
              Merge by level
            </button>
          )}
          <button type="button" onClick={onTakeSaved}>
            Load the saved reading
          </button>
          <button type="button" onClick={onKeepMine}>
            Keep this tab's reading
          </button>
        </div>
      </div>
    );
  }
  const text = {
    loading: 'Looking for a saved reading…',
    empty: 'Nothing to save yet',
    saving: 'Saving…',
    saved: state.kind === 'saved' ? `${state.restored ? 'Restored, saved' : 'Saved'} ${new Date(state.at).toLocaleTimeString()}` : '',
    failed: state.kind === 'failed' ? `Not saved: ${state.reason}` : '',
  }[state.kind];
  return (
    <>
      <p className={`save-state ${state.kind}`} data-state={state.kind} role="status" title="Every change is stored in this browser at once">
        {state.kind === 'saved' && '✓ '}
        {state.kind === 'failed' && '⚠ '}
        {text}
      </p>
      {privateWindow && state.kind === 'saved' && (
        <p className="save-note" data-field="private-window">
          In this private window only: the saved reading is forgotten when the window closes. Export it as JSON to keep it.
        </p>
      )}
    </>
  );
}
