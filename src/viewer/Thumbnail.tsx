import { useEffect, useRef, useState } from 'react';
import { Enums, imageLoader, imageLoadPoolManager, type Types } from '@cornerstonejs/core';
import { afterFirstImageShown } from './firstImageShown';
import { thumbnailRgba } from './thumbnailPixels';

/** A small rendering of one image (the middle of a series), its pixels computed on the CPU (thumbnailPixels.ts). */
export function Thumbnail({ imageId, size = 96, label }: { imageId: string | null; size?: number; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!imageId || !context) return;
    let current = true;
    setFailed(false);
    // After the viewport's first image: a thumbnail loads an image of its own, with the same decoder and main thread.
    const draw = (image: Types.IImage) => {
      if (current) context.putImageData(new ImageData(thumbnailRgba(sourceOf(image), size), size, size), 0, 0);
    };
    const fail = () => {
      if (current) setFailed(true);
    };
    // Queued as a thumbnail (after what the reader looks at and the prefetch), as Cornerstone's own thumbnails are.
    void afterFirstImageShown().then(() => {
      if (!current) return;
      imageLoadPoolManager.addRequest(() => imageLoader.loadAndCacheImage(imageId).then(draw, fail), Enums.RequestType.Thumbnail, { imageId }, THUMBNAIL_PRIORITY);
    });
    return () => {
      current = false;
    };
  }, [imageId, size]);

  return (
    <div className="thumbnail" style={{ width: size, height: size }}>
      <canvas ref={canvas} width={size} height={size} role="img" aria-label={label} />
      {failed && <span className="thumbnail-failed">no preview</span>}
    </div>
  );
}

/** The priority Cornerstone's loadImageToCanvas gives a thumbnail. */
const THUMBNAIL_PRIORITY = -5;

const first = (value: number | number[] | undefined) => (Array.isArray(value) ? value[0] : value);

function sourceOf(image: Types.IImage) {
  // Pixels the loader already rescaled are modality values.
  const scaled = image.preScale?.scaled === true;
  return {
    columns: image.columns,
    rows: image.rows,
    pixels: image.getPixelData(),
    color: image.color,
    slope: scaled ? 1 : (image.slope ?? 1),
    intercept: scaled ? 0 : (image.intercept ?? 0),
    windowCenter: first(image.windowCenter),
    windowWidth: first(image.windowWidth),
    invert: image.invert,
    pixelAspect: image.rowPixelSpacing && image.columnPixelSpacing ? image.rowPixelSpacing / image.columnPixelSpacing : 1,
  };
}
