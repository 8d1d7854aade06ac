/** `kypho measure`: heights, ratios, Genant grades and the SDI of a landmark document (interchange.md). */
import { parseArgs } from 'node:util';
import {
  DEFAULT_METHOD,
  METHODS,
  measureVertebrae,
  validateLandmarkDocument,
  type LandmarkDocument,
  type MeasureResult,
  type Method,
} from '../morphometry';
import { EXIT_BAD_INPUT, EXIT_OK, UsageError, type Command, type Io } from './command';
import { fail, readJson } from './input';
import { formatResult } from './table';

const USAGE = 'Usage: kypho measure [FILE|-] [--json] [--method own-posterior|adjacent]';

const HELP = `${USAGE}

Reads a landmark document from FILE, or from standard input when FILE is - or absent, and prints per
vertebra (cranial to caudal) the heights Ha Hm Hp, the ratios Ha/Hp Hm/Hp Hp/Hp-adjacent, the wedge angle,
the height loss, the Genant grade and the deformity type, the vertebral and segmental kyphosis (degrees,
positive = kyphosis), then the thoracic kyphosis T4-T12, the lumbar lordosis L1-L5 (positive = lordosis)
and the SDI over T4-L4.

Options:
  --json             print JSON (the interchange format, full precision) instead of a table
  --method METHOD    height-loss method: own-posterior (default) or adjacent;
                     overrides the document's "method"
  -h, --help         print this help

Landmark document:
  { "pixelSpacing": [rowSpacing, columnSpacing],      mm per pixel; optional (else heights in px)
    "method": "own-posterior",                        optional
    "vertebrae": [
      { "level": "L1",                                C1..C7, T1..T13, L1..L6, S1; once per document
        "space": "image",                             or "patient" ([x, y, z] in mm); optional
        "pixelSpacing": [0.4, 0.4],                   overrides the document's (null: none); optional
        "points": { "as": [col, row], "ms": [...], "ps": [...], "ai": [...], "mi": [...], "pi": [...] } } ] }

With the adjacent method each vertebra of the output also carries "method", the method that graded
it, and "fallback", true where no adjacent level was measured and own-posterior was used instead.

Batch: a JSON array of landmark documents (one per reading) is measured document by document;
the JSON output is then an array of results in the same order, the table has one section per
document, and each problem line starts with the document's index, e.g. "[3] vertebrae[2] (L7): unknown level".

Exit status: 0 on success; 2 on bad input or usage, with nothing on stdout and one line per problem on stderr.
`;

export const measure: Command = {
  name: 'measure',
  summary: 'heights, ratios, Genant grades and SDI of a landmark document',
  help: HELP,
  async run(args, io) {
    let options: Options;
    try {
      options = parseOptions(args, io);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      io.stderr(`kypho measure: ${error.message}\n${USAGE}\n`);
      return EXIT_BAD_INPUT;
    }
    if (options.help) {
      io.stdout(HELP);
      return EXIT_OK;
    }

    const parsed = await readJson(options.file, io);
    if (!parsed.ok) return fail(io, [parsed.problem]);

    // A top-level array is a batch of readings; anything else is one document.
    const batch = Array.isArray(parsed.value);
    const documents: unknown[] = batch ? (parsed.value as unknown[]) : [parsed.value];
    const problems: string[] = [];
    const valid: LandmarkDocument[] = [];
    documents.forEach((document, index) => {
      const validation = validateLandmarkDocument(document);
      if (validation.ok) valid.push(validation.value);
      else problems.push(...validation.problems.map((problem) => (batch ? `[${index}] ${problem}` : problem)));
    });
    if (problems.length > 0) return fail(io, problems);

    const results: MeasureResult[] = valid.map((document) =>
      measureVertebrae(document.vertebrae, {
        method: options.method ?? document.method ?? DEFAULT_METHOD,
        pixelSpacing: document.pixelSpacing,
      }),
    );
    if (options.json) io.stdout(`${JSON.stringify(batch ? results : results[0], null, 2)}\n`);
    else if (batch) io.stdout(results.map((result, i) => `Reading [${i}]\n${formatResult(result)}`).join('\n'));
    else io.stdout(formatResult(results[0] as MeasureResult));
    return EXIT_OK;
  },
};

interface Options {
  /** null for standard input. */
  file: string | null;
  json: boolean;
  method: Method | undefined;
  help: boolean;
}

function parseOptions(args: readonly string[], io: Io): Options {
  let values: { json?: boolean; method?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...args],
      options: {
        json: { type: 'boolean' },
        method: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    }));
  } catch (error) {
    // parseArgs says what is wrong in its first sentence and then suggests `--` escapes, which do not apply here.
    throw new UsageError((error instanceof Error ? error.message : String(error)).split('. ')[0] as string);
  }
  if (values.method !== undefined && !METHODS.includes(values.method as Method)) {
    throw new UsageError(`unknown method ${JSON.stringify(values.method)} (expected ${METHODS.join(' or ')})`);
  }
  if (positionals.length > 1) throw new UsageError(`one FILE at most, got ${positionals.length}`);
  const file = positionals[0] === undefined || positionals[0] === '-' ? null : positionals[0];
  if (file === null && positionals[0] === undefined && io.stdinIsTerminal && !values.help) {
    throw new UsageError('no input: give a FILE, or pipe a document into standard input');
  }
  return { file, json: values.json ?? false, method: values.method as Method | undefined, help: values.help ?? false };
}
