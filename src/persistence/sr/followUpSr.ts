/**
 * The follow-up in the SR of the current reading (morphometry.md section 9), added to the data set srWrite.ts makes:
 * - the prior study is referenced as Pertinent Other Evidence (0040,A385): its study, series and the images its
 *   reading measured;
 * - one "Follow-up comparison" container (99KYPHO) beside the TID 1500 content: the prior study's UID and date, the
 *   interval, both SDIs, the comparison's sentences, and per level measured in both a container with the vertebra,
 *   the height changes (mm and %), the prior grade, the grade change, the status and the incident flag.
 * Readers of the reading (srRead.ts) look only in the Imaging Measurements container, so the SR still reads back
 * into the very same reading.
 */
import type { Comparison, FollowUpStatus, LevelInBoth } from '../../morphometry';
import { followUpParagraph } from '../../reading';
import type { ReadingDocument } from '../readingDocument';
import { CODES, GRADE_CODES, KYPHO_SCHEME, UNITS, VERTEBRA_CODES, type Code } from './codes';
import { decimalString, type SrImage } from './srWrite';

type Item = Record<string, unknown>;

const kypho = (value: string, meaning: string): Code => ({ CodeValue: value, CodingSchemeDesignator: KYPHO_SCHEME, CodeMeaning: meaning });

export const FOLLOW_UP_CODES = {
  followUp: kypho('FOLLOWUP', 'Follow-up comparison with a prior study'),
  priorStudy: kypho('PRIORSTUDY', 'Prior study compared with'),
  priorStudyDate: kypho('PRIORDATE', 'Date of the prior study'),
  interval: kypho('INTERVAL', 'Interval since the prior study'),
  priorSdi: kypho('PRIORSDI', 'Spinal deformity index (T4-L4) of the prior study'),
  priorLevelsMeasured: kypho('PRIORLEVELS', 'Vertebral levels measured in T4-L4 in the prior study'),
  sentences: kypho('FOLLOWUPTEXT', 'Follow-up report'),
  level: kypho('LEVELFOLLOWUP', 'Vertebra compared with the prior study'),
  dHa: kypho('DHA', 'Change of anterior height since the prior study'),
  dHm: kypho('DHM', 'Change of middle height since the prior study'),
  dHp: kypho('DHP', 'Change of posterior height since the prior study'),
  rHa: kypho('RHA', 'Relative change of anterior height since the prior study'),
  rHm: kypho('RHM', 'Relative change of middle height since the prior study'),
  rHp: kypho('RHP', 'Relative change of posterior height since the prior study'),
  priorGrade: kypho('PRIORGENANT', 'Genant semiquantitative grade in the prior study'),
  gradeChange: kypho('GENANTCHANGE', 'Change of the Genant grade since the prior study'),
  status: kypho('FOLLOWUPSTATUS', 'Follow-up status'),
  incident: kypho('INCIDENT', 'Incident fracture (>= 20% and >= 4 mm height loss)'),
  notAssessable: kypho('NOTASSESSABLE', 'Height change not assessable'),
  dSegmentalKyphosis: kypho('DSEGKYPHOSIS', 'Change of segmental kyphosis since the prior study'),
};

export const STATUS_CODES: Readonly<Record<FollowUpStatus, Code>> = {
  treated: kypho('TREATED', 'Treated (augmented) since the prior study'),
  new: kypho('NEWFRACTURE', 'New fracture'),
  worsened: kypho('WORSENED', 'Worsened fracture'),
  stable: kypho('STABLE', 'Stable'),
  improved: kypho('IMPROVED', 'Improved (usually a difference in measuring)'),
};

const DAYS: Code = { CodeValue: 'd', CodingSchemeDesignator: 'UCUM', CodeMeaning: 'day' };

export interface SrFollowUp {
  comparison: Comparison;
  /** The prior's reading, for the images it measured. */
  prior: ReadingDocument;
  /** By SOP Instance UID: the prior study's images as loaded. */
  priorImages: ReadonlyMap<string, SrImage>;
}

/** The SR data set of the current reading with the follow-up added (a new object; the given one is unchanged). */
export function withFollowUp(dataset: Item, followUp: SrFollowUp): Item {
  const { comparison } = followUp;
  const evidence = priorEvidence(followUp);
  return {
    ...dataset,
    ...(evidence && { PertinentOtherEvidenceSequence: [evidence] }),
    ContentSequence: [...((dataset.ContentSequence as Item[]) ?? []), followUpContainer(comparison)],
  };
}

