/**
 * Six points per vertebral body, clicked in the order of morphometry.md section 2, drawn with both endplates,
 * the three heights and a label. The tool only handles input and drawing: what the label says (and its grade
 * colour) comes from the `describe` callback, so geometry and grading stay in morphometry/ and reading/.
 *
 * Events for the rest of the viewer (see morphometryBridge.ts):
 * - ANNOTATION_COMPLETED when the sixth point is placed;
 * - ANNOTATION_MODIFIED with HandlesUpdated while a handle is dragged, and Completed when it is dropped
 *   (or put back by Esc).
 * Esc while placing removes the vertebra in progress (ANNOTATION_REMOVED).
 */
import { getEnabledElement, type Types } from '@cornerstonejs/core';
import {
  AnnotationTool,
  annotation as csAnnotation,
  cursors,
  drawing,
  Enums as ToolEnums,
  state as toolsState,
  utilities as toolsUtils,
  type Types as ToolTypes,
} from '@cornerstonejs/tools';
import { POINT_KEYS, type PointKey } from '../../morphometry';
import { HandleDrag, Placement, pointHint, POINTS_PER_VERTEBRA } from './placement';
import { drawLabelBeside } from './drawLabelBeside';
import { setLabelBoxes, type Box } from './labelBoxes';

type Annotation = ToolTypes.Annotation;
type InteractionEvent = ToolTypes.EventTypes.InteractionEventType;
type MouseMoveEvent = ToolTypes.EventTypes.MouseMoveEventType;
type SvgHelper = ToolTypes.SVGDrawingHelper;
type Point2 = Types.Point2;
type Point3 = Types.Point3;

const { Events, ChangeTypes, ToolModes } = ToolEnums;
const { drawCircle, drawHandles, drawLine, drawPolyline } = drawing;
const { triggerAnnotationCompleted, triggerAnnotationModified, addAnnotation, removeAnnotation, getAnnotations } = csAnnotation.state;

const PLACING_COLOUR = '#58a6ff';
/** Cornerstone's own limit between a click and a drag (DOUBLE_CLICK_DRAG_TOLERANCE), in screen pixels. */
const CLICK_TOLERANCE_PX = 3;
/** Cornerstone holds a press 400 ms for a possible double click; a loaded machine may add to it. */
const LATE_COPY_MS = 2000;

function isLateCopy(late: { client: readonly [number, number]; until: number }, client: readonly number[]): boolean {
  return performance.now() <= late.until && Math.abs(client[0]! - late.client[0]) + Math.abs(client[1]! - late.client[1]) <= CLICK_TOLERANCE_PX;
}
/** Cornerstone's reach of a handle for the mouse (MOUSE_PROXIMITY), in screen pixels. */
const HANDLE_PROXIMITY_PX = 6;
/**
 * The last release of the primary button on the page. Cornerstone hands a press over 400 ms late when it was a
 * click (it waits for a double click), so by then this says whether the press was released without moving.
 */
let lastPrimaryRelease: { time: number; client: readonly [number, number] } | null = null;
let watchingReleases = false;
function watchReleases(): void {
  if (watchingReleases) return;
  watchingReleases = true;
  const onRelease = (evt: MouseEvent) => {
    if (evt.button === 0) lastPrimaryRelease = { time: evt.timeStamp, client: [evt.clientX, evt.clientY] };
  };
  document.addEventListener('mouseup', onRelease, { capture: true });
}

/** When each viewport last went to another image or slice (the page's clock): a press from before was meant for that one. */
const imageChangedAt = new WeakMap<HTMLElement, number>();
/** The viewport shows another image or slice from now on (the bridge calls this on every such change). */
export function noteImageChange(element: HTMLElement): void {
  imageChangedAt.set(element, performance.now());
}

/** Where a snapped point was clicked. */
const SNAP_COLOUR = '#f2cc60';
/** Pixels between the cursor and the hint that names the next point. */
const HINT_OFFSET: Point2 = [16, 18];

/** What the reading says about a placed vertebra: its label, lines of notes under it, and the colour of its grade. */
export interface VertebraDescription {
  label: string;
  notes?: readonly string[];
  colour: string;
}

