import type { ReactNode } from 'react';

export interface CatalogStudy {
  id: string;
  title: string;
  description: string;
  teachingPoints: string[];
  modality: string;
  files: string[];
  /** A small PNG of the study (sample-data/ path), shown instead of downloading its DICOM files. */
  preview: string;
}

interface Props {
  studies: readonly CatalogStudy[] | null;
  catalogError: string | null;
  onOpenSample: (id: string) => void;
  onOpenPacs: () => void;
  previewUrl: (study: CatalogStudy) => string;
  /** The teaching session's start (trainee name, case packs). */
  teaching: ReactNode;
}

/** The first screen: the bundled sample studies, one card each; files can also be opened or dropped. */
export function StartScreen({ studies, catalogError, onOpenSample, onOpenPacs, previewUrl, teaching }: Props) {
  return (
    <section className="start-screen" aria-label="Sample studies">
      <h2>Kypho</h2>
      <p className="lead">
        Vertebral fracture assessment: six-point morphometry, Genant grading and fracture age. Open a sample study, or
        open or drop DICOM files and folders anywhere on this page, or{' '}
        <button type="button" className="link" onClick={onOpenPacs}>
          search a PACS
        </button>
        .
      </p>
      {catalogError && <p className="warning">{catalogError}</p>}
      {studies === null && !catalogError && <p className="muted">Loading the sample catalog…</p>}
      <ul className="catalog">
        {studies?.map((study) => (
          <li key={study.id}>
            <button type="button" className="catalog-card" onClick={() => onOpenSample(study.id)} data-sample-id={study.id}>
              <span className="thumbnail" style={{ width: 160, height: 160 }}>
                <img src={previewUrl(study)} alt={`${study.title} preview`} width={160} height={160} />
              </span>
              <span className="card-text">
                <strong>{study.title}</strong>
                <span className="muted">
                  {study.modality}, {study.files.length} {study.files.length === 1 ? 'image file' : 'image files'}
                </span>
                <span>{study.description}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
      {teaching}
    </section>
  );
}
