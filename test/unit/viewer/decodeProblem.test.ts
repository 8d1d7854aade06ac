import { describe, expect, it } from 'vitest';
import { decodeProblem } from '../../../src/viewer/decodeProblem';

describe('why an image of a local file is not shown', () => {
  it('names the encoding and says the data is damaged, without the decoder message', () => {
    const text = decodeProblem(new Error('Invalid JPEG-LS stream, the encoded bit stream contains a general structural problem'), 'JPEG-LS Lossless');
    expect(text).toBe('its pixel data could not be decoded (JPEG-LS Lossless): the file is damaged or its image data is not what its header says');
    expect(decodeProblem('RangeError: Offset is outside the bounds of the DataView', null)).not.toContain('DataView');
  });

  it('says when the file itself can no longer be read', () => {
    const gone = Object.assign(new Error('A requested file or directory could not be found'), { name: 'NotFoundError' });
    expect(decodeProblem(gone, 'RLE Lossless')).toMatch(/^the file could not be read any more .*open it again$/);
  });
});
