/**
 * Where a pack's files come from: a folder the reader chose or dropped, a zip, or a URL (the bundled phantom
 * pack, served with the app). Each gives the same `PackSource`, so the viewer opens them all one way.
 * Browser and Node both have Blob/File and fetch; nothing here touches the DOM.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import type { ReadingDocument } from '../persistence/readingDocument';
import { readSr } from '../persistence/sr/srRead';
import { parseReadingJson } from '../persistence/validateReading';
import { checkPack, PACK_FILE, packPathProblem, type Pack, type PackCase } from './pack';
import { zipEntries, zipEntryBytes, type ZipEntry } from './zipReader';

export interface PackSource {
  /** What the reader chose ("teaching.zip", "sample-data/"), for messages. */
  name: string;
  /** A file of the pack by its path from the root; rejects with an Error naming the path when it is missing. */
  read(path: string): Promise<Uint8Array>;
  /**
   * Whether the pack holds the file, where that costs nothing (a folder, a zip); absent for a URL, where
   * only a request could tell.
   */
  has?(path: string): boolean;
  /** The file as a Blob without copying it where the source has one (a chosen folder's own File). */
  blob?(path: string): Promise<Blob>;
}

export interface OpenedPack {
  pack: Pack;
  source: PackSource;
}

export type OpenPackResult = { ok: true; opened: OpenedPack } | { ok: false; problems: string[] };

/** A file the pack names is not in it (a 404 for a pack on a server). */
export class PackFileMissing extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'PackFileMissing';
  }
}

/** What is wrong with a pack or one of its files, one problem a line, each naming the pack and the file. */
export class PackProblems extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'PackProblems';
  }
}

const DICOM_TYPE = 'application/dicom';

/**
 * Zip entries made on "Unix", readable by everyone: Info-ZIP's unzip takes names from an MS-DOS zip (fflate's
 * default) as code page 437 and garbles UTF-8 ones ("fälle" -> "f+lle") despite the UTF-8 flag.
 */
const UNIX_FILE = { os: 3, attrs: 0o644 << 16 } as const;

// ------------------------------------------------------------------------------------------- sources

/** `./a/b`, `/a/b` (a dropped folder's full path) -> `a/b`. */
function normalized(path: string): string {
  return path.replace(/^(\.?\/)+/, '');
}

/** The folder of the pack.json nearest the top ('' or 'folder/'), or why there is none. */
function packRoot(paths: readonly string[], what: string): { root: string } | { problem: string } {
  const candidates = paths.filter((p) => p === PACK_FILE || p.endsWith(`/${PACK_FILE}`));
  if (candidates.length === 0) return { problem: `no ${PACK_FILE} among ${what}: a pack has its ${PACK_FILE} at the top` };
  const depth = (p: string) => p.split('/').length;
  const top = Math.min(...candidates.map(depth));
  const nearest = candidates.filter((p) => depth(p) === top).sort();
  if (nearest.length > 1) {
    return { problem: `${nearest.length} ${PACK_FILE} files at the same depth (${nearest.join(', ')}): choose one pack's folder` };
  }
  return { root: (nearest[0] as string).slice(0, -PACK_FILE.length) };
}

/** A source over a fixed list of paths (a folder or a zip): lookups by path below the pack's root. */
function listedSource(
  paths: readonly string[],
  sourceName: (root: string | null) => string,
  what: string,
  readFull: (fullPath: string, path: string) => Promise<Uint8Array>,
  blobFull?: (fullPath: string, path: string) => Blob,
): PackSource {
  const found = packRoot(paths, what);
  const root = 'root' in found ? found.root : null;
  const name = sourceName(root);
  const present = new Set(paths);
  const locate = (path: string): string => {
    if (root === null) throw new Error('problem' in found ? found.problem : `no ${PACK_FILE}`);
    const full = root + path;
    if (packPathProblem(path) !== null || !present.has(full)) throw new PackFileMissing(path, `${path}: not in ${name}`);
    return full;
  };
  return {
    name,
    has: (path) => root !== null && packPathProblem(path) === null && present.has(root + path),
    read: async (path) => readFull(locate(path), path),
    ...(blobFull && { blob: async (path: string) => blobFull(locate(path), path) }),
  };
}

