/**
 * The spine MRI workflow in the app: hanging T1 and STIR side by side, linking them, flagging edema with `E`,
 * the signal-ratio tool, edema markers on the images, and the fracture-age rows and report sentences for the
 * results column. Composition only: the rules live in reading/, viewer/ and their pure helpers.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { utilities as toolsUtils } from '@cornerstonejs/tools';
import type { RenderingEngine } from '@cornerstonejs/core';
import type { Series } from '../dicom';
import type { EdemaSequence, Level } from '../morphometry';
import {
  assessmentRows,
  reportSentences,
  toggledEdema,
  type AssessmentRow,
  type FractureAssessment,
  type ReadingStore,
  type Snapshot,
} from '../reading';
import type { LinkState } from '../ui/LinkBar';
import { hangSeries, recognizeSequence, type Hanging } from '../viewer/hangingProtocols';
import { imagePointFromWorld } from '../viewer/imagePlane';
import { linkViewports } from '../viewer/linkedViewports';
import { imagePlaneOf } from '../viewer/morphometryBridge';
import { pointerOnImage } from '../viewer/pointer';
import { connectSignalRatio } from '../viewer/signalRatioBridge';
import { distanceBetween, comparable, locationLabel } from '../viewer/slicePosition';
import { configureLinkedOverlay } from '../viewer/toolGroup';
import {
  edemaMarkers,
  framesByKey,
  measuredLevelAt,
  placedImageOfId,
  sequenceOfSeries,
  sliceGeometryOf,
  type EdemaAnchor,
} from './fractureAge';
import type { Layout } from './commands';
import { framesByImageId, type ImageSource } from './seriesImages';

interface Options {
  engine: RenderingEngine | null;
  series: readonly Series<ImageSource>[];
  seriesByUid: ReadonlyMap<string, Series<ImageSource>>;
  viewportIds: readonly string[];
  layout: Layout;
  setLayout: (layout: Layout) => void;
  shown: readonly (string | null)[];
  setShown: (shown: (string | null)[]) => void;
  active: number;
  /** The image index shown in each viewport. */
  imageIndices: readonly (number | null)[];
  reading: ReadingStore;
  snapshot: Snapshot;
  report: (message: string) => void;
}

