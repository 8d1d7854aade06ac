import { describe, expect, it } from 'vitest';
import { outwardFrom } from '../../../src/viewer/seriesRetrieval';

describe('the order images of a series are retrieved in', () => {
  it('starts at the image on screen and widens around it', () => {
    expect(outwardFrom(7, 3)).toEqual([3, 4, 2, 5, 1, 6, 0]);
    expect(outwardFrom(5, 0)).toEqual([0, 1, 2, 3, 4]);
    expect(outwardFrom(4, 3)).toEqual([3, 2, 1, 0]);
  });

  it('covers every image once, for any start', () => {
    for (let count = 0; count < 12; count++) {
      for (let first = -2; first < count + 2; first++) expect([...outwardFrom(count, first)].sort((a, b) => a - b)).toEqual([...Array(count).keys()]);
    }
  });
});
