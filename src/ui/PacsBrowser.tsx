import { useMemo, useState, type ReactNode } from 'react';
import { formatPersonName } from '../dicom';
import type { SeriesSummary, StudyQuery, StudySummary } from '../dicom/dicomweb';
import { useFocusReturn } from './focus';
import { formatDicomDate } from './format';

/** What the browser shows of a request: nothing yet, under way, its result, or why it failed. */
export type Loadable<T> =
  | { readonly status: 'idle' }
  | { readonly status: 'loading' }
  | { readonly status: 'done'; readonly value: T }
  | { readonly status: 'failed'; readonly error: string };

interface Props {
  servers: readonly { id: string; name: string }[];
  activeServerId: string;
  /** Why the active server cannot be used (e.g. a bad URL), shown instead of searching. */
  serverProblem: string | null;
  onSelectServer: (id: string) => void;
  onEditServers: () => void;
  search: Loadable<{ studies: readonly StudySummary[]; truncated: boolean; skipped: number }>;
  maxStudies: number;
  onSearch: (query: StudyQuery) => void;
  selected: { study: StudySummary; series: Loadable<readonly SeriesSummary[]> } | null;
  onSelectStudy: (study: StudySummary | null) => void;
  renderSeriesThumbnail: (series: SeriesSummary) => ReactNode;
  /** Opens the study in the viewer, starting with `series` when given. */
  onOpenStudy: (study: StudySummary, series?: SeriesSummary) => void;
  onClose: () => void;
}

const PAGE_SIZE = 25;

const MODALITIES = ['CT', 'MR', 'DX', 'CR', 'RF', 'XA', 'NM', 'PT', 'US', 'SR'];

type SortKey = 'patient' | 'patientId' | 'date' | 'modalities' | 'description' | 'accession' | 'series' | 'images';

const COLUMNS: readonly { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: 'patient', label: 'Patient' },
  { key: 'patientId', label: 'Patient ID' },
  { key: 'date', label: 'Study date' },
  { key: 'modalities', label: 'Modality' },
  { key: 'description', label: 'Description' },
  { key: 'accession', label: 'Accession' },
  { key: 'series', label: 'Series', numeric: true },
  { key: 'images', label: 'Images', numeric: true },
];

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function sortValue(study: StudySummary, key: SortKey): string | number | undefined {
  switch (key) {
    case 'patient':
      return formatPersonName(study.patientName) || undefined;
    case 'patientId':
      return study.patientId;
    case 'date':
      return study.studyDate ? `${study.studyDate}${study.studyTime ?? ''}` : undefined;
    case 'modalities':
      return study.modalities.join(', ') || undefined;
    case 'description':
      return study.description;
    case 'accession':
      return study.accessionNumber;
    case 'series':
      return study.seriesCount;
    case 'images':
      return study.instanceCount;
  }
}

/** Absent values last in either direction: a reader sorting looks at what is there. */
function compareStudies(a: StudySummary, b: StudySummary, key: SortKey, direction: 1 | -1): number {
  const x = sortValue(a, key);
  const y = sortValue(b, key);
  if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? 1 : -1;
  const order = typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y));
  return order * direction;
}

function formatTime(value: string | undefined): string {
  const m = value && /^(\d{2})(\d{2})/.exec(value);
  return m ? `${m[1]}:${m[2]}` : '';
}