export interface VertebralMorphometryConfiguration {
  /** Label and colour of a completed vertebra, or null while the reading does not (yet) hold it. */
  describe: (annotationUID: string) => VertebraDescription | null;
  /** The level the next vertebra will be, named in the cursor hint. */
  nextLevel: () => string;
  /**
   * Where a point clicked at `world` snaps to on the image's edges (issue 17), given the points of the vertebra
   * placed before it; null when it stays where it was clicked (Snap off, no edge near, or not snappable here).
   */
  snap?: (element: HTMLDivElement, world: Point3, key: PointKey, placed: readonly Point3[]) => Point3 | null;
  /** World vectors of one image pixel to the right and one down on the image a viewport shows (keyboard nudges). */
  pixelStep?: (element: HTMLDivElement) => { right: Point3; down: Point3 } | null;
  /**
   * The next vertebra proposed on this viewport (issue 17), given the vertebrae it shows; null when there is none
   * to propose. Called on every render: it must be cheap when nothing changed (`key` says what it was made from).
   */
  propose?: (element: HTMLDivElement, shown: readonly Annotation[]) => VertebraProposal | null;
  /** The loupe shown at this cursor position while a point is placed or dragged, or hidden (null). */
  loupe?: (element: HTMLDivElement, canvas: Point2 | null) => void;
}

/** Six points proposed for a level, shown dashed until the reader accepts (Enter) or dismisses (Esc) them. */
export interface VertebraProposal {
  /** What the proposal was made from: a new key is a new proposal (and undoes a dismissal). */
  key: string;
  level: string;
  points: Point3[];
}

/** A proposal as shown on one viewport: its points may have been dragged by the reader. */
interface ShownProposal extends VertebraProposal {
  element: HTMLDivElement;
}

const PROPOSAL_COLOUR = '#d2a8ff';
/** Screen pixels from a proposed point within which a press grabs it. */
const PROPOSAL_GRAB_PX = 8;

/** The points of an annotation of this tool (its handles always exist: createAnnotation makes them). */
function pointsOf(annotation: Annotation): Point3[] {
  annotation.data.handles ??= { points: [] };
  return (annotation.data.handles.points ??= []);
}

/** What drawing needs of a viewport. */
interface CanvasView {
  element: HTMLDivElement;
  worldToCanvas(world: Point3): Point2;
}

/** Pairs of point indices drawn as lines, once both ends exist: the endplates, then the three heights. */
export const SEGMENTS: readonly (readonly [number, number, 'endplate' | 'height'])[] = [
  [0, 1, 'endplate'],
  [1, 2, 'endplate'],
  [3, 4, 'endplate'],
  [4, 5, 'endplate'],
  [0, 3, 'height'],
  [1, 4, 'height'],
  [2, 5, 'height'],
];

interface Placing {
  annotation: Annotation;
  element: HTMLDivElement;
  /** Its points array is the annotation's handles: one list, no copying. */
  rules: Placement<Point3>;
}

interface Dragging {
  annotation: Annotation;
  element: HTMLDivElement;
  rules: HandleDrag<Point3>;
}

export class VertebralMorphometryTool extends AnnotationTool {
  static override toolName = 'KyphoVertebralMorphometry';

  /** Where a vertebra's label goes: beside its anterior edge (away from the posterior elements), or its posterior one. */
  protected labelSide: 'anterior' | 'posterior' = 'anterior';
  private placing: Placing | null = null;
  private dragging: Dragging | null = null;
  private hover: { element: HTMLDivElement; canvas: Point2 } | null = null;
  /** The handle last grabbed, which the arrow keys move while its vertebra stays selected. */
  private selectedHandle: { annotation: Annotation; element: HTMLDivElement; index: number } | null = null;
  /** The next vertebra proposed, per viewport, and the proposal keys the reader dismissed with Esc. */
  private proposals = new Map<HTMLDivElement, ShownProposal>();
  private dismissed = new Set<string>();
  private accepted: string | null = null;
  /** A proposed point being dragged. */
  private proposalDrag: { proposal: ShownProposal; index: number; press: { world: Point3; canvas: Point2 }; moved: boolean } | null = null;

  constructor(toolProps: ToolTypes.PublicToolProps = {}) {
    super(toolProps, {
      supportedInteractionTypes: ['Mouse'],
      configuration: {
        describe: () => null,
        nextLevel: () => '',
      } satisfies VertebralMorphometryConfiguration,
    });
    watchReleases();
    const highlight = this.mouseMoveCallback;
    this.mouseMoveCallback = (evt: MouseMoveEvent, annotations?: ToolTypes.Annotations) => {
      const redraw = highlight(evt, annotations);
      if (this.mode !== ToolModes.Active) return redraw;
      const { element } = evt.detail;
      if (this.hover?.element !== element) element.addEventListener('mouseleave', this.onLeave, { once: true });
      this.hover = { element, canvas: evt.detail.currentPoints.canvas };
      if (this.placing?.element === element) this.config.loupe?.(element, evt.detail.currentPoints.canvas);
      // The hint follows the cursor even over an image without vertebrae.
      toolsUtils.triggerAnnotationRender(evt.detail.element);
      return redraw;
    };
  }

