/** Reading JSON input and reporting bad input, the same way for every subcommand. */
import { EXIT_BAD_INPUT, type Io } from './command';

export type Parsed = { ok: true; value: unknown } | { ok: false; problem: string };

export async function readJson(file: string | null, io: Io): Promise<Parsed> {
  let text: string;
  try {
    text = file === null ? await io.readStdin() : await io.readFile(file);
  } catch (error) {
    return { ok: false, problem: `cannot read ${file ?? 'standard input'}: ${oneLine(error)}` };
  }
  try {
    // Editors on Windows may save a byte-order mark, which JSON.parse rejects.
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')) };
  } catch (error) {
    return { ok: false, problem: `not JSON: ${oneLine(error)}` };
  }
}

export function fail(io: Io, problems: readonly string[]): number {
  io.stderr(problems.map((problem) => `${problem}\n`).join(''));
  return EXIT_BAD_INPUT;
}

/** Parser messages may quote the input, newlines included; a problem must stay on one line. */
function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
}
