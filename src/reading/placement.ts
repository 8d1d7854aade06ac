/**
 * A measurement put in anatomical order where its image says which way is anterior and superior
 * (morphometry.md section 2a): the six points swapped back pairwise, and the swap recorded so that the row,
 * the label and the report say so. Where the image says nothing, the points stay as placed and the
 * neighbour rule of the results checks them.
 */
import { anatomicalOrder, directionsOnPlane, swapNote, SWAPS, type AnatomicalDirections, type Swap } from '../morphometry';
import type { Measurement } from './model';

export function inAnatomicalOrder<M extends Measurement>(measurement: M, imageDirections: AnatomicalDirections | null): M & { swapped?: Swap[] } {
  const directions = measurement.space === 'patient' ? directionsOnPlane(measurement.plane.normal) : imageDirections;
  if (!directions || (!directions.anterior && !directions.superior)) return measurement;
  const frame =
    measurement.space === 'patient'
      ? { space: 'patient' as const, pixelSpacing: null }
      : { space: 'image' as const, pixelSpacing: measurement.imageCalibration.pixelSpacing };
  const ordered = anatomicalOrder(measurement.points, directions, frame);
  // A swap once made stays noted: a later drag of the corrected points does not unsay how they were placed.
  const swapped = SWAPS.filter((s) => ordered.swapped.includes(s) || measurement.swapped?.includes(s));
  return { ...measurement, points: ordered.points, swapped };
}


/** The note of a measurement that was swapped into anatomical order, or null. */
export function measurementSwapNote(measurement: Measurement | null): string | null {
  return measurement?.swapped ? swapNote(measurement.swapped) : null;
}
