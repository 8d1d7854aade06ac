/**
 * The loupe (issue 17): while a vertebra point is placed or dragged, a small inset beside the cursor shows the image
 * around it four times larger than on screen. On a stack image it is drawn from the stored pixels (full image
 * resolution, in the viewport's window and inversion), on a reformat from the rendered canvas (the renderer's
 * resampling is all there is). A canvas the loupe draws itself: nothing from the data becomes HTML.
 *
 * The setting (on by default, `L`) is in loupeSetting.ts, like Snap's.
 */
import { Enums, getEnabledElement, type Types } from '@cornerstonejs/core';
import { imagePointFromWorld } from './imagePlane';
import { loupeEnabled, onLoupeChange } from './loupeSetting';
import { imagePlaneOf } from './morphometryBridge';

/** Loupe size in CSS pixels, and its magnification over the screen's. */
export const LOUPE_SIZE = 168;
export const LOUPE_MAGNIFICATION = 4;
/** Gap between the cursor and the loupe's near corner. */
const GAP = 28;

export { loupeEnabled, onLoupeChange, setLoupeEnabled } from './loupeSetting';
// Turned off while shown: it goes at once.
onLoupeChange((on) => {
  if (!on) hideLoupe();
});

let loupe: HTMLCanvasElement | null = null;

/** Hides the loupe (the point is placed, the drag ended, the cursor left). */
export function hideLoupe(): void {
  if (loupe) loupe.hidden = true;
}

/** Shows the loupe for the cursor at `canvasPoint` (CSS pixels in the viewport's element). */
export function showLoupe(element: HTMLDivElement, canvasPoint: readonly [number, number]): void {
  if (!loupeEnabled()) return;
  const viewport = getEnabledElement(element)?.viewport;
  if (!viewport) return;
  const canvas = placeLoupe(element, canvasPoint);
  const context = canvas.getContext('2d');
  if (!context) return;
  const drawn = viewport.type === Enums.ViewportType.STACK && drawFromPixels(viewport as Types.IStackViewport, context, canvasPoint);
  if (!drawn) drawFromCanvas(viewport, context, canvasPoint);
  drawCrosshair(context);
}

/** The loupe's canvas, inside the viewport's element, beside the cursor and within the element. */
function placeLoupe(element: HTMLDivElement, [x, y]: readonly [number, number]): HTMLCanvasElement {
  if (!loupe || loupe.parentElement !== element) {
    loupe?.remove();
    loupe = document.createElement('canvas');
    loupe.className = 'kypho-loupe';
    loupe.width = LOUPE_SIZE;
    loupe.height = LOUPE_SIZE;
    loupe.setAttribute('aria-hidden', 'true');
    loupe.dataset.testid = 'loupe';
    element.appendChild(loupe);
  }
  // Above and to the right of the cursor (the tool's hint is below it), else mirrored to stay inside.
  const right = x + GAP + LOUPE_SIZE <= element.clientWidth;
  const above = y - GAP - LOUPE_SIZE >= 0;
  loupe.style.left = `${right ? x + GAP : Math.max(0, x - GAP - LOUPE_SIZE)}px`;
  loupe.style.top = `${above ? y - GAP - LOUPE_SIZE : Math.min(element.clientHeight - LOUPE_SIZE, y + GAP)}px`;
  loupe.hidden = false;
  return loupe;
}

/**
 * The stored pixels around the cursor, sampled bilinearly at the loupe's scale, through the viewport's window
 * (VOI range, linear) and inversion. False when the image cannot be read so (colour, not loaded).
 */
