import { describe, expect, it } from 'vitest';
import { readingCsv } from '../../../src/persistence/csv';
import { compareCase } from '../../../src/teaching/feedback';
import { scoredVertebrae, scoreTrainee } from '../../../src/teaching/score';
import {
  classTable,
  classTableCsv,
  parseSessionCsv,
  SESSION_CSV_COLUMNS,
  sessionCsv,
  summarizeSession,
  type CaseResult,
  type TraineeSession,
} from '../../../src/teaching/summary';
import { mri, radiograph } from './fixtures';

const c1: CaseResult = { caseId: 'c1', levels: compareCase(radiograph.reference, radiograph.trainee).levels };
const c2: CaseResult = { caseId: 'c2', levels: compareCase(mri.reference, mri.trainee).levels };

describe('a session summary pools every case under the kypho score rules', () => {
  it('case 1 alone: kappa 8/23 worked by hand', () => {
    // Reference levels T11 T12 L1 L2 L3, grade pairs (reference, trainee): (0,0) (2,2) (1,0) (0,2) (0,0).
    // po = (1 + 1 + 2/3 + 1/3 + 1) / 5 = 60/75. Marginals: reference 3/5 1/5 1/5, trainee 3/5 0 2/5.
    // pe = 9/25 + (1/3)(6/25) + (2/3)(3/25) + (2/3)(2/25) + (1/3)(3/25) + 6/25 ... in 75ths: 27+6+6+4+3+6 = 52/75.
    // kappa = (60 - 52) / (75 - 52) = 8/23. Matched T11 T12 L2, errors 2/3, 0, 3: mean 11/9 mm.
    const s = summarizeSession([c1]);
    expect(s.cases).toBe(1);
    expect(s.matched).toBe(3);
    expect(s.meanAbsHeightErrorMm).toBeCloseTo(11 / 9, 12);
    expect(s.gradeAgreement).toBe(3 / 5);
    expect(s.kappa).toBeCloseTo(8 / 23, 12);
    expect(s.missed).toEqual([{ caseId: 'c1', level: 'L1' }]);
    expect(s.overcalled).toEqual([
      { caseId: 'c1', level: 'L2' },
      { caseId: 'c1', level: 'L4' },
    ]);
    expect(s.score).toEqual({ earned: 6, possible: 10 });
  });

  it('gives for one case what kypho score gives for the same two readings', () => {
    for (const { reference, trainee } of [radiograph, mri]) {
      const ref = scoredVertebrae(reference);
      const own = scoredVertebrae(trainee);
      if (!ref.ok || !own.ok) throw new Error('the fixtures are readings');
      const cli = scoreTrainee(ref.vertebrae, own.vertebrae);
      const s = summarizeSession([{ caseId: 'x', levels: compareCase(reference, trainee).levels }]);
      expect({ ...s, missed: s.missed.map((m) => m.level), overcalled: s.overcalled.map((m) => m.level) }).toMatchObject(cli);
    }
  });

  it('two cases: kappa over all 8 pairs (3/5), not the mean of the case kappas (8/23 and 1)', () => {
    // Pairs: case 1 (0,0) (2,2) (1,0) (0,2) (0,0); case 2 T12 (0,0) L1 (2,2) L2 (1,1).
    // po = (1 + 1 + 2/3 + 1/3 + 1 + 1 + 1 + 1) / 8 = 7/8 = 14/16.
    // Marginals in eighths: reference 4 2 2 0, trainee 4 1 3 0. pe = sum w_ij r_i c_j in 64ths:
    //   row 0: 16 + (2/3)4 + (1/3)12 = 68/3; row 1: (2/3)8 + 2 + (2/3)6 = 34/3; row 2: (1/3)8 + (2/3)2 + 6 = 30/3;
    //   total 132/3 = 44, pe = 44/64 = 11/16. kappa = (14 - 11) / (16 - 11) = 3/5.
    // Height errors over the 6 matched levels: 2/3, 0, 3 and 0, 1/3, 4: mean 8/6 = 4/3 mm.
    const s = summarizeSession([c1, c2]);
    expect(summarizeSession([c2]).kappa).toBeCloseTo(1, 12);
    expect(s.cases).toBe(2);
    expect(s.matched).toBe(6);
    expect(s.meanAbsHeightErrorMm).toBeCloseTo(4 / 3, 12);
    expect(s.gradeAgreement).toBe(6 / 8);
    expect(s.kappa).toBeCloseTo(3 / 5, 12);
    expect(s.missed).toEqual([{ caseId: 'c1', level: 'L1' }]);
    expect(s.overcalled.map((m) => `${m.caseId}:${m.level}`)).toEqual(['c1:L2', 'c1:L4']);
    // Case scores 6/10 and 8/14.
    expect(s.score).toEqual({ earned: 14, possible: 24 });
  });

  it('an empty session has nothing to score', () => {
    expect(summarizeSession([])).toEqual({
      cases: 0,
      matched: 0,
      meanAbsHeightErrorMm: null,
      gradeAgreement: 0,
      kappa: null,
      missed: [],
      overcalled: [],
      score: { earned: 0, possible: 0 },
    });
  });
});

