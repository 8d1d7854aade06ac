import { describe, expect, it } from 'vitest';
import { singleFrameOf } from '../../../src/dicom/pixelData';
import { part10, type Element } from './dicomBytes';

const PIXELS = Uint8Array.from({ length: 64 }, (_, i) => i * 3);

/** A single-frame object whose pixel data starts `shift` bytes later than with an empty description. */
function object(description: string, extra: Element[] = [], transferSyntax?: string): Uint8Array {
  return part10(
    [
      [0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.2'],
      [0x00080018, 'UI', '1.2.3.4.5'],
      [0x0008103e, 'LO', description],
      ...extra,
      [0x7fe00010, 'OW', PIXELS],
    ],
    transferSyntax,
  );
}

/** Where the pixel data's value starts in the file (the pixels are its last 64 bytes). */
const pixelOffset = (file: Uint8Array) => file.length - PIXELS.length;

describe('singleFrameOf', () => {
  it('takes the frame of a single-frame object as stored, as a view into the object when it starts at a multiple of 4', () => {
    const candidates = [object('AB'), object('ABCD')];
    const aligned = candidates.find((file) => pixelOffset(file) % 4 === 0)!;
    const frame = singleFrameOf(aligned)!;
    expect(frame.sopInstanceUid).toBe('1.2.3.4.5');
    expect(frame.transferSyntaxUid).toBe('1.2.840.10008.1.2.1');
    expect([...frame.pixelData]).toEqual([...PIXELS]);
    // No copy: the frame is the object's own bytes.
    expect(frame.pixelData.buffer).toBe(aligned.buffer);
    expect(frame.pixelData.byteOffset).toBe(pixelOffset(aligned));
  });

  it('copies a frame that starts at 2 modulo 4, so that 32-bit pixels can be read from its buffer', () => {
    const candidates = [object('AB'), object('ABCD')];
    const misaligned = candidates.find((file) => pixelOffset(file) % 4 === 2)!;
    const frame = singleFrameOf(misaligned)!;
    expect([...frame.pixelData]).toEqual([...PIXELS]);
    expect(frame.pixelData.buffer).not.toBe(misaligned.buffer);
    expect(frame.pixelData.byteOffset % 4).toBe(0);
    expect(new Uint32Array(frame.pixelData.buffer, frame.pixelData.byteOffset, 16)[0]).toBe(0 | (3 << 8) | (6 << 16) | (9 << 24));
  });

  it('leaves to the frame requests an object of several frames, and big-endian pixels', () => {
    expect(singleFrameOf(object('AB', [[0x00280008, 'IS', '2']]))).toBeUndefined();
    expect(singleFrameOf(object('AB', [], '1.2.840.10008.1.2.2'))).toBeUndefined();
    expect(singleFrameOf(new Uint8Array(200))).toBeUndefined();
  });
});
