/** Writing DICOM Part 10 files through dcmjs, with the attributes every phantom object shares. */
import dcmjs, { type NaturalizedDataset } from 'dcmjs';

const { DicomDict, DicomMetaDictionary } = dcmjs.data;

export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
/** Our implementation class UID: a fixed 2.25 UID, so files do not depend on the dcmjs version. */
export const IMPLEMENTATION_CLASS_UID = '2.25.270511807138853932118553036152093542121';
export const IMPLEMENTATION_VERSION_NAME = 'KYPHO_PHANTOM';

export const SOP_CLASS = {
  dxForPresentation: '1.2.840.10008.5.1.4.1.1.1.1',
  mr: '1.2.840.10008.5.1.4.1.1.4',
  ct: '1.2.840.10008.5.1.4.1.1.2',
} as const;

/** A DICOM Decimal String value: at most 16 characters, no exponent. */
export function ds(value: number): string {
  for (let digits = 6; digits >= 0; digits--) {
    const text = trimZeros(value.toFixed(digits));
    if (text.length <= 16) return text === '-0' ? '0' : text;
  }
  throw new Error(`cannot encode ${value} as a DICOM DS`);
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/** Serialises a naturalized dataset (SOPClassUID and SOPInstanceUID required) as a Part 10 file. */
export function writePart10(dataset: NaturalizedDataset): Uint8Array {
  const sopClassUid = dataset['SOPClassUID'];
  const sopInstanceUid = dataset['SOPInstanceUID'];
  if (typeof sopClassUid !== 'string' || typeof sopInstanceUid !== 'string') {
    throw new Error('writePart10: SOPClassUID and SOPInstanceUID are required');
  }
  const meta = DicomMetaDictionary.denaturalizeDataset({
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: sopClassUid,
    MediaStorageSOPInstanceUID: sopInstanceUid,
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: IMPLEMENTATION_VERSION_NAME,
  });
  const dict = new DicomDict(meta);
  dict.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  return new Uint8Array(dict.write());
}

/** Pixel data as the naturalized dataset wants it (one ArrayBuffer, OW). */
export function pixelData(pixels: Uint16Array | Int16Array): { PixelData: ArrayBuffer[] } {
  const copy = new Uint8Array(pixels.byteLength);
  copy.set(new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength));
  return { PixelData: [copy.buffer] };
}

export interface PatientStudy {
  patientName: string;
  patientId: string;
  patientBirthDate: string;
  patientSex: 'F' | 'M' | 'O';
  studyInstanceUid: string;
  studyDate: string;
  studyTime: string;
  studyId: string;
  accessionNumber: string;
  studyDescription: string;
}

/** Patient, General Study and the SOP Common attributes shared by every object of a study. */
export function patientStudyAttributes(p: PatientStudy): NaturalizedDataset {
  return {
    SpecificCharacterSet: 'ISO_IR 100',
    PatientName: p.patientName,
    PatientID: p.patientId,
    PatientBirthDate: p.patientBirthDate,
    PatientSex: p.patientSex,
    PatientIdentityRemoved: 'NO',
    StudyInstanceUID: p.studyInstanceUid,
    StudyDate: p.studyDate,
    StudyTime: p.studyTime,
    StudyID: p.studyId,
    AccessionNumber: p.accessionNumber,
    ReferringPhysicianName: '',
    StudyDescription: p.studyDescription,
    InstanceCreationDate: p.studyDate,
    InstanceCreationTime: p.studyTime,
  };
}

/** General Equipment: says plainly that these are synthetic images. */
export function equipmentAttributes(modelName: string): NaturalizedDataset {
  return {
    Manufacturer: 'Kypho',
    ManufacturerModelName: modelName,
    InstitutionName: 'Kypho phantom (synthetic images)',
    StationName: 'PHANTOM',
    SoftwareVersions: 'kypho-phantom',
    DeviceSerialNumber: 'PHANTOM-0001',
  };
}
