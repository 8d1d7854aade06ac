/** Entry point of the `kypho` binary (bin/kypho.js): wires the real process into runKypho. */
import { readFile, writeFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import type { Io } from './command';
import { runKypho } from './kypho';
import { listFiles } from './listFiles';

const io: Io = {
  readFile: (path) => readFile(path, 'utf8'),
  readBytes: async (path) => new Uint8Array(await readFile(path)),
  writeBytes: (path, bytes) => writeFile(path, bytes),
  listFiles,
  readStdin: () => text(process.stdin),
  stdinIsTerminal: process.stdin.isTTY === true,
  stdout: (chunk) => void process.stdout.write(chunk),
  stderr: (chunk) => void process.stderr.write(chunk),
};

// exitCode rather than exit(): a large answer piped to a slow reader must be flushed first.
process.exitCode = await runKypho(process.argv.slice(2), io);
