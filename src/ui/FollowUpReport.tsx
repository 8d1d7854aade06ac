import type { Comparison } from '../morphometry';
import { followUpSentences } from '../reading';

/** The report's comparison paragraph (morphometry.md section 9): the prior's date and interval, the changes, the SDIs. */
export function FollowUpReport({ comparison }: { comparison: Comparison }) {
  const s = followUpSentences(comparison);
  return (
    <section className="report-follow-up" aria-label="Comparison with prior">
      <h2>Comparison with prior</h2>
      <p data-field="report-follow-up-intro">{s.intro}</p>
      <ul>
        {[...s.levels, ...s.onlyOne, s.sdi].map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {s.warnings.map((w) => (
        <p key={w} className="warning">
          {w}
        </p>
      ))}
    </section>
  );
}
