import { formatPersonName } from './personName';
import { compareFileNames, framesOf, orderInstances } from './sort';
import type {
  DuplicateFile,
  Instance,
  LoadProblem,
  NonImageObject,
  ParsedFile,
  Patient,
  Series,
  Study,
  StudyCollection,
} from './types';

export function emptyStudies<S>(): StudyCollection<S> {
  return { patients: [], nonImage: [], problems: [], duplicates: [] };
}

/** Groups parsed files into patients > studies > series, each sorted, with the rest listed beside. */
export function buildStudies<S>(files: readonly ParsedFile<S>[]): StudyCollection<S> {
  const pool = new Pool<S>();
  for (const file of files) pool.add(file);
  return pool.assemble();
}

/**
 * What is loaded plus a later drop of files, as a new collection (neither argument changes).
 * Objects already loaded win over later copies with the same SOP Instance UID.
 */
export function mergeStudies<S>(existing: StudyCollection<S>, added: StudyCollection<S>): StudyCollection<S> {
  const pool = new Pool<S>();
  for (const collection of [existing, added]) {
    for (const instance of instancesOf(collection)) pool.add({ kind: 'image', instance });
    for (const object of collection.nonImage) pool.add({ kind: 'non-image', object });
    for (const problem of collection.problems) pool.add({ kind: 'problem', problem });
    pool.duplicates.push(...collection.duplicates);
  }
  return pool.assemble();
}

function instancesOf<S>(collection: StudyCollection<S>): Instance<S>[] {
  return collection.patients.flatMap((patient) =>
    patient.studies.flatMap((study) => study.series.flatMap((series) => series.instances)),
  );
}

class Pool<S> {
  readonly instances: Instance<S>[] = [];
  readonly nonImage: NonImageObject<S>[] = [];
  readonly problems: LoadProblem[] = [];
  readonly duplicates: DuplicateFile[] = [];
  private readonly fileBySopInstanceUid = new Map<string, string>();

  add(file: ParsedFile<S>): void {
    switch (file.kind) {
      case 'image':
        if (this.isNew(file.instance.sopInstanceUid, file.instance.fileName)) this.instances.push(file.instance);
        return;
      case 'non-image':
        if (this.isNew(file.object.sopInstanceUid, file.object.fileName)) this.nonImage.push(file.object);
        return;
      case 'problem':
        this.problems.push(file.problem);
        return;
    }
  }

  assemble(): StudyCollection<S> {
    return {
      patients: groupPatients(this.instances),
      nonImage: this.nonImage,
      problems: this.problems,
      duplicates: this.duplicates,
    };
  }

  private isNew(sopInstanceUid: string | undefined, fileName: string): boolean {
    if (sopInstanceUid === undefined) return true;
    const duplicateOf = this.fileBySopInstanceUid.get(sopInstanceUid);
    if (duplicateOf === undefined) {
      this.fileBySopInstanceUid.set(sopInstanceUid, fileName);
      return true;
    }
    this.duplicates.push({ file: fileName, duplicateOf, sopInstanceUid });
    return false;
  }
}

function groupPatients<S>(instances: readonly Instance<S>[]): Patient<S>[] {
  const patients = [...groupBy(instances, patientKey)].map(([key, members]): Patient<S> => ({
    key,
    patientId: firstDefined(members, (instance) => instance.patientId),
    patientName: firstDefined(members, (instance) => instance.patientName),
    patientBirthDate: firstDefined(members, (instance) => instance.patientBirthDate),
    patientSex: firstDefined(members, (instance) => instance.patientSex),
    studies: groupStudies(members),
  }));
  const shownName = (patient: Patient<S>) => emptyAsUndefined(formatPersonName(patient.patientName));
  return patients.sort(
    (a, b) =>
      compareOptional(shownName(a), shownName(b), compareFileNames) ||
      compareOptional(a.patientId, b.patientId, compareFileNames),
  );
}

function groupStudies<S>(instances: readonly Instance<S>[]): Study<S>[] {
  const studies = [...groupBy(instances, (instance) => instance.studyInstanceUid)].map(
    ([studyInstanceUid, members]): Study<S> => ({
      studyInstanceUid,
      studyDate: firstDefined(members, (instance) => instance.studyDate),
      studyTime: firstDefined(members, (instance) => instance.studyTime),
      description: firstDefined(members, (instance) => instance.studyDescription),
      accessionNumber: firstDefined(members, (instance) => instance.accessionNumber),
      series: groupSeries(members),
    }),
  );
  // Oldest first, so a follow-up reads after its baseline; DA and TM values sort as text.
  return studies.sort(
    (a, b) =>
      compareOptional(a.studyDate, b.studyDate, compareText) || compareOptional(a.studyTime, b.studyTime, compareText),
  );
}

function groupSeries<S>(instances: readonly Instance<S>[]): Series<S>[] {
  const series = [...groupBy(instances, (instance) => instance.seriesInstanceUid)].map(
    ([seriesInstanceUid, members]): Series<S> => {
      const { instances: ordered, orderedBy } = orderInstances(members);
      return {
        seriesInstanceUid,
        modality: firstDefined(ordered, (instance) => instance.modality),
        description: firstDefined(ordered, (instance) => instance.seriesDescription),
        seriesNumber: firstDefined(ordered, (instance) => instance.seriesNumber),
        instances: ordered,
        frames: framesOf(ordered),
        orderedBy,
      };
    },
  );
  return series.sort((a, b) => compareOptional(a.seriesNumber, b.seriesNumber, (x, y) => x - y));
}

/**
 * Patient ID and name together: files carry no patient UID, and merging two people who share an ID
 * (anonymised exports often do) would be worse than showing one person twice.
 */
function patientKey<S>(instance: Instance<S>): string {
  const name = (instance.patientName ?? '').replace(/[\^=\s]+$/, '');
  return `${instance.patientId ?? ''}\u0000${name}`;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

function firstDefined<T, V>(items: readonly T[], pick: (item: T) => V | undefined): V | undefined {
  for (const item of items) {
    const value = pick(item);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** Absent values sort last. */
function compareOptional<V>(a: V | undefined, b: V | undefined, compare: (x: V, y: V) => number): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  return compare(a, b);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function emptyAsUndefined(value: string): string | undefined {
  return value === '' ? undefined : value;
}
