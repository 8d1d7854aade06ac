import { nonImageCategory, sopClassName } from '../sopClass';
import type { Orderable } from '../sort';
import type { Instance, NonImageObject, Orientation, ParsedFile, Spacing, Vec3 } from '../types';
import { firstNumber, frameGroupHolding, text, vector, type DicomJsonDataset } from './json';

const UID_PATTERN = /^[0-9]+(\.[0-9]+)+$/;

/**
 * One object of a WADO-RS metadata answer as the study model knows objects from files: an image
 * instance, a non-image object, or a problem naming it and the reason. The same attributes are read as
 * parseInstance() reads from a file (test/unit/dicomweb/instance.test.ts holds the two together).
 *
 * The transfer syntax is the server's choice per frame (Kypho asks for `transfer-syntax=*`), so it is the
 * stored one when the metadata tells it, else empty. Pixel data cannot be checked here: a server sends it
 * by reference or not at all, and a frame that fails to load is reported when it is loaded.
 */
export function instanceFromDicomJson<S>(name: string, dataset: DicomJsonDataset, source: S): ParsedFile<S> {
  const sopClassUid = text(dataset, '00080016');
  if (sopClassUid === undefined) return problem(name, 'missing SOP Class UID (0008,0016) in the metadata');
  const sopInstanceUid = uid(dataset, '00080018');
  const studyInstanceUid = uid(dataset, '0020000D');
  const seriesInstanceUid = uid(dataset, '0020000E');

  const category = nonImageCategory(sopClassUid);
  if (category !== undefined) {
    const object: NonImageObject<S> = {
      source,
      fileName: name,
      category,
      sopClassUid,
      sopClassName: sopClassName(sopClassUid),
      sopInstanceUid,
      studyInstanceUid,
      seriesInstanceUid,
      patientId: text(dataset, '00100020'),
      patientName: text(dataset, '00100010'),
      modality: text(dataset, '00080060'),
      seriesDescription: text(dataset, '0008103E'),
    };
    return { kind: 'non-image', object };
  }

  if (sopInstanceUid === undefined) return problem(name, 'missing or invalid SOP Instance UID (0008,0018) in the metadata');
  if (studyInstanceUid === undefined) return problem(name, 'missing or invalid Study Instance UID (0020,000D) in the metadata');
  if (seriesInstanceUid === undefined) return problem(name, 'missing or invalid Series Instance UID (0020,000E) in the metadata');
  const rows = firstNumber(dataset, '00280010');
  const columns = firstNumber(dataset, '00280011');
  if (!rows || !columns) {
    const className = sopClassName(sopClassUid) ?? sopClassUid;
    return problem(name, `no image size: Rows (0028,0010) or Columns (0028,0011) missing or zero (SOP Class ${className})`);
  }
  const declaredFrames = firstNumber(dataset, '00280008');
  const numberOfFrames = declaredFrames !== undefined && declaredFrames >= 1 ? Math.floor(declaredFrames) : 1;

  const plane = frameGroupHolding(dataset, '00200037', '00209116');
  const position = frameGroupHolding(dataset, '00200032', '00209113');
  const measures = frameGroupHolding(dataset, '00280030', '00289110');
  const thickness = frameGroupHolding(dataset, '00180050', '00289110');
  const voi = frameGroupHolding(dataset, '00281050', '00289132');
  const rescale = frameGroupHolding(dataset, '00281053', '00289145');

  const instance: Instance<S> = {
    source,
    part10Bytes: undefined,
    fileName: name,
    transferSyntaxUid: text(dataset, '00020010') ?? text(dataset, '00083002') ?? '',
    sopClassUid,
    sopInstanceUid,
    studyInstanceUid,
    seriesInstanceUid,
    frameOfReferenceUid: text(dataset, '00200052'),
    patientName: text(dataset, '00100010'),
    patientId: text(dataset, '00100020'),
    patientBirthDate: text(dataset, '00100030'),
    patientSex: text(dataset, '00100040'),
    studyDate: text(dataset, '00080020'),
    studyTime: text(dataset, '00080030'),
    studyDescription: text(dataset, '00081030'),
    accessionNumber: text(dataset, '00080050'),
    modality: text(dataset, '00080060'),
    seriesNumber: firstNumber(dataset, '00200011'),
    seriesDescription: text(dataset, '0008103E'),
    bodyPartExamined: text(dataset, '00180015'),
    viewPosition: text(dataset, '00185101'),
    patientOrientation: text(dataset, '00200020')?.split('\\').map((value) => value.trim()),
    instanceNumber: firstNumber(dataset, '00200013'),
    numberOfFrames,
    rows,
    columns,
    photometricInterpretation: text(dataset, '00280004'),
    imagePositionPatient: asVec3(vector(position, '00200032', 3)),
    imageOrientationPatient: asOrientation(vector(plane, '00200037', 6)),
    pixelSpacing: asSpacing(vector(measures, '00280030', 2)),
    imagerPixelSpacing: asSpacing(vector(dataset, '00181164', 2)),
    estimatedRadiographicMagnificationFactor: firstNumber(dataset, '00181114'),
    sliceThickness: firstNumber(thickness, '00180050'),
    windowCenter: firstNumber(voi, '00281050'),
    windowWidth: firstNumber(voi, '00281051'),
    rescaleSlope: firstNumber(rescale, '00281053'),
    rescaleIntercept: firstNumber(rescale, '00281052'),
    sequenceName: text(dataset, '00180024'),
    scanningSequence: text(dataset, '00180020')
      ?.split('\\')
      .map((value) => value.trim())
      .filter((value) => value !== ''),
    inversionTime: firstNumber(dataset, '00180082'),
  };
  return { kind: 'image', instance };
}