/** Files of a chosen or dropped folder, with their paths (as gatherFiles gives them): the pack.json nearest the top is the root. */
export function packFromFiles(files: readonly { name: string; file: Blob }[]): PackSource {
  const byPath = new Map<string, Blob>();
  for (const { name, file } of files) byPath.set(normalized(name), file);
  const paths = [...byPath.keys()];
  return listedSource(
    paths,
    (root) => (root ? root : topFolder(paths) ?? 'the chosen files'),
    `the ${paths.length} chosen files`,
    async (full) => new Uint8Array(await (byPath.get(full) as Blob).arrayBuffer()),
    (full) => byPath.get(full) as Blob,
  );
}

/** The one folder every path is in ('folder/'), if there is one. */
function topFolder(paths: readonly string[]): string | null {
  const tops = new Set(paths.map((p) => (p.includes('/') ? p.slice(0, p.indexOf('/') + 1) : '')));
  const [only] = tops;
  return tops.size === 1 && only ? only : null;
}

/**
 * A zip of a pack, pack.json at its top or inside one folder. Its directory is read once; a file is inflated
 * (or, stored as packZip stores DICOM, copied out) only when it is read, so opening a large pack costs only
 * its pack.json and references, and nothing is decompressed twice. Never rejects: a file that is not a zip
 * gives a source whose reads say so (and openPack reports it).
 */
export async function packFromZip(name: string, bytes: Uint8Array): Promise<PackSource> {
  let entries: Map<string, ZipEntry>;
  try {
    entries = zipEntries(bytes);
  } catch (error) {
    const problem = `not a readable zip (${messageOf(error)})`;
    return {
      name,
      has: () => false,
      read: async () => {
        throw new Error(problem);
      },
    };
  }
  const entry = (full: string, path: string): Uint8Array => {
    try {
      return zipEntryBytes(bytes, entries.get(full) as ZipEntry);
    } catch (error) {
      throw new Error(`${path}: cannot be unzipped from ${name} (${messageOf(error)})`);
    }
  };
  return listedSource(
    [...entries.keys()],
    () => name,
    `the ${entries.size} files of the zip`,
    // A stored entry is a view into the zip: copied, so that no reader sees (or keeps alive) the whole zip
    // through its .buffer. The Blob copies the view itself.
    async (full, path) => {
      const data = entry(full, path);
      return data.buffer === bytes.buffer ? data.slice() : data;
    },
    (full, path) => new Blob([entry(full, path) as Uint8Array<ArrayBuffer>]),
  );
}

