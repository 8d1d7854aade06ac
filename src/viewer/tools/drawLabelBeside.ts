import { drawing, type Types as ToolTypes } from '@cornerstonejs/tools';
import { labelBeside, type Beside } from './labelBeside';
import type { Box } from './labelBoxes';

type TextOptions = { fontSize: string; textBoxMargin?: number } & Record<string, unknown>;

/**
 * Draws lines of text beside what they label, where labelBeside.ts puts them (on their side, broken to the room there,
 * inside the viewport), and returns the box they take. Their size is only known once drawn, so they are drawn twice.
 */
export function drawLabelBeside(svg: ToolTypes.SVGDrawingHelper, uid: string, textUid: string, lines: readonly string[], beside: Omit<Beside, 'lineHeight'>, options: TextOptions): Box | undefined {
  const measured = measureText(svg, uid, textUid, lines, options);
  if (!measured.height) return undefined;
  // Cornerstone puts lines 1.2 em apart.
  const placed = labelBeside(lines, measured, { ...beside, lineHeight: 1.2 * parseFloat(options.fontSize) });
  drawing.drawTextBox(svg, uid, textUid, placed.lines, placed.corner, options);
  return { x: placed.corner[0], y: placed.corner[1], ...placed.size };
}

/**
 * The size of lines of text as drawTextBox will draw them, background margins included. Drawn without the background:
 * Cornerstone measures the text's group, which still holds the background of the last render (a label wrapped last
 * time measured two lines high as one line, and was then refused its wrap: it flipped at every render).
 */
function measureText(svg: ToolTypes.SVGDrawingHelper, uid: string, textUid: string, lines: readonly string[], options: TextOptions): { width: number; height: number } {
  const margin = Number(options.textBoxMargin ?? 0);
  const box = drawing.drawTextBox(svg, uid, textUid, [...lines], [0, 0], { ...options, background: '' });
  return box.height ? { width: box.width + 2 * margin, height: box.height + 2 * margin } : { width: 0, height: 0 };
}
