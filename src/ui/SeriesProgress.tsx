/** How many images of a series are loaded, as a bar and in words; failures in the error colour. */
export function SeriesProgress({ loaded, failed, total }: { loaded: number; failed: number; total: number }) {
  const done = loaded + failed >= total;
  return (
    <span className={`series-progress${done ? ' done' : ''}${failed ? ' with-failures' : ''}`}>
      <span
        className="bar"
        role="progressbar"
        aria-label="Images loaded"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={loaded}
        aria-valuetext={`${loaded} of ${total} images loaded${failed ? `, ${failed} failed` : ''}`}
      >
        <span className="loaded" style={{ width: `${total ? (100 * loaded) / total : 0}%` }} />
        <span className="failed" style={{ width: `${total ? (100 * failed) / total : 0}%` }} />
      </span>
      <span className="count">
        {loaded}/{total} loaded
        {failed > 0 && <span className="error"> · {failed} failed</span>}
      </span>
    </span>
  );
}
