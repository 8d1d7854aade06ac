import { formatPersonName } from '../dicom';
import { signOffLine, type SignOff } from '../persistence/signOff';

interface Props {
  signOff: SignOff;
  /** Why the reading cannot be signed now (no reader named, nothing measured), or null. */
  cannotSign: string | null;
  onSign: () => void;
  onAmend: () => void;
}

/** Whether the reading on screen is signed (and locked) or preliminary, with the one action that changes it. */
export function SignOffBar({ signOff, cannotSign, onSign, onAmend }: Props) {
  const signed = Boolean(signOff.signed);
  return (
    <div className={`sign-off${signed ? ' signed' : ''}`} data-state={signed ? 'signed' : 'preliminary'}>
      <span data-testid="sign-off">
        {signed && <span aria-hidden="true">🔒 </span>}
        {signOffLine(signOff, formatPersonName)}
      </span>
      {signed ? (
        <button type="button" onClick={onAmend} title="Change the signed reading: the signed SR stays as it is, the change becomes a new, preliminary version">
          Amend…
        </button>
      ) : (
        <button type="button" disabled={cannotSign !== null} title={cannotSign ?? 'Sign the reading as the reader named below: it is then locked'} onClick={onSign}>
          Sign…
        </button>
      )}
    </div>
  );
}
