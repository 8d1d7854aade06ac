/**
 * Two ellipses on one image: first in the vertebra judged, then in a normal reference vertebra; the reading
 * records the ratio of their mean signals (morphometry.md section 7, descriptive only). Each ellipse is drawn by
 * dragging from one corner of its box to the opposite one. The tool handles input and drawing; the means and
 * the level come from signalRatioBridge.ts, the words of the labels from the `describe` callback.
 *
 * Events: ANNOTATION_COMPLETED when the reference ellipse is released. Esc while drawing removes the pair.
 * The viewer never rotates or flips images, so an ellipse axis-aligned on the canvas is axis-aligned in the image.
 */
import { Enums, getEnabledElement, type Types } from '@cornerstonejs/core';
import {
  AnnotationTool,
  annotation as csAnnotation,
  drawing,
  Enums as ToolEnums,
  state as toolsState,
  utilities as toolsUtils,
  type Types as ToolTypes,
} from '@cornerstonejs/tools';
import { drawLabelBeside } from './drawLabelBeside';

type Annotation = ToolTypes.Annotation;
type InteractionEvent = ToolTypes.EventTypes.InteractionEventType;
type MouseMoveEvent = ToolTypes.EventTypes.MouseMoveEventType;
type Point2 = Types.Point2;
type Point3 = Types.Point3;

const { Events, ToolModes } = ToolEnums;
const { drawEllipseByCoordinates, drawTextBox } = drawing;
const { addAnnotation, removeAnnotation, getAnnotations, triggerAnnotationCompleted } = csAnnotation.state;

const ROI_COLOUR = '#39c5cf';
const REFERENCE_COLOUR = '#d2a8ff';
/** An ellipse narrower than this many screen pixels is taken as a slip of the mouse, not a region. */
const MIN_SIZE = 4;

/** What the reading says about a completed pair: a line beside each ellipse. */
export interface SignalRatioDescription {
  roi: string[];
  reference: string[];
}

export interface SignalRatioConfiguration {
  describe: (annotationUID: string) => SignalRatioDescription | null;
}

type Stage = 'roi' | 'between' | 'reference';

interface Drawing {
  annotation: Annotation;
  element: HTMLDivElement;
  stage: Stage;
}

function pointsOf(annotation: Annotation): Point3[] {
  annotation.data.handles ??= { points: [] };
  return (annotation.data.handles.points ??= []);
}

export class SignalRatioTool extends AnnotationTool {
  static override toolName = 'KyphoSignalRatio';

  private drawing: Drawing | null = null;
  private hover: { element: HTMLDivElement; canvas: Point2 } | null = null;

  constructor(toolProps: ToolTypes.PublicToolProps = {}) {
    super(toolProps, {
      supportedInteractionTypes: ['Mouse'],
      configuration: { describe: () => null } satisfies SignalRatioConfiguration,
    });
    const base = this.mouseMoveCallback;
    this.mouseMoveCallback = (evt: MouseMoveEvent, annotations?: ToolTypes.Annotations) => {
      const redraw = base(evt, annotations);
      if (this.mode !== ToolModes.Active) return redraw;
      const { element } = evt.detail;
      if (this.hover?.element !== element) element.addEventListener('mouseleave', this.onLeave, { once: true });
      this.hover = { element, canvas: evt.detail.currentPoints.canvas };
      toolsUtils.triggerAnnotationRender(element);
      return redraw;
    };
  }

  private get config(): SignalRatioConfiguration {
    return this.configuration as SignalRatioConfiguration;
  }

  /** Between the two ellipses, the next press starts the reference one (and selects nothing). */
  preMouseDownCallback(evt: InteractionEvent): boolean {
    const drawing = this.drawing;
    if (!drawing) return false;
    if (drawing.stage === 'between' && evt.detail.element === drawing.element) {
      const start = [...evt.detail.currentPoints.world] as Point3;
      pointsOf(drawing.annotation).push(start, [...start] as Point3);
      drawing.stage = 'reference';
      toolsState.isInteractingWithTool = true;
    }
    evt.preventDefault();
    return true;
  }

