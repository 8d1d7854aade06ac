/**
 * The measurement mapping between Cornerstone annotations and the reading store, both ways.
 *
 * In: a completed vertebra becomes a `place`, a dragged handle a `preview` and its drop a `move`, a drawn
 * calibration line a `calibrate`. Out: after every change of the reading the annotations are made to match
 * it (created, moved back, removed), which is all that undo and redo need; labels and colours come from
 * the reading's results. Handle positions are Cornerstone's while dragged and the store's otherwise.
 */
import { cache, Enums, eventTarget, getEnabledElement, getRenderingEngines, utilities as csUtils, type Types } from '@cornerstonejs/core';
import { annotation as csAnnotation, Enums as ToolEnums, utilities as toolsUtils, type Types as ToolTypes } from '@cornerstonejs/tools';
import { checkUserCalibration, POINT_KEYS, userCalibration, type AnatomicalDirections, type Calibration, type Level, type SixPoints } from '../morphometry';
import {
  annotationLabel,
  annotationNotes,
  GRADE_COLOURS,
  imageKey,
  inAnatomicalOrder,
  NOT_ASSESSED,
  outcomeMessage,
  type Finding,
  type ImageMeasurement,
  type ImageRef,
  type Measurement,
  type ReadingStore,
  type Snapshot,
} from '../reading';
import { imagePointFromWorld, worldFromImagePoint, type ImagePlane } from './imagePlane';
import { isOnReformat, patientMeasurement, patientPoints, reformatViewports, showOnReformats, type AnnotationKind } from './mpr/patientAnnotations';
import { hideLoupe, showLoupe } from './loupe';
import { proposeOn } from './proposal';
import { onSnapChange, snapEnabled, snapOnImage, snapOnVolume } from './snapping';
import { configureVertebraTool, vertebraTool } from './toolGroup';
import { CalibrationLineTool } from './tools/CalibrationLineTool';
import { POINTS_PER_VERTEBRA } from './tools/placement';
import { noteImageChange, VertebralMorphometryTool, type VertebraDescription } from './tools/VertebralMorphometryTool';

type Annotation = ToolTypes.Annotation;

/** What the app knows about a displayed image: where it is in the study, and its DICOM calibration. */
export interface ImageInfo extends ImageRef {
  calibration: Calibration;
  /** Where anterior and superior are on the image, from its DICOM orientation (morphometry.md section 2a). */
  directions: AnatomicalDirections;
}

export type CalibrationCheck = (lengthMm: number) => ReturnType<typeof checkUserCalibration>;

export type ConflictChoice = { action: 'replace' } | { action: 'relabel'; level: Level } | { action: 'discard' };

export interface BridgeOptions {
  store: ReadingStore;
  describeImage: (imageId: string) => ImageInfo | null;
  /** A new vertebra was placed at a level already measured: replace, label it otherwise, or drop it. */
  resolveConflict: (existing: Finding, proposed: Finding) => Promise<ConflictChoice>;
  /**
   * The reader drew a calibration line: its true length in mm, or null to drop it. `check` says of a length
   * whether it is refused, or to be confirmed, and why (checkUserCalibration).
   */
  askCalibrationLength: (check: CalibrationCheck) => Promise<number | null>;
  /** Something the reader did was refused, in words they can act on. */
  report: (message: string) => void;
}

const { Events: ToolEvents, ChangeTypes } = ToolEnums;
const VERTEBRA = VertebralMorphometryTool.toolName;
const CALIBRATION = CalibrationLineTool.toolName;

/**
 * Makes annotations show findings: on the stack viewports showing their images (moved if they exist, created if
 * not) and on the reformats of their series. By default the reader's own vertebrae; `kindOf` names other ones.
 */
