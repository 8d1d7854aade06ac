/**
 * Cornerstone's crosshairs, answering only the left button. Cornerstone lets a passive tool take any mouse
 * button, so a right drag (zoom) or middle drag (pan) that started on a line moved that plane instead;
 * here those drags zoom and pan as they do everywhere else.
 */
import { CrosshairsTool, type Types as ToolTypes } from '@cornerstonejs/tools';
import type { Types } from '@cornerstonejs/core';

/** The button held down right now, or null; read in the capture phase, before Cornerstone's handlers. */
let pressedButton: number | null = null;
let listening = false;

function listen(): void {
  if (listening) return;
  listening = true;
  window.addEventListener('mousedown', (e) => (pressedButton = e.button), { capture: true });
  window.addEventListener('mouseup', () => (pressedButton = null), { capture: true });
}

const otherButton = () => pressedButton !== null && pressedButton !== 0;

export class PlaneCrosshairsTool extends CrosshairsTool {
  static override toolName = 'KyphoCrosshairs';

  constructor(toolProps: ToolTypes.PublicToolProps = {}) {
    super(toolProps);
    listen();
    const isPointNearTool = this.isPointNearTool;
    this.isPointNearTool = (element, annotation, canvas, proximity) => !otherButton() && isPointNearTool(element, annotation, canvas, proximity);
  }

  override getHandleNearImagePoint(element: HTMLDivElement, annotation: ToolTypes.Annotation, canvas: Types.Point2, proximity: number) {
    return otherButton() ? undefined : super.getHandleNearImagePoint(element, annotation, canvas, proximity);
  }
}