  addNewAnnotation(evt: InteractionEvent): Annotation {
    if (this.drawing) return this.drawing.annotation;
    const { element, currentPoints } = evt.detail;
    const start = [...currentPoints.world] as Point3;
    const annotation = this.createAnnotation(evt, []);
    annotation.data.handles = { points: [start, [...start] as Point3], activeHandleIndex: null };
    addAnnotation(annotation, element);
    this.drawing = { annotation, element, stage: 'roi' };
    toolsState.isInteractingWithTool = true;
    element.addEventListener(Events.MOUSE_DRAG, this.onDrag as EventListener);
    element.addEventListener(Events.MOUSE_UP, this.onRelease as EventListener);
    element.addEventListener(Events.MOUSE_CLICK, this.onRelease as EventListener);
    // Both ellipses belong on one image: scrolling away drops a pair half drawn.
    element.addEventListener(Enums.Events.STACK_NEW_IMAGE, this.onNewImage);
    evt.preventDefault();
    this.render(element);
    return annotation;
  }

  /** Nothing to grab: a pair is redrawn, not edited. */
  isPointNearTool(): boolean {
    return false;
  }

  override getHandleNearImagePoint(): undefined {
    return undefined;
  }

  toolSelectedCallback(): void {}

  handleSelectedCallback(): void {}

  /** Esc, or the image changed under a half-drawn pair: the pair goes. */
  cancel(element?: HTMLDivElement): string | undefined {
    const drawing = this.drawing;
    if (!drawing) return undefined;
    this.stop();
    removeAnnotation(drawing.annotation.annotationUID!);
    this.render(element ?? drawing.element);
    return drawing.annotation.annotationUID;
  }

  private stop(): void {
    const drawing = this.drawing;
    if (!drawing) return;
    toolsState.isInteractingWithTool = false;
    drawing.element.removeEventListener(Events.MOUSE_DRAG, this.onDrag as EventListener);
    drawing.element.removeEventListener(Events.MOUSE_UP, this.onRelease as EventListener);
    drawing.element.removeEventListener(Events.MOUSE_CLICK, this.onRelease as EventListener);
    drawing.element.removeEventListener(Enums.Events.STACK_NEW_IMAGE, this.onNewImage);
    this.drawing = null;
  }

  private readonly onNewImage = (): void => {
    this.cancel();
  };

  private readonly onLeave = (evt: MouseEvent): void => {
    const element = evt.currentTarget as HTMLDivElement;
    if (this.hover?.element !== element) return;
    this.hover = null;
    this.render(element);
  };

  private readonly onDrag = (evt: InteractionEvent): void => {
    const drawing = this.drawing;
    if (!drawing || drawing.stage === 'between') return;
    const points = pointsOf(drawing.annotation);
    points[points.length - 1] = [...evt.detail.currentPoints.world] as Point3;
    this.hover = { element: evt.detail.element, canvas: evt.detail.currentPoints.canvas };
    drawing.annotation.invalidated = true;
    this.render(drawing.element);
  };

  private readonly onRelease = (evt: InteractionEvent): void => {
    const drawing = this.drawing;
    const primary = (evt.detail as { mouseButton?: number }).mouseButton === ToolEnums.MouseBindings.Primary;
    if (!drawing || drawing.stage === 'between' || !primary) return;
    const points = pointsOf(drawing.annotation);
    points[points.length - 1] = [...evt.detail.currentPoints.world] as Point3;
    toolsState.isInteractingWithTool = false;
    const { viewport } = getEnabledElement(drawing.element)!;
    const [a, b] = points.slice(-2).map((p) => viewport.worldToCanvas(p)) as [Point2, Point2];
    const tooSmall = Math.abs(a[0] - b[0]) < MIN_SIZE || Math.abs(a[1] - b[1]) < MIN_SIZE;
    if (drawing.stage === 'roi') {
      if (tooSmall) {
        this.cancel();
        return;
      }
      drawing.stage = 'between';
    } else if (tooSmall) {
      points.splice(-2, 2);
      drawing.stage = 'between';
    } else {
      const { annotation } = drawing;
      this.stop();
      triggerAnnotationCompleted(annotation);
    }
    this.render(drawing.element);
  };

