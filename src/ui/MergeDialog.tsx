import { useRef, useState } from 'react';
import type { Level } from '../morphometry';
import { describeVertebra, type LevelConflict, type Side } from '../persistence/mergeReadings';
import { useModalDialog } from './focus';

interface Props {
  conflicts: readonly LevelConflict[];
  onMerge: (choices: Partial<Record<Level, Side>>) => void;
  onCancel: () => void;
}

/** The levels both tabs changed: for each, which tab's vertebra the merged reading keeps. */
export function MergeDialog({ conflicts, onMerge, onCancel }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  useModalDialog(dialog);
  const [choices, setChoices] = useState<Partial<Record<Level, Side>>>({});
  const open = conflicts.filter((c) => !choices[c.level]);
  return (
    <dialog
      ref={dialog}
      className="choice merge"
      aria-label="Merge the two tabs' readings"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <h2>Merge the two tabs' readings</h2>
      <p>
        Every other level is merged: a vertebra only one tab has is kept. {conflicts.length === 1 ? 'This level was' : 'These levels were'} changed in
        both tabs; choose which to keep.
      </p>
      {conflicts.map(({ level, mine, theirs }) => (
        <fieldset key={level} className="merge-level">
          <legend>{level}</legend>
          {(
            [
              ['mine', "This tab's", mine],
              ['theirs', "The other tab's", theirs],
            ] as const
          ).map(([side, label, vertebra]) => (
            <label key={side}>
              <input type="radio" name={`merge-${level}`} checked={choices[level] === side} onChange={() => setChoices((c) => ({ ...c, [level]: side }))} />
              {label}: {describeVertebra(vertebra)}
            </label>
          ))}
        </fieldset>
      ))}
      <div className="actions">
        <button type="button" disabled={open.length > 0} onClick={() => onMerge(choices)} title={open.length > 0 ? `Choose for ${open.map((c) => c.level).join(', ')} first` : undefined}>
          Merge
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
