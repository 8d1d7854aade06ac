import { formatDicomDate } from './format';

export interface OverlayInfo {
  patientName: string;
  patientId: string;
  studyDate: string | null;
  seriesDescription: string;
  modality: string;
  /** Calibration label of morphometry.md section 6 and, where heights would not be true patient mm, why. */
  calibration: { label: string; warning: string | null };
}

export interface OverlayView {
  imageIndex: number;
  imageCount: number;
  windowWidth: number | null;
  windowCenter: number | null;
  zoom: number | null;
}

/** What a screen reader says of a viewport: whose image, which series, which image of how many. */
export function describeViewport(info: Pick<OverlayInfo, 'patientName' | 'modality' | 'seriesDescription'>, view: Pick<OverlayView, 'imageIndex' | 'imageCount'> | null): string {
  const series = [info.modality, info.seriesDescription].filter(Boolean).join(' ') || 'series without a description';
  return `${info.patientName || 'Patient without a name'}, ${series}${view ? `, image ${view.imageIndex + 1} of ${view.imageCount}` : ', loading'}`;
}

/** The four-corner text over a viewport. Plain React text: nothing from a DICOM file becomes HTML. */
export function ViewportOverlay({ info, view }: { info: OverlayInfo; view: OverlayView | null }) {
  return (
    <div className="overlay">
      {/* One row, so that in a narrow viewport the patient's lines give way (cut short) rather than run under the series'. */}
      <div className="top-row">
        <div className="corner top-left">
          <div data-field="patient">{info.patientName}</div>
          <div data-field="patient-id">ID {info.patientId}</div>
          <div data-field="study-date">{formatDicomDate(info.studyDate)}</div>
        </div>
        <div className="corner top-right">
          <div data-field="series">
            {info.modality} {info.seriesDescription}
          </div>
          {view && (
            <div data-field="image">
              Image {view.imageIndex + 1}/{view.imageCount}
            </div>
          )}
        </div>
      </div>
      <div className="corner bottom-left">
        {view && view.windowWidth !== null && view.windowCenter !== null && (
          <div data-field="window">
            W {Math.round(view.windowWidth)} L {Math.round(view.windowCenter)}
          </div>
        )}
        {view?.zoom != null && <div data-field="zoom">Zoom {view.zoom.toFixed(2)}x</div>}
      </div>
      <div className="corner bottom-right">
        <div data-field="calibration" className={info.calibration.warning ? 'warning' : undefined} title={info.calibration.warning ?? undefined}>
          Spacing: {info.calibration.label}
          {info.calibration.warning && ' ⚠'}
        </div>
        {info.calibration.warning && <div className="warning small">{info.calibration.warning}</div>}
      </div>
    </div>
  );
}
