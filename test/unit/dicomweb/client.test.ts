// The DICOMweb client with servers that misbehave, through a stand-in for fetch. (test/pacs/ runs the
// same client against a real Orthanc.)
import { describe, expect, it } from 'vitest';
import {
  authorizationHeader,
  DicomWebError,
  normalizeRoot,
  retrieveInstance,
  retrieveSeriesMetadata,
  searchStudies,
  storeInstances,
  studySearchParams,
  type DicomWebServer,
  type Fetch,
  type Timing,
} from '../../../src/dicom/dicomweb';
import { buildMultipart, contentTypeParameter, firstPart, makeBoundary, MultipartReader, parseMultipart } from '../../../src/dicom/dicomweb/multipart';
import { part10 } from '../dicom/dicomBytes';

const server: DicomWebServer = { id: 's', name: 'Main PACS', root: 'https://pacs.example.org/dicom-web', auth: { kind: 'none' } };

interface Call {
  url: string;
  init: RequestInit;
}

/** A fetch that records the requests and answers each with `answer`. */
function fakeFetch(answer: (call: Call) => Response | Promise<Response>): Fetch & { calls: Call[] } {
  const calls: Call[] = [];
  const fn = async (url: string, init: RequestInit) => {
    const call = { url, init };
    calls.push(call);
    return answer(call);
  };
  return Object.assign(fn, { calls });
}

/** The default policy with short waits, so that a test of three tries takes milliseconds. */
const quick: Timing = { stallMs: 100, attempts: 3, firstRetryDelayMs: 1 };

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/dicom+json' } });
const headersOf = (call: Call) => call.init.headers as Record<string, string>;

async function failure(promise: Promise<unknown>): Promise<DicomWebError> {
  const error = await promise.catch((e: unknown) => e);
  if (!(error instanceof DicomWebError)) throw new Error(`expected a DicomWebError, got ${String(error)}`);
  return error;
}

describe('the server settings', () => {
  it('makes the root absolute, without a trailing slash', () => {
    expect(normalizeRoot('/dicom-web/', 'http://localhost:5173/app/')).toEqual({ root: 'http://localhost:5173/dicom-web' });
    expect(normalizeRoot(' http://127.0.0.1:8042/dicom-web ')).toEqual({ root: 'http://127.0.0.1:8042/dicom-web' });
  });

  it('refuses what is not a DICOMweb root, saying why', () => {
    expect(normalizeRoot('')).toEqual({ error: 'the DICOMweb root URL is empty' });
    expect(normalizeRoot('pacs')).toMatchObject({ error: /is not a URL/ });
    expect(normalizeRoot('ftp://pacs/dicom-web')).toMatchObject({ error: /not an http or https URL/ });
    expect(normalizeRoot('http://pacs/dicom-web?x=1')).toMatchObject({ error: /query/ });
    expect(normalizeRoot('http://user:pw@pacs/dicom-web')).toMatchObject({ error: /authentication fields/ });
  });

  it('sends Basic credentials as UTF-8 and Bearer tokens as they are', () => {
    expect(authorizationHeader({ kind: 'none' })).toBeUndefined();
    expect(authorizationHeader({ kind: 'basic', username: 'reader', password: 'secret' })).toBe('Basic cmVhZGVyOnNlY3JldA==');
    expect(authorizationHeader({ kind: 'basic', username: 'jürgen', password: 'é' })).toBe(`Basic ${Buffer.from('jürgen:é').toString('base64')}`);
    expect(authorizationHeader({ kind: 'bearer', token: ' abc.def ' })).toBe('Bearer abc.def');
  });

  it('puts the credentials on every request', async () => {
    const fetchImpl = fakeFetch(() => json([]));
    await searchStudies({ ...server, auth: { kind: 'bearer', token: 'tok' } }, {}, { fetchImpl });
    expect(headersOf(fetchImpl.calls[0])).toMatchObject({ Authorization: 'Bearer tok', Accept: 'application/dicom+json' });
    expect(fetchImpl.calls[0].init.credentials).toBe('omit');
  });
});

