import { describe, expect, it } from 'vitest';
import { DETECTOR_WARNING, NO_SPACING_WARNING, calibrationFromAttributes, checkUserCalibration, parseCalibrationLength, userCalibration } from '../../../src/morphometry';

describe('§6 cross-sectional images (CT, MR): Pixel Spacing, label mm', () => {
  it.each(['CT', 'MR'])('uses the Pixel Spacing of %s as it is, in DICOM order', (modality) => {
    expect(calibrationFromAttributes({ modality, pixelSpacing: [0.5, 0.25] })).toEqual({
      label: 'mm',
      pixelSpacing: [0.5, 0.25],
      warning: null,
    });
  });

  it('ignores Imager Pixel Spacing outside projection radiography', () => {
    expect(calibrationFromAttributes({ modality: 'CT', imagerPixelSpacing: [0.2, 0.2] })).toEqual({
      label: 'px',
      pixelSpacing: null,
      warning: NO_SPACING_WARNING,
    });
  });
});

describe('§6 projection radiographs: Pixel Spacing, else Imager Pixel Spacing / ERMF, else at the detector', () => {
  it('prefers Pixel Spacing, calibrated by the modality', () => {
    const attrs = { modality: 'DX', pixelSpacing: [0.1, 0.1], imagerPixelSpacing: [0.15, 0.15] };
    expect(calibrationFromAttributes({ ...attrs, estimatedRadiographicMagnificationFactor: 1.5 })).toEqual({
      label: 'mm',
      pixelSpacing: [0.1, 0.1],
      warning: null,
    });
  });

  it.each(['CR', 'DX', 'RF', 'XA', 'MG', 'PX', 'IO'])(
    'divides the Imager Pixel Spacing of %s by the magnification factor (mm (ERMF))',
    (modality) => {
      // [0.2, 0.1] / 1.25 = [0.16, 0.08]: anisotropy kept.
      const calibration = calibrationFromAttributes({
        modality,
        imagerPixelSpacing: [0.2, 0.1],
        estimatedRadiographicMagnificationFactor: 1.25,
      });
      expect(calibration.label).toBe('mm (ERMF)');
      expect(calibration.pixelSpacing?.[0]).toBeCloseTo(0.16, 15);
      expect(calibration.pixelSpacing?.[1]).toBeCloseTo(0.08, 15);
      expect(calibration.warning).toBeNull();
    },
  );

  it('falls back to the detector plane with a warning', () => {
    expect(calibrationFromAttributes({ modality: 'CR', imagerPixelSpacing: [0.15, 0.15] })).toEqual({
      label: 'mm (detector)',
      pixelSpacing: [0.15, 0.15],
      warning: DETECTOR_WARNING,
    });
    expect(DETECTOR_WARNING).toMatch(/detector plane, not the patient/);
  });

  it('treats an unusable magnification factor as absent', () => {
    for (const ermf of [0, -1, null, Number.NaN]) {
      const calibration = calibrationFromAttributes({
        modality: 'DX',
        imagerPixelSpacing: [0.15, 0.15],
        estimatedRadiographicMagnificationFactor: ermf,
      });
      expect(calibration.label).toBe('mm (detector)');
    }
  });
});

describe('§6 no spacing at all: px, with a visible warning', () => {
  it.each([
    [{ modality: 'DX' }],
    [{ modality: 'MR', pixelSpacing: null }],
    [{ modality: 'CT', pixelSpacing: [0, 0.5] }],
    [{ modality: 'CR', imagerPixelSpacing: [0.1] }],
    [{}],
  ])('gives px for %j', (attrs) => {
    expect(calibrationFromAttributes(attrs)).toEqual({ label: 'px', pixelSpacing: null, warning: NO_SPACING_WARNING });
  });
});

