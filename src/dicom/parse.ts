import type * as dicomParserModule from 'dicom-parser';
import type { DataSet } from 'dicom-parser';
import { dicomParser } from './dicomParser';
import { ascii, firstNumber, frameGroupHolding, textReader, vector } from './dataset';
import { hasPart10Prefix, isVrAt, readMetaHeader, startsWithMetaHeader, withPreamble, wrapRawDataSet } from './part10';
import { nonImageCategory, sopClassName } from './sopClass';
import {
  DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
  EXPLICIT_VR_BIG_ENDIAN,
  EXPLICIT_VR_LITTLE_ENDIAN,
  IMPLICIT_VR_LITTLE_ENDIAN,
  isSupportedTransferSyntax,
  transferSyntaxName,
} from './transferSyntax';
import type { Instance, NonImageObject, Orientation, ParsedFile, Spacing, Vec3 } from './types';

export interface ParseOptions {
  /**
   * Synchronous raw-deflate (RFC 1951) decompression, needed only for Deflated Explicit VR Little
   * Endian files. Without it such files are refused; readInstance() inflates them asynchronously.
   */
  readonly inflateRaw?: (deflated: Uint8Array) => Uint8Array;
}

// Pixel data that is one contiguous array; its length can be checked against the image size.
const NATIVE_TRANSFER_SYNTAXES = new Set([
  IMPLICIT_VR_LITTLE_ENDIAN,
  EXPLICIT_VR_LITTLE_ENDIAN,
  EXPLICIT_VR_BIG_ENDIAN,
  DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
]);

const NOT_DICOM = 'not a DICOM file (no DICM preamble and no valid tags)';
const UID_PATTERN = /^[0-9]+(\.[0-9]+)+$/;

interface OpenedDataSet {
  readonly dataSet: DataSet;
  readonly transferSyntaxUid: string;
  readonly part10Bytes: Uint8Array | undefined;
}

class InflaterMissing extends Error {}

/**
 * Reads one file into an image instance, a non-image object, or a problem that names the file and
 * the reason. Never throws: one bad file must not stop the others from loading.
 */
export function parseInstance<S>(
  name: string,
  bytes: Uint8Array | ArrayBuffer,
  source: S,
  options: ParseOptions = {},
): ParsedFile<S> {
  try {
    const opened = openDataSet(asBytes(bytes), options);
    if (typeof opened === 'string') return problem(name, opened);
    return classify(name, source, opened);
  } catch (error) {
    // Every known failure is named above; this keeps the promise for malformations nobody foresaw.
    return problem(name, `truncated or corrupt DICOM: ${parserMessage(error)}`);
  }
}

/**
 * parseInstance() for callers that can wait: a deflated data set is inflated first with the
 * platform's DecompressionStream (browser and Node alike), so no inflater has to be supplied.
 */
export async function readInstance<S>(
  name: string,
  bytes: Uint8Array | ArrayBuffer,
  source: S,
): Promise<ParsedFile<S>> {
  const data = asBytes(bytes);
  const file = startsWithMetaHeader(data) ? withPreamble(data) : data;
  const meta = readMetaHeader(file);
  if (meta?.transferSyntaxUid !== DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN) return parseInstance(name, data, source);
  const inflated = await inflateRawAsync(file.subarray(meta.end));
  if (inflated === undefined) {
    return problem(name, 'truncated or corrupt DICOM: the deflated data set does not inflate');
  }
  // dicom-parser asks for the inflated bytes synchronously: hand it what was inflated above.
  return parseInstance(name, data, source, { inflateRaw: () => inflated });
}

function openDataSet(data: Uint8Array, options: ParseOptions): OpenedDataSet | string {
  if (data.length === 0) return 'not a DICOM file (empty file)';
  if (hasPart10Prefix(data)) return openPart10(data, undefined, options);
  if (startsWithMetaHeader(data)) {
    const file = withPreamble(data);
    return openPart10(file, file, options);
  }
  return openRawDataSet(data);
}

