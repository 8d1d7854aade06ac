import { useRef, useState } from 'react';
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
  const value = Number(text.replace(',', '.'));
  const valid = text.trim() !== '' && Number.isFinite(value) && value > 0;
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
          if (valid) onSubmit(value);
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
        {text !== '' && !valid && <p className="warning small">Type a length greater than 0, e.g. 50 or 12.5.</p>}
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
