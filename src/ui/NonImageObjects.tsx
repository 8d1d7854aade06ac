import type { NonImageObject } from '../dicom';

interface Props<S> {
  objects: readonly NonImageObject<S>[];
  onImport: (object: NonImageObject<S>) => void;
}

/** Reports and presentation states kept aside; a structured report may be a reading to import. */
export function NonImageObjects<S>({ objects, onImport }: Props<S>) {
  if (objects.length === 0) return null;
  const reports = objects.filter((o) => o.category === 'structured-report');
  return (
    <section className="non-image" aria-label="Non-image objects">
      <p className="muted">
        {objects.length} non-image {objects.length === 1 ? 'object' : 'objects'} (reports, presentation states) kept aside.
      </p>
      {reports.length > 0 && (
        <ul>
          {reports.map((r) => (
            <li key={r.sopInstanceUid ?? r.fileName}>
              <span title={r.sopClassName}>{r.seriesDescription || r.fileName}</span>{' '}
              <button type="button" onClick={() => onImport(r)} aria-label={`Import reading from ${r.fileName}`}>
                Import reading
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
