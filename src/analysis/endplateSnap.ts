/**
 * Snapping a clicked vertebra point to the image's edges (issue 17). PURE: pixels in, a point out; no DOM,
 * no Cornerstone.
 *
 * The six points are defined on the body's outer boundary (morphometry.md section 2): a corner is where the
 * endplate line meets the wall line, a midpoint lies on the endplate. So the module looks for edges, not for
 * bright pixels: inside a small window (at most `radiusMm`, 3 mm by default) around the click it takes the
 * gradient ridge pixels of a lightly smoothed copy, keeps those whose gradient says "the body lies on this side"
 * (the body's side is known from which point it is and from the points already placed), and
 *  - for a midpoint, moves the click along the endplate's normal onto the strongest such edge, and along the
 *    endplate toward its middle (at most 1.5 mm) when both its ends are placed;
 *  - for a corner, fits the endplate line and the wall line and takes their intersection, so that a rounded
 *    corner still gives the corner of the definition.
 * The polarity filter is what keeps a snap out of the neighbours: across a disc the neighbour's endplate faces
 * the other way, and so does the inner edge of the cortex. A click with no convincing edge nearby stays put.
 */

export type Vec2 = readonly [number, number];
export type SnapKey = 'as' | 'ms' | 'ps' | 'ai' | 'mi' | 'pi';

export interface SnapImage {
  /** Stored or modality values, row by row. */
  pixels: ArrayLike<number>;
  width: number;
  height: number;
  /** [rowSpacing, columnSpacing] in mm (DICOM order); [1, 1] when unknown. */
  spacing: readonly [number, number];
}

export interface SnapRequest {
  /** Where the reader clicked, as image [column, row]. */
  point: Vec2;
  key: SnapKey;
  /** The points of the same vertebra placed before this one (image coordinates). */
  placed?: Partial<Record<SnapKey, Vec2>>;
  /** Image direction toward the feet; head up ([0, 1]) when the image does not say. */
  caudal?: Vec2;
  /** Image direction toward the front, when the image says. */
  anterior?: Vec2;
  /** Search radius in mm (capped at 3 mm: the snap is a correction, not a detector). */
  radiusMm?: number;
  /**
   * Whether the body is brighter than the disc beside it (radiographs, CT, T1 MR): 1; darker: -1;
   * 'auto' decides from the strongest endplate edge in the window.
   */
  polarity?: 1 | -1 | 'auto';
}

export interface SnapResult {
  point: Vec2;
  snapped: boolean;
  /** Why a click stayed where it was. */
  reason?: string;
}

export const MAX_SNAP_RADIUS_MM = 3;

/** An edge (gradient ridge) pixel, in mm from the click, with its unit gradient (toward brighter) and strength. */
interface Edge {
  x: number;
  y: number;
  gx: number;
  gy: number;
  strength: number;
}

/** Fewer edge pixels than this on a line is not an edge worth snapping to. */
const MIN_EDGE_PIXELS = 3;
/** A midpoint prefers the edges within about this distance (mm) of the click. */
const NEAR_MM = 1.5;
/** The most a midpoint moves along its endplate toward the endplate's middle (mm): see towardMiddle. */
const MIDDLE_PULL_MM = 1.5;
/** Ridge pixels weaker than this fraction of the strongest one of their kind are texture. */
const RELATIVE_THRESHOLD = 0.25;
/** In pure noise the strongest of a thousand ridges is about 3.8 noise deviations of the gradient; an edge is more. */
const NOISE_FACTOR = 5;
/** An edge pixel belongs to a line when its gradient is within this angle of the line's normal. */
const AXIS_TOLERANCE_DEG = 30;
/** The rounded part of a corner (the phantom rounds by 1 mm; real corners by about as much) is left out of line fits. */
const CORNER_EXCLUSION_MM = 1.2;
/**
 * Edges are gathered beyond the snap radius by the rounded corner's size, or by this many pixels where pixels are
 * coarse (CT pixels are up to 1.3 mm wide): a line fit needs several pixels of endplate and wall past the rounded
 * corner even when the click is on the far side of it (with 2.5 pixels, a third of the snaps on the TCIA CT found
 * too few). The result is still within the radius of the click.
 */
