import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareReadings } from '../../../src/morphometry';
import { CSV_COLUMNS, parseCsv, readingCsv } from '../../../src/persistence/csv';
import { FOLLOW_UP_CSV_COLUMNS } from '../../../src/persistence/followUpCsv';
import type { ReadingDocument } from '../../../src/persistence/readingDocument';

const sample = (id: string): ReadingDocument =>
  JSON.parse(readFileSync(new URL(`../../../sample-data/${id}/reference.json`, import.meta.url), 'utf8'));

function table(text: string): Record<string, string>[] {
  const parsed = parseCsv(text);
  if (!parsed.ok) throw new Error(parsed.problem);
  const [header, ...rows] = parsed.rows;
  return rows.map((row) => Object.fromEntries(header!.map((h, i) => [h, row[i] ?? ''])));
}

describe('the CSV of a follow-up reading', () => {
  const prior = sample('lateral-baseline');
  const current = sample('lateral-followup');

  it('carries the change columns after the reading columns, full precision: T11 Ha -5 mm (-25%), incident', () => {
    const result = compareReadings(prior, current);
    if (!result.ok) throw new Error('not compared');
    const text = readingCsv(current, result.comparison);
    expect(text.split('\r\n')[0]).toBe([...CSV_COLUMNS, ...FOLLOW_UP_CSV_COLUMNS].join(','));
    const rows = table(text);
    expect(rows.map((r) => r.level)).toEqual(current.vertebrae.map((v) => v.level));
    const t11 = rows.find((r) => r.level === 'T11')!;
    expect(t11).toMatchObject({ priorStudyDate: '20250310', intervalDays: '364', comparedIn: 'both', priorGrade: '0', grade: '2' });
    expect(Number(t11.dHa)).toBeCloseTo(-5, 5);
    expect(Number(t11.rHa)).toBeCloseTo(-0.25, 6);
    expect(t11).toMatchObject({ gradeChange: '2', followUpStatus: 'new', incident: 'true', followUpNote: '' });
    expect(rows.find((r) => r.level === 'L1')).toMatchObject({ followUpStatus: 'stable', incident: 'false', gradeChange: '0' });
  });

  it('gives a level measured only in the prior a row of its own, in level order, with the current columns empty', () => {
    const shorter = { ...current, vertebrae: current.vertebrae.filter((v) => v.level !== 'T4') };
    const result = compareReadings(prior, shorter);
    if (!result.ok) throw new Error('not compared');
    const rows = table(readingCsv(shorter, result.comparison));
    expect(rows[0]).toMatchObject({ level: 'T4', comparedIn: 'prior', ha: '', grade: '', priorGrade: '0', dHa: '', followUpStatus: '' });
    expect(Number(rows[0]!.priorHa)).toBeCloseTo(15.81, 5);
    expect(rows[1]!.level).toBe('T5');
  });

  it('without a comparison is the reading CSV as before', () => {
    expect(readingCsv(current).split('\r\n')[0]).toBe(CSV_COLUMNS.join(','));
  });
});
