/**
 * The TID 1500 SR: valid for dicom3tools' dciodvfy (no "Error" line), readable by DCMTK's dsrdump with the
 * measurement values in it, and read back into exactly the reading it was written from.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dcmjs from 'dcmjs';
import { afterAll, describe, expect, it } from 'vitest';
import { formatRatio } from '../../../src/reading';
import { toReadingDocument, type StoredReading } from '../../../src/persistence/readingDocument';
import { CODES, KYPHO_SCHEME, VERTEBRA_CODES } from '../../../src/persistence/sr/codes';
import { readSr, readSrDataset } from '../../../src/persistence/sr/srRead';
import { encodeSr, SrExportError, srDataset, writeSr } from '../../../src/persistence/sr/srWrite';
import { dciodvfyErrors, pixelmedErrors, toolOutput as output } from './dicomTools';
import { calibrationsReading, IMAGE, patientSpaceReading, radiographReading, SERIES, spineReading, SR_CONTEXT, STUDY } from './fixtures';

const dir = mkdtempSync(join(tmpdir(), 'kypho-sr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

const document = (reading: StoredReading) => toReadingDocument(reading, { study: STUDY });

/** The radiograph's vertebrae as placed on an image that gave its orientation, the first one swapped (section 2a). */
function swappedReading(): StoredReading {
  const reading = radiographReading();
  return {
    ...reading,
    findings: reading.findings.map((f, i) =>
      f.measurement ? { ...f, measurement: { ...f.measurement, swapped: i === 0 ? ['anterior-posterior' as const] : [] } } : f,
    ),
  };
}

describe.each([
  ['radiograph with MRI findings', radiographReading],
  ['every calibration, adjacent method, multi-frame', calibrationsReading],
  ['radiograph whose first vertebra was swapped into anatomical order', swappedReading],
  // Sections 10 and 11 on the radiograph (spineReading's reformat L3 needs CT images in the context; left out).
  ['treated, retropulsed level with canal lines', () => ({ ...spineReading(), findings: spineReading().findings.filter((f) => f.level !== 'L3') })],
])('SR of a %s', (name, make) => {
  const doc = document(make());
  const bytes = writeSr(doc, SR_CONTEXT);
  const path = file(`${name.replace(/\W+/g, '-')}.dcm`, bytes);

  it('passes dciodvfy with no Error line', async () => {
    expect(await dciodvfyErrors(path)).toEqual([]);
  });

  it('dsrdump shows every vertebra with its heights, ratios and grade', async () => {
    const dump = await output('dsrdump', [path]);
    // DCMTK checks the relationship content constraints of Comprehensive SR while it reads.
    expect(dump.split('\n').filter((line) => line.startsWith('E:'))).toEqual([]);
    expect(dump).toContain('Comprehensive SR Document');
    expect(dump).toContain('<CONTAINER:(,,"Imaging Measurement Report")=SEPARATE>');
    for (const v of doc.vertebrae) {
      expect(dump).toContain(`=(${VERTEBRA_CODES[v.level].CodeValue},${VERTEBRA_CODES[v.level].CodingSchemeDesignator},"${v.level} vertebra`);
      if (v.grade === null) continue;
      const unit = v.unit === 'mm' ? '(mm,UCUM,"millimeter")' : '({pixel},UCUM,"pixel")';
      for (const [name, h] of [['Ha', v.ha], ['Hm', v.hm], ['Hp', v.hp]] as const) {
        expect(dump).toContain(`<contains TEXT:(,,"Comment")="${v.level} ${name} ${h!.toFixed(1)} ${v.unit === 'mm' ? 'mm' : 'px'}">`);
        expect(dump).toContain(`<contains NUM:(,,"Height")="${String(h).slice(0, 12)}`);
      }
      expect(dump).toContain(unit);
      expect(dump).toContain(`<contains NUM:(,,"Anterior to posterior height ratio (Ha/Hp)")="${formatRatio(v.wedgeRatio).slice(0, 3)}`);
      expect(dump).toContain(`"Genant grade ${v.grade} (`);
    }
  });

  it('reads back into the same reading document, exactly', () => {
    const back = readSr(bytes);
    if (!back.ok) throw new Error(back.problems.join('\n'));
    expect(back.warnings).toEqual([]);
    const { modified, ...rest } = back.document;
    expect(modified).toBe('2026-11-21T10:05:00Z');
    expect(rest).toEqual({ ...doc, study: { ...STUDY } });
  });
});