function drawFromPixels(viewport: Types.IStackViewport, context: CanvasRenderingContext2D, [cx, cy]: readonly [number, number]): boolean {
  const image = viewport.getCornerstoneImage?.();
  const imageId = viewport.getCurrentImageId?.();
  const plane = imageId ? imagePlaneOf(imageId) : null;
  const { voiRange, invert } = viewport.getProperties();
  if (!image || !plane || image.color || !voiRange) return false;
  const pixels = image.getPixelData();
  const { columns, rows } = image;
  // Stored values become modality values unless Cornerstone scaled them on load.
  const scaled = (image as { preScale?: { scaled?: boolean } }).preScale?.scaled === true;
  const slope = scaled ? 1 : (image.slope ?? 1);
  const intercept = scaled ? 0 : (image.intercept ?? 0);
  const at = (x: number, y: number) => imagePointFromWorld(plane, viewport.canvasToWorld([x, y]));
  // The image point under the cursor, and how it moves per loupe pixel.
  const step = 1 / LOUPE_MAGNIFICATION;
  const centre = at(cx, cy);
  const right = at(cx + 1, cy);
  const down = at(cx, cy + 1);
  const dx = [(right[0] - centre[0]) * step, (right[1] - centre[1]) * step];
  const dy = [(down[0] - centre[0]) * step, (down[1] - centre[1]) * step];
  const half = LOUPE_SIZE / 2;
  const width = Math.max(1e-9, voiRange.upper - voiRange.lower);
  const out = context.createImageData(LOUPE_SIZE, LOUPE_SIZE);
  for (let ly = 0; ly < LOUPE_SIZE; ly++) {
    for (let lx = 0; lx < LOUPE_SIZE; lx++) {
      // Pixel centres: image point (column, row) with pixel (i, j) centred on integer coordinates.
      const u = centre[0] + (lx + 0.5 - half) * dx[0]! + (ly + 0.5 - half) * dy[0]!;
      const v = centre[1] + (lx + 0.5 - half) * dx[1]! + (ly + 0.5 - half) * dy[1]!;
      let grey = 0;
      if (u >= 0 && v >= 0 && u <= columns - 1 && v <= rows - 1) {
        const x0 = Math.floor(u);
        const y0 = Math.floor(v);
        const x1 = Math.min(columns - 1, x0 + 1);
        const y1 = Math.min(rows - 1, y0 + 1);
        const fx = u - x0;
        const fy = v - y0;
        const p = (x: number, y: number) => pixels[y * columns + x] as number;
        const stored = (1 - fy) * ((1 - fx) * p(x0, y0) + fx * p(x1, y0)) + fy * ((1 - fx) * p(x0, y1) + fx * p(x1, y1));
        const value = stored * slope + intercept;
        grey = Math.max(0, Math.min(255, ((value - voiRange.lower) / width) * 255));
        if (invert) grey = 255 - grey;
      }
      const i = (ly * LOUPE_SIZE + lx) * 4;
      out.data[i] = grey;
      out.data[i + 1] = grey;
      out.data[i + 2] = grey;
      out.data[i + 3] = 255;
    }
  }
  context.putImageData(out, 0, 0);
  return true;
}

/** A reformat (or colour image): the rendered canvas around the cursor, enlarged. */
function drawFromCanvas(viewport: { getCanvas(): HTMLCanvasElement }, context: CanvasRenderingContext2D, [cx, cy]: readonly [number, number]): void {
  const source = viewport.getCanvas();
  const ratio = source.width / Math.max(1, source.clientWidth || source.width);
  const span = LOUPE_SIZE / LOUPE_MAGNIFICATION;
  context.imageSmoothingEnabled = true;
  context.fillStyle = '#000';
  context.fillRect(0, 0, LOUPE_SIZE, LOUPE_SIZE);
  context.drawImage(source, (cx - span / 2) * ratio, (cy - span / 2) * ratio, span * ratio, span * ratio, 0, 0, LOUPE_SIZE, LOUPE_SIZE);
}

function drawCrosshair(context: CanvasRenderingContext2D): void {
  const c = LOUPE_SIZE / 2;
  context.strokeStyle = 'rgba(88, 166, 255, 0.9)';
  context.lineWidth = 1;
  context.beginPath();
  for (const [x0, y0, x1, y1] of [
    [c - 14, c, c - 4, c],
    [c + 4, c, c + 14, c],
    [c, c - 14, c, c - 4],
    [c, c + 4, c, c + 14],
  ] as const) {
    context.moveTo(x0 + 0.5, y0 + 0.5);
    context.lineTo(x1 + 0.5, y1 + 0.5);
  }
  context.stroke();
  context.strokeStyle = 'rgba(255, 255, 255, 0.6)';
  context.strokeRect(0.5, 0.5, LOUPE_SIZE - 1, LOUPE_SIZE - 1);
}
