/** checkPack: a sound pack passes as it is; every problem names the field it is about. */
import { describe, expect, it } from 'vitest';
import { checkPack, packPathProblem, PACK_SCHEMA } from '../../../src/teaching/pack';

const UID = '1.2.826.0.1.3680043.8.498.1';

function soundCase(id: string) {
  return {
    id,
    title: `Case ${id}`,
    question: 'Measure T4 to L4 and grade every vertebra (Genant).',
    studyInstanceUid: `${UID}.${id.length}`,
    files: [`${id}/IM0001.dcm`, `${id}/IM0002.dcm`],
    reference: `${id}/reference.json`,
    teachingPoints: ['T6: grade 1 wedge.'],
    levels: ['T4', 'T5'],
  };
}

function soundPack() {
  return {
    schema: PACK_SCHEMA,
    title: 'Fractures',
    description: 'Two cases',
    author: 'A teacher',
    cases: [soundCase('one'), { ...soundCase('two'), files: undefined, reference: { seriesInstanceUid: `${UID}.7`, sopInstanceUid: `${UID}.7.1` } }],
  };
}

/** A sound pack with one change, through JSON as a file would give it. */
function withChange(change: (pack: ReturnType<typeof soundPack> & Record<string, unknown>) => void): unknown {
  const pack = JSON.parse(JSON.stringify(soundPack()));
  change(pack);
  return pack;
}

function problemsOf(json: unknown): string[] {
  const check = checkPack(json);
  if (check.ok) throw new Error('expected problems, the pack passed');
  return check.problems;
}