describe('PixelMed DicomSRValidator', () => {
  it('finds no error in the SR of a radiograph with MRI findings, TID 1500 template included', async () => {
    const path = file('pixelmed.dcm', writeSr(document(radiographReading()), SR_CONTEXT));
    expect(await pixelmedErrors(path)).toEqual([]);
  }, 120_000);

  it('finds no error in a signed amendment: verifying observer and predecessor document', async () => {
    const predecessor = { studyInstanceUid: STUDY.studyInstanceUid, seriesInstanceUid: '2.25.11', sopInstanceUid: '2.25.12', sopClassUid: '1.2.840.10008.5.1.4.1.1.88.33' };
    const context = { ...SR_CONTEXT, observer: { name: 'DOE^JANE', organization: 'Phantom Radiology' }, signedAt: new Date('2026-12-02T06:00:00Z'), predecessor };
    const path = file('pixelmed-signed-amendment.dcm', writeSr(document(radiographReading()), context));
    expect(await dciodvfyErrors(path)).toEqual([]);
    expect(await pixelmedErrors(path)).toEqual([]);
  }, 120_000);
});

const children = (item: any) => (item.ContentSequence ?? []) as any[];
const named = (item: any, code: { CodeValue: string }) => children(item).find((i) => i.ConceptNameCodeSequence[0].CodeValue === code.CodeValue);

describe('SR structure: what viewers that expect geometry in every measurement group can show', () => {
  const dataset = srDataset(document(radiographReading()), SR_CONTEXT);
  const measurements = named(dataset, CODES.imagingMeasurements);
  const groups = children(measurements);
  const qualitative = named(dataset, CODES.qualitativeEvaluations);
  const l1 = groups.filter((g) => named(g, CODES.findingSite).ConceptCodeSequence[0].CodeValue === VERTEBRA_CODES.L1.CodeValue);

  it('is a TID 1500 Comprehensive SR with one measurement group per height of each measured vertebra', () => {
    expect(dataset.SOPClassUID).toBe('1.2.840.10008.5.1.4.1.1.88.33');
    expect(dataset.ContentTemplateSequence).toEqual([{ MappingResource: 'DCMR', TemplateIdentifier: '1500' }]);
    // T11, T12, L1 and L2 are measured; L4 and S1 are judged without heights.
    expect(groups).toHaveLength(4 * 3);
  });

  it('gives every measurement group one Height inferred from a line on an image, and nothing else to measure', () => {
    for (const group of groups) {
      const nums = children(group).filter((i) => i.ValueType === 'NUM');
      expect(nums).toHaveLength(1);
      expect(nums[0].ConceptNameCodeSequence[0]).toEqual(CODES.height);
      const [scoord] = children(nums[0]);
      expect(scoord).toMatchObject({ RelationshipType: 'INFERRED FROM', ValueType: 'SCOORD', GraphicType: 'POLYLINE' });
      expect(children(scoord)[0].ReferencedSOPSequence[0].ReferencedSOPInstanceUID).toBe(IMAGE.sopInstanceUid);
    }
  });

  it('labels each line with its level and height as Cornerstone writes a Length, e.g. "L1 Ha 18.0 mm"', () => {
    const v = document(radiographReading()).vertebrae.find((x) => x.level === 'L1')!;
    expect(l1.map((g) => named(g, CODES.comment).TextValue)).toEqual([`L1 Ha ${v.ha!.toFixed(1)} mm`, `L1 Hm ${v.hm!.toFixed(1)} mm`, `L1 Hp ${v.hp!.toFixed(1)} mm`]);
    expect(l1[0].ContentSequence[0]).toMatchObject({ ValueType: 'TEXT', TextValue: 'Cornerstone3DTools@^0.1.0:Length' });
    expect(l1.map((g) => named(named(g, CODES.findingSite), CODES.topographicalModifier).ConceptCodeSequence[0])).toEqual([
      CODES.anterior,
      CODES.central,
      CODES.posterior,
    ]);
  });

  it('places the six points as three two-point SCOORDs on the image, origin at the pixel corner', () => {
    const points = radiographReading().findings.find((f) => f.level === 'L1')!.measurement!.points;
    expect(l1.map((g) => children(named(g, CODES.height))[0].GraphicData)).toEqual([
      [...points.as, ...points.ai].map((c) => c + 0.5),
      [...points.ms, ...points.mi].map((c) => c + 0.5),
      [...points.ps, ...points.pi].map((c) => c + 0.5),
    ]);
  });

  it('keeps what has no geometry in the qualitative evaluations: one container per vertebra, then the SDI', () => {
    const vertebrae = children(qualitative).filter((i) => i.ValueType === 'CONTAINER');
    expect(vertebrae.map((c) => named(c, CODES.findingSite).ConceptCodeSequence[0].CodeMeaning)).toEqual(
      ['T11', 'T12', 'L1', 'L2', 'L4', 'S1'].map((l) => `${l} vertebra`),
    );
    const l1Evaluation = vertebrae[2];
    expect(named(l1Evaluation, CODES.finding).ConceptCodeSequence[0]).toEqual(CODES.fractureOfBone);
    expect(named(l1Evaluation, CODES.genantGrade).ConceptCodeSequence[0].CodeMeaning).toBe('Genant grade 2 (moderate)');
    expect(named(qualitative, CODES.sdi).MeasuredValueSequence[0].FloatingPointValue).toBe(document(radiographReading()).sdi);
  });

  it('declares its private coding scheme and uses it only for concepts without a standard code', () => {
    expect(dataset.CodingSchemeIdentificationSequence).toEqual([expect.objectContaining({ CodingSchemeDesignator: KYPHO_SCHEME })]);
    expect(named(l1[0], CODES.findingSite).ConceptCodeSequence[0]).toEqual({ CodeValue: '66794005', CodingSchemeDesignator: 'SCT', CodeMeaning: 'L1 vertebra' });
  });

  it('says the report sentences as its impression', () => {
    expect(named(qualitative, CODES.impression).TextValue).toContain('L1: acute (edema on STIR, 25-74%) Genant grade 2 wedge');
  });

  it('keeps every code value and meaning within the lengths DICOM allows', () => {
    const codes: { CodeValue: string; CodeMeaning: string }[] = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        if ('CodeValue' in node) codes.push(node as (typeof codes)[number]);
        Object.values(node).forEach(walk);
      }
    };
    walk(dataset);
    expect(codes.filter((c) => c.CodeValue.length > 16 || c.CodeMeaning.length > 64)).toEqual([]);
  });
});

