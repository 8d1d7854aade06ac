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
import { dciodvfyErrors, toolOutput as output } from './dicomTools';
import { calibrationsReading, IMAGE, patientSpaceReading, radiographReading, spineReading, SR_CONTEXT, STUDY } from './fixtures';

const dir = mkdtempSync(join(tmpdir(), 'kypho-sr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

const document = (reading: StoredReading) => toReadingDocument(reading, { study: STUDY });

describe.each([
  ['radiograph with MRI findings', radiographReading],
  ['every calibration, adjacent method, multi-frame', calibrationsReading],
  // Sections 10 and 11 on the radiograph (the reformat's L3 left out: patient space needs SCOORD3D).
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
      expect(dump).toContain(`<has obs context TEXT:(,,"Tracking Identifier")="${v.level} vertebra">`);
      expect(dump).toContain(`=(${VERTEBRA_CODES[v.level].CodeValue},${VERTEBRA_CODES[v.level].CodingSchemeDesignator},"${v.level} vertebra`);
      if (v.grade === null) continue;
      const unit = v.unit === 'mm' ? '(mm,UCUM,"millimeter")' : '({pixel},UCUM,"pixel")';
      for (const h of [v.ha, v.hm, v.hp]) expect(dump).toContain(`<contains NUM:(,,"Height")="${String(h).slice(0, 12)}`);
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

describe('SR structure', () => {
  const dataset = srDataset(document(radiographReading()), SR_CONTEXT);
  const measurements = (dataset.ContentSequence as any[]).find((i) => i.ConceptNameCodeSequence[0].CodeValue === CODES.imagingMeasurements.CodeValue);
  const groups = measurements.ContentSequence as any[];
  const l1 = groups.find((g) => g.ContentSequence.some((i: any) => i.TextValue === 'L1 vertebra'));

  it('is a TID 1500 Comprehensive SR with one measurement group per vertebra and one for the SDI', () => {
    expect(dataset.SOPClassUID).toBe('1.2.840.10008.5.1.4.1.1.88.33');
    expect(dataset.ContentTemplateSequence).toEqual([{ MappingResource: 'DCMR', TemplateIdentifier: '1500' }]);
    expect(groups).toHaveLength(radiographReading().findings.length + 1);
  });

  it('places the six points as three two-point SCOORDs on the image, origin at the pixel corner', () => {
    const scoords = l1.ContentSequence.filter((i: any) => i.ValueType === 'NUM' && i.ConceptNameCodeSequence[0].CodeValue === '121207').map(
      (h: any) => h.ContentSequence.find((i: any) => i.ValueType === 'SCOORD'),
    );
    const points = radiographReading().findings.find((f) => f.level === 'L1')!.measurement!.points;
    expect(scoords.map((s: any) => s.GraphicData)).toEqual([
      [...points.as, ...points.ai].map((c) => c + 0.5),
      [...points.ms, ...points.mi].map((c) => c + 0.5),
      [...points.ps, ...points.pi].map((c) => c + 0.5),
    ]);
    expect(scoords[0].ContentSequence[0].ReferencedSOPSequence[0].ReferencedSOPInstanceUID).toBe(IMAGE.sopInstanceUid);
  });

  it('declares its private coding scheme and uses it only for concepts without a standard code', () => {
    expect(dataset.CodingSchemeIdentificationSequence).toEqual([expect.objectContaining({ CodingSchemeDesignator: KYPHO_SCHEME })]);
    const site = l1.ContentSequence.find((i: any) => i.ConceptNameCodeSequence[0].CodeValue === CODES.findingSite.CodeValue);
    expect(site.ConceptCodeSequence[0]).toEqual({ CodeValue: '66794005', CodingSchemeDesignator: 'SCT', CodeMeaning: 'L1 vertebra' });
    const finding = l1.ContentSequence.find((i: any) => i.ConceptNameCodeSequence[0].CodeValue === CODES.finding.CodeValue);
    expect(finding.ConceptCodeSequence[0]).toEqual(CODES.fractureOfBone);
  });

  it('says the report sentences as its impression', () => {
    const qualitative = (dataset.ContentSequence as any[]).at(-1);
    expect(qualitative.ContentSequence[0].TextValue).toContain('L1: acute (edema on STIR, 25-74%) Genant grade 2 wedge');
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

describe('the SR items of sections 10 and 11', () => {
  const doc = document({ ...spineReading(), findings: spineReading().findings.filter((f) => f.level !== 'L3') });
  const dataset = srDataset(doc, SR_CONTEXT) as any;
  const groups = (dataset.ContentSequence as any[]).find((i) => i.ConceptNameCodeSequence[0].CodeValue === CODES.imagingMeasurements.CodeValue).ContentSequence;
  const group = (level: string) => groups.find((g: any) => g.ContentSequence[0].TextValue === `${level} vertebra`).ContentSequence as any[];
  const named = (items: any[], value: string) => items.filter((i) => i.ConceptNameCodeSequence[0].CodeValue === value);

  it('writes the segmental kyphosis as a Cobb angle (SCT 285285000) in degrees', () => {
    const [cobb] = named(group('T12'), '285285000');
    expect(cobb.ConceptNameCodeSequence[0]).toEqual({ CodeValue: '285285000', CodingSchemeDesignator: 'SCT', CodeMeaning: 'Cobb angle' });
    expect(cobb.MeasuredValueSequence[0].FloatingPointValue).toBe(doc.vertebrae[1]!.segmentalKyphosis);
    expect(cobb.MeasuredValueSequence[0].MeasurementUnitsCodeSequence[0].CodeValue).toBe('deg');
  });

  it('writes the posterior wall, the augmentation and the canal line on the image', () => {
    expect(named(group('T12'), 'POSTWALL')[0].ConceptCodeSequence[0].CodeMeaning).toBe('Retropulsed');
    expect(named(group('L1'), 'AUGMENTATION')[0].ConceptCodeSequence[0].CodeMeaning).toBe('Kyphoplasty');
    // Not assessed and not treated are no findings: nothing is written for them.
    expect(named(group('L1'), 'POSTWALL')).toEqual([]);
    expect(named(group('T12'), 'AUGMENTATION')).toEqual([]);
    const [canal] = named(group('T12'), 'CANALAP');
    expect(canal.MeasuredValueSequence[0].FloatingPointValue).toBe(12);
    expect(canal.ContentSequence[0]).toMatchObject({ ValueType: 'SCOORD', GraphicType: 'POLYLINE', GraphicData: [1201, 320.5, 1261, 320.5] });
    expect(named(group('T12'), 'CANALCOMP')[0].MeasuredValueSequence[0].FloatingPointValue).toBeCloseTo(20, 10);
  });

  it('says the retropulsion, the treatment and the angles in its impression', () => {
    const impression = (dataset.ContentSequence as any[]).at(-1).ContentSequence[0].TextValue as string;
    expect(impression).toContain('T12: Genant grade');
    expect(impression).toContain('; posterior wall retropulsion: not a simple compression fracture');
    expect(impression).toContain('; treated by kyphoplasty');
    expect(impression).toMatch(/T12: segmental kyphosis -?\d+\.\d deg \(T11-L1\)/);
    expect(impression).toContain('T12: canal compromise 20.0% (AP diameter 12.0 mm)');
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

  it('refuses patient-space measurements (CT reformats) until the SR has SCOORD3D', () => {
    expect(() => writeSr(toReadingDocument(patientSpaceReading(), { study: STUDY }), SR_CONTEXT)).toThrow(/L3: measured in patient space/);
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
    const l1 = groupsOf(dataset)[2];
    const posterior = l1.ContentSequence.filter((i: any) => i.ValueType === 'NUM')[2];
    posterior.ContentSequence = posterior.ContentSequence.filter((i: any) => i.ValueType !== 'SCOORD');
    expect(problems(dataset)).toEqual(['measurement group 3 (L1 vertebra), L1: the posterior height is not inferred from a two-point POLYLINE SCOORD']);
  });

  it('names a finding site that is not a vertebra', () => {
    const dataset = good();
    const site = groupsOf(dataset)[0].ContentSequence.find((i: any) => i.ConceptNameCodeSequence[0].CodeValue === CODES.findingSite.CodeValue);
    site.ConceptCodeSequence = [{ CodeValue: '10200004', CodingSchemeDesignator: 'SCT', CodeMeaning: 'Liver' }];
    expect(problems(dataset)).toEqual(['measurement group 1 (T11 vertebra): the Finding Site (10200004, SCT, "Liver") is not a vertebra']);
  });

  it('names an image missing from the evidence', () => {
    expect(problems({ ...good(), CurrentRequestedProcedureEvidenceSequence: [] })[0]).toMatch(
      /^measurement group 1 \(T11 vertebra\), T11: image .* is not listed in the evidence/,
    );
  });

  it('uses the SCOORDs, and says so, when the full-precision landmarks were edited away from them', () => {
    const dataset = good();
    const landmarks = groupsOf(dataset)[0].ContentSequence.find((i: any) => i.ConceptNameCodeSequence[0].CodeValue === CODES.landmarks.CodeValue);
    const points = JSON.parse(landmarks.TextValue);
    points.as[0] += 5;
    landmarks.TextValue = JSON.stringify(points);
    const result = readSr(encodeSr(dataset));
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.warnings).toEqual(['measurement group 1 (T11 vertebra), T11: the full-precision landmarks disagree with the SCOORD coordinates; the coordinates are used.']);
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
