/**
 * Sagittal spin-echo MRI of the phantom: T1 (fatty marrow bright, edema dark) and STIR (fat dark, fluid
 * and edema bright). Each pixel averages three samples across the slice thickness (partial volume),
 * then a little blur, a posterior surface coil's falloff and Rician noise.
 */
import { Tissue, type Phantom3d } from './body3d';
import { floatImage, gaussianBlur, sampleTile, streakTexture } from './image';
import { createRng, type Rng } from './random';

export type MrSequence = 'T1' | 'STIR';

/** Relative signal per tissue (0..1). */
const SIGNAL: Record<MrSequence, Record<Tissue, number>> = {
  T1: {
    [Tissue.Air]: 0, [Tissue.Lung]: 0.03, [Tissue.Fat]: 0.95, [Tissue.Muscle]: 0.33, [Tissue.Organ]: 0.42,
    [Tissue.Liver]: 0.5, [Tissue.Blood]: 0.06, [Tissue.Cortex]: 0.04, [Tissue.Marrow]: 0.74,
    [Tissue.Edema]: 0.24, [Tissue.Sclerosis]: 0.3, [Tissue.Nucleus]: 0.34, [Tissue.DegeneratedNucleus]: 0.28,
    [Tissue.Annulus]: 0.22, [Tissue.Csf]: 0.12, [Tissue.Cord]: 0.46, [Tissue.EpiduralFat]: 0.9,
    [Tissue.Ligament]: 0.05, [Tissue.NerveRoot]: 0.35, [Tissue.ElementMarrow]: 0.7,
  },
  STIR: {
    [Tissue.Air]: 0, [Tissue.Lung]: 0.03, [Tissue.Fat]: 0.05, [Tissue.Muscle]: 0.17, [Tissue.Organ]: 0.3,
    [Tissue.Liver]: 0.2, [Tissue.Blood]: 0.05, [Tissue.Cortex]: 0.03, [Tissue.Marrow]: 0.13,
    [Tissue.Edema]: 0.78, [Tissue.Sclerosis]: 0.08, [Tissue.Nucleus]: 0.72, [Tissue.DegeneratedNucleus]: 0.32,
    [Tissue.Annulus]: 0.12, [Tissue.Csf]: 1.0, [Tissue.Cord]: 0.42, [Tissue.EpiduralFat]: 0.06,
    [Tissue.Ligament]: 0.04, [Tissue.NerveRoot]: 0.4, [Tissue.ElementMarrow]: 0.14,
  },
};

export interface MrSliceGeometry {
  rows: number;
  columns: number;
  pixelSpacing: number;
  sliceThickness: number;
  /** Patient position of the first pixel's centre; rows run toward -z, columns toward +y. */
  origin: readonly [number, number, number];
}

/** Stored value for relative signal 1. */
const FULL_SCALE = 1800;

export function renderMrSlice(phantom: Phantom3d, g: MrSliceGeometry, sequence: MrSequence, rng: Rng): Uint16Array {
  const img = floatImage(g.columns, g.rows);
  const table = SIGNAL[sequence];
  const [x0, y0, z0] = g.origin;
  const offsets = [-g.sliceThickness / 3, 0, g.sliceThickness / 3];
  // Soft tissue is never flat on MR: a gentle mottle, the same in both series (same patient, same place).
  const mottle = streakTexture(createRng('mr-mottle'), 128, 2.5, 2.5);
  for (let r = 0; r < g.rows; r++) {
    const z = z0 - r * g.pixelSpacing;
    const back = phantom.backAt(z);
    const tissue = phantom.atHeight(z);
    for (let c = 0; c < g.columns; c++) {
      const y = y0 + c * g.pixelSpacing;
      let acc = 0;
      for (const dx of offsets) acc += table[tissue(x0 + dx, y)];
      // Posterior spine coil: the signal falls off away from the back.
      const coil = 0.35 + 0.65 * Math.exp(-Math.max(0, back - y) / 120);
      const grain = 1 + 0.07 * sampleTile(mottle, y / 1.5, z / 1.5);
      img.data[r * g.columns + c] = (acc / offsets.length) * coil * grain;
    }
  }
  const blurred = gaussianBlur(img, 0.55);
  const out = new Uint16Array(g.rows * g.columns);
  const sigma = 0.018;
  for (let i = 0; i < out.length; i++) {
    const re = (blurred.data[i] as number) + sigma * rng.normal();
    const im = sigma * rng.normal();
    out[i] = Math.min(4095, Math.round(FULL_SCALE * Math.sqrt(re * re + im * im)));
  }
  return out;
}