  private get config(): VertebralMorphometryConfiguration {
    return this.configuration as VertebralMorphometryConfiguration;
  }

  /** True while a vertebra is half placed: Esc cancels it, other shortcuts wait. */
  isPlacing(): boolean {
    return this.placing !== null;
  }

  /**
   * Whether the vertebra being placed lost its image when this viewport changed: it is placed here, and the viewport
   * shows another image (or, on a reformat, another slice). Another viewport's change (the second viewport of a layout
   * getting its series), or this one showing the same image again (the layout changed around it), loses nothing.
   */
  placementLost(element: HTMLDivElement): boolean {
    if (!this.placing || this.placing.element !== element) return false;
    const viewport = getEnabledElement(element)?.viewport;
    const placedOn = this.placing.annotation.metadata?.referencedImageId;
    if (!viewport || !placedOn || !('getCurrentImageId' in viewport)) return true;
    return (viewport as Types.IStackViewport).getCurrentImageId() !== placedOn;
  }

  /** How many points of the vertebra being placed are placed (0 when none is). */
  placedPoints(): number {
    return this.placing?.rules.points.length ?? 0;
  }

  /** While a vertebra is half placed, a primary press only marks where the next point goes (on release). */
  preMouseDownCallback(evt: InteractionEvent): boolean {
    const late = this.swallowPress;
    this.swallowPress = null;
    // Cornerstone hands a click over 400 ms late (it waits for a double click): one the reader made before scrolling
    // away was meant for the image that is gone, and must not start a vertebra on the one scrolled to.
    const press = (evt.detail as { event?: Event }).event;
    if (press && press.timeStamp < (imageChangedAt.get(evt.detail.element) ?? -Infinity)) {
      evt.preventDefault();
      return true;
    }
    if (late && isLateCopy(late, evt.detail.currentPoints.client)) {
      // The press of a sixth point committed at once (onNativeRelease): Cornerstone hands it over only now.
      evt.preventDefault();
      return true;
    }
    if (this.placing) {
      // Consumed: no handle is grabbed and no second vertebra is started.
      evt.preventDefault();
      return true;
    }
    if (this.grabProposedPoint(evt)) return true;
    // A click on a handle of a drawn vertebra (across a narrow disc, or a level measured again over its drawing)
    // places the first point of a new one: Cornerstone would grab that handle, the click would place nothing, and
    // every later click would be one point off. A drag still moves the handle it starts on, a click on a line still
    // selects its vertebra, and a click on a handle of the selected vertebra grabs it for the arrow keys.
    if (!this.wasClick(evt) || !this.onHandle(evt, false) || this.onHandle(evt, true)) return false;
    const annotation = this.addNewAnnotation(evt);
    csAnnotation.selection.setAnnotationSelected(annotation.annotationUID!);
    return true;
  }

  /** True when the press Cornerstone hands over was released already, without moving: a click, not a drag or a hold. */
  private wasClick(evt: InteractionEvent): boolean {
    const press = (evt.detail as { event?: Event }).event;
    const release = lastPrimaryRelease;
    if (!(press instanceof MouseEvent) || !release || release.time < press.timeStamp) return false;
    return Math.abs(release.client[0] - press.clientX) + Math.abs(release.client[1] - press.clientY) <= CLICK_TOLERANCE_PX;
  }

  /** True when the press is on a handle (within Cornerstone's reach) of a vertebra shown here, selected or not. */
  private onHandle(evt: InteractionEvent, selected: boolean): boolean {
    const { element, currentPoints } = evt.detail;
    const shown = this.filterInteractableAnnotationsForElement(element, getAnnotations(this.getToolName(), element) ?? []) ?? [];
    return shown.some(
      (a) =>
        csAnnotation.selection.isAnnotationSelected(a.annotationUID!) === selected &&
        !!this.getHandleNearImagePoint(element, a, currentPoints.canvas, HANDLE_PROXIMITY_PX),
    );
  }

  /** A press on a proposed point drags that point (the proposal is corrected before it is accepted). */
  private grabProposedPoint(evt: InteractionEvent): boolean {
    const { element, currentPoints } = evt.detail;
    const proposal = this.proposals.get(element);
    if (!proposal || this.dragging) return false;
    const { viewport } = getEnabledElement(element)!;
    let best = -1;
    let bestDistance = PROPOSAL_GRAB_PX;
    proposal.points.forEach((p, i) => {
      const [x, y] = viewport.worldToCanvas(p);
      const d = Math.hypot(x - currentPoints.canvas[0], y - currentPoints.canvas[1]);
      if (d <= bestDistance) {
        bestDistance = d;
        best = i;
      }
    });
    if (best < 0) return false;
    this.proposalDrag = { proposal, index: best, press: { world: [...currentPoints.world] as Point3, canvas: currentPoints.canvas }, moved: false };
    toolsState.isInteractingWithTool = true;
    element.addEventListener(Events.MOUSE_DRAG, this.onProposalMove as EventListener);
    element.addEventListener(Events.MOUSE_UP, this.onProposalRelease as EventListener);
    element.addEventListener(Events.MOUSE_CLICK, this.onProposalRelease as EventListener);
    evt.preventDefault();
    return true;
  }

