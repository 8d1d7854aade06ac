/**
 * The signal ratio's measurement mapping: a completed pair of ellipses (SignalRatioTool) becomes the mean signal
 * in each, read from the displayed image's pixel data, and their ratio is recorded on the level of the vertebra
 * under the first ellipse (store.assess, so undo takes it back). A pair whose ratio is no longer the reading's
 * (undone, or replaced by a newer pair on the same level) is removed from the image.
 */
import { cache, eventTarget, getRenderingEngines } from '@cornerstonejs/core';
import { annotation as csAnnotation, Enums as ToolEnums, utilities as toolsUtils, type Types as ToolTypes } from '@cornerstonejs/tools';
import type { Level } from '../morphometry';
import type { ReadingStore } from '../reading';
import { imagePointFromWorld } from './imagePlane';
import { imagePlaneOf } from './morphometryBridge';
import { configureSignalRatioTool } from './toolGroup';
import { ellipseFromCorners, ellipseMean, type RegionStats } from './tools/ellipseStats';
import { SignalRatioTool } from './tools/SignalRatioTool';

type Annotation = ToolTypes.Annotation;

export interface SignalRatioBridgeOptions {
  store: ReadingStore;
  /** The level of the vertebra at an image point (`[column, row]`) of an image. */
  levelAt: (imageId: string, point: readonly [number, number]) => Level | null;
  report: (message: string) => void;
}

/** What one pair measured. */
interface SignalRatioMeasurement {
  level: Level;
  referenceLevel: Level | null;
  roi: RegionStats;
  reference: RegionStats;
  ratio: number;
}

const NAME = SignalRatioTool.toolName;
/** Said wherever the number is shown: no threshold of this ratio is validated. */
export const SIGNAL_RATIO_CAVEAT = 'descriptive, no validated threshold';

function formatMean(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(1);
}

/** The pixel values of a loaded image, in modality units (stored x slope + intercept). */
function modalityPixels(imageId: string): { pixels: ArrayLike<number>; columns: number; rows: number; slope: number; intercept: number } | null {
  const image = cache.getImage(imageId);
  if (!image) return null;
  // The loader may have applied the rescale already (preScale); then the values are modality units.
  const scaled = image.preScale?.scaled === true;
  return {
    pixels: image.getPixelData(),
    columns: image.columns,
    rows: image.rows,
    slope: scaled ? 1 : (image.slope ?? 1),
    intercept: scaled ? 0 : (image.intercept ?? 0),
  };
}

/** Measures a completed pair: null, with the reason, when it cannot be. */
function measurePair(
  annotation: Annotation,
  levelAt: SignalRatioBridgeOptions['levelAt'],
): { measurement: SignalRatioMeasurement } | { problem: string } {
  const imageId = annotation.metadata?.referencedImageId;
  const plane = imageId ? imagePlaneOf(imageId) : null;
  const image = imageId ? modalityPixels(imageId) : null;
  const points = annotation.data.handles?.points ?? [];
  if (!imageId || !plane || !image || points.length !== 4) return { problem: 'The image under the ellipses is not loaded.' };
  const [a, b, c, d] = points.map((p) => imagePointFromWorld(plane, p)) as [number, number][];
  const roiEllipse = ellipseFromCorners(a!, b!);
  const referenceEllipse = ellipseFromCorners(c!, d!);
  const stats = (e: typeof roiEllipse) => ellipseMean(image.pixels, image.columns, image.rows, e, image);
  const roi = stats(roiEllipse);
  const reference = stats(referenceEllipse);
  if (!roi || !reference) return { problem: 'An ellipse holds no pixel of the image: draw it over the vertebra.' };
  if (!(reference.mean > 0)) return { problem: 'The reference region has no signal, so no ratio can be formed.' };
  const level = levelAt(imageId, roiEllipse.centre as [number, number]);
  if (!level) return { problem: 'No level for this vertebra: measure it, or choose its level in Level.' };
  return {
    measurement: {
      level,
      referenceLevel: levelAt(imageId, referenceEllipse.centre as [number, number]),
      roi,
      reference,
      ratio: roi.mean / reference.mean,
    },
  };
}

export function connectSignalRatio(options: SignalRatioBridgeOptions): () => void {
  const { store } = options;
  const measured = new Map<string, SignalRatioMeasurement>();

  configureSignalRatioTool({
    describe: (uid) => {
      const m = measured.get(uid);
      if (!m) return null;
      return {
        roi: [`${m.level}: mean ${formatMean(m.roi.mean)}, ratio ${m.ratio.toFixed(2)}`, SIGNAL_RATIO_CAVEAT],
        reference: [`Reference${m.referenceLevel ? ` ${m.referenceLevel}` : ''}: mean ${formatMean(m.reference.mean)}`],
      };
    },
  });

  function renderAll(): void {
    const ids = (getRenderingEngines() ?? []).flatMap((engine) => engine.getViewports().map((v) => v.id));
    toolsUtils.triggerAnnotationRenderForViewportIds(ids);
  }

  const onCompleted = (evt: Event) => {
    const { annotation } = (evt as CustomEvent<{ annotation: Annotation }>).detail;
    if (annotation.metadata?.toolName !== NAME) return;
    const uid = annotation.annotationUID!;
    const result = measurePair(annotation, options.levelAt);
    if ('problem' in result) {
      csAnnotation.state.removeAnnotation(uid);
      options.report(result.problem);
      renderAll();
      return;
    }
    const { measurement } = result;
    // One pair per level: a newer one replaces the old.
    for (const [other, m] of measured) {
      if (m.level === measurement.level) {
        measured.delete(other);
        csAnnotation.state.removeAnnotation(other);
      }
    }
    measured.set(uid, measurement);
    const outcome = store.assess(measurement.level, { signalRatio: measurement.ratio });
    if (outcome.status === 'rejected') {
      measured.delete(uid);
      csAnnotation.state.removeAnnotation(uid);
      options.report(outcome.reason);
    }
    renderAll();
  };

  /** Undo (or a change of level) leaves a pair whose ratio the reading no longer holds: it goes. */
  const unsubscribe = store.subscribe(() => {
    const { findings } = store.getSnapshot().reading;
    let removed = false;
    for (const [uid, m] of measured) {
      const finding = findings.find((f) => f.level === m.level);
      if (finding?.signalRatio !== m.ratio) {
        measured.delete(uid);
        csAnnotation.state.removeAnnotation(uid);
        removed = true;
      }
    }
    if (removed) renderAll();
  });

  eventTarget.addEventListener(ToolEnums.Events.ANNOTATION_COMPLETED, onCompleted);
  return () => {
    unsubscribe();
    eventTarget.removeEventListener(ToolEnums.Events.ANNOTATION_COMPLETED, onCompleted);
    for (const uid of measured.keys()) csAnnotation.state.removeAnnotation(uid);
    measured.clear();
  };
}
