import { useEffect, useState } from 'react';
import { RenderingEngine } from '@cornerstonejs/core';
import { initCornerstone } from './cornerstone';

/** One rendering engine for the page, created after Cornerstone is initialised and destroyed on unmount. */
export function useRenderingEngine(): { engine: RenderingEngine | null; error: string | null } {
  const [engine, setEngine] = useState<RenderingEngine | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let created: RenderingEngine | null = null;
    let cancelled = false;
    initCornerstone().then(
      () => {
        if (cancelled) return;
        created = new RenderingEngine('kypho');
        setEngine(created);
      },
      (e: unknown) => setError(`The image viewer could not start: ${e instanceof Error ? e.message : String(e)}`),
    );
    return () => {
      cancelled = true;
      created?.destroy();
      setEngine(null);
    };
  }, []);
  return { engine, error };
}