describe('the study search query', () => {
  it('matches names anywhere, IDs and accession numbers exactly, modalities in the study, date ranges', () => {
    const params = studySearchParams(
      { patientName: ' doe ', patientId: 'ID1', accessionNumber: 'A1', modality: 'mr', studyDateFrom: '2024-01-02', studyDateTo: '2024-03-04' },
      26,
    );
    expect(params.get('PatientName')).toBe('*doe*');
    expect(params.get('PatientID')).toBe('ID1');
    expect(params.get('AccessionNumber')).toBe('A1');
    expect(params.get('ModalitiesInStudy')).toBe('MR');
    expect(params.get('StudyDate')).toBe('20240102-20240304');
    expect(params.get('limit')).toBe('26');
    expect(params.getAll('includefield')).toContain('00201206');
  });

  it('keeps the wildcards a reader typed, and open date ranges', () => {
    expect(studySearchParams({ patientName: 'DOE^J*' }, 1).get('PatientName')).toBe('DOE^J*');
    expect(studySearchParams({ studyDateFrom: '20240102' }, 1).get('StudyDate')).toBe('20240102-');
    expect(studySearchParams({ studyDateTo: '2024-01-02' }, 1).get('StudyDate')).toBe('-20240102');
    expect(studySearchParams({ studyDateFrom: '2024-01-02', studyDateTo: '2024-01-02' }, 1).get('StudyDate')).toBe('20240102');
    expect(studySearchParams({ patientName: '  ', modality: '' }, 1).has('PatientName')).toBe(false);
  });

  it('refuses a date that is not one', () => {
    expect(() => studySearchParams({ studyDateFrom: '2024/01/02' }, 1)).toThrow('"2024/01/02" is not a date (expected YYYY-MM-DD)');
  });

  it('asks one more than shown, to know whether there were more', async () => {
    const study = (n: number) => ({ '0020000D': { vr: 'UI', Value: [`1.2.${n}`] } });
    const fetchImpl = fakeFetch(() => json([study(1), study(2), study(3)]));
    const result = await searchStudies(server, {}, { max: 2, fetchImpl });
    expect(new URL(fetchImpl.calls[0].url).searchParams.get('limit')).toBe('3');
    expect(result).toMatchObject({ truncated: true, skipped: 0 });
    expect(result.items.map((s) => s.studyInstanceUid)).toEqual(['1.2.1', '1.2.2']);
  });

  it('leaves out studies without a valid UID and counts them', async () => {
    const fetchImpl = fakeFetch(() => json([{ '0020000D': { vr: 'UI', Value: ['1.2.3'] } }, { '00100020': { vr: 'LO', Value: ['x'] } }]));
    const result = await searchStudies(server, {}, { fetchImpl });
    expect(result.items).toHaveLength(1);
    expect(result.skipped).toBe(1);
  });
});