function openPart10(file: Uint8Array, part10Bytes: Uint8Array | undefined, options: ParseOptions): OpenedDataSet | string {
  try {
    // The cast: dicom-parser's typings declare the inflater as returning void; it must return the bytes.
    const dataSet = dicomParser.parseDicom(file, { inflater: inflaterFor(options) } as dicomParserModule.ParseDicomOptions);
    // parseDicom refuses files without (0002,0010), so it is present here.
    return { dataSet, transferSyntaxUid: ascii(dataSet, 'x00020010') ?? '', part10Bytes };
  } catch (error) {
    if (error instanceof InflaterMissing) return 'deflated DICOM: read it with readInstance(), which inflates it';
    return `truncated or corrupt DICOM: ${parserMessage(error)}`;
  }
}

/**
 * A data set without the Part 10 envelope is still DICOM if it parses in one of the uncompressed
 * encodings (which one is guessed from its first bytes) and carries SOP Class and Instance UIDs.
 */
function openRawDataSet(data: Uint8Array): OpenedDataSet | string {
  const candidates =
    data[0] === 0x00 && data[1] === 0x08
      ? [EXPLICIT_VR_BIG_ENDIAN]
      : isVrAt(data, 4)
        ? [EXPLICIT_VR_LITTLE_ENDIAN, IMPLICIT_VR_LITTLE_ENDIAN]
        : [IMPLICIT_VR_LITTLE_ENDIAN];
  let truncated: string | undefined;
  for (const transferSyntaxUid of candidates) {
    try {
      const dataSet = dicomParser.parseDicom(data, { TransferSyntaxUID: transferSyntaxUid });
      const identity = sopIdentity(dataSet);
      if (identity) {
        return { dataSet, transferSyntaxUid, part10Bytes: wrapRawDataSet(data, { transferSyntaxUid, ...identity }) };
      }
    } catch (error) {
      // A data set that starts with valid identity but breaks off later is DICOM, just damaged.
      const partial = (error as { dataSet?: DataSet } | undefined)?.dataSet;
      if (partial && sopIdentity(partial)) truncated ??= `truncated or corrupt DICOM: ${parserMessage(error)}`;
    }
  }
  return truncated ?? NOT_DICOM;
}

function sopIdentity(dataSet: DataSet): { sopClassUid: string; sopInstanceUid: string } | undefined {
  const sopClassUid = ascii(dataSet, 'x00080016');
  const sopInstanceUid = ascii(dataSet, 'x00080018');
  return isUid(sopClassUid) && isUid(sopInstanceUid) ? { sopClassUid, sopInstanceUid } : undefined;
}

