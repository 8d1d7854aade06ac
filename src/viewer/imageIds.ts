import { wadouri } from '@cornerstonejs/dicom-image-loader';

/** What a displayed image was made from, so that a failed load can name the file. */
export interface FrameSource {
  file: Blob;
  fileName: string;
  frame: number;
  numberOfFrames: number;
}

const fileIds = new WeakMap<Blob, string>();
const fileNameByImageId = new Map<string, string>();

/** The Cornerstone image id of one frame of a local file; each file is registered once. */
export function imageIdFor({ file, fileName, frame, numberOfFrames }: FrameSource): string {
  let base = fileIds.get(file);
  if (!base) {
    base = wadouri.fileManager.add(file);
    fileIds.set(file, base);
  }
  const imageId = numberOfFrames > 1 ? `${base}?frame=${frame}` : base;
  // A frame is named as such, so that a frame that cannot be shown is not taken for the whole file.
  fileNameByImageId.set(imageId, numberOfFrames > 1 ? `${fileName}, frame ${frame}` : fileName);
  return imageId;
}

export function fileNameOf(imageId: string): string {
  return fileNameByImageId.get(imageId) ?? imageId;
}

/** Names an image loaded some other way (e.g. from a DICOMweb server) for the messages about it. */
export function nameImage(imageId: string, name: string): void {
  fileNameByImageId.set(imageId, name);
}
