import { nextLevelCaudal, type Level } from '../morphometry';
import { judgedItems, type Finding, type ReadingState } from '../reading';
import { ChoiceDialog, type Choice } from '../ui/ChoiceDialog';
import type { CalibrationCheck, ConflictChoice } from '../viewer/morphometryBridge';

/** A question the app is waiting on the reader for. */
export type Prompt =
  | { kind: 'conflict'; existing: Finding; proposed: Finding; resolve: (choice: ConflictChoice) => void }
  | { kind: 'relabel'; id: string; level: Level }
  | { kind: 'calibrate'; check: CalibrationCheck; resolve: (lengthMm: number | null) => void };

/** The first level after `level`, going caudally, that the reading does not hold yet. */
function nextFreeLevel(level: Level, reading: ReadingState): Level | null {
  for (let l = nextLevelCaudal(level); l; l = nextLevelCaudal(l)) if (!reading.findings.some((f) => f.level === l)) return l;
  return null;
}

/** A second vertebra at a measured level: replace the old one, measure this as the next free level, or drop it. */
export function ConflictPrompt({
  prompt,
  reading,
  onDone,
}: {
  prompt: Extract<Prompt, { kind: 'conflict' }>;
  reading: ReadingState;
  onDone: () => void;
}) {
  const level = prompt.existing.level;
  const free = nextFreeLevel(level, reading);
  const kept = judgedItems(prompt.existing).join(', ');
  const answer = (choice: ConflictChoice) => () => {
    prompt.resolve(choice);
    onDone();
  };
  const choices: Choice[] = [{ label: `Replace ${level}`, onChoose: answer({ action: 'replace' }) }];
  if (free) choices.push({ label: `Measure as ${free}`, onChoose: answer({ action: 'relabel', level: free }) });
  choices.push({ label: 'Discard', onChoose: answer({ action: 'discard' }) });
  return (
    <ChoiceDialog
      title="Level already measured"
      message={`${level} is already measured. Replace it with the vertebra you just placed?${kept ? ` What was judged of ${level} (${kept}) stays.` : ''}`}
      choices={choices}
      onCancel={answer({ action: 'discard' })}
    />
  );
}