export function showFindings(
  findings: Iterable<Finding>,
  describeImage: (imageId: string) => ImageRef | null,
  kindOf: (finding: Finding) => AnnotationKind = (f) => ({ uid: f.id, toolName: VERTEBRA, locked: false }),
): void {
  const list = [...findings];
  for (const viewport of stackViewports()) {
    const imageIds = viewport.getImageIds();
    const byImage = new Map<string, string>();
    for (const imageId of imageIds) {
      const info = describeImage(imageId);
      if (info) byImage.set(imageKey(info), imageId);
    }
    for (const finding of list) {
      const { measurement } = finding;
      if (measurement?.space !== 'image') continue;
      const imageId = byImage.get(imageKey(measurement));
      const plane = imageId ? imagePlaneOf(imageId) : null;
      if (!imageId || !plane) continue;
      const kind = kindOf(finding);
      const world = POINT_KEYS.map((key) => worldFromImagePoint(plane, measurement.points[key]) as Types.Point3);
      const existing = csAnnotation.state.getAnnotation(kind.uid);
      if (existing) {
        existing.data.handles = { ...existing.data.handles, points: world };
        existing.invalidated = true;
      } else {
        const reference = viewport.getViewReference({ sliceIndex: imageIds.indexOf(imageId) });
        csAnnotation.state.addAnnotation(
          {
            annotationUID: kind.uid,
            highlighted: false,
            invalidated: true,
            isLocked: kind.locked,
            isVisible: true,
            metadata: { ...reference, toolName: kind.toolName, referencedImageId: imageId } as Annotation['metadata'],
            data: { handles: { points: world, activeHandleIndex: null }, cachedStats: {} },
          },
          viewport.element,
        );
      }
    }
  }
  for (const finding of list) {
    const { measurement } = finding;
    if (measurement?.space === 'patient') showOnReformats({ ...finding, measurement }, kindOf(finding));
  }
}

/** The plane Cornerstone renders this image on, or null while the image is not loaded. */
export function imagePlaneOf(imageId: string): ImagePlane | null {
  const image = cache.getImage(imageId);
  if (!image) return null;
  const { origin, direction, spacing } = csUtils.getImageDataMetadata(image);
  return {
    origin: [...origin],
    rowDirection: [direction[0], direction[1], direction[2]],
    columnDirection: [direction[3], direction[4], direction[5]],
    spacing: [spacing[0], spacing[1]],
  };
}

function stackViewports(): Types.IStackViewport[] {
  return (getRenderingEngines() ?? [])
    .flatMap((engine) => engine.getViewports())
    .filter((viewport): viewport is Types.IStackViewport => viewport.type === Enums.ViewportType.STACK);
}

function vertebraAnnotations(): Annotation[] {
  return csAnnotation.state.getAllAnnotations().filter((a) => a.metadata?.toolName === VERTEBRA);
}

function pointsOf(annotation: Annotation): Types.Point3[] {
  return annotation.data.handles?.points ?? [];
}

/** Redraws the annotations of every stack viewport and reformat. */
export function renderAll(): void {
  toolsUtils.triggerAnnotationRenderForViewportIds([...stackViewports(), ...reformatViewports()].map((v) => v.id));
}

/**
 * Calls `onChange` whenever a viewport shows another image (stack or reformatted slice) or a reformat gets its
 * volume, for the viewports there are now and those enabled later. Returns the way to stop.
 */
export function onViewportContent(onChange: (evt: Event) => void): () => void {
  const events = [Enums.Events.STACK_NEW_IMAGE, Enums.Events.VOLUME_NEW_IMAGE, Enums.Events.VOLUME_VIEWPORT_NEW_VOLUME];
  const watched = new Set<HTMLDivElement>();
  const watch = (element: HTMLDivElement) => {
    if (watched.has(element)) return;
    watched.add(element);
    for (const name of events) element.addEventListener(name, onChange);
  };
  const unwatch = (element: HTMLDivElement) => {
    for (const name of events) element.removeEventListener(name, onChange);
    watched.delete(element);
  };
  const onEnabled = (evt: Event) => watch((evt as CustomEvent<{ element: HTMLDivElement }>).detail.element);
  const onDisabled = (evt: Event) => unwatch((evt as CustomEvent<{ element: HTMLDivElement }>).detail.element);
  eventTarget.addEventListener(Enums.Events.ELEMENT_ENABLED, onEnabled);
  eventTarget.addEventListener(Enums.Events.ELEMENT_DISABLED, onDisabled);
  for (const viewport of [...stackViewports(), ...reformatViewports()]) watch(viewport.element);
  return () => {
    eventTarget.removeEventListener(Enums.Events.ELEMENT_ENABLED, onEnabled);
    eventTarget.removeEventListener(Enums.Events.ELEMENT_DISABLED, onDisabled);
    for (const element of [...watched]) unwatch(element);
  };
}

