/**
 * A series as a Cornerstone volume, streamed slice by slice with progress. The caller checks first
 * (dicom/volumeCheck.ts) that the slices form an undistorted volume: Cornerstone itself would not notice
 * a missing slice. The image ids must be in order along the slice normal (the study model's order).
 */
import { cache, Enums, eventTarget, metaData, volumeLoader, type Types } from '@cornerstonejs/core';
import { wadouri } from '@cornerstonejs/dicom-image-loader';
import { Enums as MetadataEnums, utilities as metadataUtilities } from '@cornerstonejs/metadata';

const LOADER_SCHEME = 'cornerstoneStreamingImageVolume';

export function volumeIdFor(seriesInstanceUid: string): string {
  return `${LOADER_SCHEME}:kypho-${seriesInstanceUid}`;
}

/**
 * Cornerstone builds a volume's geometry from every slice's metadata (position, orientation, pixel module),
 * which the file loader knows only once it has read the file: read them all first, the way the loader
 * itself does (a Part 10 instance added to the metadata store, then decoded slice by slice from there).
 */
const { MetadataModules } = MetadataEnums;

async function readMetadata(imageIds: readonly string[]): Promise<void> {
  await Promise.all(
    imageIds.map(async (imageId) => {
      // Local files only: the DICOMweb loader (`wadors:`) has every instance's metadata registered beforehand.
      if (!imageId.startsWith('dicomfile:') || metaData.get(MetadataModules.NATURALIZED, imageId)) return;
      const { url } = wadouri.parseImageId(imageId);
      const bytes = (await wadouri.loadFileRequest(url)) as ArrayBuffer;
      await metadataUtilities.addDicomPart10Instance(imageId, bytes);
    }),
  );
}

/** The series a volume was made from, as Cornerstone read it from the first slice. */
export function seriesOfVolume(volumeId: string): string | null {
  return (cache.getVolume(volumeId)?.metadata as { SeriesInstanceUID?: string } | undefined)?.SeriesInstanceUID ?? null;
}

export interface VolumeProgress {
  loaded: number;
  total: number;
}

/**
 * Creates the volume (reading the first, middle and last slices for its geometry) and starts streaming the
 * rest. `volume` resolves once the geometry is known, so viewports can show the slices as they arrive;
 * `loaded` resolves when every slice has been processed, with how many of them failed to decode.
 */
export async function createSeriesVolume(
  seriesInstanceUid: string,
  imageIds: readonly string[],
  onProgress: (progress: VolumeProgress) => void,
): Promise<{ volume: Types.IImageVolume; loaded: Promise<{ failed: number }> }> {
  const volumeId = volumeIdFor(seriesInstanceUid);
  if (!cache.getVolume(volumeId)) await readMetadata(imageIds);
  // Cornerstone may sort or reverse the list in place: give it a copy.
  const volume = await volumeLoader.createAndCacheVolume(volumeId, { imageIds: [...imageIds] });
  const total = volume.imageIds.length;
  const streaming = volume as Types.IImageVolume & {
    load?: (callback?: (evt: { framesProcessed: number }) => void) => void;
    loadStatus?: { loaded: boolean };
    cachedFrames?: number[];
  };
  const failedFrames = () => total - (streaming.cachedFrames ?? []).filter((status) => status === Enums.ImageQualityStatus.FULL_RESOLUTION).length;
  if (streaming.loadStatus?.loaded) {
    onProgress({ loaded: total, total });
    return { volume, loaded: Promise.resolve({ failed: failedFrames() }) };
  }
  const loaded = new Promise<{ failed: number }>((resolve) => {
    const onModified = (evt: Event) => {
      const detail = (evt as CustomEvent<{ volumeId: string; framesProcessed: number }>).detail;
      if (detail.volumeId === volumeId) onProgress({ loaded: detail.framesProcessed, total });
    };
    const onCompleted = (evt: Event) => {
      if ((evt as CustomEvent<{ volumeId: string }>).detail.volumeId !== volumeId) return;
      eventTarget.removeEventListener(Enums.Events.IMAGE_VOLUME_MODIFIED, onModified);
      eventTarget.removeEventListener(Enums.Events.IMAGE_VOLUME_LOADING_COMPLETED, onCompleted);
      onProgress({ loaded: total, total });
      resolve({ failed: failedFrames() });
    };
    eventTarget.addEventListener(Enums.Events.IMAGE_VOLUME_MODIFIED, onModified);
    eventTarget.addEventListener(Enums.Events.IMAGE_VOLUME_LOADING_COMPLETED, onCompleted);
  });
  onProgress({ loaded: 0, total });
  streaming.load?.();
  return { volume, loaded };
}
