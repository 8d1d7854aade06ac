// A DICOMweb client (QIDO-RS, WADO-RS, STOW-RS) for any standard server. Plain fetch, no DOM: it runs in
// the browser and in Node (scripts and tests) alike. Every answer is checked, and every failure is a
// DicomWebError whose message names the server and what was wrong.
export { DEFAULT_TIMING, DicomWebError, statusError, type CallOptions, type DicomWebErrorKind, type Fetch, type Timing } from './http';
export { instanceFromDicomJson, orderingFromDicomJson, type OrderedObject } from './instance';
export type { DicomJsonAttribute, DicomJsonDataset } from './json';
export {
  dicomDate,
  searchInstances,
  searchSeries,
  searchStudies,
  studySearchParams,
  type InstanceSummary,
  type SearchResult,
  type SeriesSummary,
  type StudyQuery,
  type StudySummary,
} from './qido';
export { authorizationHeader, normalizeRoot, type DicomWebAuth, type DicomWebServer } from './server';
export { isDicomWebSource, type DicomWebSource } from './source';
export { storeInstances, type StoreFailure, type StoreResult } from './stow';
export { firstPart } from './multipart';
export { frameUrl, instancePath, retrieveInstance, retrieveRendered, retrieveSeriesMetadata, streamSeries, type InstanceAddress } from './wado';