export function connectMorphometry(options: BridgeOptions): () => void {
  const { store } = options;
  /** Completed annotations waiting for the reader to settle a level conflict: not in the store yet, not stale. */
  const pending = new Set<string>();
  let reconciledReading: Snapshot['reading'] | null = null;
  let descriptions = new Map<string, VertebraDescription>();
  let describedSnapshot: Snapshot | null = null;

  /** Where a point at `world` snaps on the image or reformat a viewport shows, or null (Snap off, no edge, MR). */
  function snapWorld(
    element: HTMLDivElement,
    world: Types.Point3,
    key: (typeof POINT_KEYS)[number],
    placed: readonly Types.Point3[] | Partial<Record<(typeof POINT_KEYS)[number], Types.Point3>>,
  ): Types.Point3 | null {
    const viewport = getEnabledElement(element)?.viewport;
    if (!snapEnabled() || !viewport) return null;
    if (viewport.type === Enums.ViewportType.ORTHOGRAPHIC) return snapOnVolume(viewport as Types.IVolumeViewport, world, key, placed);
    if (viewport.type !== Enums.ViewportType.STACK) return null;
    const stack = viewport as Types.IStackViewport;
    const imageId = stack.getCurrentImageId();
    const plane = imageId ? imagePlaneOf(imageId) : null;
    if (!plane) return null;
    const spacing = options.describeImage(imageId)?.calibration.pixelSpacing ?? null;
    return snapOnImage(stack, plane, spacing, world, key, placed);
  }

  configureVertebraTool({
    describe: (uid) => {
      const snapshot = store.getSnapshot();
      if (snapshot !== describedSnapshot) {
        describedSnapshot = snapshot;
        descriptions = new Map(
          snapshot.results.rows.map((row) => [
            row.id,
            { label: annotationLabel(row), notes: annotationNotes(row), colour: GRADE_COLOURS[row.result.grade] },
          ]),
        );
      }
      return descriptions.get(uid) ?? null;
    },
    nextLevel: () => store.getSnapshot().nextLevel,
    snap: snapWorld,
    loupe: (element, canvas) => (canvas ? showLoupe(element, canvas) : hideLoupe()),
    propose: (element, shown) =>
      proposeOn(element, shown, {
        nextLevel: store.getSnapshot().nextLevel,
        levelOf: (uid) => (pending.has(uid) ? null : (store.findingById(uid)?.level ?? null)),
        snap: snapEnabled() ? snapWorld : null,
      }),
    pixelStep: (element) => {
      const viewport = getEnabledElement(element)?.viewport;
      if (!viewport) return null;
      if (viewport.type === Enums.ViewportType.STACK) {
        const imageId = (viewport as Types.IStackViewport).getCurrentImageId();
        const plane = imageId ? imagePlaneOf(imageId) : null;
        if (!plane) return null;
        const scaled = (v: readonly number[], s: number) => v.map((x) => x * s) as Types.Point3;
        return { right: scaled(plane.rowDirection, plane.spacing[0]), down: scaled(plane.columnDirection, plane.spacing[1]) };
      }
      // A reformat: one voxel of the volume along the screen's right and down.
      const { viewUp, viewPlaneNormal } = viewport.getCamera();
      const spacing = (viewport as Types.IVolumeViewport).getImageData()?.spacing;
      if (!viewUp || !viewPlaneNormal || !spacing) return null;
      const s = Math.min(...spacing);
      const [ux, uy, uz] = viewUp;
      const [nx, ny, nz] = viewPlaneNormal;
      const right: Types.Point3 = [(uy * nz - uz * ny) * s, (uz * nx - ux * nz) * s, (ux * ny - uy * nx) * s];
      return { right, down: [-ux * s, -uy * s, -uz * s] };
    },
  });

  function imagePoints(annotation: Annotation): SixPoints | null {
    const imageId = annotation.metadata?.referencedImageId;
    const plane = imageId ? imagePlaneOf(imageId) : null;
    const points = pointsOf(annotation);
    if (!plane || points.length !== POINTS_PER_VERTEBRA) return null;
    return Object.fromEntries(POINT_KEYS.map((key, i) => [key, imagePointFromWorld(plane, points[i]!)])) as unknown as SixPoints;
  }

  function imageMeasurement(annotation: Annotation): ImageMeasurement | null {
    const imageId = annotation.metadata?.referencedImageId;
    const info = imageId ? options.describeImage(imageId) : null;
    const points = imagePoints(annotation);
    if (!info || !points) return null;
    const { seriesInstanceUid, sopInstanceUid, frameNumber, calibration } = info;
    return { seriesInstanceUid, sopInstanceUid, frameNumber, space: 'image', points, imageCalibration: calibration };
  }

  /**
   * On a reformat the points stay in patient space; on a stack image they become image points. Either way they
   * are put in anatomical order where the image (or the reformat's plane) says which way is anterior and superior.
   */
  function measurementOf(annotation: Annotation): Measurement | null {
    const measurement = isOnReformat(annotation) ? patientMeasurement(annotation) : imageMeasurement(annotation);
    return measurement && inAnatomicalOrder(measurement, directionsOf(annotation));
  }

  function directionsOf(annotation: Annotation): AnatomicalDirections | null {
    const imageId = annotation.metadata?.referencedImageId;
    return (imageId && options.describeImage(imageId)?.directions) || null;
  }

  async function place(annotation: Annotation): Promise<void> {
    const uid = annotation.annotationUID!;
    const measurement = measurementOf(annotation);
    if (!measurement) {
      csAnnotation.state.removeAnnotation(uid);
      options.report('This image is not part of a loaded study, so the vertebra could not be measured.');
      return;
    }
    const finding: Finding = { id: uid, level: store.getSnapshot().nextLevel, measurement, ...NOT_ASSESSED };
    pending.add(uid);
    try {
      let outcome = store.place(finding);
      if (outcome.status === 'conflict') {
        const choice = await options.resolveConflict(outcome.existing, finding);
        if (choice.action === 'replace') outcome = store.place(finding, { replace: true });
        else if (choice.action === 'relabel') outcome = store.place({ ...finding, level: choice.level });
        else outcome = { status: 'rejected', reason: '' };
      }
      if (outcome.status === 'rejected' && outcome.reason) options.report(outcome.reason);
    } finally {
      pending.delete(uid);
      reconcile(true);
    }
  }

  async function calibrate(annotation: Annotation): Promise<void> {
    const uid = annotation.annotationUID!;
    const imageId = annotation.metadata?.referencedImageId;
    const info = imageId ? options.describeImage(imageId) : null;
    const plane = imageId ? imagePlaneOf(imageId) : null;
    const [from, to] = pointsOf(annotation);
    try {
      if (isOnReformat(annotation)) {
        options.report('A calibration line belongs to one image. Reformats are measured in mm from the Pixel Spacing and slice positions.');
        return;
      }
      if (!info || !plane || !from || !to) return;
      const line = { from: imagePointFromWorld(plane, from), to: imagePointFromWorld(plane, to), pixelSpacing: info.calibration.pixelSpacing };
      const lengthMm = await options.askCalibrationLength((mm) => checkUserCalibration(userCalibration({ ...line, lengthMm: mm }), info.calibration));
      if (lengthMm === null) return;
      const calibration = userCalibration({ ...line, lengthMm });
      // The dialog refuses what checkUserCalibration refuses; a caller that did not is refused here.
      const check = checkUserCalibration(calibration, info.calibration);
      if (check && 'refused' in check) throw new RangeError(check.refused);
      store.calibrate(info, calibration);
    } catch (e) {
      options.report(e instanceof Error ? e.message : String(e));
    } finally {
      // The line has done its job; the calibration is the reading's from now on.
      csAnnotation.state.removeAnnotation(uid);
      renderAll();
    }
  }

  const onCompleted = (evt: Event) => {
    const { annotation } = (evt as CustomEvent<{ annotation: Annotation }>).detail;
    if (annotation.metadata?.toolName === VERTEBRA) void place(annotation);
    if (annotation.metadata?.toolName === CALIBRATION) void calibrate(annotation);
  };

  const onModified = (evt: Event) => {
    const { annotation, changeType } = (evt as CustomEvent<{ annotation: Annotation; changeType: string }>).detail;
    const uid = annotation.annotationUID!;
    const finding = annotation.metadata?.toolName === VERTEBRA ? store.findingById(uid) : undefined;
    if (!finding?.measurement) return;
    const placed = finding.measurement.space === 'patient' ? patientPoints(annotation) : imagePoints(annotation);
    // A handle dragged across the body is put back in anatomical order like a placement.
    const moved = placed && inAnatomicalOrder({ ...finding.measurement, points: placed }, directionsOf(annotation));
    if (changeType === ChangeTypes.HandlesUpdated && moved) store.preview(uid, moved.points);
    if (changeType === ChangeTypes.Completed) {
      const outcome = moved
        ? store.move(uid, moved.points, moved.swapped)
        : { status: 'rejected' as const, reason: 'The vertebra could not be read back.' };
      if (outcome.status === 'rejected') options.report(outcome.reason);
      // A refused move leaves the reading as it was: put the handles back where the reading has them.
      reconcile(true);
    }
  };

  const onRemoved = (evt: Event) => {
    const { annotation } = (evt as CustomEvent<{ annotation: Annotation }>).detail;
    if (annotation.metadata?.toolName !== VERTEBRA || !store.findingById(annotation.annotationUID!)) return;
    const message = outcomeMessage(store.remove(annotation.annotationUID!));
    if (message) options.report(message);
  };

  const onSelection = () => {
    const selected = csAnnotation.selection.getAnnotationsSelectedByToolName(VERTEBRA).filter((uid) => store.findingById(uid));
    // A vertebra judged without heights has no annotation: selecting it in the panel is no annotation's to undo.
    const current = store.getSnapshot().selectedId;
    if (selected.length === 0 && current && !store.findingById(current)?.measurement) return;
    store.select(selected.at(-1) ?? null);
  };

  /** A vertebra half placed on one image (or reformatted slice) is dropped when the viewport moves to another. */
  const onViewportChange = (evt: Event) => {
    const element = (evt as CustomEvent).target as HTMLDivElement;
    const imageChanged = evt.type !== Enums.Events.VOLUME_VIEWPORT_NEW_VOLUME;
    if (imageChanged) noteImageChange(element);
    const tool = vertebraTool();
    if (imageChanged && tool?.placementLost(element)) {
      const placed = tool.placedPoints();
      tool.cancel(element);
      // Scrolled here or by a linked viewport: the points were on the image that is no longer shown.
      options.report(
        `The vertebra being placed was dropped (${placed} of 6 points): the image changed. Place all six points on one image.`,
      );
    }
    reconcile(true);
  };

  /** Makes the annotations match the reading; cheap when only the preview or the selection changed. */
  function reconcile(force = false): void {
    const snapshot = store.getSnapshot();
    if (force || snapshot.reading !== reconciledReading) {
      reconciledReading = snapshot.reading;
      const findings = new Map(snapshot.reading.findings.map((f) => [f.id, f]));
      for (const annotation of vertebraAnnotations()) {
        const uid = annotation.annotationUID!;
        const inProgress = pointsOf(annotation).length < POINTS_PER_VERTEBRA;
        if (!findings.has(uid) && !pending.has(uid) && !inProgress) csAnnotation.state.removeAnnotation(uid);
      }
      showFindings(findings.values(), options.describeImage);
    }
    syncSelection(snapshot.selectedId);
    renderAll();
  }

  function syncSelection(selectedId: string | null): void {
    const current = csAnnotation.selection.getAnnotationsSelectedByToolName(VERTEBRA);
    if (selectedId === null || !store.findingById(selectedId)?.measurement) {
      for (const uid of current) if (store.findingById(uid)) csAnnotation.selection.setAnnotationSelected(uid, false);
    } else if (current.length !== 1 || current[0] !== selectedId) {
      csAnnotation.selection.setAnnotationSelected(selectedId, true, false);
    }
  }


  const unsubscribe = store.subscribe(() => reconcile());
  eventTarget.addEventListener(ToolEvents.ANNOTATION_COMPLETED, onCompleted);
  eventTarget.addEventListener(ToolEvents.ANNOTATION_MODIFIED, onModified);
  eventTarget.addEventListener(ToolEvents.ANNOTATION_REMOVED, onRemoved);
  eventTarget.addEventListener(ToolEvents.ANNOTATION_SELECTION_CHANGE, onSelection);
  const stopWatching = onViewportContent(onViewportChange);
  // A proposal on screen was snapped or not: drawn again, it follows the setting at once.
  const stopSnapWatch = onSnapChange(() => renderAll());
  reconcile(true);

  return () => {
    unsubscribe();
    eventTarget.removeEventListener(ToolEvents.ANNOTATION_COMPLETED, onCompleted);
    eventTarget.removeEventListener(ToolEvents.ANNOTATION_MODIFIED, onModified);
    eventTarget.removeEventListener(ToolEvents.ANNOTATION_REMOVED, onRemoved);
    eventTarget.removeEventListener(ToolEvents.ANNOTATION_SELECTION_CHANGE, onSelection);
    stopWatching();
    stopSnapWatch();
  };
}