const FIT_MARGIN_PIXELS = 8;

export function snapPoint(image: SnapImage, request: SnapRequest): SnapResult {
  const radius = Math.min(request.radiusMm ?? MAX_SNAP_RADIUS_MM, MAX_SNAP_RADIUS_MM);
  const stay = (reason: string): SnapResult => ({ point: request.point, snapped: false, reason });
  const [rowSp, colSp] = image.spacing;
  const pixelMm = Math.max(rowSp, colSp);
  const edges = ridgePixels(image, request.point, radius);
  if (edges.length < MIN_EDGE_PIXELS) return stay('no edge near the click');

  const frame = bodyFrame(request, edges, [colSp, rowSp]);
  const superior = request.key.endsWith('s');
  /** Unit vector from the endplate into the body. */
  const intoBodyV = superior ? frame.caudal : neg(frame.caudal);
  const polarity = request.polarity === 'auto' || request.polarity === undefined ? decidePolarity(request.polarity, edges, intoBodyV) : request.polarity;

  const cos = Math.cos((AXIS_TOLERANCE_DEG * Math.PI) / 180);
  const endplate = strongOnly(edges.filter((e) => polarity * dot([e.gx, e.gy], intoBodyV) >= cos));
  if (endplate.length < MIN_EDGE_PIXELS) return stay('no endplate edge near the click');

  let snappedMm: Vec2;
  if (request.key === 'ms' || request.key === 'mi') {
    const centre = towardMiddle(request, intoBodyV, [colSp, rowSp]);
    const found = endplateCrossing(endplate, intoBodyV, radius, pixelMm, centre);
    if (!found) return stay('no endplate edge under the click');
    snappedMm = found;
  } else {
    const intoBodyH = cornerIntoBodyH(request.key, frame);
    // Where the wall is not clear (it merges into a pedicle, an osteophyte), the corner still goes onto its endplate:
    // the height depends on that, and the reader's click says where along it.
    const corner = cornerOf(edges, endplate, intoBodyV, intoBodyH, polarity, cos, pixelMm) ?? endplateCrossing(endplate, intoBodyV, radius, pixelMm);
    if (!corner) return stay('no corner near the click');
    snappedMm = corner;
  }
  if (Math.hypot(snappedMm[0], snappedMm[1]) > radius) return stay('the nearest edge is beyond the snap radius');
  return { point: [request.point[0] + snappedMm[0] / colSp, request.point[1] + snappedMm[1] / rowSp], snapped: true };
}

/**
 * How far along its endplate (mm, from the click) a midpoint moves toward the middle of the endplate, when both ends are
 * placed: for mi, ai and pi, or ps (placed before mi; the posterior wall runs from ps to pi); for ms, as and ps. At most
 * MIDDLE_PULL_MM: the midpoint is defined as the middle of the endplate (morphometry.md section 2), and on a real
 * endplate with a step or a slope under it, where along it the reader happened to click changed Hm by up to 0.8 mm
 * (TCIA CT, Hm's coefficient of variation 2.2% over perturbed placements; 1.5% with the pull). 0 when an end is missing.
 */
function towardMiddle(request: SnapRequest, intoBody: Vec2, mmPerPixel: Vec2): number {
  const placed = request.placed ?? {};
  const [first, second] = request.key === 'mi' ? [placed.ai, placed.pi ?? placed.ps] : [placed.as, placed.ps];
  if (!first || !second) return 0;
  const along: Vec2 = [intoBody[1], -intoBody[0]];
  const offset = (p: Vec2) => dot([(p[0] - request.point[0]) * mmPerPixel[0], (p[1] - request.point[1]) * mmPerPixel[1]], along);
  const [a, b] = [offset(first), offset(second)];
  // Only a click between the two ends: an endplate traced posterior first has its "ai" behind the click.
  if (a * b >= 0) return 0;
  return Math.max(-MIDDLE_PULL_MM, Math.min(MIDDLE_PULL_MM, (a + b) / 2));
}

/**
 * The ridges of one kind (endplate or wall) worth fitting: texture is weaker than the body's outline. Relative to
 * the strongest ridge of the same kind, so that a stronger edge of another structure in the window (the soft tissue
 * behind the posterior elements) does not hide a faint endplate.
 */
