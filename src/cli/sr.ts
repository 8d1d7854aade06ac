/**
 * `kypho sr`: a reading document to a DICOM SR (TID 1500) and back, for pipelines that convert in bulk.
 * The referenced images supply the patient, study and SOP attributes that the reading does not hold.
 */
import { parseArgs } from 'node:util';
import { readInstance, type Instance } from '../dicom';
import { readSr, type SrRead } from '../persistence/sr/srRead';
import { SrExportError, writeSr, type SrContext, type SrImage } from '../persistence/sr/srWrite';
import { parseReadingJson } from '../persistence/validateReading';
import { EXIT_BAD_INPUT, EXIT_OK, UsageError, type Command, type Io } from './command';

const USAGE = `Usage: kypho sr export READING.json --images DIR -o OUT.dcm [--observer NAME [--organization ORG] [--signed]]
       kypho sr import SR.dcm [SR.dcm...]`;

const HELP = `${USAGE}

export   Writes the reading document READING.json (kypho.reading/v1, as the viewer exports it) as a DICOM
         Comprehensive SR following TID 1500, one measurement group per height (a line on the image), the
         rest as qualitative evaluations. A reading on CT reformats becomes a Comprehensive 3D SR (SCOORD3D
         in the series' Frame of Reference). The images the measurements were placed on (for a reformat,
         its series) must be in DIR (searched recursively): they give the patient, study, series and SOP
         class of the references. Nothing is written unless every vertebra can be.
         --observer NAME   the reader, as a DICOM person name (FAMILY^GIVEN), recorded as the observer
         --organization ORG  the reader's organisation
         --signed          signed by the reader now (VERIFIED, with the verifying observer); without it the
                           SR says it is preliminary
import   Reads Kypho SRs (or TID 1500 SRs of the same shape) and prints the reading document as JSON
         on stdout; with several files, a JSON array in the same order. Heights, ratios and grades are
         recomputed from the points. Notes on what was recomputed go to stderr.

Exit status: 0 on success; 2 on bad input or usage, with nothing on stdout (or no file written) and one line
per problem on stderr, each naming the file, and for an SR the measurement group and item.
`;

export const sr: Command = {
  name: 'sr',
  summary: 'export a reading as DICOM SR (TID 1500), or import SRs as readings',
  help: HELP,
  async run(args, io) {
    const [action, ...rest] = args;
    try {
      if (action === '--help' || action === '-h') {
        io.stdout(HELP);
        return EXIT_OK;
      }
      if (action === 'export') return await exportSr(rest, io);
      if (action === 'import') return await importSr(rest, io);
      throw new UsageError(action === undefined ? 'say export or import' : `unknown action ${JSON.stringify(action)} (export or import)`);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      io.stderr(`kypho sr: ${error.message}\n${USAGE}\n`);
      return EXIT_BAD_INPUT;
    }
  },
};

/** parseArgs, its first sentence as a usage error (it goes on about `--` escapes, which do not apply here). */
function parse<T>(parser: () => T): T {
  try {
    return parser();
  } catch (error) {
    throw new UsageError((error instanceof Error ? error.message : String(error)).split('. ')[0] as string);
  }
}

