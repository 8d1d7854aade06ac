import { useEffect, useRef, useState } from 'react';
import { utilities } from '@cornerstonejs/core';

/** A small rendering of one image (the middle of a series), drawn by Cornerstone into a canvas. */
export function Thumbnail({ imageId, size = 96, label }: { imageId: string | null; size?: number; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (!imageId || !canvas.current) return;
    let current = true;
    setFailed(false);
    utilities.loadImageToCanvas({ canvas: canvas.current, imageId, thumbnail: true }).catch(() => current && setFailed(true));
    return () => {
      current = false;
    };
  }, [imageId]);

  return (
    <div className="thumbnail" style={{ width: size, height: size }}>
      <canvas ref={canvas} width={size} height={size} role="img" aria-label={label} />
      {failed && <span className="thumbnail-failed">no preview</span>}
    </div>
  );
}
