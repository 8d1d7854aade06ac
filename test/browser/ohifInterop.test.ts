import { describe, expect, it } from 'vitest';
import { checkOhifShowsKyphoSr } from '../../scripts/interop-ohif';

// The reference web viewer, OHIF 3.13 (fetched into a cache folder on first use, never a dependency), on a real
// Orthanc holding the phantom radiograph and Kypho's SR of its 13 measured vertebrae.
describe('OHIF opens Kypho\'s SR', () => {
  it('in its SR viewport, without an error, drawing every height line labelled with level and height', async () => {
    const { problems, labels } = await checkOhifShowsKyphoSr();
    expect(problems).toEqual([]);
    expect(labels.filter((label) => /^[TL]\d+ H[amp] \d+\.\d mm/.test(label))).toHaveLength(39);
    // T6, the grade 1 wedge of the phantom: Ha 14.04 mm in its reference reading (sample-data/lateral-baseline).
    expect(labels.some((label) => label.startsWith('T6 Ha 14.0 mm'))).toBe(true);
  }, 240_000);
});
