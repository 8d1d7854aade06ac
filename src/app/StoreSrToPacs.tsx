import { useState } from 'react';
import type { DicomWebServer } from '../dicom/dicomweb';
import { storeOnServer } from './usePacs';

interface Props {
  /** The server the study on screen was opened from. */
  server: DicomWebServer;
  /**
   * The reading as a DICOM SR (TID 1500) Part 10 object. This is the hook for the SR export of the
   * persistence module: without it the button says what is missing instead of storing anything.
   */
  exportSr?: () => Promise<Uint8Array>;
  /** Why the reading cannot be written as an SR now (nothing measured...), or null. */
  unavailable?: string | null;
  /** The stored object, to show it in the study as the server now has it. */
  onStored: (bytes: Uint8Array) => void;
}

type State = { status: 'idle' } | { status: 'storing' } | { status: 'stored'; message: string } | { status: 'failed'; message: string };

/** Sends the reading to the PACS the study came from (STOW-RS), and says plainly whether the server took it. */
export function StoreSrToPacs({ server, exportSr, unavailable = null, onStored }: Props) {
  const [state, setState] = useState<State>({ status: 'idle' });

  const store = async () => {
    if (!exportSr) return;
    setState({ status: 'storing' });
    let bytes: Uint8Array;
    try {
      bytes = await exportSr();
    } catch (error) {
      setState({ status: 'failed', message: `The reading could not be written as an SR: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    const result = await storeOnServer(server, [bytes]);
    if ('error' in result) setState({ status: 'failed', message: result.error });
    else if (result.failed.length > 0) setState({ status: 'failed', message: `"${server.name}" did not store the SR: ${result.failed[0].reason}.` });
    else {
      setState({ status: 'stored', message: `Stored on "${server.name}".` });
      onStored(bytes);
    }
  };

  return (
    <div className="store-sr">
      <button
        type="button"
        disabled={!exportSr || unavailable !== null || state.status === 'storing'}
        title={
          unavailable ??
          (exportSr ? `Store the reading as a DICOM SR on "${server.name}" (STOW-RS)` : 'Needs the DICOM SR export of the reading, which this build does not have yet')
        }
        onClick={() => void store()}
      >
        {state.status === 'storing' ? 'Storing…' : 'Store SR to PACS'}
      </button>
      {(state.status === 'stored' || state.status === 'failed') && (
        <span className={state.status === 'stored' ? 'ok' : 'error'} role={state.status === 'failed' ? 'alert' : 'status'}>
          {state.message}
        </span>
      )}
    </div>
  );
}
