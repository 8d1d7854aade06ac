/**
 * The next vertebra proposed, in the viewer (issue 17): on a viewport showing the two or more measured bodies
 * just cranial (else caudal) to the Level about to be measured, the pure `analysis/nextVertebra` extrapolates the
 * next body and, where Snap applies (not on MR), the reader's own snap settles it on the image's edges.
 *
 * The geometry is done in mm in the viewed plane (the camera's right and down), so that radiographs, MR images and
 * the CT reformats are all handled alike; the snap reads a stack's stored pixels, or a reformat's volume.
 */
import { cache as csCache, getEnabledElement, type Types } from '@cornerstonejs/core';
import type { Types as ToolTypes } from '@cornerstonejs/tools';
import type { SnapKey, Vec2 } from '../analysis/endplateSnap';
import { proposeNextVertebra, snapProposal, type Six, type Travel } from '../analysis/nextVertebra';
import { nextLevelCaudal, nextLevelCranial, type Level } from '../morphometry';
import type { VertebraProposal } from './tools/VertebralMorphometryTool';

type Point3 = Types.Point3;
const KEYS: readonly SnapKey[] = ['as', 'ms', 'ps', 'ai', 'mi', 'pi'];

export interface ProposalContext {
  /** The Level the reader measures next: the one proposed. */
  nextLevel: Level;
  /** The level of a vertebra of the reading, or null for one it does not hold (yet). */
  levelOf: (uid: string) => Level | null;
  /** The reader's snap, or null when Snap is off. */
  snap: ((element: HTMLDivElement, world: Point3, key: SnapKey, placed: Partial<Record<SnapKey, Point3>>) => Point3 | null) | null;
}

/** Milliseconds of the last proposals made (not the cached ones), newest last, for bench:assist. */
const timings: number[] = [];
const cache = new WeakMap<HTMLDivElement, { key: string; result: VertebraProposal | null }>();

export function proposalTimings(): readonly number[] {
  return timings;
}

/** The proposal for a viewport showing `shown`, or null; the same object while nothing it depends on changed. */
export function proposeOn(element: HTMLDivElement, shown: readonly ToolTypes.Annotation[], ctx: ProposalContext): VertebraProposal | null {
  const viewport = getEnabledElement(element)?.viewport;
  if (!viewport) return null;
  const byLevel = new Map<Level, { uid: string; points: Point3[] }>();
  for (const annotation of shown) {
    const uid = annotation.annotationUID;
    const level = uid ? ctx.levelOf(uid) : null;
    const points = annotation.data.handles?.points as Point3[] | undefined;
    if (uid && level && points?.length === KEYS.length) byLevel.set(level, { uid, points });
  }
  if (byLevel.has(ctx.nextLevel)) return null;
  // Reading goes down the spine; a proposal above is made when the bodies below are the ones measured.
  for (const travel of ['caudal', 'cranial'] as Travel[]) {
    const back = travel === 'caudal' ? nextLevelCranial : nextLevelCaudal;
    const chain: { uid: string; points: Point3[] }[] = [];
    for (let level = back(ctx.nextLevel); level && chain.length < 5; level = back(level)) {
      const body = byLevel.get(level);
      if (!body) break;
      chain.push(body);
    }
    if (chain.length < 2) continue;
    const key = [
      ctx.nextLevel,
      travel,
      shownPlane(viewport),
      ctx.snap ? 'snap' : 'no snap',
      ...chain.map((c) => `${c.uid}:${c.points.flat().map((v) => v.toFixed(2)).join(',')}`),
    ].join('|');
    const cached = cache.get(element);
    if (cached?.key === key) return cached.result;
    const started = performance.now();
    const result = propose(viewport, element, chain, travel, key, ctx);
    timings.push(performance.now() - started);
    if (timings.length > 200) timings.shift();
    cache.set(element, { key, result });
    return result;
  }
  return null;
}

/**
 * What the proposal's snap sees: the stack's image, or a reformat's plane (its orientation and its distance along
 * the normal; a pan or zoom does not change it) and whether its volume has finished loading (a snap waits for the
 * slices it needs).
 */
function shownPlane(viewport: { getCamera(): Types.ICamera; getCurrentImageId?: () => string | undefined; getVolumeId?: () => string }): string {
  const volumeId = viewport.getVolumeId?.();
  if (!volumeId) return viewport.getCurrentImageId?.() ?? '';
  const { viewUp, viewPlaneNormal, focalPoint } = viewport.getCamera();
  if (!viewUp || !viewPlaneNormal || !focalPoint) return '';
  const depth = focalPoint.reduce((s, f, i) => s + f * viewPlaneNormal[i]!, 0);
  const loaded = csCache.getVolume(volumeId)?.loadStatus?.['loaded'] === true;
  return [...viewUp, ...viewPlaneNormal, depth].map((v) => v.toFixed(3)).join(',') + (loaded ? ' loaded' : ' loading');
}

function propose(
  viewport: { getCamera(): Types.ICamera },
  element: HTMLDivElement,
  chain: readonly { points: Point3[] }[],
  travel: Travel,
  key: string,
  ctx: ProposalContext,
): VertebraProposal | null {
  const { viewUp, viewPlaneNormal } = viewport.getCamera();
  if (!viewUp || !viewPlaneNormal) return null;
  // An orthonormal basis of the viewed plane, in mm: the screen's right and down.
  const [ux, uy, uz] = viewUp;
  const [nx, ny, nz] = viewPlaneNormal;
  const right = [uy * nz - uz * ny, uz * nx - ux * nz, ux * ny - uy * nx];
  const down = [-ux, -uy, -uz];
  const origin = chain[0]!.points[0]!;
  const to2 = (p: readonly number[]): Vec2 => {
    const d = [p[0]! - origin[0], p[1]! - origin[1], p[2]! - origin[2]];
    return [d[0]! * right[0]! + d[1]! * right[1]! + d[2]! * right[2]!, d[0]! * down[0]! + d[1]! * down[1]! + d[2]! * down[2]!];
  };
  const from2 = ([x, y]: Vec2): Point3 => [0, 1, 2].map((i) => origin[i]! + x * right[i]! + y * down[i]!) as Point3;
  const sixOf = (points: readonly Point3[]) => Object.fromEntries(KEYS.map((k, i) => [k, to2(points[i]!)])) as Six;
  const proposal = proposeNextVertebra(
    chain.map((c) => sixOf(c.points)),
    travel,
  );
  if (!proposal) return null;
  const snap = ctx.snap;
  const settled = snap
    ? snapProposal(proposal, travel, (point, k, placed) => {
        const placedWorld = Object.fromEntries(Object.entries(placed).map(([pk, p]) => [pk, from2(p)])) as Partial<Record<SnapKey, Point3>>;
        const to = snap(element, from2(point), k, placedWorld);
        return to ? to2(to) : null;
      }).points
    : proposal;
  return { key, level: ctx.nextLevel, points: KEYS.map((k) => from2(settled[k])) };
}
