// A whole series in one WADO-RS answer (issue 19: one request instead of one per image), against a real Orthanc: each
// object's frame, taken from the stream, must be byte for byte what Orthanc's own frame request answers, in every
// encoding a PACS stores; and a cut answer must say so after handing over what did arrive.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readInstance, type Instance } from '../../src/dicom';
import { DicomWebError, firstPart, frameUrl, streamSeries, type DicomWebServer } from '../../src/dicom/dicomweb';
import { singleFrameOf } from '../../src/dicom/pixelData';
import { startFaultProxy, type FaultProxy } from './faultProxy';
import { sampleFiles, sharedDicom, startTestPacs, type TestPacs } from './fixtures';

const pydicom = (file: string) => path.join(sharedDicom, 'pydicom', file);
const T1 = sampleFiles('mri-fracture-age/SAG_T1');
/** One file per encoding (each its own series): native explicit and implicit VR, JPEG baseline and lossless, JPEG 2000, RLE. */
const ENCODED = [
  pydicom('CT_small.dcm'),
  pydicom('MR_small_implicit.dcm'),
  pydicom('SC_rgb_jpeg_dcmtk.dcm'),
  pydicom('J2K_pixelrep_mismatch.dcm'),
  path.join(sharedDicom, 'nema-wg04/US1_RLE'),
  path.join(sharedDicom, 'nema-wg04/XA1_JPLL'),
];
/** Objects whose frame is not the stored pixel data as it is: taken by their frame URL instead. */
const NOT_TAKEN = [pydicom('ExplVR_BigEnd.dcm'), pydicom('emri_small.dcm'), pydicom('image_dfl.dcm')];

let pacs: TestPacs;
let server: DicomWebServer;
const parsed = new Map<string, Instance<string>>();

beforeAll(async () => {
  pacs = await startTestPacs([...T1, ...ENCODED]);
  server = pacs.server;
  for (const file of [...T1, ...ENCODED]) {
    const read = await readInstance(file, readFileSync(file), file);
    if (read.kind !== 'image') throw new Error(`${file} is not an image`);
    parsed.set(file, read.instance);
  }
}, 180_000);

afterAll(() => pacs?.stop());

/** Orthanc's answer to the frame request of an object: its bytes and the transfer syntax it names. */
async function frameAnswer(root: DicomWebServer, instance: Instance<string>) {
  const response = await fetch(frameUrl(root, instance, 1), {
    headers: { Accept: 'multipart/related; type=application/octet-stream; transfer-syntax=*', Authorization: `Basic ${btoa('reader:kypho-test-password')}` },
  });
  expect(response.status).toBe(200);
  const part = firstPart(new Uint8Array(await response.arrayBuffer()), response.headers.get('Content-Type') ?? '');
  return { bytes: part.body, transferSyntax: /transfer-syntax=([0-9.]+)/.exec(part.contentType)?.[1] };
}

describe('a series retrieved in one answer', () => {
  it('hands over every object of the 11-image MR series, each frame as its frame request answers it', async () => {
    const { studyInstanceUid, seriesInstanceUid } = parsed.get(T1[0]!)!;
    const frames: ReturnType<typeof singleFrameOf>[] = [];
    const count = await streamSeries(server, studyInstanceUid, seriesInstanceUid, (part10) => void frames.push(singleFrameOf(part10)));
    expect(count).toBe(11);
    const bySop = new Map(frames.map((f) => [f!.sopInstanceUid, f!]));
    expect([...bySop.keys()].sort()).toEqual(T1.map((f) => parsed.get(f)!.sopInstanceUid).sort());
    for (const file of T1) {
      const instance = parsed.get(file)!;
      const frame = bySop.get(instance.sopInstanceUid)!;
      const answer = await frameAnswer(server, instance);
      expect(frame.transferSyntaxUid).toBe(answer.transferSyntax);
      // 256 x 256 16-bit pixels of the phantom's sagittal T1.
      expect(frame.pixelData.length).toBe(instance.rows * instance.columns * 2);
      expect(Buffer.from(frame.pixelData).equals(Buffer.from(answer.bytes))).toBe(true);
    }
  });

  it.each(ENCODED.map((file) => [path.basename(file), file]))('takes the frame of %s from its object as its frame request answers it', async (_name, file) => {
    const instance = parsed.get(file)!;
    let frame: ReturnType<typeof singleFrameOf>;
    const count = await streamSeries(server, instance.studyInstanceUid, instance.seriesInstanceUid, (part10) => void (frame = singleFrameOf(part10)));
    expect(count).toBe(1);
    const answer = await frameAnswer(server, instance);
    expect(frame!.sopInstanceUid).toBe(instance.sopInstanceUid);
    expect(frame!.transferSyntaxUid).toBe(answer.transferSyntax);
    // A view into the object's bytes where 32-bit pixels can start (singleFrameOf copies one that could not).
    expect(frame!.pixelData.byteOffset % 4).toBe(0);
    expect(Buffer.from(frame!.pixelData).equals(Buffer.from(answer.bytes))).toBe(true);
  });

  it('leaves to their frame requests big-endian, deflated and multi-frame objects', () => {
    for (const file of NOT_TAKEN) expect(singleFrameOf(new Uint8Array(readFileSync(file))), path.basename(file)).toBeUndefined();
  });

  it('a series that is not there is a 404 naming it', async () => {
    const { studyInstanceUid } = parsed.get(T1[0]!)!;
    const failure = await streamSeries(server, studyInstanceUid, '1.2.3.4.5', () => undefined).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DicomWebError);
    expect((failure as DicomWebError).kind).toBe('not-found');
    expect((failure as DicomWebError).message).toMatch(/series 1\.2\.3\.4\.5/);
  });
});

describe('a series answer cut in the middle', () => {
  let faults: FaultProxy;
  beforeAll(async () => {
    faults = await startFaultProxy(pacs.orthanc.url, /\/series\/[^/]+$/);
  });
  afterAll(() => faults?.close());

  it('hands over the objects that arrived whole, then says the answer was cut off, once, without asking again', async () => {
    faults.setFaults({ cut: 1 });
    const { studyInstanceUid, seriesInstanceUid } = parsed.get(T1[0]!)!;
    const through = { ...server, root: `${faults.url}/dicom-web` };
    const arrived: string[] = [];
    const failure = await streamSeries(through, studyInstanceUid, seriesInstanceUid, (part10) => void arrived.push(singleFrameOf(part10)!.sopInstanceUid)).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DicomWebError);
    expect((failure as DicomWebError).message).toMatch(/was cut off/);
    // The proxy sends half of the answer: five of the eleven objects whole, the sixth cut.
    expect(arrived.length).toBe(5);
    expect(faults.injected.length).toBe(1);
  });
});
