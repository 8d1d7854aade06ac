import { dicomParser } from './dicomParser';
import { hasPart10Prefix } from './part10';
import { EXPLICIT_VR_LITTLE_ENDIAN, IMPLICIT_VR_LITTLE_ENDIAN } from './transferSyntax';

/** The one frame of a single-frame Part 10 instance, as a WADO-RS frame request would have answered it. */
export interface SingleFrame {
  readonly sopInstanceUid: string;
  readonly transferSyntaxUid: string;
  /**
   * Native pixels as stored, or the compressed bitstream (its fragments joined): a view into the object's own bytes
   * (whose buffer moving the frame to a worker gives away), at an offset that is a multiple of 4.
   */
  readonly pixelData: Uint8Array;
}

/**
 * The frame of a single-frame instance (one part of a WADO-RS series retrieve), or undefined when it is not one whose
 * frame can be taken as it is: several frames, no pixel data, big-endian or deflated, or not readable. Such an image is
 * asked for by its frame URL instead.
 */
export function singleFrameOf(part10: Uint8Array): SingleFrame | undefined {
  if (!hasPart10Prefix(part10)) return undefined;
  let dataSet;
  try {
    dataSet = dicomParser.parseDicom(part10);
  } catch {
    return undefined;
  }
  const transferSyntaxUid = dataSet.string('x00020010')?.trim();
  const sopInstanceUid = dataSet.string('x00080018')?.trim();
  const element = dataSet.elements.x7fe00010;
  const frames = Number(dataSet.string('x00280008') ?? '1');
  if (!transferSyntaxUid || !sopInstanceUid || !element || frames !== 1) return undefined;
  let pixels: Uint8Array;
  if (element.encapsulatedPixelData) {
    if (!element.fragments?.length) return undefined;
    pixels = dicomParser.readEncapsulatedPixelDataFromFragments(dataSet, element, 0, element.fragments.length);
  } else {
    // Native pixels are the frame as they are only in little endian (a deflated data set does not parse here at all).
    if (transferSyntaxUid !== IMPLICIT_VR_LITTLE_ENDIAN && transferSyntaxUid !== EXPLICIT_VR_LITTLE_ENDIAN) return undefined;
    if (element.dataOffset + element.length > part10.length) return undefined;
    pixels = part10.subarray(element.dataOffset, element.dataOffset + element.length);
  }
  // The decoders read 16- and 32-bit pixels from the buffer itself, at the view's offset: Cornerstone's little-endian
  // decoder copies a frame at an odd offset, not one at 2 modulo 4, which a 32-bit typed array cannot start at. Only
  // such a frame is copied: a copy of every frame was most of the worker's time reading a series (issue 19).
  return { sopInstanceUid, transferSyntaxUid, pixelData: pixels.byteOffset % 4 === 0 ? pixels : pixels.slice() };
}
