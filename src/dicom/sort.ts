import type { FrameRef, Instance, Orientation, SeriesOrder, Vec3 } from './types';

// Direction cosines of the slices of one series differ in their last written digits.
const ORIENTATION_TOLERANCE = 1e-3;
// Positions along the normal are compared in micrometres: closer slices are the same slice.
const POSITION_QUANTUM_MM = 1e-3;

const fileNameCollator = new Intl.Collator('en', { numeric: true });

/** File names in the order a person expects: `IMG2` before `IMG10`. */
export function compareFileNames(a: string, b: string): number {
  return fileNameCollator.compare(a, b);
}

/** What the display order reads of an instance (so that it can also order instances known only from metadata). */
export type Orderable = Pick<Instance<unknown>, 'imagePositionPatient' | 'imageOrientationPatient' | 'instanceNumber' | 'fileName'>;

/**
 * The display order of a series' instances: along the slice normal (row x column cosines, the
 * direction Cornerstone's volumes use) when every instance has a position and all share one
 * orientation and the positions differ; else by Instance Number; else by file name.
 * Ties keep falling through to the next rule, so the order never depends on arrival.
 */
export function orderInstances<T extends Orderable>(instances: readonly T[]): { instances: T[]; orderedBy: SeriesOrder } {
  const distances = distancesAlongNormal(instances);
  if (distances !== undefined) {
    const keyed = instances.map((instance, index) => ({ instance, distance: distances[index] }));
    keyed.sort((a, b) => a.distance - b.distance || byInstanceNumber(a.instance, b.instance) || byFileName(a.instance, b.instance));
    return { instances: keyed.map(({ instance }) => instance), orderedBy: 'position' };
  }
  if (instances.every((instance) => instance.instanceNumber !== undefined)) {
    return {
      instances: [...instances].sort((a, b) => byInstanceNumber(a, b) || byFileName(a, b)),
      orderedBy: 'instance-number',
    };
  }
  return { instances: [...instances].sort(byFileName), orderedBy: 'file-order' };
}

/**
 * The middle frame of the stack these instances make in display order, where a viewport opens a series (ViewportPane):
 * which instance, and which of its frames (1-based). Undefined when there are none.
 */
export function middleFrame<T extends Orderable & { readonly numberOfFrames: number }>(instances: readonly T[]): { instance: T; frame: number } | undefined {
  const ordered = orderInstances(instances).instances;
  let index = Math.floor((ordered.reduce((sum, instance) => sum + instance.numberOfFrames, 0) - 1) / 2);
  for (const instance of ordered) {
    if (index < instance.numberOfFrames) return { instance, frame: index + 1 };
    index -= instance.numberOfFrames;
  }
  return undefined;
}

/** One stack: every frame of every instance, in instance order and stored frame order. */
export function framesOf<S>(instances: readonly Instance<S>[]): FrameRef<S>[] {
  return instances.flatMap((instance) =>
    Array.from({ length: instance.numberOfFrames }, (_, index) => ({ instance, frame: index + 1 })),
  );
}

/** Quantized distances along the shared slice normal, or undefined when position cannot order this series. */
function distancesAlongNormal(instances: readonly Orderable[]): number[] | undefined {
  const orientation = instances[0]?.imageOrientationPatient;
  if (orientation === undefined) return undefined;
  const normal = cross([orientation[0], orientation[1], orientation[2]], [orientation[3], orientation[4], orientation[5]]);
  const distances: number[] = [];
  for (const { imagePositionPatient, imageOrientationPatient } of instances) {
    if (imagePositionPatient === undefined || imageOrientationPatient === undefined) return undefined;
    if (!sameOrientation(orientation, imageOrientationPatient)) return undefined;
    distances.push(Math.round(dot(imagePositionPatient, normal) / POSITION_QUANTUM_MM));
  }
  // All at one position (one slice in several encodings): position says nothing about order.
  if (distances.length > 1 && distances.every((distance) => distance === distances[0])) return undefined;
  return distances;
}

function sameOrientation(a: Orientation, b: Orientation): boolean {
  return a.every((value, index) => Math.abs(value - b[index]) <= ORIENTATION_TOLERANCE);
}

function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

function byInstanceNumber(a: Orderable, b: Orderable): number {
  return (a.instanceNumber ?? Number.POSITIVE_INFINITY) - (b.instanceNumber ?? Number.POSITIVE_INFINITY) || 0;
}

function byFileName(a: Orderable, b: Orderable): number {
  return compareFileNames(a.fileName, b.fileName);
}
