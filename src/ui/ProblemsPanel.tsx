export interface Problem {
  file: string;
  reason: string;
}

/** Files that could not be shown, each with its reason; what did load is unaffected. */
export function ProblemsPanel({ problems, onClear }: { problems: readonly Problem[]; onClear: () => void }) {
  // Always on the page, so that a screen reader hears when problems arrive.
  const announcement = (
    <p className="visually-hidden" role="status">
      {problems.length > 0 && `${problems.length} ${problems.length === 1 ? 'file' : 'files'} not shown: ${problems[problems.length - 1]!.file}: ${problems[problems.length - 1]!.reason}`}
    </p>
  );
  if (problems.length === 0) return announcement;
  return (
    <>
    {announcement}
    <section className="problems" aria-label="Problems" role="region">
      <header>
        <h2>
          {problems.length} {problems.length === 1 ? 'file' : 'files'} not shown
        </h2>
        <button type="button" onClick={onClear}>
          Clear
        </button>
      </header>
      <ul>
        {problems.map((p, i) => (
          <li key={`${p.file}-${i}`}>
            <strong>{p.file}</strong>: {p.reason}
          </li>
        ))}
      </ul>
    </section>
    </>
  );
}