describe('SR of a reading on a CT reformat (patient space)', () => {
  const FRAME_OF_REFERENCE = '1.2.826.0.1.3680043.8.498.1.9';
  const slices = new Map(
    [1, 2, 3].map((n) => [`${SERIES}.${n}`, { sopClassUid: '1.2.840.10008.5.1.4.1.1.2', seriesInstanceUid: SERIES, frameOfReferenceUid: FRAME_OF_REFERENCE }]),
  );
  const context = { ...SR_CONTEXT, images: slices };
  const doc = document(patientSpaceReading());
  const bytes = writeSr(doc, context);
  const path = file('patient-space.dcm', bytes);
  const dataset = srDataset(doc, context);

  it('is a Comprehensive 3D SR whose heights are SCOORD3D lines in the Frame of Reference of the series', () => {
    expect(dataset.SOPClassUID).toBe('1.2.840.10008.5.1.4.1.1.88.34');
    const groups = children(named(dataset, CODES.imagingMeasurements));
    const points = patientSpaceReading().findings[0]!.measurement!.points;
    expect(groups.map((g) => children(named(g, CODES.height))[0])).toEqual(
      [
        [...points.as, ...points.ai],
        [...points.ms, ...points.mi],
        [...points.ps, ...points.pi],
      ].map((GraphicData) => ({ RelationshipType: 'INFERRED FROM', ValueType: 'SCOORD3D', GraphicType: 'POLYLINE', GraphicData, ReferencedFrameOfReferenceUID: FRAME_OF_REFERENCE })),
    );
    expect(groups.map((g) => named(g, CODES.comment).TextValue)).toEqual([
      `L3 Ha ${doc.vertebrae[0]!.ha!.toFixed(1)} mm`,
      `L3 Hm ${doc.vertebrae[0]!.hm!.toFixed(1)} mm`,
      `L3 Hp ${doc.vertebrae[0]!.hp!.toFixed(1)} mm`,
    ]);
  });

  it('lists the slices of the reformatted series as its evidence', () => {
    const series = (dataset.CurrentRequestedProcedureEvidenceSequence as any[])[0].ReferencedSeriesSequence;
    expect(series).toHaveLength(1);
    expect(series[0].ReferencedSOPSequence.map((s: any) => s.ReferencedSOPInstanceUID)).toEqual([...slices.keys()]);
  });

  it('passes dciodvfy as a Comprehensive 3D SR and dsrdump without error', async () => {
    expect(await dciodvfyErrors(path, 'Comprehensive3DSR')).toEqual([]);
    const dump = await output('dsrdump', [path]);
    expect(dump.split('\n').filter((line) => line.startsWith('E:'))).toEqual([]);
    expect(dump).toContain('<inferred from SCOORD3D:=(POLYLINE,,10.5/-3/120.25,...)>');
  });

  it('reads back into the same reading document, plane and series included, exactly', () => {
    const back = readSr(bytes);
    if (!back.ok) throw new Error(back.problems.join('\n'));
    expect(back.warnings).toEqual([]);
    const { modified: _modified, ...rest } = back.document;
    expect(rest).toEqual({ ...doc, study: { ...STUDY } });
    expect(back.reading.findings[0]!.measurement).toEqual(patientSpaceReading().findings[0]!.measurement);
  });

  it('writes a canal line on the reformat as an SCOORD3D in the Frame of Reference, dciodvfy clean, and reads it back exactly', async () => {
    const withCanal: StoredReading = { ...patientSpaceReading(), findings: [spineReading().findings[3]!] };
    const canalDoc = document(withCanal);
    const canalDataset = srDataset(canalDoc, context);
    const evaluation = children(named(canalDataset, CODES.qualitativeEvaluations)).find((i) => i.ValueType === 'CONTAINER' && i.ContentSequence);
    const diameter = children(evaluation).find((i) => i.ConceptNameCodeSequence?.[0]?.CodeValue === 'CANALAP');
    expect(children(diameter)).toEqual([
      { RelationshipType: 'INFERRED FROM', ValueType: 'SCOORD3D', GraphicType: 'POLYLINE', GraphicData: [25, -3, 108, 25, 10, 108], ReferencedFrameOfReferenceUID: FRAME_OF_REFERENCE },
    ]);
    const canalPath = file('patient-space-canal.dcm', writeSr(canalDoc, context));
    expect(await dciodvfyErrors(canalPath, 'Comprehensive3DSR')).toEqual([]);
    const dump = await output('dsrdump', [canalPath]);
    expect(dump.split('\n').filter((line) => line.startsWith('E:'))).toEqual([]);
    expect(dump).toContain('<inferred from SCOORD3D:=(POLYLINE,,25/-3/108,...)>');
    const back = readSr(readFileSync(canalPath));
    if (!back.ok) throw new Error(back.problems.join('\n'));
    expect(back.reading.findings[0]!.canal).toEqual(withCanal.findings[0]!.canal);
    expect(back.document.vertebrae[0]!.canalDiameter).toBe(canalDoc.vertebrae[0]!.canalDiameter);
  });

  it('refuses a reformat whose series is not among the images given, naming the level', () => {
    expect(() => writeSr(doc, SR_CONTEXT)).toThrow(/L3: measured on a reformat of series .*, whose images \(and Frame of Reference\) are not among the images given/);
  });
});

