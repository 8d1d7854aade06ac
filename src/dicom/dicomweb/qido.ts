import { readDatasets, request, type CallOptions } from './http';
import { uid } from './instance';
import { firstNumber, text, values, type DicomJsonDataset } from './json';
import type { DicomWebServer } from './server';

/** What the reader searches for; empty fields do not filter. Dates are `YYYY-MM-DD` (an HTML date input) or `YYYYMMDD`. */
export interface StudyQuery {
  readonly patientName?: string;
  readonly patientId?: string;
  readonly studyDateFrom?: string;
  readonly studyDateTo?: string;
  readonly modality?: string;
  readonly accessionNumber?: string;
}

/** One study of a search result, as the study list shows it. */
export interface StudySummary {
  readonly studyInstanceUid: string;
  /** Raw Person Name; show it with formatPersonName(). */
  readonly patientName: string | undefined;
  readonly patientId: string | undefined;
  readonly patientBirthDate: string | undefined;
  readonly patientSex: string | undefined;
  readonly studyDate: string | undefined;
  readonly studyTime: string | undefined;
  readonly description: string | undefined;
  readonly accessionNumber: string | undefined;
  readonly modalities: readonly string[];
  /** Number of Study Related Series / Instances, when the server tells. */
  readonly seriesCount: number | undefined;
  readonly instanceCount: number | undefined;
}

export interface SeriesSummary {
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly modality: string | undefined;
  readonly seriesNumber: number | undefined;
  readonly description: string | undefined;
  readonly instanceCount: number | undefined;
}

export interface InstanceSummary {
  readonly sopInstanceUid: string;
  readonly sopClassUid: string | undefined;
  readonly instanceNumber: number | undefined;
  readonly numberOfFrames: number | undefined;
}

export interface SearchResult<T> {
  readonly items: T[];
  /** More matched than were asked for: the reader should narrow the search. */
  readonly truncated: boolean;
  /** Items the server sent without a valid UID, left out. */
  readonly skipped: number;
}

const STUDY_FIELDS = ['00081030', '00080061', '00201206', '00201208', '00100030', '00100040', '00080050', '00080030'];
const SERIES_FIELDS = ['0008103E', '00200011', '00201209', '00080060'];
const INSTANCE_FIELDS = ['00080016', '00200013', '00280008'];

/**
 * The QIDO-RS query parameters of a search. Names match anywhere in the name (`*text*`), IDs and
 * accession numbers exactly, unless the reader typed wildcards (`*`, `?`) themselves.
 */
export function studySearchParams(query: StudyQuery, limit: number): URLSearchParams {
  const params = new URLSearchParams();
  const name = clean(query.patientName);
  if (name) params.set('PatientName', hasWildcard(name) ? name : `*${name}*`);
  const id = clean(query.patientId);
  if (id) params.set('PatientID', id);
  const accession = clean(query.accessionNumber);
  if (accession) params.set('AccessionNumber', accession);
  const modality = clean(query.modality)?.toUpperCase();
  if (modality) params.set('ModalitiesInStudy', modality);
  const from = dicomDate(query.studyDateFrom);
  const to = dicomDate(query.studyDateTo);
  if (from || to) params.set('StudyDate', from && to && from === to ? from : `${from ?? ''}-${to ?? ''}`);
  for (const field of STUDY_FIELDS) params.append('includefield', field);
  params.set('limit', String(limit));
  return params;
}

/** A date as DICOM DA (`YYYYMMDD`), or undefined when empty; throws on a date that is not one. */
export function dicomDate(input: string | undefined): string | undefined {
  const value = clean(input);
  if (!value) return undefined;
  const match = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(value);
  if (!match) throw new RangeError(`"${value}" is not a date (expected YYYY-MM-DD)`);
  return match.slice(1).join('');
}

/** Studies matching the query: at most `max`; `truncated` tells that there were more. */
export async function searchStudies(
  server: DicomWebServer,
  query: StudyQuery,
  { max = 500, signal, fetchImpl, timing }: CallOptions & { max?: number } = {},
): Promise<SearchResult<StudySummary>> {
  const what = 'the study search';
  // One more than shown tells whether there were more.
  const params = studySearchParams(query, max + 1);
  const datasets = await request(server, `studies?${params}`, { accept: 'application/dicom+json', what, signal, timing }, (r) => readDatasets(server, r, what), fetchImpl);
  const { kept, skipped } = keepValid(datasets.map(studySummary));
  return { items: kept.slice(0, max), truncated: kept.length > max, skipped };
}