describe('§6 a user calibration (a line of known length) overrides all: mm (user)', () => {
  it('makes square pixels from an uncalibrated image', () => {
    // A 30-40-50 px line said to be 25 mm: 0.5 mm per pixel.
    expect(userCalibration({ from: [0, 0], to: [30, 40], lengthMm: 25 })).toEqual({
      label: 'mm (user)',
      pixelSpacing: [0.5, 0.5],
      warning: null,
    });
  });

  it('rescales an existing anisotropic spacing, keeping its aspect', () => {
    // 100 rows at 0.2 mm = 20 mm said to be 30 mm: everything x 1.5.
    const calibration = userCalibration({ from: [5, 0], to: [5, 100], lengthMm: 30, pixelSpacing: [0.2, 0.1] });
    expect(calibration.pixelSpacing?.[0]).toBeCloseTo(0.3, 15);
    expect(calibration.pixelSpacing?.[1]).toBeCloseTo(0.15, 15);
  });

  it('refuses a line without length', () => {
    expect(() => userCalibration({ from: [1, 1], to: [1, 1], lengthMm: 10 })).toThrow(RangeError);
    expect(() => userCalibration({ from: [0, 0], to: [1, 1], lengthMm: 0 })).toThrow(RangeError);
  });
});

describe('the length typed for a calibration line (section 6)', () => {
  it('takes a plain decimal, with a point or an unambiguous comma', () => {
    expect(parseCalibrationLength('50')).toEqual({ ok: true, mm: 50 });
    expect(parseCalibrationLength(' 12.5 ')).toEqual({ ok: true, mm: 12.5 });
    expect(parseCalibrationLength('12,5')).toEqual({ ok: true, mm: 12.5 });
  });
  it('refuses what it would have to guess: an exponent, a comma before three digits', () => {
    expect(parseCalibrationLength('1e3')).toEqual({ ok: false, reason: 'Type the length in mm as a number, e.g. 50 or 12.5.' });
    expect(parseCalibrationLength('1,234')).toEqual({ ok: false, reason: '"1,234" could be 1.234 or 1234 mm: type it with a decimal point.' });
  });
  it('refuses a length no line on a spine image has', () => {
    expect(parseCalibrationLength('0')).toEqual({ ok: false, reason: '0 mm is not a length on a spine image: type 1 to 500 mm.' });
    expect(parseCalibrationLength('1000')).toEqual({ ok: false, reason: '1000 mm is not a length on a spine image: type 1 to 500 mm.' });
  });
});

describe('a user calibration is checked against what a spine image can be (section 6)', () => {
  const ermf = calibrationFromAttributes({ modality: 'DX', imagerPixelSpacing: [0.23, 0.23], estimatedRadiographicMagnificationFactor: 1.15 });
  const noSpacing = calibrationFromAttributes({ modality: 'DX' });
  // A 100-pixel line along the rows.
  const line = (lengthMm: number, image = ermf) =>
    checkUserCalibration(userCalibration({ from: [10, 10], to: [110, 10], lengthMm, pixelSpacing: image.pixelSpacing }), image);

  it('a ruler of 22 mm over 100 pixels of 0.2 mm (magnification 1.1) is fine', () => {
    expect(line(22)).toBeNull();
  });

  it('a length that makes pixels more than 1.5 times the image own asks for a confirmation, saying how far apart', () => {
    // 50 mm over 100 pixels: 0.5 mm per pixel against 0.2 mm.
    expect(line(50)).toEqual({
      warning: "That makes one pixel 0.5 mm, 2.5 times more than the image's own 0.2 mm (mm (ERMF)); a magnification explains at most 1.5 times. Check the line and the length.",
    });
    // 10 mm: 0.1 mm per pixel, 2 times less.
    expect(line(10)).toMatchObject({ warning: expect.stringContaining('0.1 mm, 2.0 times less') });
    // Just inside 1.5 times either way: no question.
    expect(line(29.9)).toBeNull();
    expect(line(13.4)).toBeNull();
  });

  it('a pixel size no spine image has is refused, also without any spacing of its own', () => {
    // 500 mm over a 2-pixel line: 250 mm per pixel.
    const short = checkUserCalibration(userCalibration({ from: [0, 0], to: [2, 0], lengthMm: 500, pixelSpacing: null }), noSpacing);
    expect(short).toEqual({
      refused: 'That makes one pixel 250 mm, and a spine image has 0.02 to 5 mm per pixel: check the length, or draw the line along the whole object.',
    });
    // 1 mm along 3000 pixels: 0.000333 mm per pixel.
    expect(checkUserCalibration(userCalibration({ from: [0, 0], to: [3000, 0], lengthMm: 1, pixelSpacing: null }), noSpacing)).toMatchObject({
      refused: expect.stringContaining('one pixel 0.000333 mm'),
    });
    // Without spacing of its own, any plausible size is taken: nothing to compare with.
    expect(line(300, noSpacing)).toBeNull();
  });
});