describe('a bad answer gives a clear message naming the server', () => {
  const cases: [string, () => Response, RegExp][] = [
    ['an HTML page', () => new Response('<!DOCTYPE html><html></html>', { headers: { 'Content-Type': 'text/html' } }), /expected DICOM JSON, got "text\/html" \(an HTML page: is the root URL right\?\)/],
    ['broken JSON', () => new Response('[{"0020000D": ', { headers: { 'Content-Type': 'application/dicom+json' } }), /the JSON does not parse/],
    ['an object instead of a list', () => json({ error: 'x' }), /expected a JSON array of data sets/],
    ['a list of something else', () => json([{ '0020000D': { vr: 'UI', Value: ['1.2'] } }, 'x']), /item 2 is not a DICOM JSON data set/],
  ];
  for (const [what, answer, message] of cases) {
    it(what, async () => {
      const error = await failure(searchStudies(server, {}, { fetchImpl: fakeFetch(answer) }));
      expect(error.kind).toBe('bad-response');
      expect(error.message).toMatch(/^The DICOMweb server "Main PACS" sent an invalid answer to the study search: /);
      expect(error.message).toMatch(message);
    });
  }

  it('reads 204 No Content as no match', async () => {
    const result = await searchStudies(server, {}, { fetchImpl: fakeFetch(() => new Response(null, { status: 204 })) });
    expect(result.items).toEqual([]);
  });

  it('tells a proxy whose server is down (502, 503, 504) from a server that fails (500)', async () => {
    for (const status of [502, 503, 504]) {
      const error = await failure(searchStudies(server, {}, { fetchImpl: fakeFetch(() => new Response('', { status })), timing: quick }));
      expect(error).toMatchObject({ kind: 'unreachable', status, transient: true });
      expect(error.message).toMatch(/"Main PACS" is not reachable \(HTTP 50\d.*from the proxy in front of it\) for the study search: is it running\?/);
    }
    const fetchImpl = fakeFetch(() => new Response('', { status: 500, statusText: 'Internal Server Error' }));
    const error = await failure(searchStudies(server, {}, { fetchImpl, timing: quick }));
    expect(error).toMatchObject({ kind: 'server-error', transient: true });
    expect(error.message).toBe('The DICOMweb server "Main PACS" had an internal error (HTTP 500 Internal Server Error) for the study search. Tried 3 times.');
    expect(fetchImpl.calls).toHaveLength(3);
  });

  it('says which series had no metadata', async () => {
    const error = await failure(retrieveSeriesMetadata(server, '1.2', '1.2.3', { fetchImpl: fakeFetch(() => new Response('', { status: 404 })) }));
    expect(error).toMatchObject({ kind: 'not-found', transient: false });
    expect(error.message).toContain('for the metadata of series 1.2.3');
    expect(error.message).toContain('check the root URL https://pacs.example.org/dicom-web');
  });

  it('a network failure says the server cannot be reached', async () => {
    const error = await failure(searchStudies(server, {}, { fetchImpl: () => Promise.reject(new TypeError('Failed to fetch')), timing: quick }));
    expect(error.kind).toBe('unreachable');
    expect(error.message).toMatch(/^Cannot reach the DICOMweb server "Main PACS" at https:\/\/pacs.example.org\/dicom-web \(Failed to fetch\)/);
  });

  it('a cancelled request says so and is not a failure of the server', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await failure(searchStudies(server, {}, { signal: controller.signal, fetchImpl: () => Promise.reject(new DOMException('aborted', 'AbortError')) }));
    expect(error.kind).toBe('cancelled');
  });
});

describe('a server that stalls or cuts its answer is asked again, then named', () => {
  const study = { '0020000D': { vr: 'UI', Value: ['1.2.3'] } };
  /** An answer whose headers come at once and whose body sends `first` bytes, then either ends, stalls or breaks. */
  const partial = (text: string, then: 'stall' | 'cut') => {
    const bytes = new TextEncoder().encode(text);
    const half = bytes.slice(0, Math.floor(bytes.length / 2));
    let sent = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (!sent) {
          sent = true;
          controller.enqueue(half);
        } else if (then === 'cut') controller.error(new TypeError('terminated'));
        else return new Promise(() => undefined); // never another byte
      },
    });
    return new Response(body, { headers: { 'Content-Type': 'application/dicom+json' } });
  };

  it('gives up on an answer that never comes after the stall time, three times, and says so', async () => {
    const fetchImpl = fakeFetch(() => new Promise<Response>(() => undefined));
    const started = Date.now();
    const error = await failure(searchStudies(server, {}, { fetchImpl, timing: quick }));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(fetchImpl.calls).toHaveLength(3);
    expect(error).toMatchObject({ kind: 'unreachable', stalled: true, summary: 'server not answering' });
    expect(error.message).toBe('The DICOMweb server "Main PACS" stopped answering the study search (nothing received for 0.1 s while waiting for its answer). Tried 3 times.');
    // The stalled requests were aborted, not left open.
    expect(fetchImpl.calls.every((c) => c.init.signal?.aborted)).toBe(true);
  });

  it('a body that stops half way is a stall; the next try that answers whole is the result', async () => {
    let call = 0;
    const fetchImpl = fakeFetch(() => (++call === 1 ? partial(JSON.stringify([study]), 'stall') : json([study])));
    const result = await searchStudies(server, {}, { fetchImpl, timing: quick });
    expect(result.items.map((s) => s.studyInstanceUid)).toEqual(['1.2.3']);
    expect(fetchImpl.calls).toHaveLength(2);
  });

  it('a connection cut in the middle of the answer is tried again, then named as cut', async () => {
    const fetchImpl = fakeFetch(() => partial(JSON.stringify([study]), 'cut'));
    const error = await failure(retrieveSeriesMetadata(server, '1.2', '1.2.3', { fetchImpl, timing: quick }));
    expect(fetchImpl.calls).toHaveLength(3);
    expect(error.kind).toBe('unreachable');
    expect(error.message).toBe('The answer of the DICOMweb server "Main PACS" to the metadata of series 1.2.3 was cut off (terminated). Tried 3 times.');
  });

  it('what asking again cannot mend (404, 401) is asked once', async () => {
    for (const status of [404, 401]) {
      const fetchImpl = fakeFetch(() => new Response('', { status }));
      await failure(searchStudies(server, {}, { fetchImpl, timing: quick }));
      expect(fetchImpl.calls).toHaveLength(1);
    }
  });
});

