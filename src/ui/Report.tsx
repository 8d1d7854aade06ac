import { useEffect, useRef } from 'react';
import { METHOD_NAMES, formatHeight, formatLoss, formatRatio, type ResultRow } from '../reading';
import { documentPlacementNotes, informativeAge, type ReadingDocument } from '../persistence/readingDocument';
import { reportSentences } from '../persistence/reportText';
import { formatPersonName } from '../dicom';
import { formatDicomDate } from './format';
import { isoMinutes, signOffLine, type SignOff } from '../persistence/signOff';
import { useFocusTrap } from './focus';
import { SpineChart } from './SpineChart';
import { FollowUpReport } from './FollowUpReport';
import type { Comparison } from '../morphometry';
import './report.css';

export interface KeyImage {
  key: string;
  caption: string;
  /** A PNG data URL, or null while it is drawn, or an error text. */
  src: string | null;
  error?: string;
}

interface Props {
  document: ReadingDocument;
  /** The results of the same reading, for the spine chart. */
  rows: readonly ResultRow[];
  keyImages: readonly KeyImage[];
  /** The comparison with a prior reading, when the reader compared one (a follow-up). */
  followUp?: Comparison | null;
  /** Who read it (the reader named beside Export), and the study's accession number, from its images. */
  reader?: { name: string; organization?: string } | null;
  accessionNumber?: string;
  /** Signed (by whom, when), or preliminary. */
  signOff?: SignOff;
  onClose: () => void;
}


const dash = (value: number | null, format: (v: number) => string) => (value === null ? '—' : format(value));

/**
 * The printable report: patient and study, method, the table, the spine chart, the report sentences and the
 * key images with their annotations. Printing it (or saving as PDF) prints only this page.
 */
export function Report({ document, rows, keyImages, followUp, reader: named, accessionNumber, signOff = {}, onClose }: Props) {
  // A signed reading is the signer's, whoever is named in this browser now.
  const reader = signOff.signed?.reader ?? named;
  const { study } = document;
  const sentences = reportSentences(document);
  const notes = document.vertebrae.filter((v) => v.note);
  const units = [...new Set(document.vertebrae.map((v) => v.unit).filter(Boolean))];
  const calibrations = [...new Set(document.vertebrae.map((v) => v.measurement?.calibration).filter(Boolean))];

  const page = useRef<HTMLDivElement>(null);
  useFocusTrap(page);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  return (
    <div className="report-page" role="dialog" aria-modal="true" aria-label="Report" ref={page}>
      <div className="report-actions">
        <button type="button" onClick={() => window.print()}>
          Print / save as PDF
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <article className="report">
        <header>
          <h1>Vertebral fracture assessment</h1>
          <dl className="report-study">
            <dt>Patient</dt>
            <dd data-field="report-patient">{formatPersonName(study.patientName) || '—'}</dd>
            <dt>Patient ID</dt>
            <dd>{study.patientId || '—'}</dd>
            <dt>Study date</dt>
            <dd>{formatDicomDate(study.studyDate) || '—'}</dd>
            <dt>Accession</dt>
            <dd data-field="report-accession">{accessionNumber || '—'}</dd>
            <dt>Study UID</dt>
            <dd className="uid">{study.studyInstanceUid}</dd>
            <dt>Method</dt>
            <dd data-field="report-method">
              Genant semi-quantitative grading by six-point morphometry; height loss by {METHOD_NAMES[document.method]}
              {calibrations.length > 0 && `; heights in ${calibrations.join(', ')}`}
            </dd>
            <dt>Read</dt>
            <dd data-field="report-read">{document.modified ? isoMinutes(document.modified) : '—'}</dd>
            <dt>Reader</dt>
            <dd data-field="report-reader">
              {reader ? `${formatPersonName(reader.name)}${reader.organization ? `, ${reader.organization}` : ''}` : 'not named (see Reader beside Export)'}
            </dd>
            <dt>Sign-off</dt>
            <dd data-field="report-sign-off">{signOffLine(signOff, formatPersonName)}</dd>
          </dl>
        </header>

        <section className="report-summary" aria-label="Summary">
          <h2>Summary</h2>
          <ul>
            {sentences.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
        </section>

        {followUp && <FollowUpReport comparison={followUp} />}

        <section className="report-results">
          <table className="report-table">
            <thead>
              <tr>
                <th>Level</th>
                <th>Ha{units.length === 1 ? ` (${units[0]})` : ''}</th>
                <th>Hm</th>
                <th>Hp</th>
                <th>Ha/Hp</th>
                <th>Hm/Hp</th>
                <th>Hp/adj</th>
                <th>Loss %</th>
                <th>Grade</th>
                <th>Type</th>
                <th>Edema</th>
                <th>Age</th>
              </tr>
            </thead>
            <tbody>
              {document.vertebrae.map((v) => (
                <tr key={v.level} data-level={v.level}>
                  <th scope="row">
                    {v.level}
                    {documentPlacementNotes(v).map((note) => (
                      <span key={note} className="report-placement-note" data-field="placement-note">
                        ⚠ {note}
                      </span>
                    ))}
                  </th>
                  <td>{dash(v.ha, formatHeight)}</td>
                  <td>{dash(v.hm, formatHeight)}</td>
                  <td>{dash(v.hp, formatHeight)}</td>
                  <td>{dash(v.wedgeRatio, (x) => formatRatio(x))}</td>
                  <td>{dash(v.biconcaveRatio, (x) => formatRatio(x))}</td>
                  <td>{dash(v.crushRatio, (x) => formatRatio(x))}</td>
                  <td>{dash(v.heightLoss, formatLoss)}</td>
                  <td>{v.grade ?? '—'}</td>
                  <td>{v.type ?? ''}</td>
                  <td>
                    {v.edema === 'not-assessed' ? '' : v.edema}
                    {v.edemaExtent ? ` ${v.edemaExtent}` : ''}
                  </td>
                  <td data-field="age">
                    {informativeAge(v) ?? ''}
                    {v.suspiciousForMalignancy ? ' ⚠ malignancy?' : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="report-chart">
            <SpineChart rows={rows} selectedId={null} onSelect={() => {}} />
          </div>
        </section>

        {notes.length > 0 && (
          <section>
            <h2>Notes</h2>
            <ul>
              {notes.map((v) => (
                <li key={v.level}>
                  {v.level}: {v.note}
                </li>
              ))}
            </ul>
          </section>
        )}

        {keyImages.length > 0 && (
          <section className="report-images" aria-label="Key images">
            <h2>Key images</h2>
            {keyImages.map((k) => (
              <figure key={k.key}>
                {k.src ? <img src={k.src} alt={k.caption} /> : <p className="muted">{k.error ?? 'Drawing…'}</p>}
                <figcaption>{k.caption}</figcaption>
              </figure>
            ))}
          </section>
        )}
        <footer className="muted small">
          Kypho · kypho.reading/v1 · SDI counts Genant grades over T4-L4. For clinical use, read together with the images.
        </footer>
      </article>
    </div>
  );
}
