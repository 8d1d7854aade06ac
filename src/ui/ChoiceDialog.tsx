import { useRef } from 'react';
import { useModalDialog } from './focus';

export interface Choice {
  label: string;
  onChoose: () => void;
}

interface Props {
  title: string;
  message: string;
  /** The first choice has the focus; Esc (the dialog's cancel) calls onCancel. */
  choices: readonly Choice[];
  onCancel: () => void;
}

/** A modal question with a few named answers (replace a measured level, measure as another level, discard). */
export function ChoiceDialog({ title, message, choices, onCancel }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  useModalDialog(dialog);
  return (
    <dialog
      ref={dialog}
      className="choice"
      aria-label={title}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <h2>{title}</h2>
      <p>{message}</p>
      <div className="actions">
        {choices.map((c, i) => (
          <button key={c.label} type="button" autoFocus={i === 0} onClick={c.onChoose}>
            {c.label}
          </button>
        ))}
      </div>
    </dialog>
  );
}
