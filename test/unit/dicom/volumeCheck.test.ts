import { describe, expect, it } from 'vitest';
import { checkVolume, formatMm, planeName, type VolumeSlice } from '../../../src/dicom/volumeCheck';
import type { Orientation, Vec3 } from '../../../src/dicom';

const AXIAL: Orientation = [1, 0, 0, 0, 1, 0];
const SAGITTAL: Orientation = [0, 1, 0, 0, 0, -1];

/** An axial series like the phantom CT: 0.7 mm pixels, slices 1.25 mm apart from z = 157.5 down. */
function axialSeries(count = 211, options: { spacing?: number; top?: number } = {}): VolumeSlice[] {
  const { spacing = 1.25, top = 157.5 } = options;
  return Array.from({ length: count }, (_, i) => slice(`IM${String(i + 1).padStart(4, '0')}.dcm`, [-178.85, -198.85, top - i * spacing]));
}

function slice(fileName: string, position: Vec3 | undefined, changes: Partial<VolumeSlice> = {}): VolumeSlice {
  return {
    fileName,
    imagePositionPatient: position,
    imageOrientationPatient: AXIAL,
    pixelSpacing: [0.7, 0.7],
    rows: 512,
    columns: 512,
    numberOfFrames: 1,
    ...changes,
  };
}

function reason(slices: readonly VolumeSlice[]): string {
  const check = checkVolume(slices);
  if (check.ok) throw new Error('expected the series to be refused');
  return check.reason;
}

describe('an evenly spaced series of parallel slices forms a volume', () => {
  it('accepts the phantom CT geometry: 211 axial slices 1.25 mm apart, in any file order', () => {
    const series = axialSeries();
    const shuffled = [...series].reverse();
    shuffled.push(shuffled.splice(17, 1)[0]!);
    for (const slices of [series, shuffled]) {
      const check = checkVolume(slices);
      expect(check).toMatchObject({ ok: true, sliceCount: 211, normal: [0, 0, 1] });
      expect(check.ok && check.sliceSpacing).toBeCloseTo(1.25, 9);
    }
  });

  it('accepts positions written with two decimals (0.625 mm slices as 0.62 / 0.63 steps)', () => {
    const slices = axialSeries(40, { spacing: 0.625 }).map((s) =>
      slice(s.fileName, [s.imagePositionPatient![0], s.imagePositionPatient![1], Math.round(s.imagePositionPatient![2] * 100) / 100]),
    );
    expect(checkVolume(slices).ok).toBe(true);
  });

  it('accepts a sagittal MR series, and an oblique one', () => {
    const sagittal = Array.from({ length: 11 }, (_, i) => slice(`MR${i}`, [-20 + 4 * i, -120, 130], { imageOrientationPatient: SAGITTAL, pixelSpacing: [0.5, 0.5] }));
    // Rows along +y, columns toward the feet: the normal (row x column) points to the patient's right, -x.
    expect(checkVolume(sagittal)).toMatchObject({ ok: true, sliceCount: 11, normal: [-1, 0, 0] });
    // Rotated 20 degrees about z: slices stacked along the rotated normal.
    const c = Math.cos(Math.PI / 9);
    const s = Math.sin(Math.PI / 9);
    const oblique = Array.from({ length: 10 }, (_, i) => slice(`OB${i}`, [3 * i * -s, 3 * i * c, 0], { imageOrientationPatient: [c, s, 0, 0, 0, -1] }));
    const check = checkVolume(oblique);
    expect(check.ok).toBe(true);
    expect(check.ok && check.sliceSpacing).toBeCloseTo(3, 9);
  });
});

