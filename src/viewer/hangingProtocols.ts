/**
 * Hanging protocols as data (like the hotkeys): which series of a study go in which viewport, recognised from
 * the Series Description and the sequence attributes of the DICOM header. The reader can override what a
 * series was recognised as; the override wins over every rule. Pure: no Cornerstone, no React.
 */
import type { Instance, Series } from '../dicom';
import type { EdemaSequence } from '../morphometry';
import { normalOf } from './slicePosition';

export type Plane = 'sagittal' | 'coronal' | 'axial' | 'oblique';

/**
 * One way to recognise a sequence. Every condition given must hold; the first rule that matches wins, so
 * the Series Description (what the technologist named it) is asked before the physics.
 */
export interface SequenceRule {
  sequence: EdemaSequence;
  /** Words in the Series Description. */
  description?: RegExp;
  /** Words that rule a description out (a T1 after contrast or with fat suppression is not the marrow T1). */
  unless?: RegExp;
  /** Scanning Sequence (0018,0020) must contain this value. */
  scanningSequence?: string;
  /** Inversion Time (0018,0082) within [min, max] ms. */
  inversionTimeMs?: readonly [number, number];
  /** Why, for the reader (shown where the recognition is shown). */
  why: string;
}

/** Matches `word` (a regex alternation) not run into other letters or digits: `SAG_STIR`, `T2 FS`, `t1_tse`. */
function words(alternation: string): RegExp {
  return new RegExp(`(?<![a-z0-9])(?:${alternation})(?![a-z0-9])`, 'i');
}

const FAT_SUPPRESSED = 'fs|fat[ _-]?sat|fatsat|spair|spir|chess|dixon[ _-]?w(?:ater)?';

export const SEQUENCE_RULES: readonly SequenceRule[] = [
  { sequence: 'STIR', description: words('stir|tirm'), why: 'Series Description says STIR' },
  {
    sequence: 'T2-FS',
    description: new RegExp(`${words('t2').source}.*${words(FAT_SUPPRESSED).source}|${words(FAT_SUPPRESSED).source}.*${words('t2').source}`, 'i'),
    why: 'Series Description says T2 with fat suppression',
  },
  // Short-tau inversion recovery: an inversion time of 100-250 ms nulls fat at 1.5 and 3 T (FLAIR uses ~2000 ms).
  { sequence: 'STIR', scanningSequence: 'IR', inversionTimeMs: [100, 250], why: 'inversion recovery with a short inversion time (fat nulled)' },
  {
    sequence: 'T1',
    description: words('t1'),
    // `+C` / `C+` (contrast) sit against the T1 itself: `T1+C`.
    unless: new RegExp(`${words(`${FAT_SUPPRESSED}|post|gd|gad|contrast|flair`).source}|\\+ ?c(?![a-z])|(?<![a-z])c ?\\+`, 'i'),
    why: 'Series Description says T1',
  },
];

export interface RecognisedSequence {
  sequence: EdemaSequence;
  /** `override` when the reader said so. */
  why: string;
}

/** What a series is, for the fracture-age reading: null for anything that is not MR. */
export function recognizeSequence(
  series: Pick<Series<unknown>, 'seriesInstanceUid' | 'modality' | 'description' | 'instances'>,
  overrides: Readonly<Record<string, EdemaSequence>> = {},
): RecognisedSequence | null {
  const override = overrides[series.seriesInstanceUid];
  if (override) return { sequence: override, why: 'set by the reader' };
  if (series.modality !== 'MR') return null;
  const first = series.instances[0] as Instance<unknown> | undefined;
  const description = series.description ?? first?.seriesDescription ?? '';
  for (const rule of SEQUENCE_RULES) {
    if (rule.description && !rule.description.test(description)) continue;
    if (rule.unless?.test(description)) continue;
    if (rule.scanningSequence && !first?.scanningSequence?.includes(rule.scanningSequence)) continue;
    if (rule.inversionTimeMs) {
      const ti = first?.inversionTime;
      if (ti === undefined || ti < rule.inversionTimeMs[0] || ti > rule.inversionTimeMs[1]) continue;
    }
    return { sequence: rule.sequence, why: rule.why };
  }
  return { sequence: 'other', why: 'no rule matched' };
}

