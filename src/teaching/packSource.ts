/**
 * Where a pack's files come from: a folder the reader chose or dropped, a zip, or a URL (the bundled phantom
 * pack, served with the app). Each gives the same `PackSource`, so the viewer opens them all one way.
 * Browser and Node both have Blob/File and fetch; nothing here touches the DOM.
 */
import type { ReadingDocument } from '../persistence/readingDocument';
import type { Pack, PackCase } from './pack';

export interface PackSource {
  /** What the reader chose ("teaching.zip", "sample-data/"), for messages. */
  name: string;
  /** A file of the pack by its path from the root; rejects with an Error naming the path when it is missing. */
  read(path: string): Promise<Uint8Array>;
}

export interface OpenedPack {
  pack: Pack;
  source: PackSource;
}

/** Files of a chosen or dropped folder, with their paths (as gatherFiles gives them): the pack.json nearest the top is the root. */
export function packFromFiles(files: readonly { name: string; file: Blob }[]): PackSource {
  void files;
  throw new Error('not implemented');
}

export async function packFromZip(name: string, bytes: Uint8Array): Promise<PackSource> {
  void name;
  void bytes;
  throw new Error('not implemented');
}

/** A pack served over HTTP: `baseUrl` ends with '/', files are fetched below it. */
export function packFromUrl(baseUrl: string): PackSource {
  void baseUrl;
  throw new Error('not implemented');
}

/**
 * Reads and checks pack.json, and that every file it names is there (without reading DICOM). Problems name
 * the pack and the field or file.
 */
export async function openPack(source: PackSource): Promise<{ ok: true; opened: OpenedPack } | { ok: false; problems: string[] }> {
  void source;
  throw new Error('not implemented');
}

/** A zip of pack.json and the given files (paths from the root), for the teacher's "Export pack". */
export function packZip(pack: Pack, files: ReadonlyMap<string, Uint8Array>): Uint8Array {
  void pack;
  void files;
  throw new Error('not implemented');
}

/** A case's reference reading from the pack (string references; the viewer resolves server ones itself). */
export async function readReference(source: PackSource, packCase: PackCase): Promise<ReadingDocument> {
  void source;
  void packCase;
  throw new Error('not implemented');
}

/** A case's study files, named by their paths in the pack, for the viewer's loader. */
export async function caseFiles(source: PackSource, packCase: PackCase): Promise<{ name: string; file: File }[]> {
  void source;
  void packCase;
  throw new Error('not implemented');
}