  private readonly onProposalMove = (evt: InteractionEvent): void => {
    const drag = this.proposalDrag;
    if (!drag) return;
    drag.proposal.points[drag.index] = [...evt.detail.currentPoints.world] as Point3;
    drag.moved = true;
    this.hover = { element: evt.detail.element, canvas: evt.detail.currentPoints.canvas };
    this.config.loupe?.(evt.detail.element, evt.detail.currentPoints.canvas);
    this.render(evt.detail.element);
  };

  private readonly onProposalRelease = (evt: InteractionEvent): void => {
    const element = evt.detail.element;
    const drag = this.proposalDrag;
    this.proposalDrag = null;
    toolsState.isInteractingWithTool = false;
    element.removeEventListener(Events.MOUSE_DRAG, this.onProposalMove as EventListener);
    element.removeEventListener(Events.MOUSE_UP, this.onProposalRelease as EventListener);
    element.removeEventListener(Events.MOUSE_CLICK, this.onProposalRelease as EventListener);
    this.config.loupe?.(element, null);
    // A click that did not move is the first point of a vertebra placed by hand, as anywhere else on the image.
    if (drag && !drag.moved) this.startPlacingAt(element, drag.press);
    this.render(element);
  };

  private startPlacingAt(element: HTMLDivElement, press: { world: Point3; canvas: Point2 }): void {
    const fake = { detail: { element, currentPoints: { world: press.world, canvas: press.canvas } }, preventDefault: () => {} };
    this.addNewAnnotation(fake as unknown as InteractionEvent);
    // Its press is over already: the release that placement waits for has come.
    this.placing?.rules.release(press.world, true);
  }

  /** The proposal shown on a viewport (its points as the reader may have dragged them), or null. */
  proposalOn(element: HTMLDivElement): VertebraProposal | null {
    const proposal = this.proposals.get(element);
    return proposal ? { key: proposal.key, level: proposal.level, points: proposal.points.map((p) => [...p] as Point3) } : null;
  }

  private proposalToAccept(): ShownProposal | null {
    const hovered = this.hover ? this.proposals.get(this.hover.element) : undefined;
    return hovered ?? (this.proposals.size === 1 ? [...this.proposals.values()][0]! : null);
  }

  /**
   * Enter: the proposed vertebra is placed as if its six points had been clicked (one edit, which undo takes
   * back). False when nothing is proposed.
   */
  acceptProposal(): boolean {
    const proposal = this.proposalToAccept();
    if (!proposal || this.placing || this.dragging || this.proposalDrag) return false;
    const { element, points } = proposal;
    const fake = { detail: { element, currentPoints: { world: points[0] } } } as unknown as InteractionEvent;
    const annotation = this.createAnnotation(fake, []);
    if (annotation.metadata && 'volumeId' in annotation.metadata) delete annotation.metadata.planeRestriction;
    annotation.data.handles = { points: points.map((p) => [...p] as Point3), activeHandleIndex: null };
    addAnnotation(annotation, element);
    this.proposals.delete(element);
    // Not proposed again while the reading takes it in.
    this.accepted = proposal.key;
    triggerAnnotationCompleted(annotation);
    this.render(element);
    return true;
  }

  addNewAnnotation(evt: InteractionEvent): Annotation {
    if (this.placing) return this.placing.annotation;
    const { element, currentPoints } = evt.detail;
    const rules = new Placement<Point3>([...currentPoints.world] as Point3);
    const annotation = this.createAnnotation(evt, []);
    // On a reformat (volume viewport) Cornerstone restricts an annotation to the plane of its first point only,
    // which every view through that point shares: the vertebra would show, and could be dragged, on the axial
    // and coronal views too. Without it, the vertebra shows only where its own plane (viewPlaneNormal) is viewed.
    if (annotation.metadata && 'volumeId' in annotation.metadata) delete annotation.metadata.planeRestriction;
    // Only the six points are handles; a movable text box would add a seventh that means nothing here.
    annotation.data.handles = { points: rules.points, activeHandleIndex: null };
    addAnnotation(annotation, element);
    this.placing = { annotation, element, rules };
    this.snapLast(this.placing);
    this.hover = { element, canvas: currentPoints.canvas };
    this.listen(element, 'placing');
    evt.preventDefault();
    this.render(element);
    return annotation;
  }

