/**
 * The generated DICOM files: valid for dicom3tools' dciodvfy (no line starting with "Error"), the same
 * bytes for the same seed, and the attributes each sample is meant to carry.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SEED, lateralBaseline, mriFractureAge, STUDIES } from '../../../src/phantom/studies';
import { readDicom } from './dicomFile';
import { generatedSamples, removeGenerated } from './samples';

const run = promisify(execFile);
const catalog = STUDIES.map((s) => s.describe(DEFAULT_SEED));
const entry = (id: string) => catalog.find((c) => c.entry.id === id) as (typeof catalog)[number];
let dir = '';

beforeAll(() => {
  dir = generatedSamples(STUDIES.map((s) => s.id));
}, 180_000);
afterAll(() => removeGenerated(dir));

const IOD: Record<string, string> = { DX: 'DXImageForPresentation', MR: 'MRImage', CT: 'CTImage' };

/** dciodvfy's error lines for a file; it must have recognised the IOD, or nothing was checked. */
async function validate(file: string, modality: string): Promise<string[]> {
  // dciodvfy reports on stderr and may exit non-zero for warnings; the lines are what matter.
  const result = await run('dciodvfy', [file]).catch((e: { stdout?: string; stderr?: string; message?: string }) => e);
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (!output.split('\n').includes(IOD[modality] as string)) return [`dciodvfy did not check it as ${IOD[modality]}: ${output.slice(0, 200)}`];
  return output.split('\n').filter((line) => line.startsWith('Error'));
}

describe('dciodvfy', () => {
  it.each(STUDIES.map((s) => [s.id] as const))('finds no error in any file of %s', async (id) => {
    const { files, modality } = entry(id).entry;
    const errors: string[] = [];
    for (let i = 0; i < files.length; i += 8) {
      const batch = await Promise.all(files.slice(i, i + 8).map(async (f) => (await validate(join(dir, f), modality)).map((e) => `${f}: ${e}`)));
      errors.push(...batch.flat());
    }
    expect(errors).toEqual([]);
  }, 120_000);
});

describe('determinism', () => {
  it('the same seed gives the same bytes, in this process and on disk', () => {
    const first = lateralBaseline.generate(DEFAULT_SEED).files[0]?.bytes;
    const second = lateralBaseline.generate(DEFAULT_SEED).files[0]?.bytes;
    expect(first && second && Buffer.compare(Buffer.from(first), Buffer.from(second))).toBe(0);
    const onDisk = readFileSync(join(dir, 'lateral-baseline/DX/IM0001.dcm'));
    expect(first && Buffer.compare(Buffer.from(first), onDisk)).toBe(0);
  }, 60_000);

  it('the MRI series match what is on disk, file for file', () => {
    for (const file of mriFractureAge.generate(DEFAULT_SEED).files) {
      expect(Buffer.compare(Buffer.from(file.bytes), readFileSync(join(dir, file.path))), file.path).toBe(0);
    }
  }, 60_000);

  it('another seed gives other UIDs', () => {
    expect(lateralBaseline.describe(DEFAULT_SEED + 1).entry.studyInstanceUid).not.toBe(entry('lateral-baseline').entry.studyInstanceUid);
  });
});

const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);
const numbers = (v: unknown): number[] => (Array.isArray(v) ? v : [v]).map(Number);

describe('the lateral radiographs', () => {
  it.each([['lateral-baseline'], ['lateral-followup'], ['lateral-kyphoplasty']])('%s is a 12-bit DX For Presentation calibrated by ERMF', (id) => {
    const { attrs, rows, columns, pixels } = readDicom(join(dir, entry(id).entry.files[0] as string));
    expect(attrs).toMatchObject({
      SOPClassUID: '1.2.840.10008.5.1.4.1.1.1.1',
      Modality: 'DX',
      PresentationIntentType: 'FOR PRESENTATION',
      PhotometricInterpretation: 'MONOCHROME2',
      BitsAllocated: 16,
      BitsStored: 12,
      ViewPosition: 'LL',
      BodyPartExamined: 'SPINE',
      PatientName: [{ Alphabetic: 'PHANTOM^KYPHO SPINE' }],
    });
    expect([rows, columns]).toEqual([2000, 1500]);
    expect(numbers(attrs['ImagerPixelSpacing'])).toEqual([0.23, 0.23]);
    expect(Number(attrs['EstimatedRadiographicMagnificationFactor'])).toBe(1.15);
    expect(attrs['PixelSpacing']).toBeUndefined();
    expect(Number(attrs['DistanceSourceToDetector'])).toBeGreaterThan(Number(attrs['DistanceSourceToPatient']));
    expect(attrs['PatientOrientation']).toEqual(['P', 'F']);
    expect(Number(first(attrs['WindowWidth']))).toBeGreaterThan(0);
    expect(pixels.reduce((m, x) => Math.max(m, x), 0)).toBeLessThanOrEqual(4095);
  });
});

