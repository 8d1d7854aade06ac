import { useRef, useState } from 'react';
import { parseCalibrationLength } from '../morphometry';
import { useModalDialog } from './focus';

interface Props {
  /** Of a length typed: refused, or to be confirmed, and why (the pixel size it makes); null when it is fine. */
  check: (lengthMm: number) => { refused: string } | { warning: string } | null;
  onSubmit: (lengthMm: number) => void;
  onCancel: () => void;
}

/** Asks the true length of the line just drawn; the image is then measured in `mm (user)`. */
export function CalibrationDialog({ check, onSubmit, onCancel }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState('');
  useModalDialog(dialog);
  const parsed = parseCalibrationLength(text);
  const checked = parsed.ok ? check(parsed.mm) : null;
  const refused = checked && 'refused' in checked ? checked.refused : null;
  const warning = checked && 'warning' in checked ? checked.warning : null;
  const valid = parsed.ok && !refused;
  const problem = !parsed.ok ? parsed.reason : refused;
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
          if (parsed.ok && valid) onSubmit(parsed.mm);
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
        {text !== '' && problem && <p className="warning small">{problem}</p>}
        {warning && <p className="warning small">{warning}</p>}
        <div className="actions">
          <button type="submit" disabled={!valid}>
            {warning ? 'Calibrate anyway' : 'Calibrate'}
          </button>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