  isPointNearTool(element: HTMLDivElement, annotation: Annotation, canvas: Point2, proximity: number): boolean {
    const points = pointsOf(annotation);
    if (points.length < POINTS_PER_VERTEBRA) return false;
    const { viewport } = getEnabledElement(element)!;
    const c = points.map((p) => viewport.worldToCanvas(p));
    return SEGMENTS.some(([a, b]) => toolsUtils.math.lineSegment.distanceToPoint(c[a]!, c[b]!, canvas) <= proximity);
  }

  /** A click on a line selects the vertebra (Cornerstone marks it selected before calling this); nothing moves. */
  toolSelectedCallback(evt: InteractionEvent, annotation: Annotation): void {
    annotation.highlighted = true;
    evt.preventDefault();
    this.render(evt.detail.element);
  }

  handleSelectedCallback(evt: InteractionEvent, annotation: Annotation, handle: ToolTypes.ToolHandle): void {
    const points = pointsOf(annotation);
    const handleIndex = points.findIndex((p) => p === handle);
    if (handleIndex < 0 || points.length < POINTS_PER_VERTEBRA || this.placing) return;
    const { element } = evt.detail;
    annotation.highlighted = true;
    this.dragging = { annotation, element, rules: new HandleDrag(handleIndex, points.map((p) => [...p] as Point3)) };
    this.selectedHandle = { annotation, element, index: handleIndex };
    this.listen(element, 'dragging');
    cursors.elementCursor.hideElementCursor(element);
    evt.preventDefault();
    this.render(element);
  }

  /**
   * Arrow keys: the selected handle (the one last grabbed, of the vertebra still selected) moves by whole image
   * pixels, committed like a drop. False when no handle is selected, so that the keys keep scrolling.
   */
  nudgeSelectedHandle(right: number, down: number): boolean {
    const selected = this.selectedHandle;
    if (!selected || this.placing || this.dragging) return false;
    const { annotation, element, index } = selected;
    const uid = annotation.annotationUID!;
    if (!csAnnotation.selection.isAnnotationSelected(uid) || !csAnnotation.state.getAnnotation(uid)) {
      this.selectedHandle = null;
      return false;
    }
    const step = this.config.pixelStep?.(element);
    const points = pointsOf(annotation);
    const point = points[index];
    if (!step || !point) return false;
    points[index] = point.map((v, i) => v + right * step.right[i]! + down * step.down[i]!) as Point3;
    annotation.invalidated = true;
    triggerAnnotationModified(annotation, element, ChangeTypes.Completed);
    this.render(element);
    return true;
  }

  /** Ctrl+Z while placing: takes back the last point, or with only the first one left drops the vertebra. */
  takeBackPoint(): boolean {
    const placing = this.placing;
    if (!placing) return false;
    if (placing.rules.takeBack() === 'empty') this.cancel(placing.element);
    else this.render(placing.element);
    return true;
  }

  /** The point just placed moves where the image's edges put it, if Snap finds them. */
  private snapLast({ element, rules }: Placing): void {
    const index = rules.points.length - 1;
    const snapped = this.config.snap?.(element, rules.points[index]!, POINT_KEYS[index]!, rules.points.slice(0, index));
    if (snapped) rules.snapLast(snapped);
  }

  /** Esc: drops the vertebra in progress, or puts a dragged handle back. Returns the annotation's id. */
  cancel(element: HTMLDivElement): string | undefined {
    if (this.placing) {
      const { annotation } = this.placing;
      this.config.loupe?.(element, null);
      this.stopListening(this.placing.element);
      this.placing = null;
      removeAnnotation(annotation.annotationUID!);
      this.render(element);
      return annotation.annotationUID;
    }
    if (this.dragging) {
      const { annotation, rules } = this.dragging;
      annotation.data.handles = { ...annotation.data.handles, points: rules.before.map((p) => [...p] as Point3) };
      this.finishDrag(rules.moved);
      return annotation.annotationUID;
    }
    const proposal = this.proposals.get(element);
    if (proposal && !this.proposalDrag) {
      // Dismissed until the reading or the level changes.
      this.dismissed.add(proposal.key);
      this.proposals.delete(element);
      this.render(element);
      return proposal.key;
    }
    return undefined;
  }

  /** The hint (and a rubber band) follow the cursor only while it is over the image. */
  private readonly onLeave = (evt: MouseEvent): void => {
    const element = evt.currentTarget as HTMLDivElement;
    if (this.hover?.element !== element) return;
    this.hover = null;
    this.config.loupe?.(element, null);
    this.render(element);
  };

