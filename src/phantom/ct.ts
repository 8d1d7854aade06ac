/**
 * Axial CT of the phantom in Hounsfield units, stored with Rescale Slope 1 and Intercept -1024.
 * Each voxel samples the tissue at the slice centre, then a reconstruction blur and noise;
 * trabecular bone gets a coarse texture. Ribs are tubes following the same paths as on the radiograph.
 */
import { Tissue, type Phantom3d } from './body3d';
import { floatImage, gaussianBlur, sampleTile, streakTexture } from './image';
import type { Rng } from './random';

const HU: Record<Tissue, number> = {
  [Tissue.Air]: -1000, [Tissue.Lung]: -860, [Tissue.Fat]: -105, [Tissue.Muscle]: 52, [Tissue.Organ]: 38,
  [Tissue.Liver]: 62, [Tissue.Blood]: 42, [Tissue.Cortex]: 1150, [Tissue.Marrow]: 115, [Tissue.Edema]: 135,
  [Tissue.Sclerosis]: 420, [Tissue.Nucleus]: 85, [Tissue.DegeneratedNucleus]: 95, [Tissue.Annulus]: 105,
  [Tissue.Csf]: 8, [Tissue.Cord]: 34, [Tissue.EpiduralFat]: -95, [Tissue.Ligament]: 75, [Tissue.NerveRoot]: 30,
  [Tissue.ElementMarrow]: 210,
};

export const CT_RESCALE_INTERCEPT = -1024;

export interface CtSliceGeometry {
  rows: number;
  columns: number;
  pixelSpacing: number;
  sliceThickness: number;
  /** Patient position of the first pixel's centre; rows run toward +y, columns toward +x. */
  origin: readonly [number, number, number];
}

/** A rib as a tube: centre line points in patient mm and a radius. */
export interface RibTube {
  points: readonly (readonly [number, number, number])[];
  radius: number;
}

export function createCtTexture(rng: Rng) {
  return streakTexture(rng, 128, 1.0, 1.6);
}

export function renderCtSlice(
  phantom: Phantom3d,
  ribs: readonly RibTube[],
  g: CtSliceGeometry,
  texture: ReturnType<typeof createCtTexture>,
  rng: Rng,
): Uint16Array {
  const img = floatImage(g.columns, g.rows);
  const [x0, y0, z] = g.origin;
  const tissue = phantom.atHeight(z);
  for (let r = 0; r < g.rows; r++) {
    const y = y0 + r * g.pixelSpacing;
    for (let c = 0; c < g.columns; c++) {
      const x = x0 + c * g.pixelSpacing;
      const t = tissue(x, y);
      let hu = HU[t];
      if (t === Tissue.Marrow || t === Tissue.ElementMarrow || t === Tissue.Edema) {
        hu += 45 * sampleTile(texture, x / 0.7, (y + 0.6 * z) / 0.7);
      }
      img.data[r * g.columns + c] = hu;
    }
  }
  drawRibSections(img, ribs, g);
  const blurred = gaussianBlur(img, 0.6);
  const out = new Uint16Array(g.rows * g.columns);
  for (let i = 0; i < out.length; i++) {
    const hu = (blurred.data[i] as number) + 14 * rng.normal();
    out[i] = Math.max(0, Math.min(4095, Math.round(hu - CT_RESCALE_INTERCEPT)));
  }
  return out;
}

/** Where a rib crosses the slice: a disc of cortex around marrow at each centre-line point near the slice. */
function drawRibSections(img: ReturnType<typeof floatImage>, ribs: readonly RibTube[], g: CtSliceGeometry): void {
  const [x0, y0, z] = g.origin;
  for (const rib of ribs) {
    for (const p of rib.points) {
      const dz = p[2] - z;
      if (Math.abs(dz) >= rib.radius) continue;
      const rr = Math.sqrt(rib.radius * rib.radius - dz * dz);
      const c0 = Math.max(0, Math.floor((p[0] - rr - x0) / g.pixelSpacing));
      const c1 = Math.min(g.columns - 1, Math.ceil((p[0] + rr - x0) / g.pixelSpacing));
      const r0 = Math.max(0, Math.floor((p[1] - rr - y0) / g.pixelSpacing));
      const r1 = Math.min(g.rows - 1, Math.ceil((p[1] + rr - y0) / g.pixelSpacing));
      for (let r = r0; r <= r1; r++) {
        for (let c = c0; c <= c1; c++) {
          const dx = x0 + c * g.pixelSpacing - p[0];
          const dy = y0 + r * g.pixelSpacing - p[1];
          const d = Math.sqrt(dx * dx + dy * dy);
          if (d >= rr) continue;
          img.data[r * g.columns + c] = d > rr - 1.1 ? 950 : 220;
        }
      }
    }
  }
}
