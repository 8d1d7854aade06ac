import type { ReactNode } from 'react';
import { formatPersonName, type Patient, type Series } from '../dicom';
import { formatDicomDate } from './format';

interface Props<S> {
  patients: readonly Patient<S>[];
  selectedSeriesUid: string | null;
  onSelectSeries: (series: Series<S>) => void;
  renderThumbnail: (series: Series<S>) => ReactNode;
  /** Shown under the series' text, e.g. how far its images have loaded. */
  renderStatus?: (series: Series<S>) => ReactNode;
}

/** The loaded patients, their studies and series; clicking a series shows it in the active viewport. */
export function StudyBrowser<S>({ patients, selectedSeriesUid, onSelectSeries, renderThumbnail, renderStatus }: Props<S>) {
  if (patients.length === 0) return <p className="muted">No study loaded.</p>;
  return (
    <nav aria-label="Studies" className="study-browser">
      {patients.map((patient) => (
        <section key={patient.patientId ?? patient.key} className="patient">
          <h2>
            {formatPersonName(patient.patientName) || 'Unnamed patient'} <span className="muted">{patient.patientId}</span>
          </h2>
          {patient.studies.map((study) => (
            <section key={study.studyInstanceUid} className="study">
              <h3>
                {formatDicomDate(study.studyDate)} {study.description}
              </h3>
              <ul>
                {study.series.map((series) => (
                  <li key={series.seriesInstanceUid}>
                    <button
                      type="button"
                      className={`series${series.seriesInstanceUid === selectedSeriesUid ? ' selected' : ''}`}
                      aria-pressed={series.seriesInstanceUid === selectedSeriesUid}
                      onClick={() => onSelectSeries(series)}
                      data-series-uid={series.seriesInstanceUid}
                    >
                      {renderThumbnail(series)}
                      <span className="series-text">
                        <strong>{series.modality ?? '??'}</strong> {series.description || '(no description)'}
                        <span className="muted">
                          {series.frames.length} {series.frames.length === 1 ? 'image' : 'images'}
                        </span>
                        {renderStatus?.(series)}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </section>
      ))}
    </nav>
  );
}
