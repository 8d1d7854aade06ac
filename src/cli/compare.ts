/** `kypho compare PRIOR CURRENT`: the follow-up of morphometry.md section 9 between two readings (JSON or Kypho SR). */
import { compareReadings, describeProblem, type Comparison, type LevelComparison } from '../morphometry';
import { fromReadingDocument, toReadingDocument, type ReadingDocument } from '../persistence/readingDocument';
import { readSr } from '../persistence/sr/srRead';
import { parseReadingJson } from '../persistence/validateReading';
import { followUpParagraph } from '../reading';
import { EXIT_BAD_INPUT, EXIT_OK, parseFilesAndJson, type Command, type Io } from './command';
import { fail } from './input';

const USAGE = 'Usage: kypho compare PRIOR CURRENT [--json]';

const HELP = `${USAGE}

Compares two readings of one patient level by level (morphometry.md section 9). PRIOR and CURRENT are reading
documents (kypho.reading/v1 JSON, as the viewer exports them) or Kypho DICOM SRs; heights and grades are
recomputed from the points. Levels are matched by label; for each level measured in both:
  dHa dHm dHp     height changes (mm), current minus prior
  rHa rHm rHp     the same as fractions of the prior height
  incident        one height down by both >= 20% and >= 4 mm (FIT)
  status          treated, new, worsened, stable or improved (from the Genant grades)
A reading in px gives grades but no height change ("not assessable: uncalibrated"); different mm calibrations
are compared, with a warning.

Options:
  --json        print the comparison as JSON (full precision, levels cranial to caudal)
  -h, --help    print this help

Exit status: 0 on success; 2 on bad input (not a reading, different Patient IDs, a prior dated after the
current) or usage, with nothing on stdout and one line per problem on stderr naming the file.
`;

export const compare: Command = {
  name: 'compare',
  summary: 'compare a follow-up reading with the prior one (incident fractures)',
  help: HELP,
  async run(args, io) {
    const parsed = parseFilesAndJson('compare', USAGE, args, io, (files) => (files.length === 2 ? null : `give PRIOR and CURRENT, got ${files.length} file${files.length === 1 ? '' : 's'}`));
    if (!parsed) return EXIT_BAD_INPUT;
    if (parsed.help) {
      io.stdout(HELP);
      return EXIT_OK;
    }
    const [priorFile, currentFile] = parsed.files as [string, string];

    const problems: string[] = [];
    const notes: string[] = [];
    const documents: ReadingDocument[] = [];
    for (const file of [priorFile, currentFile]) {
      const read = await readReading(file, io);
      if (read.ok) {
        documents.push(read.document);
        notes.push(...read.warnings.map((w) => `${file}: ${w}`));
      } else problems.push(...read.problems.map((p) => `${file}: ${p}`));
    }
    if (problems.length > 0) return fail(io, problems);

    const result = compareReadings(documents[0] as ReadingDocument, documents[1] as ReadingDocument);
    if (!result.ok) return fail(io, result.problems.map((p) => describeProblem(p, { prior: priorFile, current: currentFile })));
    io.stdout(parsed.json ? `${JSON.stringify(result.comparison, null, 2)}\n` : formatComparison(result.comparison));
    if (notes.length > 0) io.stderr(notes.map((n) => `${n}\n`).join(''));
    return EXIT_OK;
  },
};

type Read = { ok: true; document: ReadingDocument; warnings: string[] } | { ok: false; problems: string[] };

/** A DICOM file (the preamble's `DICM`) is read as an SR, anything else as reading JSON. */
async function readReading(file: string, io: Io): Promise<Read> {
  let bytes: Uint8Array;
  try {
    bytes = await io.readBytes(file);
  } catch (error) {
    return { ok: false, problems: [`cannot read: ${(error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ')}`] };
  }
  if (new TextDecoder().decode(bytes.subarray(128, 132)) === 'DICM') {
    const sr = readSr(bytes);
    return sr.ok ? { ok: true, document: sr.document, warnings: sr.warnings } : sr;
  }
  const validation = parseReadingJson(new TextDecoder().decode(bytes));
  if (!validation.ok) {
    return { ok: false, problems: validation.problems.map((p) => (p.startsWith('not JSON') ? `not a reading document or a DICOM SR: ${p}` : p)) };
  }
  // The numbers compared are those the points give, as the viewer shows them, not whatever the file says.
  // Fields the recomputation does not know (a newer reading's judgements) are kept as the file has them.
  const given = validation.document;
  const { reading, study, warnings } = fromReadingDocument(given);
  const recomputed = toReadingDocument(reading, { study });
  const vertebrae = recomputed.vertebrae.map((v) => ({ ...given.vertebrae.find((g) => g.level === v.level), ...v }));
  return { ok: true, document: { ...given, ...recomputed, vertebrae }, warnings };
}

/** Rounded for reading; a change that rounds to zero is `0.0`, not `-0.0`. */
const fixed = (n: number | null | undefined, digits = 1) =>
  n === null || n === undefined ? '-' : Number(n.toFixed(digits)) === 0 ? (0).toFixed(digits) : n.toFixed(digits);
const mm = (n: number | null | undefined) => fixed(n);
const percent = (r: number | null) => (r === null ? '-' : `${fixed(r * 100)}%`);

function formatComparison(c: Comparison): string {
  const header = ['Level', 'In', 'Prior Ha/Hm/Hp', 'Current Ha/Hm/Hp', 'dHa', 'dHm', 'dHp', 'rHa', 'rHm', 'rHp', 'Grade', 'Status', 'Incident'];
  const rows = c.levels.map((l) => row(l));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] as number)).join('  ').trimEnd();
  return `${[line(header), ...rows.map(line), '', ...followUpParagraph(c)].join('\n')}\n`;
}

function row(l: LevelComparison): string[] {
  const heights = (side: LevelComparison['prior']) => (side ? `${mm(side.ha)}/${mm(side.hm)}/${mm(side.hp)} ${side.unit}` : '-');
  const grade = (side: LevelComparison['prior']) => (side ? String(side.grade) : '-');
  if (l.in !== 'both') return [l.level, l.in, heights(l.prior), heights(l.current), '', '', '', '', '', '', `${grade(l.prior)} -> ${grade(l.current)}`, '', ''];
  return [
    l.level,
    'both',
    heights(l.prior),
    heights(l.current),
    mm(l.dHa),
    mm(l.dHm),
    mm(l.dHp),
    percent(l.rHa),
    percent(l.rHm),
    percent(l.rHp),
    `${l.prior.grade} -> ${l.current.grade}`,
    l.status,
    l.incident === null ? 'not assessable' : l.incident ? 'yes' : 'no',
  ];
}