function priorEvidence({ comparison, prior, priorImages }: SrFollowUp): Item | null {
  const bySeries = new Map<string, Item[]>();
  const seen = new Set<string>();
  for (const v of prior.vertebrae) {
    const m = v.measurement;
    if (m?.space !== 'image' || seen.has(m.sopInstanceUid)) continue;
    const image = priorImages.get(m.sopInstanceUid);
    if (!image) continue;
    seen.add(m.sopInstanceUid);
    bySeries.set(image.seriesInstanceUid, [
      ...(bySeries.get(image.seriesInstanceUid) ?? []),
      { ReferencedSOPClassUID: image.sopClassUid, ReferencedSOPInstanceUID: m.sopInstanceUid },
    ]);
  }
  if (bySeries.size === 0) return null;
  return {
    StudyInstanceUID: comparison.prior.studyInstanceUid,
    ReferencedSeriesSequence: [...bySeries].map(([SeriesInstanceUID, sops]) => ({ SeriesInstanceUID, ReferencedSOPSequence: sops })),
  };
}

function followUpContainer(c: Comparison): Item {
  const items: Item[] = [{ RelationshipType: 'CONTAINS', ValueType: 'UIDREF', ConceptNameCodeSequence: [FOLLOW_UP_CODES.priorStudy], UID: c.prior.studyInstanceUid }];
  if (c.prior.studyDate) items.push({ RelationshipType: 'CONTAINS', ValueType: 'DATE', ConceptNameCodeSequence: [FOLLOW_UP_CODES.priorStudyDate], Date: c.prior.studyDate });
  if (c.intervalDays !== null) items.push(num(FOLLOW_UP_CODES.interval, c.intervalDays, DAYS));
  items.push(num(FOLLOW_UP_CODES.priorSdi, c.prior.sdi, UNITS.ratio), num(FOLLOW_UP_CODES.priorLevelsMeasured, c.prior.levelsMeasured, UNITS.ratio));
  items.push(text(FOLLOW_UP_CODES.sentences, followUpParagraph(c).join('\n')));
  for (const l of c.levels) if (l.in === 'both') items.push(levelContainer(l));
  return container(FOLLOW_UP_CODES.followUp, items);
}

function levelContainer(l: LevelInBoth): Item {
  const items: Item[] = [code('HAS CONCEPT MOD', CODES.findingSite, VERTEBRA_CODES[l.level])];
  if (l.incident === null) {
    items.push(text(FOLLOW_UP_CODES.notAssessable, l.note ?? 'not assessable'));
  } else {
    for (const key of ['dHa', 'dHm', 'dHp'] as const) items.push(num(FOLLOW_UP_CODES[key], l[key] as number, UNITS.mm));
    for (const key of ['rHa', 'rHm', 'rHp'] as const) items.push(num(FOLLOW_UP_CODES[key], (l[key] as number) * 100, UNITS.percent));
  }
  items.push(code('CONTAINS', FOLLOW_UP_CODES.priorGrade, GRADE_CODES[l.prior.grade]));
  items.push(num(FOLLOW_UP_CODES.gradeChange, l.gradeChange, UNITS.ratio));
  items.push(code('CONTAINS', FOLLOW_UP_CODES.status, STATUS_CODES[l.status]));
  if (l.incident !== null) items.push(code('CONTAINS', FOLLOW_UP_CODES.incident, l.incident ? CODES.yes : CODES.no));
  if (typeof l.dSegmentalKyphosis === 'number') items.push(num(FOLLOW_UP_CODES.dSegmentalKyphosis, l.dSegmentalKyphosis, UNITS.degree));
  if (l.incident !== null && l.note) items.push(text(CODES.comment, l.note));
  return container(FOLLOW_UP_CODES.level, items);
}

function container(concept: Code, items: Item[]): Item {
  return { RelationshipType: 'CONTAINS', ValueType: 'CONTAINER', ConceptNameCodeSequence: [concept], ContinuityOfContent: 'SEPARATE', ContentSequence: items };
}

function code(relationship: string, concept: Code, value: Code): Item {
  return { RelationshipType: relationship, ValueType: 'CODE', ConceptNameCodeSequence: [concept], ConceptCodeSequence: [value] };
}

function text(concept: Code, value: string): Item {
  return { RelationshipType: 'CONTAINS', ValueType: 'TEXT', ConceptNameCodeSequence: [concept], TextValue: value };
}

function num(concept: Code, value: number, unit: Code): Item {
  return {
    RelationshipType: 'CONTAINS',
    ValueType: 'NUM',
    ConceptNameCodeSequence: [concept],
    MeasuredValueSequence: [{ MeasurementUnitsCodeSequence: [unit], NumericValue: decimalString(value), FloatingPointValue: value }],
  };
}