describe('the SR items of sections 10 and 11', () => {
  const doc = document({ ...spineReading(), findings: spineReading().findings.filter((f) => f.level !== 'L3') });
  const dataset = srDataset(doc, SR_CONTEXT) as any;
  const evaluations = children(named(dataset, CODES.qualitativeEvaluations));
  const assessment = (level: string) =>
    children(evaluations.find((c: any) => children(c).some((i: any) => i.ConceptCodeSequence?.[0]?.CodeMeaning === `${level} vertebra`)));
  const all = (items: any[], value: string) => items.filter((i) => i.ConceptNameCodeSequence[0].CodeValue === value);

  it('writes the segmental kyphosis as a Cobb angle (SCT 285285000) in degrees', () => {
    const [cobb] = all(assessment('T12'), '285285000');
    expect(cobb.ConceptNameCodeSequence[0]).toEqual({ CodeValue: '285285000', CodingSchemeDesignator: 'SCT', CodeMeaning: 'Cobb angle' });
    expect(cobb.MeasuredValueSequence[0].FloatingPointValue).toBe(doc.vertebrae[1]!.segmentalKyphosis);
    expect(cobb.MeasuredValueSequence[0].MeasurementUnitsCodeSequence[0].CodeValue).toBe('deg');
  });

  it('writes the posterior wall, the augmentation and the canal diameter and compromise', () => {
    expect(all(assessment('T12'), 'POSTWALL')[0].ConceptCodeSequence[0].CodeMeaning).toBe('Retropulsed');
    expect(all(assessment('L1'), 'AUGMENTATION')[0].ConceptCodeSequence[0].CodeMeaning).toBe('Kyphoplasty');
    // Not assessed and not treated are no findings: nothing is written for them.
    expect(all(assessment('L1'), 'POSTWALL')).toEqual([]);
    expect(all(assessment('T12'), 'AUGMENTATION')).toEqual([]);
    expect(all(assessment('T12'), 'CANALAP')[0].MeasuredValueSequence[0].FloatingPointValue).toBe(12);
    expect(all(assessment('T12'), 'CANALCOMP')[0].MeasuredValueSequence[0].FloatingPointValue).toBeCloseTo(20, 10);
    // The line itself as SR geometry for other viewers: an SCOORD on the image, half a pixel added as for the heights.
    const line = all(assessment('T12'), 'CANALAP')[0].ContentSequence[0];
    expect(line).toMatchObject({ RelationshipType: 'INFERRED FROM', ValueType: 'SCOORD', GraphicType: 'POLYLINE', GraphicData: [1201, 320.5, 1261, 320.5] });
    expect(line.ContentSequence[0].ReferencedSOPSequence[0].ReferencedSOPInstanceUID).toBe(spineReading().findings[1]!.measurement!.space === 'image' ? (spineReading().findings[1]!.measurement as { sopInstanceUid: string }).sopInstanceUid : '');
  });

  it('says the retropulsion, the treatment and the angles in its impression', () => {
    const impression = named(dataset.ContentSequence ? dataset : {}, CODES.qualitativeEvaluations).ContentSequence[0].TextValue as string;
    expect(impression).toContain('; posterior wall retropulsion: not a simple compression fracture');
    expect(impression).toContain('; treated by kyphoplasty');
    expect(impression).toMatch(/T12: segmental kyphosis -?\d+\.\d deg \(T11-L1\)/);
    expect(impression).toContain('T12: canal compromise 20.0% (AP diameter 12.0 mm)');
  });
});

