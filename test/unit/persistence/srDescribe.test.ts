/**
 * What an SR is, said from its header and content: a Kypho reading with its reader, time and sign-off, or
 * another viewer's measurements (an SR written by @cornerstonejs/adapters as OHIF writes it) with the lines
 * they hold, which are shown, never imported.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toReadingDocument } from '../../../src/persistence/readingDocument';
import { describeSrBytes, type SrDescription } from '../../../src/persistence/sr/srDescribe';
import { readSr } from '../../../src/persistence/sr/srRead';
import { writeSr } from '../../../src/persistence/sr/srWrite';
import { readInstance } from '../../../src/dicom';
import { readFileSync } from 'node:fs';
import { ohifLengthSr } from '../../pacs/ohifSr';
import { basicTextSr, repoRoot } from '../../pacs/fixtures';
import { patientSpaceReading, radiographReading, SERIES, SR_CONTEXT, STUDY } from './fixtures';

const DX = path.join(repoRoot, 'sample-data/lateral-baseline/DX/IM0001.dcm');
const document = () => toReadingDocument(radiographReading(), { study: STUDY });

describe('a Kypho reading', () => {
  it('is named by its reader, time and sign-off, from the header', () => {
    const reader = { name: 'DOE^JANE', organization: 'Phantom Radiology' };
    const signed = describeSrBytes(writeSr(document(), { ...SR_CONTEXT, observer: reader, signedAt: new Date('2026-12-01T21:40:12Z') }));
    expect(signed).toEqual({ kind: 'kypho', label: 'Kypho reading, DOE^JANE, 2026-12-01 21:40, signed', signed: true, reader: 'DOE^JANE', time: '2026-12-01 21:40' });
    // SR_CONTEXT writes at 2026-11-21 10:05 UTC.
    const preliminary = describeSrBytes(writeSr(document(), { ...SR_CONTEXT, observer: reader }));
    expect(preliminary).toMatchObject({ kind: 'kypho', label: 'Kypho reading, DOE^JANE, 2026-11-21 10:05, preliminary', signed: false });
    expect(describeSrBytes(writeSr(document(), SR_CONTEXT))).toMatchObject({ label: 'Kypho reading, no reader named, 2026-11-21 10:05, preliminary' });
  });

  it('a 3-D one (CT reformat) too', () => {
    const slices = new Map([[`${SERIES}.1`, { sopClassUid: '1.2.840.10008.5.1.4.1.1.2', seriesInstanceUid: SERIES, frameOfReferenceUid: '1.2.826.0.1.3680043.8.498.1.9' }]]);
    const bytes = writeSr(toReadingDocument(patientSpaceReading(), { study: STUDY }), { ...SR_CONTEXT, images: slices });
    expect(describeSrBytes(bytes)).toMatchObject({ kind: 'kypho', label: 'Kypho reading, no reader named, 2026-11-21 10:05, preliminary' });
  });
});

describe('an SR OHIF writes (one Length, by @cornerstonejs/adapters)', async () => {
  const dx = await readInstance(DX, readFileSync(DX), DX);
  if (dx.kind !== 'image') throw new Error('the phantom DX is not an image');
  const sr = ohifLengthSr(DX, [700.5, 410.25], [712.5, 530.75], 24.3);
  const description = describeSrBytes(sr.bytes) as Extract<SrDescription, { kind: 'foreign' }>;

  it('is listed as OHIF measurements, counted by tool', () => {
    expect(description.kind).toBe('foreign');
    expect(description.label).toBe('OHIF measurements: 1 length');
  });

  it('holds one line on the radiograph, at the points measured, labelled with its length', () => {
    // The handles count from the top-left pixel's centre, the SCOORD from its corner: half a pixel more.
    expect(description.shapes).toEqual([
      {
        label: 'Length 24.3 mm',
        graphicType: 'POLYLINE',
        image: { sopInstanceUid: dx.instance.sopInstanceUid, points: [[701, 410.75], [713, 531.25]] },
      },
    ]);
  });

  it('is refused as an import in a reader\'s words, not as a broken Kypho reading', () => {
    const read = readSr(sr.bytes);
    expect(read.ok ? [] : read.problems).toEqual([
      'OHIF measurements: 1 length: this report was not written by Kypho, so it holds no Kypho reading to import; it can be shown on its images instead',
    ]);
  });
});

describe('other reports', () => {
  it('a text report is named by its title and series, with no measurements', () => {
    const sr = basicTextSr({ studyInstanceUid: STUDY.studyInstanceUid, patientName: 'X', patientId: 'Y' }, 'T6 grade 1 wedge.');
    expect(describeSrBytes(sr.bytes)).toEqual({ kind: 'foreign', label: 'Diagnostic Imaging Report: KYPHO TEST REPORT: no measurements', shapes: [] });
  });

  it('bytes that are not DICOM say so', () => {
    expect(describeSrBytes(new TextEncoder().encode('not dicom')).kind).toBe('unreadable');
  });
});
