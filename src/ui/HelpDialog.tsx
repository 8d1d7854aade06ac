import { useRef } from 'react';
import { useModalDialog } from './focus';

interface Props {
  hotkeys: readonly { keys: readonly string[]; description: string }[];
  mouse: readonly { input: string; description: string }[];
  onClose: () => void;
}

const KEY_NAMES: Record<string, string> = {
  ArrowDown: '↓',
  ArrowUp: '↑',
  ArrowLeft: '←',
  ArrowRight: '→',
  Escape: 'Esc',
  Delete: 'Del',
  Backspace: '⌫',
};

export function HelpDialog({ hotkeys, mouse, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  useModalDialog(dialog);
  return (
    <dialog ref={dialog} className="help" aria-label="Keyboard shortcuts" onClose={onClose}>
      <h2>Keyboard and mouse</h2>
      <table>
        <tbody>
          {hotkeys.map((h) => (
            <tr key={h.description}>
              <td>
                {h.keys.map((k) => (
                  <kbd key={k}>{KEY_NAMES[k] ?? k}</kbd>
                ))}
              </td>
              <td>{h.description}</td>
            </tr>
          ))}
          {mouse.map((m) => (
            <tr key={m.input}>
              <td>{m.input}</td>
              <td>{m.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="dialog">
        <button type="submit" autoFocus>
          Close
        </button>
      </form>
    </dialog>
  );
}
