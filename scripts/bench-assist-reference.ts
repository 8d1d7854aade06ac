/**
 * Reference six points of real vertebrae on the TCIA sagittal CT reformats (../shared/dicom/tcia-sagittal-ct), for the
 * repeatability part of `npm run bench:assist`. Image [column, row], pixel centres at whole numbers.
 *
 * How obtained: a first reading by eye (bone window L 250, W 1000, 6 screen pixels per image pixel, a 10-pixel grid)
 * put the points on the bright cortex, about a pixel inside the body's outer boundary that morphometry.md section 2
 * defines (and the ps of the 2019 lower body on the pedicle). They were re-read on the outer boundary: from each
 * first point, the half-maximum crossing of the intensity profile from the cortex's peak outward, across the endplate
 * (midpoints) or across both the endplate and the wall 1.5 pixels from the corner, the two lines intersected
 * (corners); then checked by eye at 16 screen pixels per image pixel with a 5-pixel grid. The ps and pi of the 2019
 * lower body, where the posterior wall merges into the pedicle, were read off the pixel values by eye instead. They
 * are the centre of the perturbed placements, not a truth: the benchmark measures how much the heights vary.
 */
export interface ReferenceVertebra {
  file: string;
  name: string;
  points: Record<'as' | 'ms' | 'ps' | 'ai' | 'mi' | 'pi', [number, number]>;
}

export const TCIA_REFERENCE: readonly ReferenceVertebra[] = [
  {
    file: 'tcia-sagittal-ct/A002304/sagittal/19001231-080.dcm',
    name: 'A002304 2019-12-31, lower thoracic (upper of two)',
    points: { as: [305.3, 229.3], ms: [319.0, 232.0], ps: [334.9, 234.0], ai: [298.3, 248.9], mi: [310.9, 251.6], pi: [324.3, 254.0] },
  },
  {
    file: 'tcia-sagittal-ct/A002304/sagittal/19001231-080.dcm',
    name: 'A002304 2019-12-31, lower thoracic (lower of two)',
    points: { as: [297.3, 254.8], ms: [313.1, 257.5], ps: [321.5, 258.5], ai: [293.0, 276.1], mi: [305.9, 277.8], pi: [319.8, 279.6] },
  },
  {
    file: 'tcia-sagittal-ct/A002304/sagittal/19010112-134.dcm',
    name: 'A002304 2020-01-12, thoracic (upper of two)',
    points: { as: [327.3, 252.2], ms: [349.9, 250.7], ps: [373.0, 248.5], ai: [325.9, 283.5], mi: [349.9, 281.6], pi: [373.0, 286.7] },
  },
  {
    file: 'tcia-sagittal-ct/A002304/sagittal/19010112-134.dcm',
    name: 'A002304 2020-01-12, thoracic (lower of two)',
    points: { as: [325.4, 289.0], ms: [350.0, 292.1], ps: [373.0, 290.5], ai: [320.5, 322.9], mi: [346.7, 323.3], pi: [367.3, 328.8] },
  },
];