function strongOnly(edges: readonly Edge[]): Edge[] {
  const strongest = edges.reduce((m, e) => Math.max(m, e.strength), 0);
  return edges.filter((e) => e.strength >= RELATIVE_THRESHOLD * strongest);
}

/** Cranio-caudal and antero-posterior axes of the vertebra at the click, in mm space. */
interface BodyFrame {
  /** Unit vector toward the feet, perpendicular to the endplate. */
  caudal: Vec2;
  /** Unit vector toward the front along the endplate, or null when nothing says which side is anterior. */
  anterior: Vec2 | null;
}

/**
 * The endplate's direction: from the points placed on the same endplate (else on the other one: endplates are
 * roughly parallel), refined by the edges' dominant orientation modulo 90 degrees near it (so that a corner's two
 * edges agree, and a strong edge of another structure at another angle does not count); without placed points,
 * from the edges alone. Which axis is cranio-caudal, and its sense, from the points placed, else from the image.
 */
function bodyFrame(request: SnapRequest, edges: readonly Edge[], mmPerPixel: Vec2): BodyFrame {
  const toMm = (v: Vec2): Vec2 => [v[0] * mmPerPixel[0], v[1] * mmPerPixel[1]];
  const placed = request.placed ?? {};
  const at = (k: SnapKey): Vec2 | undefined => (k === request.key ? request.point : placed[k]);
  const known = (keys: SnapKey[]): Vec2[] => keys.map(at).filter((p): p is Vec2 => !!p);
  const between = (a: SnapKey[], b: SnapKey[]): Vec2 | null => {
    const from = known(a);
    const to = known(b);
    if (from.length === 0 || to.length === 0) return null;
    const d = toMm(sub(mean(to), mean(from)));
    return Math.hypot(d[0], d[1]) > 0 ? unit(d) : null;
  };
  const superiorKeys: SnapKey[] = ['as', 'ms', 'ps'];
  const inferiorKeys: SnapKey[] = ['ai', 'mi', 'pi'];
  const along = (keys: SnapKey[]): Vec2 | null => {
    const points = known(keys);
    return points.length >= 2 ? between([keys.find((k) => at(k))!], [[...keys].reverse().find((k) => at(k))!]) : null;
  };
  const superior = request.key.endsWith('s');
  const alongHint = superior ? (along(superiorKeys) ?? along(inferiorKeys)) : (along(inferiorKeys) ?? along(superiorKeys));
  const superiorToInferior = between(superiorKeys, inferiorKeys);
  const imageCaudal = unit(toMm(request.caudal ?? [0, 1]));
  const sense = superiorToInferior ?? imageCaudal;
  const reference = alongHint ? orient([-alongHint[1], alongHint[0]], sense) : sense;
  // Posterior to anterior along the endplates, from the corners placed (the same endplate first).
  const hintAnterior =
    between(['ps'], ['as']) ?? between(['pi'], ['ai']) ?? between(['ps', 'pi'], ['as', 'ai']) ?? (request.anterior ? unit(toMm(request.anterior)) : null);

  const referenceAngle = 4 * Math.atan2(reference[1], reference[0]);
  const nearCos = Math.cos((4 * 25 * Math.PI) / 180);
  let c4 = 0;
  let s4 = 0;
  for (const e of edges) {
    const a = 4 * Math.atan2(e.gy, e.gx);
    if (alongHint && Math.cos(a - referenceAngle) < nearCos) continue;
    c4 += e.strength * Math.cos(a);
    s4 += e.strength * Math.sin(a);
  }
  const theta = c4 === 0 && s4 === 0 ? referenceAngle / 4 : Math.atan2(s4, c4) / 4;
  const axes: Vec2[] = [
    [Math.cos(theta), Math.sin(theta)],
    [-Math.sin(theta), Math.cos(theta)],
  ];
  const caudal = orient(Math.abs(dot(axes[0]!, reference)) >= Math.abs(dot(axes[1]!, reference)) ? axes[0]! : axes[1]!, reference);
  const anterior = hintAnterior ? orient([caudal[1], -caudal[0]], hintAnterior) : null;
  return { caudal, anterior };
}