describe('checkPack', () => {
  it('passes a sound pack and gives it back as it was (server references and packs without files included)', () => {
    const json = JSON.parse(JSON.stringify(soundPack()));
    const check = checkPack(json);
    expect(check).toEqual({ ok: true, pack: json });
  });

  it('gives levels back cranial to caudal', () => {
    const check = checkPack(withChange((p) => (p.cases[0]!.levels = ['L1', 'T12', 'T4'])));
    expect(check.ok && check.pack.cases[0]?.levels).toEqual(['T4', 'T12', 'L1']);
  });

  it.each([
    ['not an object', () => [1, 2], '(pack): must be a JSON object'],
    ['a wrong schema', () => withChange((p) => (p.schema = 'kypho.teaching-pack/v2')), 'schema: must be "kypho.teaching-pack/v1", not "kypho.teaching-pack/v2"'],
    ['a missing schema', () => withChange((p) => delete (p as Record<string, unknown>).schema), 'schema: must be "kypho.teaching-pack/v1" (missing)'],
    ['an empty title', () => withChange((p) => (p.title = '  ')), 'title: must be a non-empty string'],
    ['a non-string author', () => withChange((p) => (p.author = 3 as unknown as string)), 'author: must be a string when present'],
    ['a misspelt field', () => withChange((p) => (p.titel = 'x')), 'titel: unknown field'],
    ['no cases', () => withChange((p) => (p.cases = [])), 'cases: must list at least one case'],
    ['cases not a list', () => withChange((p) => (p.cases = {} as never)), 'cases: must be a list of cases'],
    ['a case not an object', () => withChange((p) => (p.cases[1] = 'two' as never)), 'cases[1]: must be an object'],
    ['a bad case id', () => withChange((p) => (p.cases[1]!.id = 'case 2')), 'cases[1].id: must be letters, digits'],
    ['a duplicate case id', () => withChange((p) => (p.cases[1]!.id = 'one')), 'cases[1].id: "one" is already the id of cases[0]'],
    ['an empty question', () => withChange((p) => (p.cases[0]!.question = '')), 'cases[0].question: must be a non-empty string'],
    ['a missing case title', () => withChange((p) => delete (p.cases[1] as Record<string, unknown>).title), 'cases[1].title: must be a non-empty string'],
    ['a bad study UID', () => withChange((p) => (p.cases[1]!.studyInstanceUid = '1.2.abc')), 'cases[1].studyInstanceUid: must be a DICOM UID'],
    ['a study UID over 64 characters', () => withChange((p) => (p.cases[0]!.studyInstanceUid = `1.${'2'.repeat(63)}`)), 'cases[0].studyInstanceUid: must be a DICOM UID'],
    ['an absolute file path', () => withChange((p) => (p.cases[0]!.files![1] = '/etc/passwd')), 'cases[0].files[1]: "/etc/passwd": must be relative'],
    ['a file path out of the pack', () => withChange((p) => (p.cases[0]!.files![0] = 'one/../../secret.dcm')), "cases[0].files[0]: \"one/../../secret.dcm\": must not contain '..'"],
    ['a backslash path', () => withChange((p) => (p.cases[0]!.files![0] = 'one\\IM1.dcm')), 'cases[0].files[0]: "one\\IM1.dcm": use \'/\''],
    ['a duplicate file', () => withChange((p) => (p.cases[0]!.files![1] = 'one/IM0001.dcm')), 'cases[0].files[1]: "one/IM0001.dcm" is already files[0]'],
    ['an empty file list', () => withChange((p) => (p.cases[0]!.files = [])), 'cases[0].files: must list at least one file'],
    ['an absolute reference path', () => withChange((p) => (p.cases[0]!.reference = '/one/reference.json')), 'cases[0].reference: "/one/reference.json": must be relative'],
    ['a reference out of the pack', () => withChange((p) => (p.cases[0]!.reference = '../reference.json')), "cases[0].reference: \"../reference.json\": must not contain '..'"],
    ['a missing reference', () => withChange((p) => delete (p.cases[0] as Record<string, unknown>).reference), 'cases[0].reference: must be the path'],
    ['a server reference with a bad UID', () => withChange((p) => ((p.cases[1]!.reference as { sopInstanceUid: string }).sopInstanceUid = 'x')), 'cases[1].reference.sopInstanceUid: must be a DICOM UID'],
    ['teaching points not a list', () => withChange((p) => (p.cases[0]!.teachingPoints = 'x' as never)), 'cases[0].teachingPoints: must be a list of strings'],
    ['an empty teaching point', () => withChange((p) => (p.cases[0]!.teachingPoints = ['a', ''])), 'cases[0].teachingPoints[1]: must be a non-empty string'],
    ['an unknown level', () => withChange((p) => (p.cases[1]!.levels = ['T4', 'T14'])), 'cases[1].levels[1]: "T14" is not a vertebral level'],
    ['a level twice', () => withChange((p) => (p.cases[1]!.levels = ['T4', 'T4'])), 'cases[1].levels[1]: T4 is listed twice'],
    ['an empty level list', () => withChange((p) => (p.cases[1]!.levels = [])), 'cases[1].levels: must be a non-empty list'],
    ['a misspelt case field', () => withChange((p) => ((p.cases[0] as Record<string, unknown>).file = ['x.dcm'])), 'cases[0].file: unknown field'],
  ])('names the field of %s', (_what, make, expected) => {
    const problems = problemsOf(make());
    expect(problems.some((p) => p.startsWith(expected)), problems.join('\n')).toBe(true);
  });

  it('reports every problem at once, each naming its own field', () => {
    const problems = problemsOf(
      withChange((p) => {
        p.title = '';
        p.cases[0]!.question = ' ';
        p.cases[1]!.studyInstanceUid = 'abc';
        p.cases[1]!.id = 'one';
      }),
    );
    expect(problems.map((p) => p.split(':')[0])).toEqual(['title', 'cases[0].question', 'cases[1].id', 'cases[1].studyInstanceUid']);
  });
});

describe('packPathProblem', () => {
  it.each(['pack.json', 'a/b/IM0001.dcm', 'case.1/ref-erence_x.json', 'a/..b/c'])('accepts %s', (path) => {
    expect(packPathProblem(path)).toBeNull();
  });
  it.each(['', '/a', 'C:/a', 'a\\b', '../a', 'a/../b', 'a/..', 'a//b', './a', 'a/'])('rejects %j', (path) => {
    expect(packPathProblem(path)).not.toBeNull();
  });
});
