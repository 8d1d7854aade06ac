/** Slab rendering of the reformats: a thin slice, or a maximum-intensity or average projection through a thickness. */
import { Enums, type Types } from '@cornerstonejs/core';

export type SlabMode = 'thin' | 'mip' | 'average';

export interface Slab {
  mode: SlabMode;
  /** mm; used by MIP and average. */
  thickness: number;
}

export const SLAB_MODES: readonly { mode: SlabMode; label: string }[] = [
  { mode: 'thin', label: 'Thin' },
  { mode: 'mip', label: 'MIP' },
  { mode: 'average', label: 'Average' },
];

export const DEFAULT_SLAB: Slab = { mode: 'thin', thickness: 10 };

const BLEND: Record<SlabMode, Enums.BlendModes> = {
  thin: Enums.BlendModes.COMPOSITE,
  mip: Enums.BlendModes.MAXIMUM_INTENSITY_BLEND,
  average: Enums.BlendModes.AVERAGE_INTENSITY_BLEND,
};

export function describeSlab(slab: Slab): string {
  return slab.mode === 'thin' ? 'Thin slice' : `${slab.mode === 'mip' ? 'MIP' : 'Average'} ${slab.thickness} mm`;
}

/** What a viewport really renders, whatever was asked of it (an overlay must not repeat a wish). */
export function slabOf(viewport: Types.IVolumeViewport & { getBlendMode(): Enums.BlendModes }): Slab {
  const thickness = Math.round(viewport.getSlabThickness() * 10) / 10;
  const blend = viewport.getBlendMode();
  const mode: SlabMode =
    thickness < 0.5 || blend === Enums.BlendModes.COMPOSITE ? 'thin' : blend === Enums.BlendModes.MAXIMUM_INTENSITY_BLEND ? 'mip' : 'average';
  return { mode, thickness };
}

export function applySlab(viewport: Types.IVolumeViewport, slab: Slab): void {
  viewport.setBlendMode(BLEND[slab.mode]);
  // Below Cornerstone's minimum the slab is one sample thick: a plain reformatted slice.
  viewport.setSlabThickness(slab.mode === 'thin' ? 0 : slab.thickness);
  viewport.render();
}
