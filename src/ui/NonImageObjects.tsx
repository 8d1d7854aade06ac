import type { NonImageObject } from '../dicom';
import type { ReportDescription } from '../app/useStudyReports';

interface Props<S> {
  objects: readonly NonImageObject<S>[];
  /** What each structured report is (undefined while it is read). */
  describe: (object: NonImageObject<S>) => ReportDescription | undefined;
  isShown: (object: NonImageObject<S>) => boolean;
  onImport: (object: NonImageObject<S>) => void;
  onToggleShown: (object: NonImageObject<S>) => void;
}

/**
 * Reports and presentation states kept aside. A structured report is listed as what it is: a Kypho reading
 * can be imported; another viewer's measurements can be shown on their images, read-only, and are not offered
 * for import.
 */
export function NonImageObjects<S>({ objects, describe, isShown, onImport, onToggleShown }: Props<S>) {
  if (objects.length === 0) return null;
  const reports = objects.filter((o) => o.category === 'structured-report');
  return (
    <section className="non-image" aria-label="Non-image objects">
      <p className="muted">
        {objects.length} non-image {objects.length === 1 ? 'object' : 'objects'} (reports, presentation states) kept aside.
      </p>
      {reports.length > 0 && (
        <ul>
          {reports.map((r) => {
            const description = describe(r);
            const shapes = description?.kind === 'foreign' ? description.shapes.length : 0;
            return (
              <li key={r.sopInstanceUid ?? r.fileName} data-kind={description?.kind ?? 'reading'}>
                <span title={[r.sopClassName, r.seriesDescription].filter(Boolean).join(': ')}>{description?.label ?? r.seriesDescription ?? r.fileName}</span>{' '}
                {description?.kind === 'kypho' && (
                  <button type="button" onClick={() => onImport(r)} aria-label={`Import reading from ${r.fileName}`}>
                    Import reading
                  </button>
                )}
                {shapes > 0 && (
                  <button
                    type="button"
                    aria-pressed={isShown(r)}
                    onClick={() => onToggleShown(r)}
                    title="Draw its lines and points on the images, read-only: nothing of it enters the reading"
                  >
                    {isShown(r) ? 'Hide from images' : 'Show on images'}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
