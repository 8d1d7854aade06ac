/**
 * Key images for the printable report: each image a vertebra was measured on, rendered by Cornerstone at
 * its own aspect, with the six points, the three heights and the label of every vertebra on it drawn over it.
 * Independent of what the viewports show (zoom, pan, the slice on screen).
 */
import { getShouldUseCPURendering, utilities } from '@cornerstonejs/core';
import { POINT_KEYS, type SixPoints } from '../morphometry';

export interface KeyImageVertebra {
  points: SixPoints;
  label: string;
  colour: string;
}

/** A PNG data URL of the image with its vertebrae drawn, `height` pixels tall. */
export async function renderKeyImage(
  imageId: string,
  size: { columns: number; rows: number },
  vertebrae: readonly KeyImageVertebra[],
  height = 900,
): Promise<string> {
  const canvas = document.createElement('canvas');
  canvas.height = height;
  canvas.width = Math.round((height * size.columns) / size.rows);
  await utilities.loadImageToCanvas({ canvas, imageId, imageAspect: true, useCPURendering: getShouldUseCPURendering() });
  // Cornerstone's canvas may be WebGL: copy it into a 2-D canvas to draw on.
  const out = document.createElement('canvas');
  out.width = canvas.width;
  out.height = canvas.height;
  const ctx = out.getContext('2d') as CanvasRenderingContext2D;
  ctx.drawImage(canvas, 0, 0);
  // Image point [column, row] is the centre of that pixel (morphometry.md section 2).
  const sx = out.width / size.columns;
  const sy = out.height / size.rows;
  const at = (p: readonly number[]): [number, number] => [((p[0] as number) + 0.5) * sx, ((p[1] as number) + 0.5) * sy];
  const line = Math.max(1.5, out.height / 500);
  ctx.font = `${Math.round(Math.max(12, out.height / 55))}px system-ui, sans-serif`;
  ctx.textBaseline = 'middle';
  for (const v of vertebrae) {
    ctx.strokeStyle = v.colour;
    ctx.fillStyle = v.colour;
    ctx.lineWidth = line;
    ctx.beginPath();
    for (const [a, b] of [['as', 'ms'], ['ms', 'ps'], ['ai', 'mi'], ['mi', 'pi']] as const) {
      ctx.moveTo(...at(v.points[a]));
      ctx.lineTo(...at(v.points[b]));
    }
    ctx.stroke();
    ctx.setLineDash([line * 3, line * 2]);
    ctx.beginPath();
    for (const [a, b] of [['as', 'ai'], ['ms', 'mi'], ['ps', 'pi']] as const) {
      ctx.moveTo(...at(v.points[a]));
      ctx.lineTo(...at(v.points[b]));
    }
    ctx.stroke();
    ctx.setLineDash([]);
    for (const key of POINT_KEYS) {
      ctx.beginPath();
      ctx.arc(...at(v.points[key]), line * 1.6, 0, Math.PI * 2);
      ctx.fill();
    }
    // The label goes beside the posterior wall, where it covers no vertebral body.
    const [x, y] = at([Math.max(v.points.ps[0] as number, v.points.pi[0] as number), ((v.points.ps[1] as number) + (v.points.pi[1] as number)) / 2]);
    ctx.lineWidth = 3;
    ctx.strokeStyle = '#000';
    ctx.strokeText(v.label, x + line * 8, y);
    ctx.fillText(v.label, x + line * 8, y);
  }
  return out.toDataURL('image/png');
}