/** The anatomical plane of a series, from its orientation; a description saying SAG stands in when it has none. */
export function planeOf(series: Pick<Series<unknown>, 'description' | 'instances'>): Plane {
  const orientation = series.instances[0]?.imageOrientationPatient;
  if (!orientation) return words('sag').test(series.description ?? '') ? 'sagittal' : 'oblique';
  const n = normalOf(orientation).map(Math.abs) as [number, number, number];
  if (n[0] >= 0.8) return 'sagittal';
  if (n[1] >= 0.8) return 'coronal';
  if (n[2] >= 0.8) return 'axial';
  return 'oblique';
}

export interface ViewportRule {
  /** What the viewport shows, in the reader's words. */
  role: string;
  /** Acceptable sequences, preferred first. */
  sequences: readonly EdemaSequence[];
  plane: Plane;
}

export interface HangingProtocol {
  id: string;
  name: string;
  modality: string;
  layout: '1x2';
  /** Left to right. */
  viewports: readonly ViewportRule[];
  link: { slices: boolean; zoomPan: boolean };
}

export const HANGING_PROTOCOLS: readonly HangingProtocol[] = [
  {
    id: 'spine-mri-fracture-age',
    name: 'Spine MRI: T1 | STIR',
    modality: 'MR',
    layout: '1x2',
    // Fatty marrow is bright on T1 and dark on STIR; edema the other way round: side by side, T1 on the left.
    viewports: [
      { role: 'T1', sequences: ['T1'], plane: 'sagittal' },
      { role: 'fluid-sensitive', sequences: ['STIR', 'T2-FS'], plane: 'sagittal' },
    ],
    link: { slices: true, zoomPan: false },
  },
];

export interface Hanging {
  protocol: HangingProtocol;
  /** One series per viewport, left to right. */
  seriesInstanceUids: string[];
}

/**
 * The first protocol that a single study of `series` satisfies, with its series in place. Within a study the
 * first series (in study-browser order) of the preferred sequence is taken; studies are tried in the order given.
 */
export function hangSeries(
  series: readonly Series<unknown>[],
  overrides: Readonly<Record<string, EdemaSequence>> = {},
  protocols: readonly HangingProtocol[] = HANGING_PROTOCOLS,
): Hanging | null {
  const studies = new Map<string, Series<unknown>[]>();
  for (const s of series) {
    const study = s.instances[0]?.studyInstanceUid ?? '';
    studies.set(study, [...(studies.get(study) ?? []), s]);
  }
  for (const protocol of protocols) {
    for (const members of studies.values()) {
      const chosen = hangStudy(protocol, members, overrides);
      if (chosen) return { protocol, seriesInstanceUids: chosen };
    }
  }
  return null;
}

function hangStudy(protocol: HangingProtocol, series: readonly Series<unknown>[], overrides: Readonly<Record<string, EdemaSequence>>): string[] | null {
  const candidates = series
    .filter((s) => s.modality === protocol.modality)
    .map((s) => ({ uid: s.seriesInstanceUid, sequence: recognizeSequence(s, overrides)?.sequence ?? null, plane: planeOf(s) }));
  const used = new Set<string>();
  const chosen: string[] = [];
  for (const rule of protocol.viewports) {
    const match = rule.sequences
      .map((sequence) => candidates.find((c) => !used.has(c.uid) && c.sequence === sequence && c.plane === rule.plane))
      .find((c) => c !== undefined);
    if (!match) return null;
    used.add(match.uid);
    chosen.push(match.uid);
  }
  return chosen;
}
