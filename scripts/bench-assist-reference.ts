/**
 * Reference six points of real vertebrae on the TCIA sagittal CT reformats (../shared/dicom/tcia-sagittal-ct), for the
 * repeatability part of `npm run bench:assist`. How obtained: each image was rendered in a bone window (L 250, W 1000)
 * at 6 screen pixels per image pixel with a 10-pixel grid, and the corners and endplate midpoints read off by eye
 * (image [column, row], about 1 pixel precise), then drawn back on the image to check. They are the centre of the
 * perturbed placements, not a truth: the benchmark measures how much the heights vary between placements.
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
    points: { as: [305, 230.8], ms: [319, 232], ps: [334.2, 235], ai: [298.3, 248.3], mi: [311, 251], pi: [324.2, 253.3] },
  },
  {
    file: 'tcia-sagittal-ct/A002304/sagittal/19001231-080.dcm',
    name: 'A002304 2019-12-31, lower thoracic (lower of two)',
    points: { as: [299.2, 255.8], ms: [313, 258], ps: [328.3, 260.8], ai: [293.3, 275.8], mi: [306, 277], pi: [320, 278.3] },
  },
  {
    file: 'tcia-sagittal-ct/A002304/sagittal/19010112-134.dcm',
    name: 'A002304 2020-01-12, thoracic (upper of two)',
    points: { as: [328.3, 253.3], ms: [350, 252.5], ps: [371.7, 251.7], ai: [325.8, 282.5], mi: [350, 280.8], pi: [373.3, 285.8] },
  },
  {
    file: 'tcia-sagittal-ct/A002304/sagittal/19010112-134.dcm',
    name: 'A002304 2020-01-12, thoracic (lower of two)',
    points: { as: [326.7, 290], ms: [350, 292.5], ps: [371.7, 291.7], ai: [321.7, 320.8], mi: [346.7, 323.3], pi: [368.3, 327.5] },
  },
];