describe('the reader and the sign-off', () => {
  const reader = { name: 'DOE^JANE', organization: 'St Elsewhere Radiology' };
  const signedAt = new Date('2026-12-01T21:40:12Z');
  const signed = srDataset(document(radiographReading()), { ...SR_CONTEXT, observer: reader, signedAt });
  const preliminary = srDataset(document(radiographReading()), { ...SR_CONTEXT, observer: reader });

  it('names the reader as the person observer of the document, with the organisation', () => {
    const root = signed.ContentSequence as any[];
    expect(root.slice(1, 4)).toEqual([
      expect.objectContaining({ RelationshipType: 'HAS OBS CONTEXT', ConceptCodeSequence: [CODES.person] }),
      expect.objectContaining({ ValueType: 'PNAME', PersonName: 'DOE^JANE', ConceptNameCodeSequence: [CODES.personObserverName] }),
      expect.objectContaining({ ValueType: 'TEXT', TextValue: 'St Elsewhere Radiology', ConceptNameCodeSequence: [CODES.personObserverOrganization] }),
    ]);
  });

  it('writes a signed SR as VERIFIED with the verifying observer, organisation and time', async () => {
    expect(signed).toMatchObject({
      VerificationFlag: 'VERIFIED',
      PreliminaryFlag: 'FINAL',
      CompletionFlag: 'COMPLETE',
      VerifyingObserverSequence: [
        { VerifyingObserverName: 'DOE^JANE', VerifyingOrganization: 'St Elsewhere Radiology', VerificationDateTime: '20261201214012+0000' },
      ],
      SeriesDescription: 'Kypho reading, DOE^JANE, 2026-12-01 21:40, signed',
    });
    const path = file('signed.dcm', encodeSr(signed));
    expect(await dciodvfyErrors(path)).toEqual([]);
    const dump = await output('dsrdump', [path]);
    expect(dump).toContain('Verification Flag   : VERIFIED');
    expect(dump).toContain('Verifying Observers : 2026-12-01 21:40:12 +00:00, DOE^JANE, St Elsewhere Radiology');
  });

  it('says an unsigned SR is preliminary, in its flags and its series description', async () => {
    expect(preliminary).toMatchObject({ VerificationFlag: 'UNVERIFIED', PreliminaryFlag: 'PRELIMINARY', SeriesDescription: 'Kypho reading, DOE^JANE, 2026-11-21 10:05, preliminary' });
    expect(preliminary.VerifyingObserverSequence).toBeUndefined();
    expect(await dciodvfyErrors(file('preliminary.dcm', encodeSr(preliminary)))).toEqual([]);
  });

  it('gives every SR a series and instance of its own, so a signed one is never replaced by a later one', () => {
    expect(signed.SeriesInstanceUID).not.toBe(preliminary.SeriesInstanceUID);
    expect(signed.SOPInstanceUID).not.toBe(preliminary.SOPInstanceUID);
  });

  it('names the signed SR an amended one revises (Predecessor Documents Sequence), and still reads back exactly', async () => {
    const predecessor = { studyInstanceUid: STUDY.studyInstanceUid, seriesInstanceUid: signed.SeriesInstanceUID as string, sopInstanceUid: signed.SOPInstanceUID as string, sopClassUid: signed.SOPClassUID as string };
    const amended = srDataset(document(radiographReading()), { ...SR_CONTEXT, observer: reader, predecessor });
    expect(amended.PredecessorDocumentsSequence).toEqual([
      {
        StudyInstanceUID: STUDY.studyInstanceUid,
        ReferencedSeriesSequence: [{ SeriesInstanceUID: signed.SeriesInstanceUID, ReferencedSOPSequence: [{ ReferencedSOPClassUID: signed.SOPClassUID, ReferencedSOPInstanceUID: signed.SOPInstanceUID }] }],
      },
    ]);
    expect(amended).toMatchObject({ VerificationFlag: 'UNVERIFIED', PreliminaryFlag: 'PRELIMINARY' });
    expect(amended.SOPInstanceUID).not.toBe(signed.SOPInstanceUID);
    const bytes = encodeSr(amended);
    const path = file('amended.dcm', bytes);
    expect(await dciodvfyErrors(path)).toEqual([]);
    const dump = await output('dsrdump', [path]);
    expect(dump.split('\n').filter((line) => line.startsWith('E:'))).toEqual([]);
    const back = readSr(bytes);
    expect(back.ok && back.document.vertebrae).toEqual(document(radiographReading()).vertebrae);
  });

  it('reads a signed SR back as signed: by whom, when, and which SR it is', () => {
    const back = readSr(encodeSr(signed));
    if (!back.ok) throw new Error(back.problems.join('\n'));
    expect(back.warnings).toEqual([]);
    expect(back.signOff).toEqual({
      signed: {
        reader: { name: 'DOE^JANE', organization: 'St Elsewhere Radiology' },
        at: '2026-12-01T21:40:12.000Z',
        sr: { studyInstanceUid: STUDY.studyInstanceUid, seriesInstanceUid: signed.SeriesInstanceUID, sopClassUid: signed.SOPClassUID, sopInstanceUid: signed.SOPInstanceUID },
      },
    });
    const unsigned = readSr(encodeSr(preliminary));
    expect(unsigned.ok && unsigned.signOff).toEqual({});
  });

  it('reads the signed SR an amendment revises from its Predecessor Documents Sequence', () => {
    const predecessor = { studyInstanceUid: STUDY.studyInstanceUid, seriesInstanceUid: signed.SeriesInstanceUID as string, sopInstanceUid: signed.SOPInstanceUID as string, sopClassUid: signed.SOPClassUID as string };
    const back = readSr(encodeSr(srDataset(document(radiographReading()), { ...SR_CONTEXT, observer: reader, predecessor })));
    expect(back.ok && back.signOff).toEqual({ predecessor });
  });

  it('does not take as signed a VERIFIED SR whose heights its points do not give, and says which height', () => {
    const edited = srDataset(document(radiographReading()), { ...SR_CONTEXT, observer: reader, signedAt });
    const groups = (edited.ContentSequence as any[]).find((i) => i.ConceptNameCodeSequence[0].CodeValue === CODES.imagingMeasurements.CodeValue).ContentSequence;
    // Group 7 is L1's anterior height, 17.98 mm from its points: the SR edited to say 16 mm.
    const height = groups[6].ContentSequence.find((i: any) => i.ValueType === 'NUM').MeasuredValueSequence[0];
    height.FloatingPointValue = 16;
    height.NumericValue = '16';
    const back = readSr(encodeSr(edited));
    if (!back.ok) throw new Error(back.problems.join('\n'));
    expect(back.warnings).toEqual([
      'Ha of L1: the SR says 16 mm, its points give 17.98 mm here; 17.98 mm is shown.',
      'The SR is signed (by DOE^JANE), but its content does not read back exactly (above): it is imported as a preliminary reading, not signed.',
    ]);
    expect(back.signOff).toEqual({});
  });

  it('refuses to sign without a reader', () => {
    expect(() => writeSr(document(radiographReading()), { ...SR_CONTEXT, signedAt })).toThrow('a signed SR needs the reader: give a reader name');
  });
});