export function useSpineMri(options: Options) {
  const { engine, series, viewportIds, layout, shown, active, imageIndices, reading, snapshot } = options;
  const [overrides, setOverrides] = useState<Record<string, EdemaSequence>>({});
  const [link, setLink] = useState<LinkState>({ slices: true, zoomPan: false });
  const [hanging, setHanging] = useState<Hanging | null>(null);
  const anchors = useRef(new Map<Level, EdemaAnchor>());
  const latest = useRef(options);
  latest.current = options;

  const frames = useMemo(() => framesByKey(series), [series]);

  /** Applies the first hanging protocol the series satisfy; false when none does. */
  const hang = useCallback(
    (candidates: readonly Series<ImageSource>[] = latest.current.series): boolean => {
      const found = hangSeries(candidates, overrides);
      if (!found) return false;
      latest.current.setLayout(found.protocol.layout);
      latest.current.setShown([...found.seriesInstanceUids]);
      setLink(found.protocol.link);
      setHanging(found);
      return true;
    },
    [overrides],
  );
  const canHang = useMemo(() => hangSeries(series, overrides) !== null, [series, overrides]);

  // Two viewports side by side are linked while the reader wants them linked.
  useEffect(() => {
    if (!engine || layout !== '1x2' || (!link.slices && !link.zoomPan)) return;
    return linkViewports({
      viewportIds: viewportIds.slice(0, 2),
      geometry: (imageId) => sliceGeometryOf(framesByImageId.get(imageId)),
      slices: link.slices,
      zoomPan: link.zoomPan,
    });
  }, [engine, layout, link.slices, link.zoomPan, viewportIds]);

  // Edema markers follow the reading on every image.
  useEffect(() => {
    if (!engine) return;
    configureLinkedOverlay({ markers: (imageId) => edemaMarkers(imageId, reading.getSnapshot(), frames, anchors.current) });
    toolsUtils.triggerAnnotationRenderForViewportIds([...viewportIds]);
  }, [engine, frames, reading, viewportIds, snapshot.reading]);

  const levelAt = useCallback(
    (imageId: string, point: readonly [number, number]) => measuredLevelAt(imageId, point, reading.getSnapshot(), frames),
    [reading, frames],
  );

  const levelAtNow = useRef(levelAt);
  levelAtNow.current = levelAt;
  // The ratio goes to the measured vertebra under the first ellipse, else to the Level selector's level.
  useEffect(() => {
    if (!engine) return;
    return connectSignalRatio({
      store: reading,
      levelAt: (imageId, point) => levelAtNow.current(imageId, point) ?? reading.getSnapshot().nextLevel,
      report: (message) => latest.current.report(message),
    });
  }, [engine, reading]);

  const seriesOfViewport = (index: number) => {
    const uid = latest.current.shown[index];
    return uid ? latest.current.seriesByUid.get(uid) : undefined;
  };

  const fluidSensitiveSeries = (s: Series<ImageSource> | undefined) => {
    const sequence = sequenceOfSeries(s, overrides);
    return sequence === 'STIR' || sequence === 'T2-FS';
  };

  /**
   * A first judgement of edema names the sequence it was made on: that of the series where it was set, unless a
   * fluid-sensitive series is on screen beside it (the T1 active, the STIR next to it), where edema is seen.
   */
  const withSequence = (level: Level, changes: Partial<FractureAssessment>, where: Series<ImageSource> | undefined): Partial<FractureAssessment> => {
    const finding = reading.getSnapshot().reading.findings.find((f) => f.level === level);
    if (changes.edema === undefined || changes.edema === 'not-assessed' || finding?.sequence || changes.sequence !== undefined) return changes;
    const onScreen = (layout === '1x2' ? [0, 1] : [active]).map(seriesOfViewport);
    const judgedOn = fluidSensitiveSeries(where) ? where : (onScreen.find(fluidSensitiveSeries) ?? where);
    const sequence = sequenceOfSeries(judgedOn, overrides);
    return sequence ? { ...changes, sequence } : changes;
  };

  /**
   * `E`: toggles edema of the vertebra under the cursor: the measured vertebra there (on this image, or measured
   * on a parallel series of the same frame of reference), else the level in the Level selector. With the cursor
   * off the images, the selected vertebra, else the Level selector's level.
   */
  const toggleEdema = () => {
    const current = reading.getSnapshot();
    const pointer = pointerOnImage();
    let level: Level = current.nextLevel;
    let where: Series<ImageSource> | undefined;
    let anchor: EdemaAnchor | null = null;
    if (pointer) {
      const plane = imagePlaneOf(pointer.imageId);
      const image = placedImageOfId(pointer.imageId);
      const point = plane ? imagePointFromWorld(plane, pointer.world) : null;
      level = (point && levelAt(pointer.imageId, point)) || current.nextLevel;
      const ref = framesByImageId.get(pointer.imageId);
      where = ref && series.find((s) => s.seriesInstanceUid === ref.instance.seriesInstanceUid);
      if (image && point) anchor = { image, point };
    } else {
      const selected = current.selectedId ? reading.findingById(current.selectedId) : undefined;
      if (selected) level = selected.level;
      where = seriesOfViewport(active);
    }
    const finding = current.reading.findings.find((f) => f.level === level);
    const edema = toggledEdema(finding?.edema ?? 'not-assessed');
    if (anchor && !finding?.measurement) anchors.current.set(level, anchor);
    const outcome = reading.assess(level, withSequence(level, { edema }, where));
    if (outcome.status === 'rejected') options.report(outcome.reason);
  };

  const assess = (row: AssessmentRow, changes: Partial<FractureAssessment>) => {
    const outcome = reading.assess(row.level, withSequence(row.level, changes, seriesOfViewport(active)));
    if (outcome.status === 'rejected') options.report(outcome.reason);
  };

  const rows = useMemo(() => assessmentRows(snapshot.reading, snapshot.results), [snapshot.reading, snapshot.results]);
  const sentences = useMemo(() => reportSentences(snapshot.reading, snapshot.results), [snapshot.reading, snapshot.results]);

  /**
   * Whether the study in the active viewport has a fluid-sensitive MR series (STIR, T2 fat-sat), where marrow
   * edema is judged: the edema hint is shown only then, not on a radiograph or CT.
   */
  const activeStudyUid = seriesOfViewport(active)?.instances[0]?.studyInstanceUid;
  const fluidSensitive = series.some((s) => s.instances[0]?.studyInstanceUid === activeStudyUid && fluidSensitiveSeries(s));

  /** What each viewport's series was recognised as, for its header; null for non-MR series. */
  const sequenceOf = (index: number) => {
    const s = seriesOfViewport(index);
    const recognised = s ? recognizeSequence(s, overrides) : null;
    return s && recognised ? { seriesInstanceUid: s.seriesInstanceUid, ...recognised, overridden: s.seriesInstanceUid in overrides } : null;
  };

  const setSequenceOverride = (seriesInstanceUid: string, sequence: EdemaSequence | null) =>
    setOverrides((current) => {
      const { [seriesInstanceUid]: _old, ...rest } = current;
      return sequence ? { ...rest, [seriesInstanceUid]: sequence } : rest;
    });

  /** Where the slice of a viewport lies, and how far the linked viewport's slice is from it. */
  const sliceLocation = (index: number) => {
    const geometryAt = (i: number) => {
      const s = seriesOfViewport(i);
      const imageIndex = imageIndices[i];
      if (!s || imageIndex === null || imageIndex === undefined) return null;
      return sliceGeometryOf(s.frames[imageIndex]);
    };
    const here = geometryAt(index);
    if (!here) return null;
    const linked = layout === '1x2' && link.slices;
    const other = linked ? geometryAt(1 - index) : null;
    const offsetMm = other && comparable(here, other) ? Math.abs(distanceBetween(here, other)) : null;
    return { location: locationLabel(here), offsetMm };
  };

  /** A reason the two viewports cannot be linked, for the link bar. */
  const linkProblem = (() => {
    if (layout !== '1x2' || !link.slices) return null;
    const [a, b] = [seriesOfViewport(0), seriesOfViewport(1)];
    if (!a || !b || a === b) return null;
    const ga = sliceGeometryOf(a.frames[0]);
    const gb = sliceGeometryOf(b.frames[0]);
    // Without positions, a single image (a radiograph) has no slice to follow: nothing to link, nothing to say.
    if (!ga || !gb) return a.frames.length > 1 && b.frames.length > 1 ? 'Not linked: a series has no patient position.' : null;
    if (!ga.frameOfReferenceUid || ga.frameOfReferenceUid !== gb.frameOfReferenceUid) return 'Not linked: another frame of reference.';
    if (!comparable(ga, gb)) return 'Not linked: the slices are not parallel.';
    return null;
  })();

  return {
    hang,
    canHang,
    hanging: hanging && shown.slice(0, 2).join('|') === hanging.seriesInstanceUids.join('|') && layout === '1x2' ? hanging : null,
    link,
    setLink,
    linkProblem,
    toggleEdema,
    assess,
    rows,
    sentences,
    sequenceOf,
    fluidSensitive,
    setSequenceOverride,
    sliceLocation,
  };
}