async function exportSr(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parse(() =>
    parseArgs({
      args: [...args],
      options: {
        images: { type: 'string' },
        output: { type: 'string', short: 'o' },
        observer: { type: 'string' },
        organization: { type: 'string' },
        signed: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    }),
  );
  if (values.help) {
    io.stdout(HELP);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError(`one READING.json, got ${positionals.length}`);
  if (values.images === undefined) throw new UsageError('--images DIR is required: the images give the patient and study');
  if (values.output === undefined) throw new UsageError('-o OUT.dcm is required');
  if (values.signed && !values.observer) throw new UsageError('--signed needs --observer NAME: the reader who signs');
  const readingFile = positionals[0] as string;

  let text: string;
  try {
    text = await io.readFile(readingFile);
  } catch (error) {
    return fail(io, [`${readingFile}: cannot read: ${oneLine(error)}`]);
  }
  const validation = parseReadingJson(text);
  if (!validation.ok) return fail(io, validation.problems.map((p) => `${readingFile}: ${p}`));
  const document = validation.document;

  let files: string[];
  try {
    files = await io.listFiles(values.images);
  } catch (error) {
    return fail(io, [`${values.images}: cannot list: ${oneLine(error)}`]);
  }
  const wanted = new Set(document.vertebrae.flatMap((v) => (v.measurement?.space === 'image' ? [v.measurement.sopInstanceUid] : [])));
  const instances: Instance<string>[] = [];
  for (const file of files) {
    const parsed = await readInstance(file, await io.readBytes(file), file);
    // Other files (reports, non-DICOM) are no concern of the export.
    if (parsed.kind === 'image' && parsed.instance.studyInstanceUid === document.study.studyInstanceUid) instances.push(parsed.instance);
  }
  const first = instances.find((i) => wanted.has(i.sopInstanceUid)) ?? instances[0];
  if (!first) {
    const looked = files.length === 1 ? '1 file' : `${files.length} files`;
    return fail(io, [`${values.images}: no image of study ${document.study.studyInstanceUid} among the ${looked} looked at (symbolic links followed)`]);
  }

  const images = new Map<string, SrImage>(
    instances.map((i) => [
      i.sopInstanceUid,
      { sopClassUid: i.sopClassUid, seriesInstanceUid: i.seriesInstanceUid, numberOfFrames: i.numberOfFrames, frameOfReferenceUid: i.frameOfReferenceUid },
    ]),
  );
  const context: SrContext = {
    patient: { name: first.patientName, id: first.patientId, birthDate: first.patientBirthDate, sex: first.patientSex },
    study: {
      studyInstanceUid: first.studyInstanceUid,
      date: first.studyDate,
      time: first.studyTime,
      accessionNumber: first.accessionNumber,
      description: first.studyDescription,
    },
    images,
    ...(values.observer && { observer: { name: values.observer, ...(values.organization && { organization: values.organization }) } }),
    ...(values.signed && { signedAt: new Date() }),
  };
  let bytes: Uint8Array;
  try {
    bytes = writeSr(document, context);
  } catch (error) {
    if (!(error instanceof SrExportError)) throw error;
    return fail(io, error.message.split('\n').map((p) => `${readingFile}: ${p}`));
  }
  try {
    await io.writeBytes(values.output, bytes);
  } catch (error) {
    return fail(io, [`${values.output}: cannot write: ${oneLine(error)}`]);
  }
  io.stdout(`${values.output}: SR of ${document.vertebrae.length} vertebrae, study ${document.study.studyInstanceUid}\n`);
  return EXIT_OK;
}

async function importSr(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parse(() =>
    parseArgs({ args: [...args], options: { help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true }),
  );
  if (values.help) {
    io.stdout(HELP);
    return EXIT_OK;
  }
  if (positionals.length === 0) throw new UsageError('give at least one SR.dcm');
  const problems: string[] = [];
  const notes: string[] = [];
  const documents: unknown[] = [];
  for (const file of positionals) {
    let result: SrRead;
    try {
      result = readSr(await io.readBytes(file));
    } catch (error) {
      problems.push(`${file}: cannot read: ${oneLine(error)}`);
      continue;
    }
    if (!result.ok) problems.push(...result.problems.map((p) => `${file}: ${p}`));
    else {
      documents.push(result.document);
      notes.push(...result.warnings.map((w) => `${file}: ${w}`));
    }
  }
  if (problems.length > 0) return fail(io, problems);
  io.stdout(`${JSON.stringify(positionals.length === 1 ? documents[0] : documents, null, 2)}\n`);
  if (notes.length > 0) io.stderr(notes.map((n) => `${n}\n`).join(''));
  return EXIT_OK;
}

function fail(io: Io, problems: readonly string[]): number {
  io.stderr(problems.map((problem) => `${problem}\n`).join(''));
  return EXIT_BAD_INPUT;
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
}