  private render(element: HTMLDivElement): void {
    toolsUtils.triggerAnnotationRender(element);
  }

  renderAnnotation(enabledElement: Types.IEnabledElement, svg: ToolTypes.SVGDrawingHelper): boolean {
    const { viewport } = enabledElement;
    const { element } = viewport;
    const annotations = this.filterInteractableAnnotationsForElement(element, getAnnotations(this.getToolName(), element) ?? []) ?? [];
    let drawn = false;
    for (const annotation of annotations) {
      const uid = annotation.annotationUID!;
      if (!csAnnotation.visibility.isAnnotationVisible(uid)) continue;
      const canvas = pointsOf(annotation).map((p) => viewport.worldToCanvas(p));
      const description = this.drawing?.annotation === annotation ? null : this.config.describe(uid);
      const ellipses: [Point2 | undefined, Point2 | undefined, string, string, string[] | undefined][] = [
        [canvas[0], canvas[1], 'roi', ROI_COLOUR, description?.roi],
        [canvas[2], canvas[3], 'reference', REFERENCE_COLOUR, description?.reference],
      ];
      for (const [a, b, name, colour, lines] of ellipses) {
        if (!a || !b) continue;
        const [left, right] = [Math.min(a[0], b[0]), Math.max(a[0], b[0])];
        const [top, bottom] = [Math.min(a[1], b[1]), Math.max(a[1], b[1])];
        const cx = (left + right) / 2;
        const cy = (top + bottom) / 2;
        drawEllipseByCoordinates(svg, uid, name, [[cx, bottom], [cx, top], [left, cy], [right, cy]], { color: colour, lineWidth: 2 }, `signal-${name}`);
        if (lines?.length) drawBeside(svg, uid, `${name}-label`, lines, [left - 6, right + 6], cy, colour, element);
      }
      drawn = true;
    }
    if (this.mode === ToolModes.Active && this.hover?.element === element) this.drawHint(svg);
    return drawn;
  }

  private drawHint(svg: ToolTypes.SVGDrawingHelper): void {
    const stage = this.drawing?.stage ?? 'roi';
    const text =
      stage === 'roi' || this.drawing === null
        ? 'Signal ratio: drag an ellipse in the vertebra'
        : 'Now drag one in a normal reference vertebra';
    const [x, y] = this.hover!.canvas;
    drawTextBox(svg, 'kypho-signal-hint', 'hint', [text], [x + 16, y + 12], {
      color: '#ffffff',
      padding: 0,
      fontSize: '12px',
      background: 'rgba(31, 111, 235, 0.9)',
      textBoxMargin: 3,
    });
  }
}

/**
 * Text beside an ellipse, vertically centred on `y`: left of it (ending at `edges[0]`), on the anterior side of a
 * sagittal spine where the vertebra's own label and the edema marker are not, unless there is more room on the
 * right; broken to the room there and kept inside the viewport (drawLabelBeside.ts).
 */
function drawBeside(svg: ToolTypes.SVGDrawingHelper, uid: string, textUid: string, lines: string[], edges: readonly [number, number], y: number, colour: string, within: HTMLElement): void {
  const options = { color: colour, padding: 0, fontSize: '12px', background: 'rgba(13, 17, 23, 0.8)', textBoxMargin: 2 };
  const roomLeft = edges[0];
  const roomRight = within.clientWidth - edges[1];
  const side = (width: number) => (roomLeft >= width + 4 || roomLeft > roomRight ? 'left' : 'right');
  drawLabelBeside(svg, uid, textUid, lines, { side, edges, centreY: y, within }, options);
}
