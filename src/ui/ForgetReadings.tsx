import { useState } from 'react';
import { ChoiceDialog } from './ChoiceDialog';

/** What this browser keeps of readings: the autosaved ones, and the teaching readings (pack draft, submitted cases). */
export interface StoredReadings {
  readings: number;
  /** Cases in the teacher's pack draft, each with its reference reading. */
  draftCases: number;
  /** Cases trainees submitted, each with the trainee's reading. */
  submittedCases: number;
}

interface Props {
  /** What is stored; asked when the button is pressed, so the question names the true numbers. */
  count: () => Promise<StoredReadings>;
  /** Deletes it all; resolves with what there was. */
  forget: () => Promise<StoredReadings>;
  /** What happened, in words, for the reading bar's message line. */
  onDone: (text: string, problem?: boolean) => void;
}

const counted = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/** "the 3 readings, the teaching pack draft (2 cases) and the 4 submitted teaching cases" (`the` false: "3 readings, ..."). */
function named({ readings, draftCases, submittedCases }: StoredReadings, the: boolean): string {
  const article = the ? 'the ' : '';
  const parts = [
    readings > 0 && `${article}${counted(readings, 'reading')}`,
    draftCases > 0 && `the teaching pack draft (${counted(draftCases, 'case')})`,
    submittedCases > 0 && `${article}${counted(submittedCases, 'submitted teaching case')}`,
  ].filter((part) => part !== false);
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : (parts[0] ?? '');
}

const nothing = (stored: StoredReadings) => stored.readings + stored.draftCases + stored.submittedCases === 0;
const onlyReadings = (stored: StoredReadings) => stored.draftCases + stored.submittedCases === 0;

/**
 * "Forget readings on this computer": the readings autosaved in this browser and the teaching readings it keeps
 * deleted, after a question naming them with their numbers.
 */
export function ForgetReadings({ count, forget, onDone }: Props) {
  const [asking, setAsking] = useState<StoredReadings | null>(null);
  const ask = () =>
    count().then(
      (stored) => (nothing(stored) ? onDone('No readings are stored on this computer.') : setAsking(stored)),
      (error: unknown) => onDone(`The stored readings could not be counted: ${error instanceof Error ? error.message : String(error)}`, true),
    );
  const confirm = () => {
    setAsking(null);
    forget().then(
      (stored) => {
        const list = named(stored, false);
        const draft = stored.draftCases > 0 ? ' The Teaching pack is empty now.' : '';
        onDone(`${list.charAt(0).toUpperCase()}${list.slice(1)} forgotten on this computer.${draft} Readings you exported (JSON, SR) or stored to a PACS are not affected.`);
      },
      (error: unknown) => onDone(`The stored readings could not be forgotten: ${error instanceof Error ? error.message : String(error)}`, true),
    );
  };
  return (
    <>
      <button type="button" className="forget-readings" onClick={() => void ask()} title="Delete the readings this browser keeps: autosaved, and of teaching">
        Forget readings on this computer…
      </button>
      {asking !== null && (
        <ChoiceDialog
          title="Forget readings on this computer"
          message={[
            `Delete ${named(asking, true)} stored in this browser on this computer? This cannot be undone.`,
            'Readings you exported (JSON, SR) or stored to a PACS are not affected; a reading open now stays on screen until you close it.',
            ...(asking.draftCases > 0 ? ['The Teaching pack empties too: export it first (Export pack, or Store on PACS) to keep its cases.'] : []),
          ].join(' ')}
          choices={[
            { label: 'Cancel', onChoose: () => setAsking(null) },
            { label: onlyReadings(asking) ? `Forget ${counted(asking.readings, 'reading')}` : 'Forget all of these', onChoose: confirm },
          ]}
          onCancel={() => setAsking(null)}
        />
      )}
    </>
  );
}