  private readonly onMove = (evt: InteractionEvent): void => {
    const { element, currentPoints } = evt.detail;
    this.hover = { element, canvas: currentPoints.canvas };
    if (this.dragging || this.placing) this.config.loupe?.(element, currentPoints.canvas);
    if (this.dragging) {
      const { annotation, rules } = this.dragging;
      pointsOf(annotation)[rules.handleIndex] = [...currentPoints.world] as Point3;
      rules.move();
      annotation.invalidated = true;
      triggerAnnotationModified(annotation, element, ChangeTypes.HandlesUpdated);
    }
    this.render(element);
  };

  private readonly onRelease = (evt: InteractionEvent): void => {
    const primary = (evt.detail as { mouseButton?: number }).mouseButton === ToolEnums.MouseBindings.Primary;
    if (this.dragging) {
      const outcome = this.dragging.rules.release(primary);
      if (outcome !== 'ignored') this.finishDrag(outcome === 'commit');
      return;
    }
    const placing = this.placing;
    if (!placing) return;
    this.place([...evt.detail.currentPoints.world] as Point3, primary);
  };

  private place(world: Point3, primary: boolean): void {
    const placing = this.placing!;
    const outcome = placing.rules.release(world, primary);
    if (outcome === 'placed' || outcome === 'complete') this.snapLast(placing);
    if (outcome === 'complete') {
      this.config.loupe?.(placing.element, null);
      this.stopListening(placing.element);
      this.placing = null;
      placing.annotation.highlighted = false;
      triggerAnnotationCompleted(placing.annotation);
    }
    if (outcome !== 'ignored') this.render(placing.element);
  }

  /**
   * Cornerstone holds every press for 400 ms to tell a double click, so a vertebra would be committed (and
   * saved) only that long after its sixth click; a tab closed in between lost it. The sixth point is taken
   * from the browser's own press and release instead, at once, and Cornerstone's late copy of it is dropped.
   */
  private nativePress: { x: number; y: number } | null = null;
  /**
   * Where and until when Cornerstone's late copy of the sixth press is expected. It may never come (a dialog
   * opened by the commit, e.g. "Level already measured", takes the mouse): then the next press, elsewhere or
   * later, is a new first point and must not be swallowed.
   */
  private swallowPress: { client: readonly [number, number]; until: number } | null = null;
  private readonly onNativePress = (evt: MouseEvent): void => {
    this.nativePress = evt.button === 0 ? { x: evt.clientX, y: evt.clientY } : null;
  };
  private readonly onNativeRelease = (evt: MouseEvent): void => {
    const placing = this.placing;
    const press = this.nativePress;
    this.nativePress = null;
    if (!placing || !press || evt.button !== 0 || placing.rules.points.length !== POINTS_PER_VERTEBRA - 1) return;
    // A press that moved is a drag, not a click: Cornerstone's own events handle it.
    if (Math.abs(evt.clientX - press.x) + Math.abs(evt.clientY - press.y) > CLICK_TOLERANCE_PX) return;
    const { viewport } = getEnabledElement(placing.element)!;
    const rect = placing.element.getBoundingClientRect();
    const world = viewport.canvasToWorld([evt.clientX - rect.left, evt.clientY - rect.top]);
    this.swallowPress = { client: [press.x, press.y], until: performance.now() + LATE_COPY_MS };
    this.place(world, true);
  };

  private finishDrag(changed: boolean): void {
    const { annotation, element } = this.dragging!;
    this.config.loupe?.(element, null);
    this.stopListening(element);
    this.dragging = null;
    cursors.elementCursor.resetElementCursor(element);
    if (changed) triggerAnnotationModified(annotation, element, ChangeTypes.Completed);
    this.render(element);
  }

  /**
   * A drag holds the mouse for this tool alone. Placing does not: between clicks the reader may still zoom,
   * pan and scroll with the other buttons, and preMouseDownCallback keeps primary presses for the tool.
   */
  private listen(element: HTMLDivElement, what: 'placing' | 'dragging'): void {
    if (what === 'dragging') toolsState.isInteractingWithTool = true;
    else {
      element.addEventListener('mousedown', this.onNativePress);
      element.addEventListener('mouseup', this.onNativeRelease);
    }
    element.addEventListener(Events.MOUSE_DRAG, this.onMove as EventListener);
    element.addEventListener(Events.MOUSE_UP, this.onRelease as EventListener);
    element.addEventListener(Events.MOUSE_CLICK, this.onRelease as EventListener);
  }