/** A corner's wall: from the wall into the body is posterior for as/ai and anterior for ps/pi; null if unknown. */
function cornerIntoBodyH(key: SnapKey, frame: BodyFrame): Vec2 | null {
  if (!frame.anterior) return null;
  return key.startsWith('a') ? neg(frame.anterior) : frame.anterior;
}

function decidePolarity(requested: 'auto' | undefined, edges: readonly Edge[], intoBody: Vec2): 1 | -1 {
  if (requested === undefined) return 1;
  let sum = 0;
  for (const e of edges) {
    const d = dot([e.gx, e.gy], intoBody);
    if (Math.abs(d) > 0.8) sum += Math.sign(d) * e.strength;
  }
  return sum >= 0 ? 1 : -1;
}

/**
 * The endplate edge under a midpoint click: the ridge pixels of the right polarity within a band across the endplate
 * through the click, or `centre` mm along the endplate from it (3 mm wide: a concave endplate is still followed where it is clicked, and a step or a rough
 * stretch of a real endplate under the click does not make the point jump between its levels), the strongest one's
 * offset along the normal (nearer ones preferred), averaged with the band's pixels on the same edge.
 */
function endplateCrossing(endplate: readonly Edge[], intoBody: Vec2, radius: number, pixelMm: number, centre = 0): Vec2 | null {
  const along: Vec2 = [intoBody[1], -intoBody[0]];
  // At least a pixel and a half wide, so that coarse pixels (1.3 mm on CT) always put one in it.
  const halfWidth = Math.max(1.5, 0.75 * pixelMm);
  const band = endplate.filter((e) => Math.abs(dot([e.x, e.y], along) - centre) <= halfWidth && Math.abs(dot([e.x, e.y], intoBody)) <= radius);
  if (band.length === 0) return null;
  // The strongest edge, nearer ones preferred: across a thin disc the neighbour's cortex may be the stronger edge.
  const score = (e: Edge) => e.strength * Math.exp(-0.5 * (dot([e.x, e.y], intoBody) / NEAR_MM) ** 2);
  const strongest = band.reduce((a, b) => (score(b) > score(a) ? b : a));
  const depth = dot([strongest.x, strongest.y], intoBody);
  // The same edge: within 1.2 mm of that depth (the cortex's inner edge has the other polarity and is not among them).
  const same = band.filter((e) => Math.abs(dot([e.x, e.y], intoBody) - depth) <= 1.2);
  const meanDepth = same.reduce((s, e) => s + dot([e.x, e.y], intoBody) * e.strength, 0) / same.reduce((s, e) => s + e.strength, 0);
  return [intoBody[0] * meanDepth + along[0] * centre, intoBody[1] * meanDepth + along[1] * centre];
}

/**
 * A corner: the endplate line and the wall line fitted to their ridge pixels, each only on the body's side of the
 * other (so that the neighbour's wall across the disc, or the posterior elements behind the wall, are never used),
 * the rounded corner itself left out, and intersected.
 */
function cornerOf(
  edges: readonly Edge[],
  endplateEdges: readonly Edge[],
  intoBodyV: Vec2,
  intoBodyH: Vec2 | null,
  polarity: 1 | -1,
  cos: number,
  pixelMm: number,
): Vec2 | null {
  const along: Vec2 = [intoBodyV[1], -intoBodyV[0]];
  // Unknown anterior side (the first click of all): the wall whose edges are strongest is the body's outer wall.
  const wallSides: Vec2[] = intoBodyH ? [intoBodyH] : [along, neg(along)];
  let best: { corner: Vec2; score: number } | null = null;
  for (const side of wallSides) {
    const wallEdges = strongOnly(edges.filter((e) => polarity * dot([e.gx, e.gy], side) >= cos));
    // Start from the click as the corner; each pass refines both lines from the corner the last one gave.
    let corner: Vec2 = [0, 0];
    let found: { corner: Vec2; weight: number } | null = null;
    for (let pass = 0; pass < 3; pass++) {
      const slack = pass === 0 ? -CORNER_EXCLUSION_MM : CORNER_EXCLUSION_MM;
      const plate = fitLine(
        endplateEdges.filter((e) => dot(sub([e.x, e.y], corner), side) >= slack),
        intoBodyV,
        pixelMm,
      );
      const wall = fitLine(
        wallEdges.filter((e) => dot(sub([e.x, e.y], corner), intoBodyV) >= slack),
        side,
        pixelMm,
      );
      const next = plate && wall ? intersect(plate, wall) : null;
      // A later pass with too few pixels past the rounded corner keeps the corner of the pass before.
      if (!next) break;
      corner = next;
      found = { corner, weight: plate!.weight + wall!.weight };
    }
    if (!found) continue;
    const score = found.weight;
    if (!best || score > best.score) best = { corner: found.corner, score };
  }
  return best?.corner ?? null;
}

