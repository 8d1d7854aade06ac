import { useState } from 'react';
import { ChoiceDialog } from './ChoiceDialog';

interface Props {
  /** How many readings are stored; asked when the button is pressed, so the question names the true number. */
  count: () => Promise<number>;
  /** Deletes them; resolves with how many there were. */
  forget: () => Promise<number>;
  /** What happened, in words, for the reading bar's message line. */
  onDone: (text: string, problem?: boolean) => void;
}

const readings = (n: number) => `${n} ${n === 1 ? 'reading' : 'readings'}`;

/** "Forget readings on this computer": the readings autosaved in this browser deleted, after a question naming how many. */
export function ForgetReadings({ count, forget, onDone }: Props) {
  const [asking, setAsking] = useState<number | null>(null);
  const ask = () =>
    count().then(
      (n) => (n === 0 ? onDone('No readings are stored on this computer.') : setAsking(n)),
      (error: unknown) => onDone(`The stored readings could not be counted: ${error instanceof Error ? error.message : String(error)}`, true),
    );
  const confirm = () => {
    setAsking(null);
    forget().then(
      (n) => onDone(`${readings(n)} forgotten on this computer. Readings you exported (JSON, SR) or stored to a PACS are not affected.`),
      (error: unknown) => onDone(`The stored readings could not be forgotten: ${error instanceof Error ? error.message : String(error)}`, true),
    );
  };
  return (
    <>
      <button type="button" className="forget-readings" onClick={() => void ask()} title="Delete the readings autosaved in this browser">
        Forget readings on this computer…
      </button>
      {asking !== null && (
        <ChoiceDialog
          title="Forget readings on this computer"
          message={`Delete the ${readings(asking)} stored in this browser on this computer? This cannot be undone. Readings you exported (JSON, SR) or stored to a PACS are not affected; a reading open now stays on screen until you close it.`}
          choices={[
            { label: 'Cancel', onChoose: () => setAsking(null) },
            { label: `Forget ${readings(asking)}`, onChoose: confirm },
          ]}
          onCancel={() => setAsking(null)}
        />
      )}
    </>
  );
}