describe('the post-kyphoplasty radiograph', () => {
  it('draws T11 cement-bright: its middle is brighter than any untreated body\'s middle, by far more than the noise', () => {
    const { truth, entry: study } = entry('lateral-kyphoplasty');
    const image = readDicom(join(dir, study.files[0] as string));
    /** Mean grey over 5 x 5 pixels at the middle of a body (the mean of its six points). */
    const middle = (level: string): number => {
      const points = Object.values(truth.vertebrae.find((v) => v.level === level)!.points);
      const [c, r] = [0, 1].map((k) => Math.round(points.reduce((sum, p) => sum + p[k]!, 0) / points.length));
      let acc = 0;
      for (let i = -2; i <= 2; i++) for (let j = -2; j <= 2; j++) acc += image.pixels[(r! + i) * image.columns + c! + j] as number;
      return acc / 25;
    };
    const untreated = truth.vertebrae.filter((v) => v.level !== 'T11').map((v) => middle(v.level));
    expect(middle('T11')).toBeGreaterThan(Math.max(...untreated) + 400);
  });
});

describe('the CT of the posterior wall', () => {
  it('is a targeted 256 x 256 axial stack, and its canal lines run from the wall\'s bone to the laminae\'s across soft tissue', () => {
    const { truth, entry: study } = entry('ct-posterior-wall');
    const slices = study.files.map((f) => readDicom(join(dir, f)));
    expect(slices.map((s) => [s.rows, s.columns])).toEqual(slices.map(() => [256, 256]));
    /** HU of the voxel nearest a patient point, in the column beside the mid-sagittal plane (x = +0.35 mm). */
    const hu = (p: readonly number[]): number => {
      const slice = slices.reduce((best, s) =>
        Math.abs(numbers(s.attrs['ImagePositionPatient'])[2]! - p[2]!) < Math.abs(numbers(best.attrs['ImagePositionPatient'])[2]! - p[2]!) ? s : best,
      );
      const [x0, y0] = numbers(slice.attrs['ImagePositionPatient']);
      const c = Math.round((0.35 - x0!) / 0.7);
      const r = Math.round((p[1]! - y0!) / 0.7);
      return (slice.pixels[r * slice.columns + c] as number) - 1024;
    };
    for (const level of ['T10', 'T11', 'T12']) {
      const [wall, back] = truth.vertebrae.find((v) => v.level === level)!.canal!.points as [number[], number[]];
      const along = (from: number[], mm: number) => {
        const length = Math.hypot(back[1]! - wall[1]!, back[2]! - wall[2]!);
        return from.map((c, i) => c + (mm * ((back[i] as number) - (wall[i] as number))) / length);
      };
      /** The highest HU along the line between two offsets (mm) from a point, every 0.1 mm. */
      const peak = (from: number[], a: number, b: number) => Math.max(...Array.from({ length: Math.round((b - a) / 0.1) + 1 }, (_, k) => hu(along(from, a + k * 0.1))));
      expect(peak(wall, -1.2, -0.1), `${level}: bone in front of the canal`).toBeGreaterThan(400);
      expect(peak(wall, 1.5, 3), `${level}: canal behind the wall`).toBeLessThan(150);
      expect(peak(back, -3, -1.5), `${level}: canal in front of the laminae`).toBeLessThan(150);
      expect(peak(back, 0.1, 1.2), `${level}: the laminae`).toBeGreaterThan(400);
    }
  });
});