interface Line {
  /** A point on the line and its unit direction. */
  point: Vec2;
  direction: Vec2;
  weight: number;
}

/**
 * The line through most of the edge strength, robust to texture and to the edges of other structures in the
 * window: a vote over the offset along the expected normal and over tilts of up to 20 degrees from it, in 4 degree
 * steps (a Hough vote, about 0.3 mm or a third of a pixel wide), picks the line; a regression of the pixels near it,
 * its tilt refined by at most a step, gives its position and direction, and a second fit keeps only the pixels close
 * to the first one. A few pixels of a coarse image (a CT's 1.3 mm pixels) do not decide a direction by themselves.
 */
function fitLine(edges: readonly Edge[], normal: Vec2, pixelMm: number): Line | null {
  if (edges.length < MIN_EDGE_PIXELS) return null;
  // A ridge's sub-pixel position is good to about a third of a pixel: on coarse pixels the bands widen with them.
  const sigma = Math.max(0.3, 0.3 * pixelMm);
  const band = Math.max(0.5, 0.5 * pixelMm);
  let best: { normal: Vec2; offset: number; vote: number } | null = null;
  for (let deg = -MAX_TILT_DEG; deg <= MAX_TILT_DEG + 1e-9; deg += TILT_STEP_DEG) {
    const r = (deg * Math.PI) / 180;
    const n: Vec2 = [normal[0] * Math.cos(r) - normal[1] * Math.sin(r), normal[0] * Math.sin(r) + normal[1] * Math.cos(r)];
    // The frame's own axis is preferred a little over a tilted one that gathers as much.
    const prior = 1 - (0.1 * Math.abs(deg)) / MAX_TILT_DEG;
    const peak = densestOffset(edges.map((e) => ({ offset: dot([e.x, e.y], n), strength: e.strength })), sigma);
    if (!best || peak.vote * prior > best.vote) best = { normal: n, offset: peak.offset, vote: peak.vote * prior };
  }
  const { normal: n, offset } = best!;
  let set = edges.filter((e) => Math.abs(dot([e.x, e.y], n) - offset) <= band);
  if (set.length < MIN_EDGE_PIXELS) return null;
  const first = tiltedLine(set, n);
  const across: Vec2 = [-first.direction[1], first.direction[0]];
  set = edges.filter((e) => Math.abs(dot(sub([e.x, e.y], first.point), across)) <= Math.max(0.35, 0.35 * pixelMm));
  return set.length >= MIN_EDGE_PIXELS ? tiltedLine(set, n) : first;
}

/** The offset with the most edge strength within about `sigma` of it (a Gaussian vote), from the offsets sorted. */
function densestOffset(items: { offset: number; strength: number }[], sigma: number): { offset: number; vote: number } {
  items.sort((a, b) => a.offset - b.offset);
  let best = { offset: 0, vote: -1 };
  let lo = 0;
  for (let i = 0; i < items.length; i++) {
    const o = items[i]!.offset;
    while (items[lo]!.offset < o - 3 * sigma) lo++;
    let vote = 0;
    for (let j = lo; j < items.length && items[j]!.offset <= o + 3 * sigma; j++) {
      const d = (items[j]!.offset - o) / sigma;
      vote += items[j]!.strength * Math.exp(-0.5 * d * d);
    }
    if (vote > best.vote) best = { offset: o, vote };
  }
  return best;
}

/** A line may tilt this much from the axis the body's frame expects (a wedged body's wall against its endplate)... */
const MAX_TILT_DEG = 20;
/** ...in steps of this much. */
const TILT_STEP_DEG = 4;

