/**
 * Can this series be reformatted (MPR) without distortion? A volume renderer places slice k at
 * `origin + k * spacing * normal` with every slice sharing the first one's in-plane origin, so a series
 * forms a volume only when its slices really lie there: one orientation, one image size and pixel spacing,
 * no two at one position, no sideways shift between slices (gantry tilt), and even spacing with no slice
 * missing. Anything else would be shown silently distorted; this says why instead, in the reader's words.
 * Pure: no Cornerstone, no DOM.
 */
import type { Instance, Orientation, Vec3 } from './types';

/** What the check reads of each instance. */
export type VolumeSlice = Pick<
  Instance<unknown>,
  'fileName' | 'imagePositionPatient' | 'imageOrientationPatient' | 'pixelSpacing' | 'rows' | 'columns' | 'numberOfFrames'
>;

export type VolumeCheck =
  | {
      ok: true;
      /** mm between neighbouring slices along the normal. */
      sliceSpacing: number;
      sliceCount: number;
      /** Row cosines x column cosines: the direction slices are stacked in. */
      normal: Vec3;
    }
  | { ok: false; reason: string };

export const MIN_SLICES = 3;
/** Direction cosines of one series differ in their last written digits. */
const ORIENTATION_TOLERANCE = 1e-3;
const SPACING_TOLERANCE = 1e-3;
/**
 * How far a slice may sit from where an evenly spaced volume puts it, as a fraction of the spacing
 * (a tenth of a slice is far below what a reader can see or measure), and never less than 0.02 mm
 * so that positions written with two decimals pass.
 */
const POSITION_TOLERANCE_FRACTION = 0.1;
const POSITION_TOLERANCE_MIN_MM = 0.02;
/** A step this many times the usual spacing or more is a gap: one or more slices are missing. */
const GAP_FACTOR = 1.5;

export function checkVolume(slices: readonly VolumeSlice[]): VolumeCheck {
  if (slices.length < MIN_SLICES) {
    return refuse(`a volume needs at least ${MIN_SLICES} parallel slices; this series has ${slices.length} ${slices.length === 1 ? 'image' : 'images'}`);
  }
  const multiFrame = slices.find((s) => s.numberOfFrames > 1);
  if (multiFrame) return refuse(`${multiFrame.fileName} is a multi-frame image; only series of single-frame slices are reformatted`);

  const first = slices[0]!;
  for (const s of slices) {
    if (!s.imagePositionPatient) return refuse(`${s.fileName} has no Image Position (Patient), so its place in a volume is unknown`);
    if (!s.imageOrientationPatient) return refuse(`${s.fileName} has no Image Orientation (Patient), so its place in a volume is unknown`);
    if (!s.pixelSpacing) return refuse(`${s.fileName} has no Pixel Spacing, so a volume would have no true size`);
  }

  const orientations = distinctOrientations(slices.map((s) => s.imageOrientationPatient!));
  if (orientations.length > 1) {
    const counts = orientations.map(({ orientation, count }) => `${count} ${planeName(normalOf(orientation))}`).join(' and ');
    return refuse(`mixed orientations: ${counts} images in one series`);
  }
  const sizeMismatch = slices.find((s) => s.rows !== first.rows || s.columns !== first.columns);
  if (sizeMismatch) {
    return refuse(
      `image sizes differ: ${first.fileName} is ${first.columns}x${first.rows} pixels, ${sizeMismatch.fileName} ${sizeMismatch.columns}x${sizeMismatch.rows}`,
    );
  }
  const spacingMismatch = slices.find((s) => !sameValues(s.pixelSpacing!, first.pixelSpacing!, SPACING_TOLERANCE));
  if (spacingMismatch) {
    return refuse(
      `pixel spacings differ: ${first.fileName} has ${formatSpacing(first.pixelSpacing!)}, ${spacingMismatch.fileName} ${formatSpacing(spacingMismatch.pixelSpacing!)}`,
    );
  }

  const normal = normalOf(first.imageOrientationPatient!);
  const axis = namedAxis(normal);
  const sorted = slices
    .map((s) => ({ slice: s, distance: dot(s.imagePositionPatient!, normal) }))
    .sort((a, b) => a.distance - b.distance);
  const where = (d: (typeof sorted)[number]) => formatMm(axis ? d.slice.imagePositionPatient![axis.index] : d.distance);
  const name = axis ? `${axis.letter} = ` : '';
  const along = axis ? '' : ' along the slice normal';

  for (let i = 1; i < sorted.length; i++) {
    const [a, b] = [sorted[i - 1]!, sorted[i]!];
    if (b.distance - a.distance < 1e-3) {
      return refuse(`${a.slice.fileName} and ${b.slice.fileName} lie at the same position (${name}${where(a)} mm${along}): two images of one slice (echoes, phases or a repeat?)`);
    }
  }

  // Gantry tilt (or a table shift) moves each slice sideways: the volume would be sheared.
  const firstPosition = sorted[0]!.slice.imagePositionPatient!;
  const pixel = Math.min(...first.pixelSpacing!);
  const sideways = sorted.map(({ slice }) => {
    const d = sub(slice.imagePositionPatient!, firstPosition);
    return norm(sub(d, scale(normal, dot(d, normal))));
  });
  const maxSideways = Math.max(...sideways);
  if (maxSideways > Math.max(POSITION_TOLERANCE_MIN_MM, POSITION_TOLERANCE_FRACTION * pixel)) {
    const last = sorted.at(-1)!;
    const run = last.distance - sorted[0]!.distance;
    const tilt = (Math.atan2(sideways.at(-1)!, run) * 180) / Math.PI;
    return refuse(
      tilt >= 0.1
        ? `gantry tilt: the slices are tilted ${tilt.toFixed(1)}° from their normal (each one shifted sideways), and a volume of them would be sheared`
        : `the slices are shifted sideways against each other by up to ${formatMm(maxSideways)} mm, and a volume of them would be sheared`,
    );
  }

  const steps = sorted.slice(1).map((s, i) => s.distance - sorted[i]!.distance);
  const spacing = median(steps);
  const gaps = steps.flatMap((step, i) => (step >= GAP_FACTOR * spacing ? [i] : []));
  if (gaps.length > 0) {
    const i = gaps[0]!;
    const [a, b] = [sorted[i]!, sorted[i + 1]!];
    const missing = Math.round(steps[i]! / spacing) - 1;
    const more = gaps.length > 1 ? `; ${gaps.length - 1} more ${gaps.length === 2 ? 'gap' : 'gaps'} further on` : '';
    return refuse(
      `${missing > 1 ? `${missing} slices` : 'slice'} missing between ${name}${where(a)} and ${where(b)} mm${along} (expected ${formatMm(spacing)} mm spacing)${more}`,
    );
  }

  // Even spacing: every slice within a tenth of a slice of where an evenly spaced volume puts it.
  const even = (sorted.at(-1)!.distance - sorted[0]!.distance) / (sorted.length - 1);
  const tolerance = Math.max(POSITION_TOLERANCE_MIN_MM, POSITION_TOLERANCE_FRACTION * even);
  const worst = sorted
    .map((s, k) => ({ k, off: Math.abs(s.distance - (sorted[0]!.distance + k * even)) }))
    .reduce((w, c) => (c.off > w.off ? c : w));
  if (worst.off > tolerance) {
    const i = steps.reduce((w, step, j) => (Math.abs(step - spacing) > Math.abs(steps[w]! - spacing) ? j : w), 0);
    return refuse(
      `uneven slice spacing: ${formatMm(steps[i]!)} mm between ${name}${where(sorted[i]!)} and ${where(sorted[i + 1]!)} mm${along}, where most slices are ${formatMm(spacing)} mm apart`,
    );
  }

  return { ok: true, sliceSpacing: even, sliceCount: sorted.length, normal };
}

