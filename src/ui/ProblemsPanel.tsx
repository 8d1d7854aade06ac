export interface Problem {
  file: string;
  reason: string;
}

/** Files that could not be shown, each with its reason; what did load is unaffected. */
export function ProblemsPanel({ problems, onClear }: { problems: readonly Problem[]; onClear: () => void }) {
  if (problems.length === 0) return null;
  return (
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
  );
}