describe('exporting what an SR cannot hold', () => {
  it('refuses a reading of another study', () => {
    expect(() => writeSr(toReadingDocument(radiographReading(), { study: { studyInstanceUid: '1.2.3' } }), SR_CONTEXT)).toThrow(
      'the reading is of study 1.2.3, the images are of study',
    );
  });

  it('refuses a measurement whose image is not given, naming the level', () => {
    const context = { ...SR_CONTEXT, images: new Map() };
    expect(() => writeSr(document(radiographReading()), context)).toThrow(SrExportError);
    expect(() => writeSr(document(radiographReading()), context)).toThrow(/T11: its image .* is not among the images given/);
  });
});

describe('importing a damaged SR', () => {
  const good = () => srDataset(document(radiographReading()), SR_CONTEXT);
  const groupsOf = (dataset: Record<string, any>) =>
    dataset.ContentSequence.find((i: any) => i.ConceptNameCodeSequence[0].CodeValue === CODES.imagingMeasurements.CodeValue).ContentSequence as any[];
  const problems = (dataset: Record<string, any>) => {
    const result = readSrDataset(dataset);
    return result.ok ? [] : result.problems;
  };

  it('refuses bytes that are not DICOM', () => {
    const result = readSr(new TextEncoder().encode('{"schema": "kypho.reading/v1"}'));
    expect(result.ok ? [] : result.problems).toEqual([expect.stringMatching(/^not a readable DICOM file: /)]);
  });

  it('refuses a truncated file', () => {
    const bytes = writeSr(document(radiographReading()), SR_CONTEXT);
    const result = readSr(bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(result.ok).toBe(false);
  });

  it('refuses an image, naming its SOP class', () => {
    expect(problems({ ...good(), SOPClassUID: '1.2.840.10008.5.1.4.1.1.1.1' })).toEqual([
      'not a structured report (SOP Class 1.2.840.10008.5.1.4.1.1.1.1)',
    ]);
  });

  it('refuses another kind of SR', () => {
    expect(problems({ ...good(), ConceptNameCodeSequence: [{ CodeValue: '18748-4', CodingSchemeDesignator: 'LN', CodeMeaning: 'Diagnostic imaging report' }] })).toEqual([
      'not a TID 1500 measurement report (the document title is (18748-4, LN, "Diagnostic imaging report"))',
    ]);
  });

  it('names the group and the height that lost its SCOORD', () => {
    const dataset = good();
    // Groups 7-9 are L1's heights; 9 is the posterior.
    const posterior = groupsOf(dataset)[8].ContentSequence.find((i: any) => i.ValueType === 'NUM');
    posterior.ContentSequence = [];
    expect(problems(dataset)).toEqual([
      'measurement group 9 (L1 Hp 24.9 mm), L1: the posterior height is not inferred from a two-point POLYLINE SCOORD or SCOORD3D',
    ]);
  });

  it('names a vertebra that lost one of its three heights', () => {
    const dataset = good();
    const groups = groupsOf(dataset);
    groups.splice(7, 1);
    expect(problems(dataset)).toEqual(['measurement group 7 (L1 Ha 18.0 mm), L1: no middle height of L1']);
  });

  it('names a finding site that is not a vertebra', () => {
    const dataset = good();
    const site = groupsOf(dataset)[0].ContentSequence.find((i: any) => i.ConceptNameCodeSequence[0].CodeValue === CODES.findingSite.CodeValue);
    site.ConceptCodeSequence = [{ CodeValue: '10200004', CodingSchemeDesignator: 'SCT', CodeMeaning: 'Liver' }];
    expect(problems(dataset)).toEqual(['measurement group 1 (T11 Ha 24.0 mm): the Finding Site (10200004, SCT, "Liver") is not a vertebra']);
  });

  it('names an image missing from the evidence', () => {
    expect(problems({ ...good(), CurrentRequestedProcedureEvidenceSequence: [] })[0]).toMatch(
      /^measurement group 1 \(T11 Ha 24\.0 mm\), T11: image .* is not listed in the evidence/,
    );
  });

  it('uses the SCOORDs, and says so, when the full-precision landmarks were edited away from them', () => {
    const dataset = good();
    const qualitative = named(dataset, CODES.qualitativeEvaluations);
    const t11 = qualitative.ContentSequence.find((i: any) => i.ValueType === 'CONTAINER');
    const landmarks = t11.ContentSequence.find((i: any) => i.ConceptNameCodeSequence[0].CodeValue === CODES.landmarks.CodeValue);
    const points = JSON.parse(landmarks.TextValue);
    points.as[0] += 5;
    landmarks.TextValue = JSON.stringify(points);
    const result = readSr(encodeSr(dataset));
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.warnings).toEqual(['T11: the full-precision landmarks disagree with the coordinates of its heights; the coordinates are used.']);
    const original = radiographReading().findings[0]!.measurement!.points.as;
    expect(result.reading.findings[0]!.measurement!.points.as).toEqual(original.map((c) => Math.fround(c + 0.5) - 0.5));
  });
});