function refuse(reason: string): VolumeCheck {
  return { ok: false, reason };
}

function distinctOrientations(orientations: readonly Orientation[]): { orientation: Orientation; count: number }[] {
  const groups: { orientation: Orientation; count: number }[] = [];
  for (const orientation of orientations) {
    const group = groups.find((g) => sameValues(g.orientation, orientation, ORIENTATION_TOLERANCE));
    if (group) group.count++;
    else groups.push({ orientation, count: 1 });
  }
  return groups;
}

export function normalOf(o: Orientation): Vec3 {
  const n: Vec3 = [o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3]];
  const length = norm(n);
  return length > 0 ? scale(n, 1 / length) : n;
}

/** The patient axis a normal runs along, when it is (almost exactly) one of them. */
function namedAxis(normal: Vec3): { index: 0 | 1 | 2; letter: 'x' | 'y' | 'z' } | null {
  const index = ([0, 1, 2] as const).find((i) => Math.abs(normal[i]) > 1 - ORIENTATION_TOLERANCE);
  return index === undefined ? null : { index, letter: (['x', 'y', 'z'] as const)[index] };
}

/** Axial, sagittal or coronal by the axis the slice normal is closest to; oblique beyond 45° from all. */
export function planeName(normal: Vec3): 'axial' | 'sagittal' | 'coronal' | 'oblique' {
  const [x, y, z] = normal.map(Math.abs) as Vec3;
  const largest = Math.max(x, y, z);
  if (largest < Math.SQRT1_2) return 'oblique';
  return largest === z ? 'axial' : largest === x ? 'sagittal' : 'coronal';
}

function sameValues(a: readonly number[], b: readonly number[], tolerance: number): boolean {
  return a.length === b.length && a.every((v, i) => Math.abs(v - (b[i] as number)) <= tolerance);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Millimetres as a reader writes them: at least one decimal, at most two ("120.0", "1.25"). */
export function formatMm(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  const text = rounded.toFixed(2);
  return text.endsWith('0') ? rounded.toFixed(1) : text;
}

function formatSpacing([row, column]: readonly number[]): string {
  return `${formatMm(row!)} x ${formatMm(column!)} mm`;
}

function dot(a: readonly number[], b: readonly number[]): number {
  return a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;
}

function sub(a: readonly number[], b: readonly number[]): Vec3 {
  return [a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!];
}

function scale(a: readonly number[], s: number): Vec3 {
  return [a[0]! * s, a[1]! * s, a[2]! * s];
}

function norm(a: readonly number[]): number {
  return Math.hypot(a[0]!, a[1]!, a[2]!);
}