describe('multipart/related', () => {
  const parts = [new TextEncoder().encode('first\r\n--not-the-boundary'), new Uint8Array([0, 1, 2, 13, 10, 45, 45]), new Uint8Array(0)];

  it('reads back what it writes, bytes exactly', () => {
    const boundary = makeBoundary(parts);
    const body = buildMultipart(parts, 'application/dicom', boundary);
    const read = parseMultipart(body, `multipart/related; type="application/dicom"; boundary=${boundary}`);
    expect(read.map((p) => [...p.body])).toEqual(parts.map((p) => [...p]));
    expect(read.every((p) => p.headers['content-type'] === 'application/dicom')).toBe(true);
  });

  it('draws another boundary when a part contains it', () => {
    let draws = 0;
    // The first draw is all zeros ("kypho-000…"); a part holding exactly that line forces a second draw.
    const random = () => (draws++ < 24 ? 0 : 0.5);
    const clash = new TextEncoder().encode(`x--kypho-${'0'.repeat(24)}`);
    expect(makeBoundary([clash], random)).not.toBe(`kypho-${'0'.repeat(24)}`);
  });

  it('reads quoted parameters and parts without headers', () => {
    expect(contentTypeParameter('multipart/related; type="application/octet-stream; transfer-syntax=1.2"; boundary="a b"', 'boundary')).toBe('a b');
    const body = new TextEncoder().encode('preamble\r\n--b\r\n\r\nhello\r\n--b--\r\n');
    expect(new TextDecoder().decode(parseMultipart(body, 'multipart/related; boundary=b')[0].body)).toBe('hello');
  });

  it('gives a frame answer\'s pixel bytes and their transfer syntax, and a body that is not multipart as it is', () => {
    // A 16-bit frame whose bytes hold CR LF and dashes, as pixel data does.
    const pixels = new Uint8Array(4096).map((_, i) => [13, 10, 45, 45, i & 255][i % 5]!);
    const body = buildMultipart([pixels], 'application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1', 'frame-b');
    const frame = firstPart(body, 'multipart/related; type="application/octet-stream"; boundary=frame-b');
    expect(frame.contentType).toBe('application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1');
    expect([...frame.body]).toEqual([...pixels]);
    const single = firstPart(pixels, 'application/octet-stream');
    expect(single).toEqual({ contentType: 'application/octet-stream', body: pixels });
    expect(() => firstPart(body.subarray(0, body.length - 20), 'multipart/related; boundary=frame-b')).toThrow('ends inside a part');
  });

  describe('read as it arrives', () => {
    const enc = (text: string) => new TextEncoder().encode(text);
    // Three parts as Orthanc sends a series: with Content-Length, bodies holding CR LF and dashes.
    const bodies = [enc('first\r\n--b0un'), new Uint8Array([13, 10, 45, 45, 98, 48, 0, 255]), new Uint8Array(0)];
    const withLength = (declared: (body: Uint8Array) => number) =>
      new Uint8Array([
        ...enc('preamble\r\n'),
        ...bodies.flatMap((body) => [...enc(`--b0undary\r\nContent-Type: application/dicom\r\nContent-Length: ${declared(body)}\r\n\r\n`), ...body, ...enc('\r\n')]),
        ...enc('--b0undary--\r\nepilogue'),
      ]);
    const readInChunks = (message: Uint8Array, size: number) => {
      const reader = new MultipartReader('multipart/related; type="application/dicom"; boundary=b0undary');
      const parts = [];
      for (let at = 0; at < message.length; at += size) parts.push(...reader.push(message.subarray(at, at + size)));
      reader.end();
      return parts.map((p) => [...p.body]);
    };

    it('gives the same parts however the body is cut into chunks, with, without or with a wrong Content-Length', () => {
      const expected = bodies.map((b) => [...b]);
      const messages = {
        'with Content-Length': withLength((b) => b.length),
        'without': buildMultipart(bodies, 'application/dicom', 'b0undary'),
        'with a wrong Content-Length': withLength((b) => b.length + 3),
        'with a short Content-Length': withLength((b) => Math.max(0, b.length - 2)),
      };
      for (const [name, message] of Object.entries(messages))
        for (let size = 1; size <= message.length; size++) expect(readInChunks(message, size), `${name}, chunks of ${size}`).toEqual(expected);
    });

    it('hands each part over as soon as its delimiter is in, as its own buffer', () => {
      const message = withLength((b) => b.length);
      const reader = new MultipartReader('multipart/related; boundary=b0undary');
      // Up to the end of the delimiter after the second part.
      const secondEnds = message.indexOf(255) + 1 + '\r\n--b0undary'.length;
      const early = reader.push(message.subarray(0, secondEnds));
      expect(early.map((p) => p.body.length)).toEqual([bodies[0]!.length, bodies[1]!.length]);
      expect(early.every((p) => p.body.byteOffset === 0 && p.body.buffer.byteLength === p.body.length)).toBe(true);
      expect(reader.done).toBe(false);
      expect(reader.push(message.subarray(secondEnds)).length).toBe(1);
      expect(reader.done).toBe(true);
    });

    it('reads an empty part without headers, whose blank line begins the delimiter', () => {
      for (let size = 1; size <= 30; size++) expect(readInChunks(new TextEncoder().encode('--b0undary\r\n\r\n--b0undary\r\n\r\nx\r\n--b0undary--'), size)).toEqual([[], [120]]);
    });

    it('says when the body ends inside a part', () => {
      const message = withLength((b) => b.length);
      const reader = new MultipartReader('multipart/related; boundary=b0undary');
      expect(reader.push(message.subarray(0, message.length - 40)).length).toBe(2);
      expect(() => reader.end()).toThrow('ends inside a part');
    });
  });

  it('says what is wrong with a malformed body', () => {
    expect(() => parseMultipart(new Uint8Array(1), 'multipart/related')).toThrow('no boundary');
    expect(() => parseMultipart(new TextEncoder().encode('--b\r\nContent-Type: x\r\n\r\ncut'), 'multipart/related; boundary=b')).toThrow('ends inside a part');
  });
});