/** The weighted regression of the pixels' offset along `normal` on their position along the line, its tilt capped at a step. */
function tiltedLine(edges: readonly Edge[], normal: Vec2): Line {
  const along: Vec2 = [normal[1], -normal[0]];
  let w = 0;
  let mt = 0;
  let mo = 0;
  for (const e of edges) {
    const weight = e.strength * e.strength;
    w += weight;
    mt += weight * dot([e.x, e.y], along);
    mo += weight * dot([e.x, e.y], normal);
  }
  mt /= w;
  mo /= w;
  let stt = 0;
  let sto = 0;
  for (const e of edges) {
    const weight = e.strength * e.strength;
    const t = dot([e.x, e.y], along) - mt;
    sto += weight * t * (dot([e.x, e.y], normal) - mo);
    stt += weight * t * t;
  }
  const maxSlope = Math.tan((TILT_STEP_DEG * Math.PI) / 180);
  const slope = stt === 0 ? 0 : Math.max(-maxSlope, Math.min(maxSlope, sto / stt));
  const point: Vec2 = [mt * along[0] + mo * normal[0], mt * along[1] + mo * normal[1]];
  return { point, direction: unit([along[0] + slope * normal[0], along[1] + slope * normal[1]]), weight: edges.reduce((s, e) => s + e.strength, 0) };
}

function intersect(a: Line, b: Line): Vec2 | null {
  const det = a.direction[0] * b.direction[1] - a.direction[1] * b.direction[0];
  // Lines within about 20 degrees of parallel give no trustworthy corner.
  if (Math.abs(det) < 0.35) return null;
  const d = sub(b.point, a.point);
  const t = (d[0] * b.direction[1] - d[1] * b.direction[0]) / det;
  return [a.point[0] + t * a.direction[0], a.point[1] + t * a.direction[1]];
}

/**
 * Gradient ridge pixels (non-maximum suppression along the gradient, sub-pixel by a parabola) of the image smoothed
 * with a Gaussian of about 0.25 mm (at least a pixel) in a window of the radius plus a margin around the click.
 * Coordinates in mm relative to the click; gradients as unit vectors in mm space.
 */