  private stopListening(element: HTMLDivElement): void {
    toolsState.isInteractingWithTool = false;
    element.removeEventListener('mousedown', this.onNativePress);
    element.removeEventListener('mouseup', this.onNativeRelease);
    element.removeEventListener(Events.MOUSE_DRAG, this.onMove as EventListener);
    element.removeEventListener(Events.MOUSE_UP, this.onRelease as EventListener);
    element.removeEventListener(Events.MOUSE_CLICK, this.onRelease as EventListener);
  }

  private render(element: HTMLDivElement): void {
    toolsUtils.triggerAnnotationRender(element);
  }

  renderAnnotation(enabledElement: Types.IEnabledElement, svg: SvgHelper): boolean {
    const { viewport } = enabledElement;
    const { element } = viewport;
    const annotations = this.filterInteractableAnnotationsForElement(element, getAnnotations(this.getToolName(), element) ?? []);
    const visible = (annotations ?? []).filter((annotation) => csAnnotation.visibility.isAnnotationVisible(annotation.annotationUID!));
    // Each label is centred on its vertebra and no taller than the distance to the nearest other label's centre, so
    // that no two labels cover each other.
    const centres = visible.map((annotation) => {
      const ys = pointsOf(annotation).map((p) => viewport.worldToCanvas(p)[1]);
      return ys.length === POINTS_PER_VERTEBRA ? (Math.min(...ys) + Math.max(...ys)) / 2 : null;
    });
    const labels: Box[] = [];
    visible.forEach((annotation, i) => {
      const others = centres.flatMap((centre, j) => (centre === null || j === i || centres[i] === null ? [] : [Math.abs(centre - centres[i]!)]));
      const label = this.drawVertebra(viewport, svg, annotation, Math.min(...others));
      if (label) labels.push(label);
    });
    setLabelBoxes(element, this.getToolName(), labels);
    const drawn = visible.length > 0;
    this.updateProposal(element, annotations ?? []);
    const proposal = this.proposals.get(element);
    if (proposal) this.drawProposal(viewport, svg, proposal);
    if (this.mode === ToolModes.Active && this.hover?.element === element) this.drawHint(viewport, svg);
    return drawn;
  }

  /** The proposal shown on a viewport: only while measuring (the tool active, no vertebra half placed). */
  private updateProposal(element: HTMLDivElement, annotations: readonly Annotation[]): void {
    if (this.proposalDrag?.proposal.element === element) return;
    const measuring = this.mode === ToolModes.Active && !this.placing && !this.dragging;
    const offered = measuring ? this.config.propose?.(element, annotations) : null;
    // The proposal just accepted stays hidden until the reading has taken it in (then another one is offered).
    if (offered?.key !== this.accepted) this.accepted = null;
    if (!offered || this.dismissed.has(offered.key) || offered.key === this.accepted) {
      this.proposals.delete(element);
      return;
    }
    // A new key (another reading, level or image) replaces the proposal and any drag made on the old one.
    if (this.proposals.get(element)?.key !== offered.key) {
      this.proposals.set(element, { ...offered, points: offered.points.map((p) => [...p] as Point3), element });
    }
  }

  private drawProposal(viewport: CanvasView, svg: SvgHelper, proposal: ShownProposal): void {
    const uid = 'kypho-proposal';
    const canvas = proposal.points.map((p) => viewport.worldToCanvas(p));
    drawHandles(svg, uid, 'handles', canvas, { color: PROPOSAL_COLOUR, handleRadius: '3', fill: 'transparent' });
    drawPolyline(svg, uid, 'superior', canvas.slice(0, 3), { color: PROPOSAL_COLOUR, lineWidth: 1.5, lineDash: '6,4' });
    drawPolyline(svg, uid, 'inferior', canvas.slice(3, 6), { color: PROPOSAL_COLOUR, lineWidth: 1.5, lineDash: '6,4' });
    SEGMENTS.forEach(([a, b, kind], i) => {
      if (kind === 'height') drawLine(svg, uid, `height-${i}`, canvas[a]!, canvas[b]!, { color: PROPOSAL_COLOUR, lineWidth: 1, lineDash: '2,4' });
    });
    this.drawLabel(viewport, svg, uid, canvas, { label: `${proposal.level} proposed`, notes: ['Enter accepts, Esc dismisses'], colour: PROPOSAL_COLOUR });
  }