/** The PACS study list: search (QIDO-RS), sortable and paginated results, the series of the selected study. */
export function PacsBrowser(props: Props) {
  const { servers, activeServerId, serverProblem, search, selected } = props;
  const [query, setQuery] = useState<Required<StudyQuery>>({ patientName: '', patientId: '', studyDateFrom: '', studyDateTo: '', modality: '', accessionNumber: '' });
  const [sort, setSort] = useState<{ key: SortKey; direction: 1 | -1 }>({ key: 'date', direction: -1 });
  const [page, setPage] = useState(0);
  const [formError, setFormError] = useState<string | null>(null);
  useFocusReturn();

  const studies = search.status === 'done' ? search.value.studies : [];
  const sorted = useMemo(() => [...studies].sort((a, b) => compareStudies(a, b, sort.key, sort.direction)), [studies, sort]);
  const pages = Math.max(1, Math.ceil(sorted.length / PAGE_SIZE));
  const shownPage = Math.min(page, pages - 1);
  const rows = sorted.slice(shownPage * PAGE_SIZE, (shownPage + 1) * PAGE_SIZE);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (query.studyDateFrom && query.studyDateTo && query.studyDateFrom > query.studyDateTo) {
      setFormError('The start of the date range is after its end.');
      return;
    }
    setFormError(null);
    setPage(0);
    props.onSearch(query);
  };

  const field = (key: keyof StudyQuery) => ({
    value: query[key],
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setQuery({ ...query, [key]: e.currentTarget.value }),
  });

  const sortBy = (key: SortKey) => {
    setSort((current) => (current.key === key ? { key, direction: current.direction === 1 ? -1 : 1 } : { key, direction: key === 'date' ? -1 : 1 }));
    setPage(0);
  };

  return (
    <section
      className="pacs"
      aria-label="PACS"
      onKeyDown={(e) => {
        // Esc leaves the PACS screen, unless it belongs to a dialog or list opened inside it.
        if (e.key === 'Escape' && !(e.target as HTMLElement).closest('dialog, select')) props.onClose();
      }}
    >
      <header className="pacs-header">
        <h2>PACS</h2>
        <label className="pacs-server">
          Server
          <select aria-label="DICOMweb server" value={activeServerId} onChange={(e) => props.onSelectServer(e.currentTarget.value)}>
            {servers.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={props.onEditServers}>
          Servers…
        </button>
        <span className="spacer" />
        <button type="button" onClick={props.onClose}>
          Back to the viewer
        </button>
      </header>

      <form className="pacs-search" role="search" aria-label="Study search" onSubmit={submit}>
        <label>
          Patient name
          <input type="search" placeholder="any part of the name" autoFocus {...field('patientName')} />
        </label>
        <label>
          Patient ID
          <input type="search" {...field('patientId')} />
        </label>
        <label>
          Study date from
          <input type="date" {...field('studyDateFrom')} />
        </label>
        <label>
          to
          <input type="date" {...field('studyDateTo')} />
        </label>
        <label>
          Modality
          <select {...field('modality')}>
            <option value="">Any</option>
            {MODALITIES.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <label>
          Accession
          <input type="search" {...field('accessionNumber')} />
        </label>
        <div className="pacs-search-actions">
          <button type="submit" className="primary" disabled={search.status === 'loading'}>
            Search
          </button>
          <button
            type="button"
            onClick={() => setQuery({ patientName: '', patientId: '', studyDateFrom: '', studyDateTo: '', modality: '', accessionNumber: '' })}
          >
            Clear
          </button>
        </div>
      </form>

      <div className={`pacs-body${selected ? ' with-series' : ''}`}>
        <div className="pacs-results">
          <SearchStatus search={search} problem={serverProblem ?? formError} max={props.maxStudies} />
          {sorted.length > 0 && (
            <>
              <div className="table-scroll">
                <table className="study-table" aria-label="Studies found">
                  <thead>
                    <tr>
                      {COLUMNS.map((c) => (
                        <th
                          key={c.key}
                          className={c.numeric ? 'number' : undefined}
                          aria-sort={sort.key === c.key ? (sort.direction === 1 ? 'ascending' : 'descending') : 'none'}
                        >
                          <button type="button" onClick={() => sortBy(c.key)}>
                            {c.label}
                            <span className="sort-mark" aria-hidden="true">
                              {sort.key === c.key ? (sort.direction === 1 ? '▲' : '▼') : ''}
                            </span>
                          </button>
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((study) => {
                      const isSelected = selected?.study.studyInstanceUid === study.studyInstanceUid;
                      return (
                        <tr
                          key={study.studyInstanceUid}
                          className={isSelected ? 'selected' : undefined}
                          aria-selected={isSelected}
                          data-study-uid={study.studyInstanceUid}
                          tabIndex={0}
                          onClick={() => props.onSelectStudy(isSelected ? null : study)}
                          onDoubleClick={() => props.onOpenStudy(study)}
                          onKeyDown={(e) => {
                            if (e.key === 'Enter') props.onOpenStudy(study);
                            if (e.key === ' ') {
                              e.preventDefault();
                              props.onSelectStudy(isSelected ? null : study);
                            }
                          }}
                        >
                          <td className="patient">{formatPersonName(study.patientName) || <span className="muted">(no name)</span>}</td>
                          <td>{study.patientId}</td>
                          <td className="date">
                            {formatDicomDate(study.studyDate)} <span className="muted">{formatTime(study.studyTime)}</span>
                          </td>
                          <td>
                            {study.modalities.map((m) => (
                              <span key={m} className="modality">
                                {m}
                              </span>
                            ))}
                          </td>
                          <td className="description">{study.description}</td>
                          <td>{study.accessionNumber}</td>
                          <td className="number">{study.seriesCount ?? '–'}</td>
                          <td className="number">{study.instanceCount ?? '–'}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
              <nav className="pager" aria-label="Result pages">
                <span className="muted">
                  {shownPage * PAGE_SIZE + 1}–{shownPage * PAGE_SIZE + rows.length} of {sorted.length}
                </span>
                <button type="button" disabled={shownPage === 0} onClick={() => setPage(shownPage - 1)}>
                  ‹ Previous
                </button>
                <span>
                  Page {shownPage + 1} of {pages}
                </span>
                <button type="button" disabled={shownPage >= pages - 1} onClick={() => setPage(shownPage + 1)}>
                  Next ›
                </button>
              </nav>
            </>
          )}
        </div>

        {selected && (
          <aside className="pacs-series" aria-label="Series of the selected study">
            <header>
              <h2>{formatPersonName(selected.study.patientName) || '(no name)'}</h2>
              <p className="muted">
                {formatDicomDate(selected.study.studyDate)} · {selected.study.description || 'no description'}
                {selected.study.accessionNumber ? ` · ${selected.study.accessionNumber}` : ''}
              </p>
              <button type="button" className="primary" onClick={() => props.onOpenStudy(selected.study)}>
                Open study
              </button>
            </header>
            {selected.series.status === 'loading' && <p className="muted">Loading the series…</p>}
            {selected.series.status === 'failed' && (
              <p className="error" role="alert">
                {selected.series.error}
              </p>
            )}
            {selected.series.status === 'done' && (
              <ul className="series-cards">
                {selected.series.value.map((series) => (
                  <li key={series.seriesInstanceUid}>
                    <button
                      type="button"
                      className="series-card"
                      data-series-uid={series.seriesInstanceUid}
                      title="Open the study on this series"
                      onClick={() => props.onOpenStudy(selected.study, series)}
                    >
                      {props.renderSeriesThumbnail(series)}
                      <span className="series-card-text">
                        <strong>
                          {series.modality ?? '??'} {series.description || '(no description)'}
                        </strong>
                        <span className="muted">
                          Series {series.seriesNumber ?? '–'} · {series.instanceCount ?? '?'} {series.instanceCount === 1 ? 'object' : 'objects'}
                        </span>
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </aside>
        )}
      </div>
    </section>
  );
}

function SearchStatus({ search, problem, max }: { search: Props['search']; problem: string | null; max: number }) {
  if (problem) {
    return (
      <p className="error" role="alert">
        {problem}
      </p>
    );
  }
  switch (search.status) {
    case 'idle':
      return <p className="muted pacs-status">Search the server, or press Search with empty fields to list every study.</p>;
    case 'loading':
      return (
        <p className="muted pacs-status" role="status">
          Searching…
        </p>
      );
    case 'failed':
      return (
        <p className="error" role="alert">
          {search.error}
        </p>
      );
    case 'done': {
      const { studies, truncated, skipped } = search.value;
      return (
        <p className="pacs-status" role="status">
          {studies.length === 0 ? 'No study matches.' : `${studies.length}${truncated ? '+' : ''} ${studies.length === 1 ? 'study' : 'studies'}`}
          {truncated && <span className="warning"> More than {max} studies match: only the first {max} are listed. Narrow the search.</span>}
          {skipped > 0 && <span className="warning"> {skipped} results without a Study Instance UID were left out.</span>}
        </p>
      );
    }
  }
}