describe('an SR read through dcmjs from disk', () => {
  it('survives a write by dcmjs of the naturalized data set read back (another tool re-saving it)', () => {
    const bytes = writeSr(document(radiographReading()), SR_CONTEXT);
    const path = file('resaved.dcm', bytes);
    const data = readFileSync(path);
    const dict = dcmjs.data.DicomMessage.readFile(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    const resaved = new Uint8Array(dict.write());
    const result = readSr(resaved);
    expect(result.ok ? result.document.vertebrae : result.problems).toEqual(document(radiographReading()).vertebrae);
  });
});

describe('what was not assessed is not written (morphometry.md section 8)', () => {
  const group = (dataset: any, level: string) => {
    const measurements = named(dataset, CODES.imagingMeasurements);
    return children(measurements).find((g: any) => JSON.stringify(g).includes(`"${level} vertebra"`));
  };
  const assessment = (g: any) => children(g).find((i: any) => i.ConceptNameCodeSequence?.[0]?.CodeValue === CODES.vertebraAssessment.CodeValue) ?? g;

  it('leaves out "suspicious for malignancy" and the fracture age where the reader set neither', () => {
    const reading = radiographReading();
    const doc = document(reading);
    const normal = doc.vertebrae.find((v) => v.grade === 0 && v.edema === 'not-assessed' && !v.suspiciousForMalignancy);
    if (!normal) throw new Error('the fixture has a normal vertebra judged nothing of');
    const items = JSON.stringify(assessment(group(srDataset(doc, SR_CONTEXT), normal.level)));
    expect(items).toContain(`"${normal.level} vertebra"`);
    expect(items).not.toContain(CODES.suspiciousForMalignancy.CodeValue);
    expect(items).not.toContain(`"${CODES.fractureAge.CodeValue}"`);
  });
});