  /** Draws the vertebra; returns its label's box, if it has one. */
  private drawVertebra(viewport: CanvasView, svg: SvgHelper, annotation: Annotation, labelMaxHeight: number): Box | undefined {
    const uid = annotation.annotationUID!;
    const points = pointsOf(annotation);
    const canvas = points.map((p) => viewport.worldToCanvas(p));
    const complete = points.length === POINTS_PER_VERTEBRA;
    const description = complete ? this.config.describe(uid) : null;
    const colour = description?.colour ?? PLACING_COLOUR;
    const selected = csAnnotation.selection.isAnnotationSelected(uid);
    const width = selected || annotation.highlighted ? 2.5 : 1.5;

    drawHandles(svg, uid, 'handles', canvas, { color: colour, handleRadius: selected ? '4' : '3', fill: selected ? colour : 'transparent' });
    // The handle the arrow keys move: ringed.
    const nudged = selected && this.selectedHandle?.annotation.annotationUID === uid ? canvas[this.selectedHandle.index] : undefined;
    if (nudged) drawCircle(svg, uid, 'nudge', nudged, 7, { color: colour, lineWidth: 1.5 });
    if (canvas.length >= 2) drawPolyline(svg, uid, 'superior', canvas.slice(0, 3), { color: colour, lineWidth: width });
    if (canvas.length >= 5) drawPolyline(svg, uid, 'inferior', canvas.slice(3, 6), { color: colour, lineWidth: width });
    SEGMENTS.forEach(([a, b, kind], i) => {
      if (kind === 'height' && canvas[a] && canvas[b]) {
        drawLine(svg, uid, `height-${i}`, canvas[a], canvas[b], { color: colour, lineWidth: 1, lineDash: '4,3' });
      }
    });
    // While placing, a rubber band from the last point to the cursor shows where the next one goes.
    if (!complete && this.placing?.annotation === annotation && this.hover && canvas.length > 0) {
      drawLine(svg, uid, 'rubber-band', canvas[canvas.length - 1]!, this.hover.canvas, { color: colour, lineWidth: 1, lineDash: '2,4' });
    }
    // While placing, each snapped point shows where it was clicked: a small ring joined to the point.
    if (this.placing?.annotation === annotation) {
      this.placing.rules.clicked.forEach((clicked, i) => {
        if (!clicked || !canvas[i]) return;
        const at = viewport.worldToCanvas(clicked);
        drawCircle(svg, uid, `clicked-${i}`, at, 3, { color: SNAP_COLOUR, lineWidth: 1 });
        drawLine(svg, uid, `snap-${i}`, at, canvas[i], { color: SNAP_COLOUR, lineWidth: 1 });
      });
    }
    return description ? this.drawLabel(viewport, svg, uid, canvas, description, labelMaxHeight) : undefined;
  }

  /** The label sits beside the edge of labelSide, vertically centred, inside the viewport, broken no taller than maxHeight. */
  private drawLabel(viewport: CanvasView, svg: SvgHelper, uid: string, canvas: Point2[], { label, notes = [], colour }: VertebraDescription, maxHeight = Number.POSITIVE_INFINITY): Box | undefined {
    const [as, , ps, ai, , pi] = canvas as [Point2, Point2, Point2, Point2, Point2, Point2];
    const anteriorIsLeft = as[0] + ai[0] < ps[0] + pi[0];
    const left = anteriorIsLeft === (this.labelSide === 'anterior');
    const xs = canvas.map((p) => p[0]);
    const ys = canvas.map((p) => p[1]);
    const centreY = (Math.min(...ys) + Math.max(...ys)) / 2;
    const options = { color: colour, padding: 0, fontSize: '13px', background: 'rgba(13, 17, 23, 0.75)', textBoxMargin: 2 };
    const lines = [label, ...notes].map(preserveSpaces);
    const edges: [number, number] = [Math.min(...xs) - 10, Math.max(...xs) + 10];
    return drawLabelBeside(svg, uid, 'label', lines, { side: left ? 'left' : 'right', edges, centreY, within: viewport.element, maxHeight }, options);
  }

  private drawHint(viewport: CanvasView, svg: SvgHelper): void {
    const next = pointHint(this.placing?.element === viewport.element ? this.placing.rules.next : 'as');
    if (!next || !this.hover) return;
    const level = this.config.nextLevel();
    const [x, y] = this.hover.canvas;
    // Right of the cursor, or left of it near the right edge, so that it is never cut off.
    const side = x + 260 > viewport.element.clientWidth ? 'left' : 'right';
    drawLabelBeside(svg, 'kypho-vertebra-hint', 'hint', [`${level ? `${level}: ` : ''}Next: ${next}`], { side, edges: [x - HINT_OFFSET[0], x + HINT_OFFSET[0]], centreY: y + HINT_OFFSET[1] }, {
      color: '#ffffff',
      padding: 0,
      fontSize: '12px',
      background: 'rgba(31, 111, 235, 0.9)',
      textBoxMargin: 3,
    });
  }
}

/** SVG collapses runs of spaces; the label's double spaces separate its three parts. */
function preserveSpaces(text: string): string {
  return text.replace(/ {2}/g, '\u00a0 ');
}

