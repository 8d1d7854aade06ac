/** `kypho score`: a class's readings scored against a reference reading (the teaching rules). */
import { scoredVertebrae, scoreTrainee, type TraineeScore } from '../teaching/score';
import { EXIT_BAD_INPUT, EXIT_OK, parseFilesAndJson, type Command } from './command';
import { fail, readJson } from './input';

const USAGE = 'Usage: kypho score REFERENCE.json TRAINEE.json... [--json]';

const HELP = `${USAGE}

Scores each trainee's kypho.reading/v1 document against the reference reading, over the levels the
reference measured (a level matches by its label):
  matched                 reference levels the trainee measured too
  meanAbsHeightErrorMm    mean over matched levels of the mean of |dHa|, |dHm|, |dHp|
  gradeAgreement          fraction of reference levels with the same Genant grade
                          (a level the trainee did not measure counts as grade 0)
  kappa                   Cohen's kappa, linear weights 1 - |i-j|/3 over grades 0-3; null when undefined
  missed                  levels with reference grade >= 1 and trainee grade 0
  overcalled              trainee levels with grade >= 1 where the reference has grade 0 or no measurement

Options:
  --json        print { "trainees": [ { "file", "matched", ... } ] } instead of a table
  -h, --help    print this help

Exit status: 0 on success; 2 on bad input or usage, with nothing on stdout and one line per problem on stderr.
`;

export const score: Command = {
  name: 'score',
  summary: 'score trainees\u2019 readings against a reference reading',
  help: HELP,
  async run(args, io) {
    const parsed = parseFilesAndJson('score', USAGE, args, io, (files) => (files.length >= 2 ? null : 'give the reference reading and at least one trainee reading'));
    if (!parsed) return EXIT_BAD_INPUT;
    if (parsed.help) {
      io.stdout(HELP);
      return EXIT_OK;
    }
    const { files } = parsed;

    const problems: string[] = [];
    const readings = [];
    for (const file of files) {
      const parsed = await readJson(file, io);
      const read = parsed.ok ? scoredVertebrae(parsed.value) : { ok: false as const, problems: [parsed.problem] };
      if (read.ok) readings.push(read.vertebrae);
      else problems.push(...read.problems.map((p) => `${file}: ${p}`));
    }
    if (problems.length) return fail(io, problems);

    const [reference, ...trainees] = readings;
    const scores = trainees.map((vertebrae, i) => ({ file: files[i + 1], ...scoreTrainee(reference, vertebrae) }));
    io.stdout(parsed.json ? `${JSON.stringify({ trainees: scores }, null, 2)}\n` : table(scores));
    return EXIT_OK;
  },
};

function table(scores: readonly (TraineeScore & { file: string })[]): string {
  const num = (n: number | null, digits: number) => (n === null ? '-' : n.toFixed(digits));
  const rows = scores.map((s) => [
    s.file,
    String(s.matched),
    num(s.meanAbsHeightErrorMm, 2),
    `${(s.gradeAgreement * 100).toFixed(1)}%`,
    num(s.kappa, 3),
    s.missed.join(' ') || '-',
    s.overcalled.join(' ') || '-',
  ]);
  const header = ['Trainee', 'Matched', 'Height error (mm)', 'Grades agree', 'Kappa', 'Missed', 'Over-called'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}