/** A UID attribute, or undefined when absent or not a UID. */
export function uid(dataset: DicomJsonDataset, tag: string): string | undefined {
  const value = text(dataset, tag);
  return value !== undefined && value.length <= 64 && UID_PATTERN.test(value) ? value : undefined;
}

/** What the display order of a series reads of one image object (see sort.ts), and which object it is. */
export interface OrderedObject extends Orderable {
  readonly sopInstanceUid: string;
  readonly numberOfFrames: number;
}

/**
 * The few attributes that place an object of a WADO-RS metadata answer in its series' display order, read the way
 * instanceFromDicomJson reads them, without the rest: enough to know which image a series shows first before the
 * whole series is parsed. Undefined for what instanceFromDicomJson would not make an image of.
 */
export function orderingFromDicomJson(name: string, dataset: DicomJsonDataset): OrderedObject | undefined {
  const sopClassUid = text(dataset, '00080016');
  const sopInstanceUid = uid(dataset, '00080018');
  if (sopClassUid === undefined || nonImageCategory(sopClassUid) !== undefined || sopInstanceUid === undefined) return undefined;
  if (!firstNumber(dataset, '00280010') || !firstNumber(dataset, '00280011')) return undefined;
  const declaredFrames = firstNumber(dataset, '00280008');
  return {
    fileName: name,
    sopInstanceUid,
    instanceNumber: firstNumber(dataset, '00200013'),
    numberOfFrames: declaredFrames !== undefined && declaredFrames >= 1 ? Math.floor(declaredFrames) : 1,
    imagePositionPatient: asVec3(vector(frameGroupHolding(dataset, '00200032', '00209113'), '00200032', 3)),
    imageOrientationPatient: asOrientation(vector(frameGroupHolding(dataset, '00200037', '00209116'), '00200037', 6)),
  };
}

function problem<S>(file: string, reason: string): ParsedFile<S> {
  return { kind: 'problem', problem: { file, reason } };
}

function asVec3(values: number[] | undefined): Vec3 | undefined {
  return values && [values[0], values[1], values[2]];
}

function asOrientation(values: number[] | undefined): Orientation | undefined {
  return values && [values[0], values[1], values[2], values[3], values[4], values[5]];
}

function asSpacing(values: number[] | undefined): Spacing | undefined {
  return values && values[0] > 0 && values[1] > 0 ? [values[0], values[1]] : undefined;
}
