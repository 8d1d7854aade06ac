/**
 * The follow-up in the current reading's SR, on the phantom pair: valid (dciodvfy), the
 * prior study referenced as pertinent evidence, T11's change and incident flag readable (dsrdump), and the SR still
 * reads back into the current reading alone.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseInstance, type Instance } from '../../../src/dicom';
import { compareReadings } from '../../../src/morphometry';
import type { ReadingDocument } from '../../../src/persistence/readingDocument';
import { withFollowUp } from '../../../src/persistence/sr/followUpSr';
import { readSr } from '../../../src/persistence/sr/srRead';
import { encodeSr, srDataset, type SrContext } from '../../../src/persistence/sr/srWrite';
import { dciodvfyErrors, toolOutput } from './dicomTools';

const SAMPLES = fileURLToPath(new URL('../../../sample-data/', import.meta.url));
const documentOf = (id: string): ReadingDocument => JSON.parse(readFileSync(join(SAMPLES, id, 'reference.json'), 'utf8'));
function imageOf(id: string): Instance<null> {
  const parsed = parseInstance('IM0001.dcm', readFileSync(join(SAMPLES, id, 'DX/IM0001.dcm')), null);
  if (parsed.kind !== 'image') throw new Error(`${id}: no image`);
  return parsed.instance;
}
const images = (i: Instance<null>) => new Map([[i.sopInstanceUid, { sopClassUid: i.sopClassUid, seriesInstanceUid: i.seriesInstanceUid }]]);

const dir = mkdtempSync(join(tmpdir(), 'kypho-follow-up-sr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the SR of a follow-up reading', () => {
  const prior = documentOf('lateral-baseline');
  const current = documentOf('lateral-followup');
  const priorImage = imageOf('lateral-baseline');
  const currentImage = imageOf('lateral-followup');
  const context: SrContext = {
    patient: { name: currentImage.patientName, id: currentImage.patientId },
    study: { studyInstanceUid: currentImage.studyInstanceUid, date: currentImage.studyDate },
    images: images(currentImage),
  };
  const result = compareReadings(prior, current);
  if (!result.ok) throw new Error('not compared');
  const dataset = withFollowUp(srDataset(current, context), { comparison: result.comparison, prior, priorImages: images(priorImage) });
  const file = join(dir, 'follow-up.dcm');
  writeFileSync(file, encodeSr(dataset));

  it('references the prior study and its measured image as pertinent other evidence', () => {
    expect(dataset.PertinentOtherEvidenceSequence).toEqual([
      {
        StudyInstanceUID: prior.study.studyInstanceUid,
        ReferencedSeriesSequence: [
          {
            SeriesInstanceUID: priorImage.seriesInstanceUid,
            ReferencedSOPSequence: [{ ReferencedSOPClassUID: priorImage.sopClassUid, ReferencedSOPInstanceUID: priorImage.sopInstanceUid }],
          },
        ],
      },
    ]);
  });

  // pixelmed's DicomSRValidator, run by hand on this file (it takes minutes), finds no error: only the
  // "Content Item not in template" warnings every 99KYPHO item gets.
  it('is valid for dciodvfy', async () => {
    expect(await dciodvfyErrors(file)).toEqual([]);
  });

  it('carries T11 as a new, incident fracture: Ha -5 mm (-25%), grade change +2, and the sentences', async () => {
    const dump = await toolOutput('dsrdump', [file]);
    expect(dump).toContain(`<contains UIDREF:(,,"Prior study compared with")="${prior.study.studyInstanceUid}">`);
    expect(dump).toContain('<contains DATE:(,,"Date of the prior study")="20250310">');
    expect(dump).toContain('<contains NUM:(,,"Interval since the prior study")="364" (d,UCUM,"day")>');
    // The follow-up comes after the measurement groups: T11's is the last mention of the vertebra.
    const t11 = dump.slice(dump.lastIndexOf('"T11 vertebra"'));
    expect(t11).toMatch(/<contains NUM:\(,,"Change of anterior height since the prior study"\)="-5\.0000\d+" \(mm,UCUM,"millimeter"\)>/);
    expect(t11).toMatch(/<contains NUM:\(,,"Relative change of anterior height since the prior study"\)="-25\.0000\d+" \(%,UCUM,"percent"\)>/);
    expect(t11).toContain('<contains CODE:(,,"Genant semiquantitative grade in the prior study")=(GENANT0,99KYPHO,"Genant grade 0 (normal)")>');
    expect(t11).toContain('<contains NUM:(,,"Change of the Genant grade since the prior study")="2" (1,UCUM,"no units")>');
    expect(t11).toContain('<contains CODE:(,,"Follow-up status")=(NEWFRACTURE,99KYPHO,"New fracture")>');
    expect(t11).toContain('<contains CODE:(,,"Incident fracture (>= 20% and >= 4 mm height loss)")=(373066001,SCT,"Yes")>');
    const long = await toolOutput('dsrdump', ['+Pl', file]);
    expect(long).toContain('"Follow-up report")="Compared with the prior study of 2025-03-10 (364 days earlier).\\n');
    expect(long).toContain('\\nT11: new fracture (Genant 0 -> 2 wedge), Ha -5.0 mm (-25.0%) since 2025-03-10: incident (>= 20% and >= 4 mm)');
  });

  it('still reads back into the current reading, and nothing else', () => {
    const back = readSr(readFileSync(file));
    if (!back.ok) throw new Error(back.problems.join('\n'));
    expect(back.document.vertebrae.map((v) => [v.level, v.grade])).toEqual(current.vertebrae.map((v) => [v.level, v.grade]));
    expect(back.document.study.studyInstanceUid).toBe(current.study.studyInstanceUid);
  });
});
