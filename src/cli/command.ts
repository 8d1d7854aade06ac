/** What every `kypho` subcommand shares: its description, its entry point and the outside world it may touch. */
import { parseArgs } from 'node:util';

/** The process's streams and files, passed in so that commands stay plain functions. */
export interface Io {
  readFile(path: string): Promise<string>;
  readBytes(path: string): Promise<Uint8Array>;
  writeBytes(path: string, bytes: Uint8Array): Promise<void>;
  /** Every file under a folder, recursively (a folder of DICOM files as a PACS export or CD gives it). */
  listFiles(folder: string): Promise<string[]>;
  readStdin(): Promise<string>;
  /** True when standard input is a terminal, i.e. nothing was piped in. */
  stdinIsTerminal: boolean;
  stdout(text: string): void;
  stderr(text: string): void;
}

export const EXIT_OK = 0;
/** Bad input or bad usage: nothing on stdout, the reasons on stderr. */
export const EXIT_BAD_INPUT = 2;

export interface Command {
  name: string;
  /** One line for `kypho --help`. */
  summary: string;
  /** The full text of `kypho COMMAND --help`. */
  help: string;
  run(args: readonly string[], io: Io): Promise<number>;
}

/** A mistake in how the command was called; reported with the usage, exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * The arguments of a command that takes files and `--json` (compare, score): parsed, or null once the mistake
 * and the usage are on stderr. `checkFiles` names what is wrong with the files given, or returns null.
 */
export function parseFilesAndJson(
  name: string,
  usage: string,
  args: readonly string[],
  io: Io,
  checkFiles: (files: readonly string[]) => string | null,
): { json: boolean; help: boolean; files: string[] } | null {
  try {
    const { values, positionals: files } = parseArgs({
      args: [...args],
      options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    const problem = values.help ? null : checkFiles(files);
    if (problem) throw new UsageError(problem);
    return { json: values.json ?? false, help: values.help ?? false, files };
  } catch (error) {
    io.stderr(`kypho ${name}: ${(error instanceof Error ? error.message : String(error)).split('. ')[0]}\n${usage}\n`);
    return null;
  }
}