describe('a series that cannot form a volume says why', () => {
  it('a single image (the TCIA sagittal reformats) or two', () => {
    expect(reason(axialSeries(1))).toBe('a volume needs at least 3 parallel slices; this series has 1 image');
    expect(reason(axialSeries(2))).toBe('a volume needs at least 3 parallel slices; this series has 2 images');
  });

  it('a missing slice, named by the positions on either side and the expected spacing', () => {
    const series = axialSeries();
    // IM0100 lies at z = 157.5 - 99 * 1.25 = 33.75 mm.
    const withoutOne = series.filter((s) => s.fileName !== 'IM0100.dcm');
    expect(reason(withoutOne)).toBe('slice missing between z = 32.5 and 35.0 mm (expected 1.25 mm spacing)');
  });

  it('several slices missing at one place, and further gaps, are counted', () => {
    const series = axialSeries(60, { spacing: 2.5, top: 120 });
    expect(reason(series.filter((_, i) => ![10, 11, 12].includes(i)))).toBe('3 slices missing between z = 87.5 and 97.5 mm (expected 2.5 mm spacing)');
    // The first gap along the normal (from the feet up) is named.
    expect(reason(series.filter((_, i) => ![10, 11, 12, 40, 50].includes(i)))).toBe(
      'slice missing between z = -7.5 and -2.5 mm (expected 2.5 mm spacing); 2 more gaps further on',
    );
  });

  it('uneven spacing without a gap (a variable-pitch reconstruction)', () => {
    const positions = [0, 1.25, 2.5, 3.75, 5, 6.25, 8.0, 9.25, 10.5, 11.75];
    const series = positions.map((z, i) => slice(`S${i}`, [0, 0, z]));
    expect(reason(series)).toBe('uneven slice spacing: 1.75 mm between z = 6.25 and 8.0 mm, where most slices are 1.25 mm apart');
  });

  it('a slow drift of the spacing that shifts slices by more than a tenth of a slice', () => {
    const series = Array.from({ length: 100 }, (_, i) => slice(`S${i}`, [0, 0, i * 1.25 + (i * i) * 0.0005]));
    expect(reason(series)).toMatch(/^uneven slice spacing: /);
  });

  it('two images at one position', () => {
    const series = axialSeries(10);
    series.push(slice('ECHO2.dcm', series[4]!.imagePositionPatient));
    expect(reason(series)).toBe(
      'IM0005.dcm and ECHO2.dcm lie at the same position (z = 152.5 mm): two images of one slice (echoes, phases or a repeat?)',
    );
  });

  it('gantry tilt: slices shifted sideways along the series, with the angle', () => {
    // A 15 degree tilt acquired with the orientation left axial: each 2.5 mm step also moves tan(15°) * 2.5 mm in y.
    const tan = Math.tan((15 * Math.PI) / 180);
    const series = Array.from({ length: 30 }, (_, i) => slice(`T${i}`, [-180, -200 + i * 2.5 * tan, i * 2.5]));
    expect(reason(series)).toBe(
      'gantry tilt: the slices are tilted 15.0° from their normal (each one shifted sideways), and a volume of them would be sheared',
    );
  });

  it('a tilted orientation whose positions follow its own normal is a regular oblique volume, not a tilt', () => {
    const t = (15 * Math.PI) / 180;
    const orientation: Orientation = [1, 0, 0, 0, Math.cos(t), -Math.sin(t)];
    const normal = [0, Math.sin(t), Math.cos(t)];
    const series = Array.from({ length: 30 }, (_, i) => slice(`T${i}`, [-180, -200 + i * 2.5 * normal[1]!, i * 2.5 * normal[2]!], { imageOrientationPatient: orientation }));
    expect(checkVolume(series).ok).toBe(true);
  });

  it('one slice shifted sideways (a table move between two acquisitions)', () => {
    const series = axialSeries(20);
    series[7] = slice('IM0008.dcm', [-178.85, -198.35, series[7]!.imagePositionPatient![2]]);
    expect(reason(series)).toBe('the slices are shifted sideways against each other by up to 0.5 mm, and a volume of them would be sheared');
  });

  it('mixed orientations, counted by plane', () => {
    const series = axialSeries(20);
    series.push(slice('LOC.dcm', [0, -120, 100], { imageOrientationPatient: SAGITTAL }));
    expect(reason(series)).toBe('mixed orientations: 20 axial and 1 sagittal images in one series');
  });

  it('differing image sizes or pixel spacings', () => {
    const sizes = axialSeries(10);
    sizes[3] = { ...sizes[3]!, rows: 256, columns: 256 };
    expect(reason(sizes)).toBe('image sizes differ: IM0001.dcm is 512x512 pixels, IM0004.dcm 256x256');
    const spacings = axialSeries(10);
    spacings[3] = { ...spacings[3]!, pixelSpacing: [0.8, 0.8] };
    expect(reason(spacings)).toBe('pixel spacings differ: IM0001.dcm has 0.7 x 0.7 mm, IM0004.dcm 0.8 x 0.8 mm');
  });

  it('missing geometry attributes, naming the file', () => {
    const series = axialSeries(5);
    expect(reason(series.map((s, i) => (i === 2 ? { ...s, imagePositionPatient: undefined } : s)))).toBe(
      'IM0003.dcm has no Image Position (Patient), so its place in a volume is unknown',
    );
    expect(reason(series.map((s, i) => (i === 1 ? { ...s, imageOrientationPatient: undefined } : s)))).toBe(
      'IM0002.dcm has no Image Orientation (Patient), so its place in a volume is unknown',
    );
    expect(reason(series.map((s, i) => (i === 4 ? { ...s, pixelSpacing: undefined } : s)))).toBe(
      'IM0005.dcm has no Pixel Spacing, so a volume would have no true size',
    );
  });

  it('multi-frame images', () => {
    const series = axialSeries(3).map((s, i) => (i === 0 ? { ...s, numberOfFrames: 40 } : s));
    expect(reason(series)).toBe('IM0001.dcm is a multi-frame image; only series of single-frame slices are reformatted');
  });

  it('names an oblique series position along its normal', () => {
    const c = Math.cos(Math.PI / 9);
    const s = Math.sin(Math.PI / 9);
    const oblique = Array.from({ length: 10 }, (_, i) => slice(`OB${i}`, [3 * i * -s, 3 * i * c, 0], { imageOrientationPatient: [c, s, 0, 0, 0, -1] }));
    expect(reason(oblique.filter((_, i) => i !== 5))).toBe('slice missing between 12.0 and 18.0 mm along the slice normal (expected 3.0 mm spacing)');
  });
});

describe('helpers', () => {
  it('names planes by the axis of their normal', () => {
    expect(planeName([0, 0, 1])).toBe('axial');
    expect(planeName([0, 0, -1])).toBe('axial');
    expect(planeName([1, 0, 0])).toBe('sagittal');
    expect(planeName([0, -1, 0])).toBe('coronal');
    expect(planeName([0.58, 0.58, 0.57])).toBe('oblique');
  });

  it('writes mm with one or two decimals', () => {
    expect(formatMm(120)).toBe('120.0');
    expect(formatMm(1.25)).toBe('1.25');
    expect(formatMm(33.754)).toBe('33.75');
    expect(formatMm(-0.001)).toBe('0.0');
  });
});