function ridgePixels(image: SnapImage, click: Vec2, radiusMm: number): Edge[] {
  const [rowSp, colSp] = image.spacing;
  const sigmaX = Math.max(1, 0.25 / colSp);
  const sigmaY = Math.max(1, 0.25 / rowSp);
  const margin = 2;
  const fitMargin = Math.max(CORNER_EXCLUSION_MM, FIT_MARGIN_PIXELS * Math.max(rowSp, colSp));
  const rx = Math.ceil((radiusMm + fitMargin) / colSp) + margin;
  const ry = Math.ceil((radiusMm + fitMargin) / rowSp) + margin;
  const kx = Math.ceil(3 * sigmaX);
  const ky = Math.ceil(3 * sigmaY);
  const cx = Math.round(click[0]);
  const cy = Math.round(click[1]);
  const x0 = cx - rx - kx;
  const y0 = cy - ry - ky;
  const w = 2 * (rx + kx) + 1;
  const h = 2 * (ry + ky) + 1;
  const src = new Float64Array(w * h);
  for (let y = 0; y < h; y++) {
    const iy = Math.min(image.height - 1, Math.max(0, y0 + y));
    for (let x = 0; x < w; x++) {
      const ix = Math.min(image.width - 1, Math.max(0, x0 + x));
      src[y * w + x] = image.pixels[iy * image.width + ix] as number;
    }
  }
  const smooth = separableGaussian(src, w, h, sigmaX, sigmaY);
  const gx = new Float64Array(w * h);
  const gy = new Float64Array(w * h);
  const mag = new Float64Array(w * h);
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const dx = (smooth[i + 1]! - smooth[i - 1]!) / (2 * colSp);
      const dy = (smooth[i + w]! - smooth[i - w]!) / (2 * rowSp);
      gx[i] = dx;
      gy[i] = dy;
      mag[i] = Math.hypot(dx, dy);
    }
  }
  const at = (x: number, y: number): number => {
    const xf = Math.floor(x);
    const yf = Math.floor(y);
    const fx = x - xf;
    const fy = y - yf;
    const i = yf * w + xf;
    return (1 - fy) * ((1 - fx) * mag[i]! + fx * mag[i + 1]!) + fy * ((1 - fx) * mag[i + w]! + fx * mag[i + w + 1]!);
  };
  const lo = kx + 1;
  const candidates: Edge[] = [];
  const reach = radiusMm + fitMargin;
  for (let y = ky + 1; y < h - ky - 1; y++) {
    for (let x = lo; x < w - kx - 1; x++) {
      const i = y * w + x;
      const m = mag[i]!;
      if (m === 0) continue;
      // Step one pixel along the gradient (in pixel units of each axis).
      const ux = gx[i]! / colSp;
      const uy = gy[i]! / rowSp;
      const ul = Math.hypot(ux, uy);
      const sx = ux / ul;
      const sy = uy / ul;
      const ahead = at(x + sx, y + sy);
      const behind = at(x - sx, y - sy);
      if (!(m >= ahead && m > behind)) continue;
      const curvature = ahead - 2 * m + behind;
      const offset = curvature < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (behind - ahead)) / curvature)) : 0;
      const px = x0 + x + offset * sx;
      const py = y0 + y + offset * sy;
      const ex = (px - click[0]) * colSp;
      const ey = (py - click[1]) * rowSp;
      if (Math.hypot(ex, ey) > reach) continue;
      candidates.push({ x: ex, y: ey, gx: gx[i]! / m, gy: gy[i]! / m, strength: m });
    }
  }
  // Noise alone makes ridges too. The noise is estimated from what smoothing removed (robust to ramps and to the
  // few pixels of an edge), and carried through the smoothing and the derivative: for white noise of deviation s
  // and a Gaussian of sigma px, one derivative component has deviation s / (sigma^2 sqrt(8 pi)) per px.
  const residual = new Float64Array(src.length);
  for (let i = 0; i < src.length; i++) residual[i] = Math.abs(src[i]! - smooth[i]!);
  const noise = 1.4826 * median(residual);
  const gradientNoise = noise / (sigmaX * sigmaX * Math.sqrt(8 * Math.PI) * colSp);
  return candidates.filter((e) => e.strength > NOISE_FACTOR * gradientNoise);
}

function separableGaussian(src: Float64Array, w: number, h: number, sigmaX: number, sigmaY: number): Float64Array {
  const kernel = (sigma: number): number[] => {
    const r = Math.ceil(3 * sigma);
    const k: number[] = [];
    for (let i = -r; i <= r; i++) k.push(Math.exp((-i * i) / (2 * sigma * sigma)));
    const sum = k.reduce((a, b) => a + b, 0);
    return k.map((v) => v / sum);
  };
  const kx = kernel(sigmaX);
  const ky = kernel(sigmaY);
  const rx = (kx.length - 1) / 2;
  const ry = (ky.length - 1) / 2;
  const tmp = new Float64Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let k = -rx; k <= rx; k++) s += kx[k + rx]! * src[y * w + Math.min(w - 1, Math.max(0, x + k))]!;
      tmp[y * w + x] = s;
    }
  }
  const out = new Float64Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let k = -ry; k <= ry; k++) s += ky[k + ry]! * tmp[Math.min(h - 1, Math.max(0, y + k)) * w + x]!;
      out[y * w + x] = s;
    }
  }
  return out;
}

function median(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[sorted.length >> 1] ?? 0;
}

function dot(a: Vec2, b: Vec2): number {
  return a[0] * b[0] + a[1] * b[1];
}

function sub(a: Vec2, b: Vec2): Vec2 {
  return [a[0] - b[0], a[1] - b[1]];
}

function neg(a: Vec2): Vec2 {
  return [-a[0], -a[1]];
}

function unit(a: Vec2): Vec2 {
  const l = Math.hypot(a[0], a[1]);
  return [a[0] / l, a[1] / l];
}

function mean(points: readonly Vec2[]): Vec2 {
  return [points.reduce((s, p) => s + p[0], 0) / points.length, points.reduce((s, p) => s + p[1], 0) / points.length];
}

/** `v` or its opposite, whichever points the way of `reference`. */
function orient(v: Vec2, reference: Vec2): Vec2 {
  return dot(v, reference) >= 0 ? v : neg(v);
}
