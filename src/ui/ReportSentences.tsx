import { useState } from 'react';
import { negativeSentence, type ReportSentences as Sentences } from '../reading';

/** The report's words (morphometry.md section 8), as they stand after the last edit, with a copy button. */
export function ReportSentences({
  sentences,
  empty,
  measuredLevels = [],
}: {
  sentences: Sentences;
  /** Nothing measured or judged yet. */
  empty: boolean;
  /** Cranial to caudal: "no fracture" is said of these only. */
  measuredLevels?: readonly string[];
}) {
  const [copied, setCopied] = useState(false);
  const text = [...sentences.checks, ...sentences.vertebrae, ...sentences.spine, sentences.sdi].join('\n');
  const copy = () => {
    void navigator.clipboard?.writeText(text).then(
      () => {
        setCopied(true);
        window.setTimeout(() => setCopied(false), 1500);
      },
      () => setCopied(false),
    );
  };
  return (
    <section className="report-sentences" aria-label="Report">
      <header className="results-header">
        <h2>Report</h2>
        <button type="button" className="small" onClick={copy} title="Copy the report text">
          {copied ? 'Copied' : 'Copy'}
        </button>
      </header>
      <div className="report-text" data-field="report">
        {sentences.checks.map((sentence) => (
          <p key={sentence} className="report-check">
            ⚠ {sentence}
          </p>
        ))}
        {sentences.vertebrae.length === 0 && (
          <p className="muted">{empty || measuredLevels.length === 0 ? 'Nothing measured or judged yet.' : negativeSentence(measuredLevels)}</p>
        )}
        {[...sentences.vertebrae, ...sentences.spine].map((sentence) => (
          <p key={sentence}>{sentence}</p>
        ))}
        <p className="report-sdi">{sentences.sdi}</p>
      </div>
    </section>
  );
}
