import { useRef, useState } from 'react';
import { describeCalibration, describeVertebra, questionCount, type MergeChoices, type MergeQuestions, type Side } from '../persistence/mergeReadings';
import { METHOD_NAMES } from '../reading';
import { useModalDialog } from './focus';

interface Props {
  questions: MergeQuestions;
  /** The name of an image by its key, as the report's key images name it ("Lateral, image 1"). */
  imageName: (key: string) => string;
  onMerge: (choices: MergeChoices) => void;
  onCancel: () => void;
}

const SIDES = [
  ['mine', "This tab's"],
  ['theirs', "The other tab's"],
] as const;

/** What both tabs changed differently: for each level, image calibration and the method, which tab's the merged reading keeps. */
export function MergeDialog({ questions, imageName, onMerge, onCancel }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  useModalDialog(dialog);
  const [choices, setChoices] = useState<MergeChoices>({});
  const { conflicts, calibrationConflicts, method } = questions;
  const open = [
    ...conflicts.filter((c) => !choices.levels?.[c.level]).map((c) => c.level),
    ...calibrationConflicts.filter((c) => !choices.calibrations?.[c.image]).map((c) => `the calibration of ${imageName(c.image)}`),
    ...(typeof method !== 'string' && !choices.method ? ['the method'] : []),
  ];
  const count = questionCount(questions);
  const option = (name: string, side: Side, label: string, text: string, checked: boolean, choose: () => void) => (
    <label key={side}>
      <input type="radio" name={name} checked={checked} onChange={choose} />
      {label}: {text}
    </label>
  );
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
        Everything else is merged: a vertebra only one tab has is kept, and a calibration or method only one tab changed is taken from it.{' '}
        {count === 1 ? 'This was' : 'These were'} changed in both tabs; choose which to keep.
      </p>
      {conflicts.map(({ level, mine, theirs }) => (
        <fieldset key={level} className="merge-level">
          <legend>{level}</legend>
          {SIDES.map(([side, label]) =>
            option(`merge-${level}`, side, label, describeVertebra(side === 'mine' ? mine : theirs), choices.levels?.[level] === side, () =>
              setChoices((c) => ({ ...c, levels: { ...c.levels, [level]: side } })),
            ),
          )}
        </fieldset>
      ))}
      {calibrationConflicts.map(({ image, mine, theirs, levels, imageCalibration }) => (
        <fieldset key={image} className="merge-level">
          <legend>Calibration of {imageName(image)}</legend>
          <p className="muted">
            {levels.length > 0
              ? `The heights, and so the grades, of ${levels.join(', ')} measured on this image follow the calibration kept.`
              : 'The heights of any vertebra measured on this image follow the calibration kept.'}
          </p>
          {SIDES.map(([side, label]) =>
            option(`merge-calibration-${image}`, side, label, describeCalibration(side === 'mine' ? mine : theirs, imageCalibration), choices.calibrations?.[image] === side, () =>
              setChoices((c) => ({ ...c, calibrations: { ...c.calibrations, [image]: side } })),
            ),
          )}
        </fieldset>
      ))}
      {typeof method !== 'string' && (
        <fieldset className="merge-level">
          <legend>Method</legend>
          <p className="muted">The method kept grades every vertebra of the reading.</p>
          {SIDES.map(([side, label]) =>
            option('merge-method', side, label, METHOD_NAMES[method[side]], choices.method === side, () => setChoices((c) => ({ ...c, method: side }))),
          )}
        </fieldset>
      )}
      <div className="actions">
        <button type="button" disabled={open.length > 0} onClick={() => onMerge(choices)} title={open.length > 0 ? `Choose for ${open.join(', ')} first` : undefined}>
          Merge
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
