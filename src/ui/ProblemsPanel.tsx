import type { FailureGroup } from '../app/retrievalFailures';

export interface Problem {
  file: string;
  reason: string;
}

interface Props {
  problems: readonly Problem[];
  onClear: () => void;
  /** Images of DICOMweb series that could not be retrieved, one line per series and reason. */
  failureGroups?: readonly FailureGroup[];
  onRetry?: (seriesInstanceUid: string) => void;
}

/** "2 files", "1 image" (a frame of a multi-frame file is an image), "3 files or images". */
function notShown(problems: readonly Problem[]): string {
  const frames = problems.filter((p) => /, frame \d+$/.test(p.file)).length;
  const noun = frames === 0 ? ['file', 'files'] : frames === problems.length ? ['image', 'images'] : ['file or image', 'files or images'];
  return `${problems.length} ${problems.length === 1 ? noun[0] : noun[1]} not shown`;
}

/** Files (or frames of files) that could not be shown, each with its reason; what did load is unaffected. */
export function ProblemsPanel({ problems, onClear, failureGroups = [], onRetry }: Props) {
  // Always on the page, so that a screen reader hears when problems arrive.
  const last = problems[problems.length - 1];
  const lastGroup = failureGroups[failureGroups.length - 1];
  const announcement = (
    <p className="visually-hidden" role="status">
      {last ? `${notShown(problems)}: ${last.file}: ${last.reason}` : (lastGroup?.text ?? '')}
    </p>
  );
  if (problems.length === 0 && failureGroups.length === 0) return announcement;
  return (
    <>
      {announcement}
      <section className="problems" aria-label="Problems" role="region">
        {failureGroups.length > 0 && (
          <ul className="failure-groups">
            {failureGroups.map((group) => (
              <li key={group.text}>
                <strong>{group.text}</strong>
                {onRetry && (
                  <button type="button" onClick={() => onRetry(group.seriesInstanceUid)}>
                    Retry
                  </button>
                )}
                <details>
                  <summary>Which images</summary>
                  <ul>
                    {group.images.map((image) => (
                      <li key={image.name}>
                        <strong>{image.name}</strong>: {image.message}
                      </li>
                    ))}
                  </ul>
                </details>
              </li>
            ))}
          </ul>
        )}
        {problems.length > 0 && (
          <>
            <header>
              <h2>{notShown(problems)}</h2>
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
          </>
        )}
      </section>
    </>
  );
}
