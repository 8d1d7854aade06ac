import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareReadings, measureVertebrae, type ComparedReading, type Comparison, type VertebraInput } from '../../../src/morphometry';
import { followUpParagraph, followUpSentences } from '../../../src/reading';
import { box } from '../morphometry/fixtures';

const sample = (id: string): ComparedReading =>
  JSON.parse(readFileSync(new URL(`../../../sample-data/${id}/reference.json`, import.meta.url), 'utf8'));

function compare(prior: ComparedReading, current: ComparedReading): Comparison {
  const result = compareReadings(prior, current);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.comparison;
}

function reading(uid: string, date: string, vertebrae: VertebraInput[], px = false): ComparedReading {
  const r = measureVertebrae(vertebrae, { pixelSpacing: px ? null : [1, 1] });
  return {
    study: { studyInstanceUid: uid, patientId: 'P', studyDate: date },
    vertebrae: r.vertebrae.map((v) => ({ ...v, measurement: { calibration: px ? 'px' : 'mm' } })),
    sdi: r.sdi,
    levelsMeasured: r.levelsMeasured,
  };
}

describe('followUpSentences (morphometry.md section 9 wording)', () => {
  it('the phantom pair: T11 new and incident (Ha 20.0 -> 15.0 mm), the prevalent fractures stable, SDI 6 -> 8', () => {
    const c = compare(sample('lateral-baseline'), sample('lateral-followup'));
    expect(followUpParagraph(c)).toEqual([
      'Compared with the prior study of 2025-03-10 (364 days earlier).',
      'T6: stable (Genant 1 wedge)',
      'T8: stable (Genant 3 crush)',
      'T11: new fracture (Genant 0 -> 2 wedge), Ha -5.0 mm (-25.0%) since 2025-03-10: incident (>= 20% and >= 4 mm)',
      'L1: stable (Genant 2 biconcave)',
      'SDI 6 -> 8',
    ]);
  });

  it('the phantom kyphoplasty: T11 treated since the follow-up, with its height restoration and the segmental kyphosis before and after', () => {
    const prior = sample('lateral-followup');
    const current = sample('lateral-kyphoplasty');
    const c = compare(prior, current);
    const t11 = (r: ComparedReading) => r.vertebrae.find((v) => v.level === 'T11')!;
    // The reference readings are the truth: Ha 15.0 -> 18.5 mm, segmental kyphosis T10-T12 from the drawn points.
    const before = (t11(prior).segmentalKyphosis as number).toFixed(1);
    const after = (t11(current).segmentalKyphosis as number).toFixed(1);
    expect([before, after]).toEqual(['18.1', '11.4']);
    expect(followUpParagraph(c)).toEqual([
      'Compared with the prior study of 2026-03-09 (14 days earlier).',
      'T6: stable (Genant 1 wedge)',
      'T8: stable (Genant 3 crush)',
      `T11: kyphoplasty since 2026-03-09 (Genant 2 -> 0), Ha +3.5 mm (+23.3%), segmental kyphosis ${before} -> ${after} deg: height restoration by the treatment`,
      'L1: stable (Genant 2 biconcave)',
      'No new or worsened fracture and no incident height loss at the 13 levels measured in both readings.',
      'SDI 8 -> 6',
    ]);
  });

  it('worsened, improved (said to be usually measuring) and the closing line when nothing changed', () => {
    const normal = (label: 'T10' | 'T12' | 'L2') => box(label, 25);
    const c = compare(
      reading('1', '20250101', [normal('T10'), box('T11', { ha: 19, hm: 25, hp: 25 }), normal('T12'), box('L1', { ha: 18, hm: 25, hp: 25 }), normal('L2')]),
      reading('2', '20250201', [normal('T10'), box('T11', { ha: 12, hm: 25, hp: 25 }), normal('T12'), box('L1', { ha: 19.5, hm: 25, hp: 25 }), normal('L2')]),
    );
    expect(followUpSentences(c).levels).toEqual([
      'T11: worsened fracture (Genant 1 -> 3 wedge), Ha -7.0 mm (-36.8%) since 2025-01-01: incident (>= 20% and >= 4 mm)',
      'L1: improved (Genant 2 -> 1 wedge), Ha +1.5 mm (+8.3%) since 2025-01-01: usually a difference in measuring, not healing',
    ]);

    const same = [normal('T10'), normal('T12')];
    expect(followUpSentences(compare(reading('1', '20250101', same), reading('2', '20250102', same))).levels).toEqual([
      'No new or worsened fracture and no incident height loss at the 2 levels measured in both readings.',
    ]);
  });

  it('a px prior: the grade change is reported, the heights not, and "no incident" is never claimed', () => {
    const spine = (t11: VertebraInput) => [box('T10', 25), t11, box('T12', 25)];
    const c = compare(reading('1', '20250101', spine(box('T11', 25)), true), reading('2', '20250301', spine(box('T11', { ha: 15, hm: 25, hp: 25 }))));
    const s = followUpSentences(c);
    expect(s.levels).toEqual(['T11: new fracture (Genant 0 -> 3 wedge), height change not assessable: uncalibrated']);
    expect(s.warnings.join(' ')).toContain('not assessable');
  });

  it('levels in one reading only are listed, and a partial SDI says so', () => {
    const c = compare(reading('1', '20250101', [box('T12', 25), box('L1', 25)]), reading('2', '20250102', [box('T11', 25), box('T12', 25)]));
    const s = followUpSentences(c);
    expect(s.onlyOne).toEqual(['Measured in the prior reading only: L1.', 'Measured in the current reading only: T11.']);
    expect(s.sdi).toBe('SDI 0 -> 0 (partial: T4-L4 levels measured 2/13 -> 2/13)');
  });
});