function classify<S>(name: string, source: S, opened: OpenedDataSet): ParsedFile<S> {
  const { dataSet, transferSyntaxUid, part10Bytes } = opened;
  // dicom-parser's implicit VR reader accepts a last element that runs past the end of the file.
  const fileLength = dataSet.byteArray.length;
  const cut = Object.values(dataSet.elements).find((element) => element.dataOffset + element.length > fileLength);
  if (cut !== undefined) {
    return problem(name, `truncated or corrupt DICOM: the file ends inside element ${formatTag(cut.tag)}`);
  }
  const sopClassUid = ascii(dataSet, 'x00080016') ?? ascii(dataSet, 'x00020002');
  if (sopClassUid === undefined) return problem(name, 'missing SOP Class UID (0008,0016)');
  const sopInstanceUid = ascii(dataSet, 'x00080018') ?? ascii(dataSet, 'x00020003');
  const { text } = textReader(dataSet);

  const category = nonImageCategory(sopClassUid);
  if (category !== undefined) {
    const object: NonImageObject<S> = {
      source,
      fileName: name,
      category,
      sopClassUid,
      sopClassName: sopClassName(sopClassUid),
      sopInstanceUid,
      studyInstanceUid: ascii(dataSet, 'x0020000d'),
      seriesInstanceUid: ascii(dataSet, 'x0020000e'),
      patientId: text(dataSet, 'x00100020'),
      patientName: text(dataSet, 'x00100010'),
      modality: ascii(dataSet, 'x00080060'),
      seriesDescription: text(dataSet, 'x0008103e'),
    };
    return { kind: 'non-image', object };
  }

  const studyInstanceUid = ascii(dataSet, 'x0020000d');
  const seriesInstanceUid = ascii(dataSet, 'x0020000e');
  if (sopInstanceUid === undefined) return problem(name, 'missing SOP Instance UID (0008,0018)');
  if (studyInstanceUid === undefined) return problem(name, 'missing Study Instance UID (0020,000D)');
  if (seriesInstanceUid === undefined) return problem(name, 'missing Series Instance UID (0020,000E)');
  const pixelData = dataSet.elements['x7fe00010'];
  if (pixelData === undefined) return problem(name, `no pixel data (SOP Class ${describeSopClass(sopClassUid)})`);
  if (!isSupportedTransferSyntax(transferSyntaxUid)) {
    return problem(name, `unsupported transfer syntax ${transferSyntaxUid} (${transferSyntaxName(transferSyntaxUid)})`);
  }
  const rows = dataSet.uint16('x00280010');
  const columns = dataSet.uint16('x00280011');
  if (!rows || !columns) return problem(name, 'no image size: Rows (0028,0010) or Columns (0028,0011) missing or zero');
  const declaredFrames = firstNumber(dataSet, 'x00280008');
  // Number of Frames is absent on single-frame objects; a nonsensical value is read the same way.
  const numberOfFrames = declaredFrames !== undefined && declaredFrames >= 1 ? Math.floor(declaredFrames) : 1;
  const photometricInterpretation = ascii(dataSet, 'x00280004');

  if (NATIVE_TRANSFER_SYNTAXES.has(transferSyntaxUid) && !pixelData.encapsulatedPixelData) {
    const expected = nativePixelBytes(dataSet, rows, columns, numberOfFrames, photometricInterpretation);
    if (expected !== undefined && pixelData.length < expected) {
      return problem(
        name,
        `truncated or corrupt DICOM: pixel data has ${pixelData.length} bytes, ` +
          `${expected} expected for ${numberOfFrames} frame(s) of ${columns}x${rows}`,
      );
    }
  }

  const plane = frameGroupHolding(dataSet, 'x00200037', 'x00209116');
  const position = frameGroupHolding(dataSet, 'x00200032', 'x00209113');
  const measures = frameGroupHolding(dataSet, 'x00280030', 'x00289110');
  const thickness = frameGroupHolding(dataSet, 'x00180050', 'x00289110');
  const voi = frameGroupHolding(dataSet, 'x00281050', 'x00289132');
  const rescale = frameGroupHolding(dataSet, 'x00281053', 'x00289145');

  const instance: Instance<S> = {
    source,
    part10Bytes,
    fileName: name,
    transferSyntaxUid,
    sopClassUid,
    sopInstanceUid,
    studyInstanceUid,
    seriesInstanceUid,
    frameOfReferenceUid: ascii(dataSet, 'x00200052'),
    patientName: text(dataSet, 'x00100010'),
    patientId: text(dataSet, 'x00100020'),
    patientBirthDate: text(dataSet, 'x00100030'),
    patientSex: text(dataSet, 'x00100040'),
    studyDate: text(dataSet, 'x00080020'),
    studyTime: text(dataSet, 'x00080030'),
    studyDescription: text(dataSet, 'x00081030'),
    accessionNumber: text(dataSet, 'x00080050'),
    modality: ascii(dataSet, 'x00080060'),
    seriesNumber: firstNumber(dataSet, 'x00200011'),
    seriesDescription: text(dataSet, 'x0008103e'),
    bodyPartExamined: text(dataSet, 'x00180015'),
    viewPosition: text(dataSet, 'x00185101'),
    patientOrientation: text(dataSet, 'x00200020')?.split('\\').map((value) => value.trim()),
    instanceNumber: firstNumber(dataSet, 'x00200013'),
    numberOfFrames,
    rows,
    columns,
    photometricInterpretation,
    imagePositionPatient: asVec3(vector(position, 'x00200032', 3)),
    imageOrientationPatient: asOrientation(vector(plane, 'x00200037', 6)),
    pixelSpacing: asSpacing(vector(measures, 'x00280030', 2)),
    imagerPixelSpacing: asSpacing(vector(dataSet, 'x00181164', 2)),
    estimatedRadiographicMagnificationFactor: firstNumber(dataSet, 'x00181114'),
    sliceThickness: firstNumber(thickness, 'x00180050'),
    windowCenter: firstNumber(voi, 'x00281050'),
    windowWidth: firstNumber(voi, 'x00281051'),
    rescaleSlope: firstNumber(rescale, 'x00281053'),
    rescaleIntercept: firstNumber(rescale, 'x00281052'),
    sequenceName: text(dataSet, 'x00180024'),
    scanningSequence: ascii(dataSet, 'x00180020')
      ?.split('\\')
      .map((value) => value.trim())
      .filter((value) => value !== ''),
    inversionTime: firstNumber(dataSet, 'x00180082'),
  };
  return { kind: 'image', instance };
}