/** A pack served over HTTP: `baseUrl` ends with '/', files are fetched below it. */
export function packFromUrl(baseUrl: string): PackSource {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const urlOf = (path: string) => base + path.split('/').map(encodeURIComponent).join('/');
  const get = async (path: string): Promise<Response> => {
    const problem = packPathProblem(path);
    if (problem) throw new PackFileMissing(path, `${path}: not a path inside the pack (${problem})`);
    const url = urlOf(path);
    let response: Response;
    try {
      response = await fetch(url);
    } catch (error) {
      throw new Error(`${path}: could not be fetched from ${url} (${messageOf(error)})`);
    }
    if (response.status === 404 || response.status === 410) {
      throw new PackFileMissing(path, `${path}: HTTP ${response.status}${statusText(response)}, not on the server (${url})`);
    }
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}${statusText(response)} (${url})`);
    // A single-page app server answers an unknown path with its index.html and 200: that file is missing.
    if (/^text\/html/i.test(response.headers.get('content-type') ?? '') && !/\.html?$/i.test(path)) {
      throw new PackFileMissing(path, `${path}: the server answered with an HTML page, not the file (${url})`);
    }
    return response;
  };
  return {
    name: base,
    read: async (path) => new Uint8Array(await (await get(path)).arrayBuffer()),
    blob: async (path) => (await get(path)).blob(),
  };
}

function statusText(response: Response): string {
  return response.statusText ? ` ${response.statusText}` : '';
}

// ------------------------------------------------------------------------------------------- opening

/** How many missing DICOM files of one case are named before the rest are counted. */
const MISSING_FILES_NAMED = 5;

/**
 * Reads and checks pack.json, and that every file it names is there (without reading DICOM). Problems name
 * the pack and the field or file.
 *
 * Each case's reference file is read and must be a `kypho.reading/v1` JSON or a Kypho SR of the case's study.
 * The DICOM files are not read (they can be hundreds of MB, loaded per case); where the source knows its
 * files without reading them (a folder, a zip), each listed file must be present.
 */
export async function openPack(source: PackSource): Promise<OpenPackResult> {
  const at = `${source.name}: ${PACK_FILE}`;
  let bytes: Uint8Array;
  try {
    bytes = await source.read(PACK_FILE);
  } catch (error) {
    return { ok: false, problems: [error instanceof PackFileMissing ? `${at}: missing (a pack has its ${PACK_FILE} at the top)` : `${source.name}: ${messageOf(error)}`] };
  }
  let json: unknown;
  try {
    json = JSON.parse(utf8(bytes));
  } catch (error) {
    return { ok: false, problems: [`${at}: not JSON: ${messageOf(error)}`] };
  }
  const check = checkPack(json);
  if (!check.ok) return { ok: false, problems: check.problems.map((p) => `${at}: ${p}`) };
  const { pack } = check;

  const problems: string[] = [];
  for (const [index, packCase] of pack.cases.entries()) {
    const where = `cases[${index}] ("${packCase.id}")`;
    if (typeof packCase.reference === 'string') {
      const loaded = await loadReference(source, packCase, where);
      if (!loaded.ok) problems.push(...loaded.problems);
    }
    if (packCase.files && source.has) {
      const missing = packCase.files.flatMap((path, i) => (source.has?.(path) ? [] : [{ path, i }]));
      for (const { path, i } of missing.slice(0, MISSING_FILES_NAMED)) problems.push(`${source.name}: ${path}: missing (${where}.files[${i}])`);
      if (missing.length > MISSING_FILES_NAMED) {
        problems.push(`${source.name}: ${where}: ${missing.length - MISSING_FILES_NAMED} more of its ${packCase.files.length} files are missing`);
      }
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, opened: { pack, source } };
}

type Loaded = { ok: true; document: ReadingDocument } | { ok: false; problems: string[] };

async function loadReference(source: PackSource, packCase: PackCase, where: string): Promise<Loaded> {
  const path = packCase.reference as string;
  const at = `${source.name}: ${path}`;
  let bytes: Uint8Array;
  try {
    bytes = await source.read(path);
  } catch (error) {
    if (error instanceof PackFileMissing) return { ok: false, problems: [`${at}: missing (the reference of ${where})`] };
    return { ok: false, problems: [`${source.name}: ${messageOf(error)} (the reference of ${where})`] };
  }
  const parsed = parseReference(path, bytes);
  if (!parsed.ok) return { ok: false, problems: parsed.problems.map((p) => `${at}: ${p} (the reference of ${where})`) };
  const study = parsed.document.study.studyInstanceUid;
  if (study !== packCase.studyInstanceUid) {
    return {
      ok: false,
      problems: [`${at}: the reference reading is of study ${study}, but ${where} is study ${packCase.studyInstanceUid}`],
    };
  }
  return parsed;
}

function isDicomFile(bytes: Uint8Array): boolean {
  return bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
}

/** A Kypho SR (DICOM, by its 'DICM' or a .dcm name) or a reading JSON. */
function parseReference(path: string, bytes: Uint8Array): Loaded {
  if (isDicomFile(bytes) || /\.dcm$/i.test(path)) {
    const read = readSr(bytes);
    return read.ok ? { ok: true, document: read.document } : { ok: false, problems: read.problems };
  }
  const parsed = parseReadingJson(utf8(bytes));
  if (parsed.ok) return parsed;
  const notJson = parsed.problems.length === 1 && parsed.problems[0]?.startsWith('not JSON');
  return notJson ? { ok: false, problems: [`neither a DICOM SR nor a kypho.reading/v1 JSON (${parsed.problems[0]})`] } : parsed;
}

/**
 * The reference reading of a case whose reference is a file in the pack. A reference on the DICOMweb server
 * (the SR's UIDs) is the viewer's to retrieve: asking for it here is an error that says so.
 * Rejects with PackProblems naming the pack and the file.
 */
export async function readReference(source: PackSource, packCase: PackCase): Promise<ReadingDocument> {
  const reference = packCase.reference;
  if (typeof reference !== 'string') {
    throw new Error(
      `case "${packCase.id}": the reference is the SR ${reference.sopInstanceUid} (series ${reference.seriesInstanceUid}) on the DICOMweb server, ` +
        'not a file of the pack; retrieve it from the server',
    );
  }
  const loaded = await loadReference(source, packCase, `case "${packCase.id}"`);
  if (!loaded.ok) throw new PackProblems(loaded.problems);
  return loaded.document;
}

/**
 * The case's study as Files named by their path in the pack (as the viewer's loader takes local files).
 * A case without files is on the DICOMweb server: an error says so.
 */
export async function caseFiles(source: PackSource, packCase: PackCase): Promise<{ name: string; file: File }[]> {
  const files = packCase.files;
  if (!files) {
    throw new Error(`case "${packCase.id}": its study ${packCase.studyInstanceUid} is on the DICOMweb server, not in ${source.name}`);
  }
  return Promise.all(
    files.map(async (path) => {
      const blob = source.blob ? await source.blob(path) : new Blob([(await source.read(path)) as Uint8Array<ArrayBuffer>]);
      return { name: path, file: new File([blob], path.slice(path.lastIndexOf('/') + 1), { type: DICOM_TYPE }) };
    }),
  );
}

// ------------------------------------------------------------------------------------------- writing

/**
 * A zip of pack.json and the given files (paths from the root), for the teacher's "Export pack". pack.json
 * comes first (from `pack`; a pack.json among `files` is ignored) and is deflated like the other JSON; DICOM
 * is stored as it is (it barely compresses, and storing keeps a large export fast). Throws PackProblems when
 * the pack is not sound or names a file that `files` lacks, so no broken pack leaves.
 */
export function packZip(pack: Pack, files: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const check = checkPack(pack);
  if (!check.ok) throw new PackProblems(check.problems.map((p) => `${PACK_FILE}: ${p}`));
  const problems: string[] = [];
  for (const path of files.keys()) {
    const problem = packPathProblem(path);
    if (problem) problems.push(`files: ${problem}`);
  }
  pack.cases.forEach((c, index) => {
    const named = [...(c.files ?? []), ...(typeof c.reference === 'string' ? [c.reference] : [])];
    for (const path of named) if (!files.has(path)) problems.push(`${path}: named by cases[${index}] ("${c.id}") but not given`);
  });
  if (problems.length > 0) throw new PackProblems(problems);

  // Insertion order is the zip's order, so pack.json is first (a purely numeric top-level name would still be
  // put before it by JavaScript's key order; pack paths are not expected to be one).
  const zippable: Zippable = { [PACK_FILE]: [strToU8(`${JSON.stringify(pack, null, 2)}\n`), { ...UNIX_FILE, level: 6 }] };
  for (const [path, bytes] of files) {
    if (path === PACK_FILE) continue;
    const store = isDicomFile(bytes) || /\.dcm$/i.test(path);
    zippable[path] = [bytes, { ...UNIX_FILE, level: store ? 0 : 6 }];
  }
  return zipSync(zippable);
}

// ------------------------------------------------------------------------------------------- helpers

function utf8(bytes: Uint8Array): string {
  // Editors on Windows may save a byte-order mark, which JSON.parse rejects.
  return new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ');
}