describe('the session CSV', () => {
  const text = sessionCsv('alice', 'Spine 1', [c1, c2]);
  const lines = text.split('\r\n');

  it('has one row per compared level, both sides, then the differences', () => {
    expect(lines[0]).toBe(
      'trainee,pack,case,level,' +
        'reference grade,reference type,reference ha,reference hm,reference hp,reference unit,reference edema,reference age,' +
        'trainee grade,trainee type,trainee ha,trainee hm,trainee hp,trainee unit,trainee edema,trainee age,dHa,dHm,dHp',
    );
    expect(lines).toHaveLength(1 + 6 + 4 + 1); // header, case 1, case 2, and the empty string after the last CRLF
    expect(lines[1]).toBe('alice,Spine 1,c1,T11,0,,30,30,30,mm,not-assessed,indeterminate,0,,32,30,30,mm,not-assessed,indeterminate,2,0,0');
    expect(lines[3]).toBe('alice,Spine 1,c1,L1,1,wedge,24,30,30,mm,not-assessed,indeterminate,,,,,,,,,,,');
    expect(lines[10]).toBe('alice,Spine 1,c2,L3,,,,,,,present,acute,,,,,,,,,,,');
  });

  it('reads back exactly, with awkward names, a case without levels, a BOM and CRLF', () => {
    const awkward: TraineeSession[] = [
      { trainee: 'O\'Brien, "Bea"\nMD', packTitle: '=HYPERLINK("x")', cases: [c1, { caseId: '-empty', levels: [] }] },
      { trainee: "'=already quoted", packTitle: 'Spine, week 1\r\n"fractures"', cases: [c2, { caseId: 'c,1', levels: c1.levels }] },
    ];
    const files = awkward.map((s) => `\uFEFF${sessionCsv(s.trainee, s.packTitle, s.cases)}`);
    expect(files[0]).toContain('"O\'Brien, ""Bea""\nMD"');
    expect(files[0]).toContain(`'=HYPERLINK`);
    const parsed = files.map((text, i) => parseSessionCsv(`${i}.csv`, text));
    expect(parsed).toEqual(awkward.map((s) => ({ ok: true, sessions: [s] })));
    parsed.forEach((p, i) => {
      if (!p.ok) throw new Error('parsed');
      expect(summarizeSession(p.sessions[0]!.cases)).toEqual(summarizeSession(awkward[i]!.cases));
    });
  });

  it('reads the sessions of several trainees in one file (files concatenated without their headers), LF line ends too', () => {
    const bob = sessionCsv('bob', 'Spine 1', [c2]).split('\r\n').slice(1).join('\n');
    const parsed = parseSessionCsv('class.csv', text.replace(/\r\n/g, '\n') + bob);
    expect(parsed).toEqual({
      ok: true,
      sessions: [
        { trainee: 'alice', packTitle: 'Spine 1', cases: [c1, c2] },
        { trainee: 'bob', packTitle: 'Spine 1', cases: [c2] },
      ],
    });
  });

  it('keeps numbers exact: heights that no decimal rounding gives back', () => {
    const odd = { ...c1.levels[0]!, reference: { ...c1.levels[0]!.reference!, ha: 0.1 + 0.2 }, trainee: { ...c1.levels[0]!.trainee!, hp: 1 / 3 } };
    const parsed = parseSessionCsv('odd.csv', sessionCsv('a', 'p', [{ caseId: 'c', levels: [odd] }]));
    expect(parsed.ok && parsed.sessions[0]!.cases[0]!.levels[0]).toMatchObject({ reference: { ha: 0.30000000000000004 }, trainee: { hp: 1 / 3 } });
  });
});