describe('retrieving a whole object', () => {
  const file = part10([
    [0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.88.11'],
    [0x00080018, 'UI', '1.2.3.4'],
  ]);
  const address = { studyInstanceUid: '1.2', seriesInstanceUid: '1.2.3', sopInstanceUid: '1.2.3.4' };

  it('returns the Part 10 bytes of the one part', async () => {
    const body = buildMultipart([file], 'application/dicom', 'bb');
    const fetchImpl = fakeFetch(() => new Response(body as BodyInit, { headers: { 'Content-Type': 'multipart/related; type="application/dicom"; boundary=bb' } }));
    expect([...(await retrieveInstance(server, address, { fetchImpl }))]).toEqual([...file]);
    expect(fetchImpl.calls[0].url).toBe('https://pacs.example.org/dicom-web/studies/1.2/series/1.2.3/instances/1.2.3.4');
    expect(headersOf(fetchImpl.calls[0]).Accept).toBe('multipart/related; type="application/dicom"; transfer-syntax=*');
  });

  it('refuses an answer that is not one DICOM file', async () => {
    const twice = buildMultipart([file, file], 'application/dicom', 'bb');
    const notDicom = buildMultipart([new Uint8Array(200)], 'application/dicom', 'bb');
    const type = { 'Content-Type': 'multipart/related; type="application/dicom"; boundary=bb' };
    for (const [body, message] of [
      [twice, /expected one DICOM object, got 2/],
      [notDicom, /not a DICOM Part 10 file/],
    ] as const) {
      const error = await failure(retrieveInstance(server, address, { fetchImpl: fakeFetch(() => new Response(body as BodyInit, { headers: type })) }));
      expect(error.message).toMatch(message);
    }
    const error = await failure(retrieveInstance(server, address, { fetchImpl: fakeFetch(() => json([])) }));
    expect(error.message).toMatch(/expected multipart\/related/);
  });
});

describe('STOW-RS answers', () => {
  const object = (uid: string) =>
    part10([
      [0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.88.11'],
      [0x00080018, 'UI', uid],
    ]);
  const referenced = (uid: string) => ({ '00081155': { vr: 'UI', Value: [uid] } });
  const failedItem = (uid: string, reason: number) => ({ '00081155': { vr: 'UI', Value: [uid] }, '00081197': { vr: 'US', Value: [reason] } });

  it('sends one multipart/related request of application/dicom parts', async () => {
    const fetchImpl = fakeFetch(() => json({ '00081199': { vr: 'SQ', Value: [referenced('1.2.1')] } }));
    await storeInstances(server, [object('1.2.1')], { fetchImpl });
    const { url, init } = fetchImpl.calls[0];
    expect(url).toBe('https://pacs.example.org/dicom-web/studies');
    expect(init.method).toBe('POST');
    const type = headersOf(fetchImpl.calls[0])['Content-Type'];
    expect(type).toMatch(/^multipart\/related; type="application\/dicom"; boundary=kypho-/);
    expect(parseMultipart(init.body as Uint8Array, type).map((p) => p.body.length)).toEqual([object('1.2.1').length]);
  });

  it('reports each object as stored or failed with the reason in words', async () => {
    const fetchImpl = fakeFetch(() => json({ '00081199': { vr: 'SQ', Value: [referenced('1.2.1')] }, '00081198': { vr: 'SQ', Value: [failedItem('1.2.2', 0xa900)] } }, 202));
    expect(await storeInstances(server, [object('1.2.1'), object('1.2.2')], { fetchImpl })).toEqual({
      stored: ['1.2.1'],
      failed: [{ sopInstanceUid: '1.2.2', reason: 'the data set does not match the SOP class (0xA900)' }],
    });
  });

  it('counts an object the server does not mention as failed, never as stored', async () => {
    const fetchImpl = fakeFetch(() => json({ '00081199': { vr: 'SQ', Value: [referenced('1.2.1')] } }));
    expect(await storeInstances(server, [object('1.2.1'), object('1.2.9')], { fetchImpl })).toEqual({
      stored: ['1.2.1'],
      failed: [{ sopInstanceUid: '1.2.9', reason: 'the server did not confirm it' }],
    });
  });

  it('reads the reasons of a 409 Conflict, where nothing was stored', async () => {
    const fetchImpl = fakeFetch(() => json({ '00081198': { vr: 'SQ', Value: [failedItem('1.2.1', 0x0122)] } }, 409));
    expect(await storeInstances(server, [object('1.2.1')], { fetchImpl })).toEqual({
      stored: [],
      failed: [{ sopInstanceUid: '1.2.1', reason: 'SOP class not supported (0x0122)' }],
    });
  });

  it('an empty answer confirms nothing and says to check the PACS', async () => {
    const error = await failure(storeInstances(server, [object('1.2.1')], { fetchImpl: fakeFetch(() => new Response('', { status: 200 })) }));
    expect(error.message).toMatch(/confirmed nothing for storing one object \(empty answer\): check in the PACS/);
  });
});
