/**
 * The reading validator the app runs is precompiled (no schema compiler at run time, so the CSP needs no
 * 'unsafe-eval'): it must be the code the current reading.schema.json compiles to, and it must judge
 * documents as the schema says.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readingValidatorSource, VALIDATOR_PATH } from '../../../scripts/generateReadingValidator';
import { parseReadingJson } from '../../../src/persistence/validateReading';

const reference = readFileSync(new URL('../../../sample-data/lateral-baseline/reference.json', import.meta.url), 'utf8');

describe('the precompiled reading validator', () => {
  it('is up to date with reading.schema.json (run `npx tsx scripts/generateReadingValidator.ts` after changing the schema)', () => {
    expect(readFileSync(VALIDATOR_PATH, 'utf8')).toBe(readingValidatorSource());
  });

  it('would change if the schema changed (the check above compares something)', () => {
    const schema = JSON.parse(readFileSync(new URL('../../../src/persistence/reading.schema.json', import.meta.url), 'utf8'));
    schema.properties.sdi.maximum = 41;
    expect(readingValidatorSource(schema)).not.toBe(readingValidatorSource());
  });

  it('accepts a sample reading and names the field of a bad date, an unknown field and an over-long UID', () => {
    expect(parseReadingJson(reference).ok).toBe(true);
    const bad = JSON.parse(reference);
    bad.modified = '2026-13-45T10:00:00Z';
    bad.colour = 'red';
    bad.study.studyInstanceUid = '1.' + '2'.repeat(63);
    const result = parseReadingJson(JSON.stringify(bad));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual(
      expect.arrayContaining([
        'modified: must match format "date-time"',
        '(document): unknown field "colour"',
        'study.studyInstanceUid: must NOT have more than 64 characters',
      ]),
    );
  });
});