describe('reading a bad session CSV', () => {
  const header = SESSION_CSV_COLUMNS.join(',');
  const good = sessionCsv('alice', 'Spine 1', [c1]).split('\r\n');
  /** The good file with some cells of some data rows (row 2 is the first) replaced. */
  const edited = (edits: Record<number, Record<string, string>>) =>
    good
      .map((line, i) => {
        const cells = line.split(',');
        for (const [column, value] of Object.entries(edits[i + 1] ?? {})) cells[SESSION_CSV_COLUMNS.indexOf(column as never)] = value;
        return cells.join(',');
      })
      .join('\r\n');

  it('names the file, the row and the column', () => {
    expect(parseSessionCsv('alice.csv', edited({ 4: { 'reference grade': 'x' } }))).toEqual({
      ok: false,
      problems: ['alice.csv row 4, column "reference grade": "x" is not 0, 1, 2, 3 or empty'],
    });
  });

  it('lists every problem', () => {
    const result = parseSessionCsv(
      'alice.csv',
      edited({
        2: { 'trainee edema': 'maybe', 'reference type': 'flat', dHa: '2 mm' },
        3: { level: 'L7', 'trainee unit': 'cm' },
        5: { 'reference hp': '', 'trainee age': '' },
        6: { level: 'L2' },
      }),
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        'alice.csv row 2, column "reference type": "flat" is not wedge, biconcave, crush or empty',
        'alice.csv row 2, column "trainee edema": "maybe" is not present, absent or not-assessed',
        'alice.csv row 2, column "dHa": "2 mm" is not a number or empty',
        'alice.csv row 3, column "trainee unit": "cm" is not mm, px or empty',
        'alice.csv row 3, column "level": "L7" is not a level (C1 to S1, T13 or L6)',
        'alice.csv row 5, column "trainee age": "" is not acute, chronic or indeterminate',
        'alice.csv row 6, column "level": "L2" is already in case "c1" of this trainee and pack (row 5)',
      ],
    });
  });

  it('names a row with the wrong number of cells, and a broken quote', () => {
    expect(parseSessionCsv('a.csv', `${header}\r\nalice,Spine 1,c1,T11\r\n`)).toEqual({
      ok: false,
      problems: ['a.csv row 2: 4 cells, but the header has 23'],
    });
    expect(parseSessionCsv('a.csv', `${good.slice(0, 2).join('\r\n')}\r\n"alice,Spine 1`)).toEqual({
      ok: false,
      problems: ['a.csv row 3: a quoted cell is not closed'],
    });
  });

  it('says which columns a CSV of another kind lacks', () => {
    const reading = parseSessionCsv('reading.csv', readingCsv(radiograph.reference));
    expect(reading.ok).toBe(false);
    expect(!reading.ok && reading.problems[0]).toMatch(/^reading\.csv: not a Kypho session CSV \(missing columns "trainee", "pack", "case", "reference grade", /);
    expect(parseSessionCsv('b.csv', good.join('\r\n').replace(',dHp', ''))).toEqual({
      ok: false,
      problems: ['b.csv: not a Kypho session CSV (missing columns "dHp")'],
    });
    expect(parseSessionCsv('empty.csv', '')).toMatchObject({ ok: false, problems: [expect.stringMatching(/^empty\.csv: not a Kypho session CSV \(missing columns "trainee", /)] });
  });

  it('takes columns in any order and ignores others', () => {
    const columns = [...SESSION_CSV_COLUMNS].reverse();
    const rows = good.slice(0, -1).map((line) => line.split(',').reverse().concat('extra').join(','));
    const parsed = parseSessionCsv('r.csv', rows.join('\r\n'));
    expect(columns[0]).toBe('dHp');
    expect(parsed).toEqual({ ok: true, sessions: [{ trainee: 'alice', packTitle: 'Spine 1', cases: [c1] }] });
  });
});

describe('the class table', () => {
  const perfect: CaseResult = { caseId: 'c2', levels: compareCase(mri.reference, mri.reference).levels };
  const sessions: TraineeSession[] = [
    { trainee: 'Bob', packTitle: 'Pack A', cases: [perfect] },
    { trainee: 'alice', packTitle: 'Pack A', cases: [c1] },
    { trainee: 'alice', packTitle: 'Pack B', cases: [c2] },
  ];

  it('pools the sessions of each trainee and sorts by name, ignoring case', () => {
    const rows = classTable(sessions);
    expect(rows.map((r) => r.trainee)).toEqual(['alice', 'Bob']);
    expect(rows[0]).toEqual({ trainee: 'alice', ...summarizeSession([c1, c2]) });
    expect(rows[0]!.kappa).toBeCloseTo(3 / 5, 12);
    // Bob read the MRI case as the reference did: T12 2 of 2 (normal, no edema: no age to tell), L1 5 of 5, L2 5 of 5, L3 2 of 2.
    expect(rows[1]).toMatchObject({ cases: 1, matched: 3, meanAbsHeightErrorMm: 0, gradeAgreement: 1, kappa: 1, missed: [], overcalled: [] });
    expect(rows[1]!.score).toEqual({ earned: 14, possible: 14 });
  });

  it('is the same made from the trainees\u2019 CSVs', () => {
    const read = sessions.map((s, i) => parseSessionCsv(`${i}.csv`, sessionCsv(s.trainee, s.packTitle, s.cases)));
    const parsed = read.flatMap((r) => (r.ok ? r.sessions : []));
    expect(classTable(parsed)).toEqual(classTable(sessions));
  });

  it('as CSV: counts, full-precision numbers and the missed and over-called levels', () => {
    const rows = classTable(sessions);
    const alice = rows[0]!;
    expect(classTableCsv(rows)).toBe(
      'trainee,cases,matched,meanAbsHeightErrorMm,gradeAgreement,kappa,missed,overcalled,missedLevels,overcalledLevels,score earned,score possible\r\n' +
        `alice,2,6,${alice.meanAbsHeightErrorMm},0.75,${alice.kappa},1,2,c1:L1,c1:L2; c1:L4,14,24\r\n` +
        'Bob,1,3,0,1,1,0,0,,,14,14\r\n',
    );
  });

  it('writes an empty cell for an undefined kappa and defuses names', () => {
    const csv = classTableCsv(classTable([{ trainee: '=evil', packTitle: 'p', cases: [{ caseId: 'c', levels: [] }] }]));
    expect(csv.split('\r\n')[1]).toBe("'=evil,1,0,,0,,0,0,,,0,0");
  });
});