describe('the MRI', () => {
  const series = entry('mri-fracture-age').truth.series;
  const read = (file: string) => readDicom(join(dir, file)).attrs;

  it('has two sagittal series, SAG T1 and SAG STIR, of 11 slices in one study and frame of reference', () => {
    const all = series.flatMap((s) => s.files.map(read));
    expect(series.map((s) => s.files.length)).toEqual([11, 11]);
    expect(new Set(all.map((a) => a['StudyInstanceUID'])).size).toBe(1);
    expect(new Set(all.map((a) => a['FrameOfReferenceUID'])).size).toBe(1);
    expect(series.map((s) => read(s.files[0] as string)['SeriesDescription'])).toEqual(['SAG T1', 'SAG STIR']);
    for (const a of all) {
      expect(a['SOPClassUID']).toBe('1.2.840.10008.5.1.4.1.1.4');
      expect(numbers(a['ImageOrientationPatient'])).toEqual([0, 1, 0, 0, 0, -1]);
      expect(Number(a['SliceThickness'])).toBe(3.5);
      expect(Number(a['SpacingBetweenSlices'])).toBe(4);
    }
  });

  it('steps through the patient from right to left, 4 mm apart, the middle slice at x = 0', () => {
    const xs = (series[0]?.files ?? []).map((f) => numbers(read(f)['ImagePositionPatient'])[0]);
    expect(xs).toEqual([-20, -16, -12, -8, -4, 0, 4, 8, 12, 16, 20]);
  });

  it('STIR is an inversion recovery, T1 a short-TR spin echo', () => {
    const t1 = read(series[0]?.files[0] as string);
    const stir = read(series[1]?.files[0] as string);
    expect(Number(t1['RepetitionTime'])).toBeLessThan(800);
    expect(Number(stir['InversionTime'])).toBe(150);
    expect(stir['ScanningSequence']).toEqual(['SE', 'IR']);
  });
});

describe('the CT', () => {
  const truth = entry('ct-thoracolumbar').truth;
  const files = truth.series[0]?.files ?? [];

  it('is an axial stack in Hounsfield units, up to 300 slices of 0.7 mm pixels, 1.25 mm apart', () => {
    expect(files.length).toBeGreaterThan(150);
    expect(files.length).toBeLessThanOrEqual(300);
    const a = readDicom(join(dir, files[0] as string)).attrs;
    const b = readDicom(join(dir, files[1] as string)).attrs;
    expect(a).toMatchObject({ SOPClassUID: '1.2.840.10008.5.1.4.1.1.2', Modality: 'CT', RescaleType: 'HU' });
    expect([Number(a['RescaleSlope']), Number(a['RescaleIntercept'])]).toEqual([1, -1024]);
    expect(numbers(a['PixelSpacing'])).toEqual([0.7, 0.7]);
    expect(numbers(a['ImagePositionPatient'])[2]! - numbers(b['ImagePositionPatient'])[2]!).toBeCloseTo(1.25, 9);
  });

  it('shows trabecular bone, cortex, soft tissue and air at the right HU', () => {
    const t9 = truth.vertebrae.find((v) => v.level === 'T9');
    const [x, y, z] = [0, ((t9?.points.ms[1] ?? 0) + (t9?.points.mi[1] ?? 0)) / 2, ((t9?.points.ms[2] ?? 0) + (t9?.points.mi[2] ?? 0)) / 2];
    const index = files.findIndex((f) => Math.abs(numbers(readDicom(join(dir, f)).attrs['ImagePositionPatient'])[2]! - z) <= 0.625);
    const slice = readDicom(join(dir, files[index] as string));
    const [x0, y0] = numbers(slice.attrs['ImagePositionPatient']);
    const hu = (px: number, py: number, r = 3): number => {
      const c = Math.round((px - (x0 as number)) / 0.7);
      const row = Math.round((py - (y0 as number)) / 0.7);
      let acc = 0;
      let n = 0;
      for (let i = -r; i <= r; i++) for (let j = -r; j <= r; j++) {
        acc += (slice.pixels[(row + i) * slice.columns + c + j] as number) - 1024;
        n++;
      }
      return acc / n;
    };
    expect(hu(x, y)).toBeGreaterThan(60);
    expect(hu(x, y)).toBeLessThan(250);
    expect(hu(-170, (y0 as number) + 5)).toBeLessThan(-900);
  });
});