export async function searchSeries(
  server: DicomWebServer,
  studyInstanceUid: string,
  { signal, fetchImpl, timing }: CallOptions = {},
): Promise<SearchResult<SeriesSummary>> {
  const what = `the series list of study ${studyInstanceUid}`;
  const params = new URLSearchParams(SERIES_FIELDS.map((field) => ['includefield', field]));
  const datasets = await request(server, `studies/${studyInstanceUid}/series?${params}`, { accept: 'application/dicom+json', what, signal, timing }, (r) => readDatasets(server, r, what), fetchImpl);
  const { kept, skipped } = keepValid(datasets.map((dataset) => seriesSummary(dataset, studyInstanceUid)));
  kept.sort((a, b) => (a.seriesNumber ?? Number.POSITIVE_INFINITY) - (b.seriesNumber ?? Number.POSITIVE_INFINITY) || 0);
  return { items: kept, truncated: false, skipped };
}

export async function searchInstances(
  server: DicomWebServer,
  studyInstanceUid: string,
  seriesInstanceUid: string,
  { signal, fetchImpl, timing }: CallOptions = {},
): Promise<SearchResult<InstanceSummary>> {
  const what = `the instance list of series ${seriesInstanceUid}`;
  const params = new URLSearchParams(INSTANCE_FIELDS.map((field) => ['includefield', field]));
  const path = `studies/${studyInstanceUid}/series/${seriesInstanceUid}/instances?${params}`;
  const datasets = await request(server, path, { accept: 'application/dicom+json', what, signal, timing }, (r) => readDatasets(server, r, what), fetchImpl);
  const { kept, skipped } = keepValid(
    datasets.map((dataset) => {
      const sopInstanceUid = uid(dataset, '00080018');
      return sopInstanceUid === undefined
        ? undefined
        : {
            sopInstanceUid,
            sopClassUid: uid(dataset, '00080016'),
            instanceNumber: firstNumber(dataset, '00200013'),
            numberOfFrames: firstNumber(dataset, '00280008'),
          };
    }),
  );
  kept.sort((a, b) => (a.instanceNumber ?? Number.POSITIVE_INFINITY) - (b.instanceNumber ?? Number.POSITIVE_INFINITY) || 0);
  return { items: kept, truncated: false, skipped };
}

function studySummary(dataset: DicomJsonDataset): StudySummary | undefined {
  const studyInstanceUid = uid(dataset, '0020000D');
  if (studyInstanceUid === undefined) return undefined;
  return {
    studyInstanceUid,
    patientName: text(dataset, '00100010'),
    patientId: text(dataset, '00100020'),
    patientBirthDate: text(dataset, '00100030'),
    patientSex: text(dataset, '00100040'),
    studyDate: text(dataset, '00080020'),
    studyTime: text(dataset, '00080030'),
    description: text(dataset, '00081030'),
    accessionNumber: text(dataset, '00080050'),
    modalities: (values(dataset, '00080061') ?? []).filter((value): value is string => typeof value === 'string' && value.trim() !== ''),
    seriesCount: firstNumber(dataset, '00201206'),
    instanceCount: firstNumber(dataset, '00201208'),
  };
}

function seriesSummary(dataset: DicomJsonDataset, studyInstanceUid: string): SeriesSummary | undefined {
  const seriesInstanceUid = uid(dataset, '0020000E');
  if (seriesInstanceUid === undefined) return undefined;
  return {
    studyInstanceUid,
    seriesInstanceUid,
    modality: text(dataset, '00080060'),
    seriesNumber: firstNumber(dataset, '00200011'),
    description: text(dataset, '0008103E'),
    instanceCount: firstNumber(dataset, '00201209'),
  };
}

function keepValid<T>(items: readonly (T | undefined)[]): { kept: T[]; skipped: number } {
  const kept = items.filter((item): item is T => item !== undefined);
  return { kept, skipped: items.length - kept.length };
}

function clean(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function hasWildcard(value: string): boolean {
  return /[*?]/.test(value);
}