/** Bytes that uncompressed pixel data must hold, or undefined when the header cannot say. */
function nativePixelBytes(
  dataSet: DataSet,
  rows: number,
  columns: number,
  frames: number,
  photometricInterpretation: string | undefined,
): number | undefined {
  const bitsAllocated = dataSet.uint16('x00280100');
  if (!bitsAllocated) return undefined;
  // YBR_FULL_422 stores two luminance samples per shared chroma pair: two samples per pixel.
  const samples = photometricInterpretation === 'YBR_FULL_422' ? 2 : (dataSet.uint16('x00280002') ?? 1);
  return Math.ceil((rows * columns * frames * samples * bitsAllocated) / 8);
}

/** dicom-parser's 'x7fe00010' as a reader knows it: (7FE0,0010). */
function formatTag(tag: string): string {
  return `(${tag.slice(1, 5)},${tag.slice(5, 9)})`.toUpperCase();
}

function describeSopClass(sopClassUid: string): string {
  const name = sopClassName(sopClassUid);
  return name === undefined ? sopClassUid : `${sopClassUid} ${name}`;
}

function inflaterFor(options: ParseOptions): (byteArray: Uint8Array, position: number) => Uint8Array {
  return (byteArray, position) => {
    if (!options.inflateRaw) throw new InflaterMissing();
    const inflated = options.inflateRaw(byteArray.subarray(position));
    const full = new Uint8Array(position + inflated.length);
    full.set(byteArray.subarray(0, position));
    full.set(inflated, position);
    return full;
  };
}

/**
 * Browsers reject bytes after the end of the deflate stream, and writers leave some: the NUL pad
 * to even length (PS3.5 A.5) or a gzip-style CRC and size (8 bytes). Retry without them.
 */
const TRAILING_BYTES_TOLERATED = 8;

async function inflateRawAsync(deflated: Uint8Array): Promise<Uint8Array | undefined> {
  for (let trim = 0; trim <= TRAILING_BYTES_TOLERATED && trim < deflated.length; trim++) {
    try {
      return await inflateOnce(deflated.slice(0, deflated.length - trim));
    } catch {
      // Try again without one more trailing byte.
    }
  }
  return undefined;
}

async function inflateOnce(deflated: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const stream = new DecompressionStream('deflate-raw');
  const writer = stream.writable.getWriter();
  // A write error also errors the readable side, which is where it is reported.
  writer
    .write(deflated)
    .then(() => writer.close())
    .catch(() => undefined);
  const chunks: Uint8Array[] = [];
  const reader = stream.readable.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
  const inflated = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    inflated.set(chunk, offset);
    offset += chunk.length;
  }
  return inflated;
}

/** dicom-parser throws strings, Errors, or { exception, dataSet }; its function-name prefixes mean nothing to a reader. */
function parserMessage(error: unknown): string {
  const inner = typeof error === 'object' && error !== null && 'exception' in error ? error.exception : error;
  const message = inner instanceof Error ? inner.message : String(inner);
  return message.replace(/^[\w.]*(?:dicomParser|ByteArrayParser)[\w.:]*:\s*/i, '');
}

function problem<S>(file: string, reason: string): ParsedFile<S> {
  return { kind: 'problem', problem: { file, reason } };
}

function asBytes(bytes: Uint8Array | ArrayBuffer): Uint8Array {
  return bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
}

function isUid(value: string | undefined): value is string {
  return value !== undefined && value.length <= 64 && UID_PATTERN.test(value);
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
