import { useRef, useState } from 'react';
import { parseCalibrationLength } from '../morphometry';
import { useModalDialog } from './focus';

interface Props {
  onSubmit: (lengthMm: number) => void;
  onCancel: () => void;
}

/** Asks the true length of the line just drawn; the image is then measured in `mm (user)`. */
export function CalibrationDialog({ onSubmit, onCancel }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState('');
  useModalDialog(dialog);
  const parsed = parseCalibrationLength(text);
  const valid = parsed.ok;
  return (
    <dialog
      ref={dialog}
      className="choice"
      aria-label="Calibrate"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (parsed.ok) onSubmit(parsed.mm);
        }}
      >
        <h2>Calibrate this image</h2>
        <p>How long is the line you drew, in the patient? Every measurement on this image will then be in mm (user).</p>
        <label className="length">
          Length in mm{' '}
          <input
            type="text"
            inputMode="decimal"
            autoFocus
            value={text}
            aria-invalid={text !== '' && !valid}
            onChange={(e) => setText(e.currentTarget.value)}
          />
        </label>
        {text !== '' && !parsed.ok && <p className="warning small">{parsed.reason}</p>}
        <div className="actions">
          <button type="submit" disabled={!valid}>
            Calibrate
          </button>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
