import { drawing, type Types as ToolTypes } from '@cornerstonejs/tools';

/**
 * The size of lines of text as drawTextBox will draw them, background margins included. Drawn without the background:
 * Cornerstone measures the text's group, which still holds the background of the last render (a label wrapped last
 * time measured two lines high as one line, and was then refused its wrap: it flipped at every render).
 */
export function measureText(svg: ToolTypes.SVGDrawingHelper, uid: string, textUid: string, lines: readonly string[], options: { textBoxMargin?: number } & Record<string, unknown>): { width: number; height: number } {
  const margin = Number(options.textBoxMargin ?? 0);
  const box = drawing.drawTextBox(svg, uid, textUid, [...lines], [0, 0], { ...options, background: '' });
  return box.height ? { width: box.width + 2 * margin, height: box.height + 2 * margin } : { width: 0, height: 0 };
}
