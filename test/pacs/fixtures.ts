// What the PACS tests share: a real Orthanc with a test user and the phantom samples, and DICOM objects
// to store in it.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startOrthanc, type Orthanc } from '../../scripts/orthanc';
import { writePart10 } from '../../src/phantom/dicom';
import type { DicomWebServer } from '../../src/dicom/dicomweb';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
export const sampleData = path.join(repoRoot, 'sample-data');
export const sharedDicom = path.resolve(repoRoot, '../shared/dicom');

export const USER = 'reader';
export const PASSWORD = 'kypho-test-password';

/** Every DICOM file of a folder of sample-data/ (sorted), e.g. "mri-fracture-age/SAG_T1". */
export function sampleFiles(folder: string): string[] {
  const dir = path.join(sampleData, folder);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.dcm'))
    .sort()
    .map((name) => path.join(dir, name));
}

export interface TestPacs {
  orthanc: Orthanc;
  /** The server as Kypho knows it, with the right password. */
  server: DicomWebServer;
  stop(): Promise<void>;
}

/** Orthanc with the test user on a free loopback port and a temporary storage, holding `files`. */
export async function startTestPacs(files: readonly string[]): Promise<TestPacs> {
  const storageDir = mkdtempSync(path.join(os.tmpdir(), 'kypho-orthanc-'));
  const orthanc = await startOrthanc({ storageDir, users: { [USER]: PASSWORD } });
  try {
    const taken = await orthanc.upload(files);
    if (taken !== files.length) throw new Error(`Orthanc took ${taken} of ${files.length} files`);
  } catch (error) {
    await orthanc.stop();
    throw error;
  }
  return {
    orthanc,
    server: { id: 'test', name: 'Test Orthanc', root: orthanc.dicomWebRoot, auth: { kind: 'basic', username: USER, password: PASSWORD } },
    stop: async () => {
      await orthanc.stop();
      rmSync(storageDir, { recursive: true, force: true });
    },
  };
}

export interface SrSubject {
  studyInstanceUid: string;
  patientName: string;
  patientId: string;
}

let uidCounter = 0;
/** A fresh 2.25 UID (random 128 bits would do; time and a counter keep them readable in logs). */
export function newUid(): string {
  const random = BigInt(Math.floor(Math.random() * 2 ** 48)) * 2n ** 64n + BigInt(Date.now()) * 1000n + BigInt(uidCounter++);
  return `2.25.${random}`;
}

/** A Basic Text SR in the given study: the kind of object a reading is stored as. */
export function basicTextSr(subject: SrSubject, text: string): { bytes: Uint8Array; sopInstanceUid: string; seriesInstanceUid: string } {
  const sopInstanceUid = newUid();
  const seriesInstanceUid = newUid();
  const bytes = writePart10({
    SpecificCharacterSet: 'ISO_IR 192',
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.88.11',
    SOPInstanceUID: sopInstanceUid,
    StudyInstanceUID: subject.studyInstanceUid,
    SeriesInstanceUID: seriesInstanceUid,
    PatientName: subject.patientName,
    PatientID: subject.patientId,
    PatientBirthDate: '',
    PatientSex: '',
    StudyDate: '',
    StudyTime: '',
    ReferringPhysicianName: '',
    StudyID: '',
    AccessionNumber: '',
    Modality: 'SR',
    SeriesNumber: '900',
    SeriesDescription: 'KYPHO TEST REPORT',
    InstanceNumber: '1',
    Manufacturer: 'Kypho',
    ContentDate: '20260101',
    ContentTime: '120000',
    ValueType: 'CONTAINER',
    ContinuityOfContent: 'SEPARATE',
    CompletionFlag: 'COMPLETE',
    VerificationFlag: 'UNVERIFIED',
    ConceptNameCodeSequence: [{ CodeValue: '18748-4', CodingSchemeDesignator: 'LN', CodeMeaning: 'Diagnostic Imaging Report' }],
    ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '2000' }],
    ContentSequence: [
      {
        RelationshipType: 'CONTAINS',
        ValueType: 'TEXT',
        ConceptNameCodeSequence: [{ CodeValue: '121071', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Finding' }],
        TextValue: text,
      },
    ],
  });
  return { bytes, sopInstanceUid, seriesInstanceUid };
}

/** A one-image study of a made-up patient (8x8 pixels): many of them fill a study list past one page. */
export function tinyStudy(index: number): Uint8Array {
  const pixels = new Uint16Array(64).map((_, i) => (i * 37 + index) % 4096);
  const number = String(index).padStart(2, '0');
  return writePart10({
    SpecificCharacterSet: 'ISO_IR 100',
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.7',
    SOPInstanceUID: newUid(),
    StudyInstanceUID: newUid(),
    SeriesInstanceUID: newUid(),
    PatientName: `PAGER^TEST ${number}`,
    PatientID: `PAGER-${number}`,
    PatientBirthDate: '19600101',
    PatientSex: 'O',
    StudyDate: `2024${String(1 + (index % 12)).padStart(2, '0')}${String(1 + (index % 28)).padStart(2, '0')}`,
    StudyTime: '080000',
    StudyID: number,
    AccessionNumber: `PG${number}`,
    ReferringPhysicianName: '',
    StudyDescription: `PAGING TEST ${number}`,
    Modality: 'OT',
    ConversionType: 'WSD',
    SeriesNumber: '1',
    InstanceNumber: '1',
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: 8,
    Columns: 8,
    BitsAllocated: 16,
    BitsStored: 12,
    HighBit: 11,
    PixelRepresentation: 0,
    PixelData: [new Uint8Array(pixels.buffer).slice().buffer],
    _vrMap: { PixelData: 'OW' },
  });
}
