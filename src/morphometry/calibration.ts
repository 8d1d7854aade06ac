/** What "mm" means for an image: calibration from DICOM attributes (morphometry.md section 6). */
import type { PixelSpacing } from './geometry';

export type CalibrationLabel = 'mm' | 'mm (ERMF)' | 'mm (detector)' | 'mm (user)' | 'px';

export interface Calibration<L extends CalibrationLabel = CalibrationLabel> {
  label: L;
  /** `[rowSpacing, columnSpacing]` in mm, or null when heights are in pixels. */
  pixelSpacing: [number, number] | null;
  /** Shown to the reader beside the heights; null when the mm are patient mm as calibrated. */
  warning: string | null;
}

export interface CalibrationAttributes {
  /** Modality (0008,0060). */
  modality?: string;
  /** Pixel Spacing (0028,0030). */
  pixelSpacing?: number[] | null;
  /** Imager Pixel Spacing (0018,1164). */
  imagerPixelSpacing?: number[] | null;
  /** Estimated Radiographic Magnification Factor (0018,1114). */
  estimatedRadiographicMagnificationFactor?: number | null;
}

/** Projection radiography modalities, whose Imager Pixel Spacing is measured at the detector. */
export const PROJECTION_MODALITIES: readonly string[] = ['CR', 'DX', 'RF', 'XA', 'MG', 'PX', 'IO', 'RG'];

export const DETECTOR_WARNING =
  'Heights are at the detector plane, not the patient: ' +
  'the image has Imager Pixel Spacing but no magnification factor.';

export const NO_SPACING_WARNING = 'No pixel spacing: heights are in pixels. Ratios and grades are still valid.';

export function calibrationFromAttributes(
  attrs: CalibrationAttributes,
): Calibration<Exclude<CalibrationLabel, 'mm (user)'>> {
  const pixelSpacing = spacingOrNull(attrs.pixelSpacing);
  if (pixelSpacing) return { label: 'mm', pixelSpacing, warning: null };
  const projection = PROJECTION_MODALITIES.includes((attrs.modality ?? '').trim().toUpperCase());
  const imagerPixelSpacing = projection ? spacingOrNull(attrs.imagerPixelSpacing) : null;
  if (imagerPixelSpacing) {
    const ermf = attrs.estimatedRadiographicMagnificationFactor;
    if (typeof ermf === 'number' && Number.isFinite(ermf) && ermf > 0) {
      return {
        label: 'mm (ERMF)',
        pixelSpacing: [imagerPixelSpacing[0] / ermf, imagerPixelSpacing[1] / ermf],
        warning: null,
      };
    }
    return { label: 'mm (detector)', pixelSpacing: imagerPixelSpacing, warning: DETECTOR_WARNING };
  }
  return { label: 'px', pixelSpacing: null, warning: NO_SPACING_WARNING };
}

/**
 * The reader drew a line from `from` to `to` (image `[column, row]`) and says it is `lengthMm` long.
 * This overrides every DICOM calibration. An existing spacing keeps its aspect (anisotropy) and is
 * scaled; without one, pixels are taken as square.
 */
export function userCalibration(line: {
  from: readonly number[];
  to: readonly number[];
  lengthMm: number;
  pixelSpacing?: PixelSpacing | null;
}): Calibration<'mm (user)'> {
  const [rowSpacing, columnSpacing] = line.pixelSpacing ?? [1, 1];
  const dx = ((line.to[0] ?? 0) - (line.from[0] ?? 0)) * columnSpacing;
  const dy = ((line.to[1] ?? 0) - (line.from[1] ?? 0)) * rowSpacing;
  const drawn = Math.sqrt(dx * dx + dy * dy);
  if (!(drawn > 0) || !(line.lengthMm > 0) || !Number.isFinite(line.lengthMm)) {
    throw new RangeError('A calibration line needs two distinct points and a positive length.');
  }
  const scale = line.lengthMm / drawn;
  return { label: 'mm (user)', pixelSpacing: [rowSpacing * scale, columnSpacing * scale], warning: null };
}

/** The pixel sizes a spine image can have, in mm: from a fine mammography-class detector to a coarse MR. */
export const PLAUSIBLE_PIXEL_MM = [0.02, 5] as const;
/** How far a user calibration may differ from the image's own before the reader is asked: a radiograph's magnification. */
export const CALIBRATION_MISMATCH_FACTOR = 1.5;

/**
 * Whether a user calibration is one to use: refused when its pixel size is no spine image's (a line of a few
 * pixels given 500 mm, or the whole image given 1 mm), a warning to confirm when it is more than
 * CALIBRATION_MISMATCH_FACTOR from the image's own calibration, else null.
 */
export function checkUserCalibration(user: Calibration<'mm (user)'>, image: Calibration): { refused: string } | { warning: string } | null {
  const pixel = user.pixelSpacing![0];
  const [min, max] = PLAUSIBLE_PIXEL_MM;
  if (!(pixel >= min && pixel <= max)) {
    return {
      refused: `That makes one pixel ${mmText(pixel)} mm, and a spine image has ${min} to ${max} mm per pixel: check the length, or draw the line along the whole object.`,
    };
  }
  const own = image.pixelSpacing?.[0];
  if (!own) return null;
  const factor = Math.max(pixel / own, own / pixel);
  if (factor <= CALIBRATION_MISMATCH_FACTOR) return null;
  return {
    warning:
      `That makes one pixel ${mmText(pixel)} mm, ${factor.toFixed(1)} times ${pixel > own ? 'more' : 'less'} than the image's own ` +
      `${mmText(own)} mm (${image.label}); a magnification explains at most ${CALIBRATION_MISMATCH_FACTOR} times. Check the line and the length.`,
  };
}

/** A pixel size in mm with three significant digits. */
function mmText(mm: number): string {
  return Number(mm.toPrecision(3)).toString();
}

/** A DICOM spacing is usable when it is two positive finite numbers. */
function spacingOrNull(value: readonly number[] | null | undefined): [number, number] | null {
  if (!value || value.length !== 2) return null;
  const [row, column] = value as [number, number];
  return isPositive(row) && isPositive(column) ? [row, column] : null;
}

function isPositive(n: unknown): n is number {
  return typeof n === 'number' && Number.isFinite(n) && n > 0;
}

/** The lengths a calibration line on a spine image can have: from a millimetre to half a metre. */
export const CALIBRATION_LENGTH_RANGE_MM = [1, 500] as const;

/**
 * The length the reader typed for a calibration line, in mm: a plain decimal (`50`, `12.5`, `12,5`), or why not.
 * A comma before exactly three digits (`1,234`) could be a thousands separator as well as a decimal comma, and
 * exponents (`1e3`) are typos more often than lengths: both are refused rather than guessed, since every height
 * on the image follows the number.
 */
export function parseCalibrationLength(text: string): { ok: true; mm: number } | { ok: false; reason: string } {
  const t = text.trim();
  if (/^\d+,\d{3}$/.test(t)) return { ok: false, reason: `"${t}" could be ${t.replace(',', '.')} or ${t.replace(',', '')} mm: type it with a decimal point.` };
  if (!/^\d+([.,]\d+)?$/.test(t) && !/^\d*\.\d+$/.test(t)) return { ok: false, reason: 'Type the length in mm as a number, e.g. 50 or 12.5.' };
  const mm = Number(t.replace(',', '.'));
  const [min, max] = CALIBRATION_LENGTH_RANGE_MM;
  if (!(mm >= min && mm <= max)) return { ok: false, reason: `${mm} mm is not a length on a spine image: type ${min} to ${max} mm.` };
  return { ok: true, mm };
}
