/**
 * The report's words for the kyphosis angles, the canal and treatment (morphometry.md sections 10 and 11):
 *   `T12: segmental kyphosis 18.4 deg (T11-L1)`, `T12: canal compromise 20.0% (AP diameter 12.0 mm)`,
 *   `Thoracic kyphosis T4-T12 52.3 deg`, `Lumbar lordosis L1-L5 45.0 deg`.
 * A segmental kyphosis is quoted for a fractured or treated level (the local kyphotic angle of a fracture is what a
 * treatment restores); a canal compromise wherever the canal is narrower than at its neighbours. Posterior wall
 * retropulsion and the treatment are part of the vertebra's own sentence (reportSentences.ts), always.
 * Pure: the document's vertebrae and the viewer's results both fit the input.
 */
import {
  adjacentLevels,
  DEFAULT_AUGMENTATION,
  LUMBAR_LORDOSIS,
  THORACIC_KYPHOSIS,
  type Augmentation,
  type Grade,
  type Level,
  type PosteriorWall,
  type Unit,
} from '../morphometry';
import { formatAngle, formatHeight, formatLoss } from './format';

export interface SpineLevel {
  level: Level;
  /** null without six points. */
  grade: Grade | null;
  augmentation?: Augmentation;
  posteriorWall?: PosteriorWall;
  segmentalKyphosis?: number | null;
  canalUnit?: Unit | null;
  canalDiameter?: number | null;
  canalCompromise?: number | null;
}

export interface RegionalAngles {
  thoracicKyphosis?: number | null;
  lumbarLordosis?: number | null;
}

export const AUGMENTATION_NAMES: Readonly<Record<Augmentation, string>> = {
  none: 'none',
  vertebroplasty: 'vertebroplasty',
  kyphoplasty: 'kyphoplasty',
  other: 'other augmentation',
};

/** The clause a treated level's sentence ends with, or null when it is not treated. */
export function treatmentClause(augmentation: Augmentation | undefined): string | null {
  if (!augmentation || augmentation === DEFAULT_AUGMENTATION) return null;
  return augmentation === 'other' ? 'treated (vertebral augmentation, cement)' : `treated by ${augmentation}`;
}

export const RETROPULSION_CLAUSE = 'posterior wall retropulsion: not a simple compression fracture';

export function spineSentences(levels: readonly SpineLevel[], regional: RegionalAngles): string[] {
  const measured = new Set(levels.filter((v) => v.grade !== null).map((v) => v.level));
  const sentences: string[] = [];
  for (const v of levels) {
    const treated = (v.augmentation ?? DEFAULT_AUGMENTATION) !== DEFAULT_AUGMENTATION;
    const fractured = v.grade !== null && v.grade >= 1;
    if ((fractured || treated) && v.segmentalKyphosis != null) {
      const [above, below] = adjacentLevels(v.level, measured);
      sentences.push(`${v.level}: segmental kyphosis ${formatAngle(v.segmentalKyphosis)} deg (${above}-${below})`);
    }
    if (v.canalCompromise != null && v.canalDiameter != null && v.canalCompromise > 0) {
      sentences.push(
        `${v.level}: canal compromise ${formatLoss(v.canalCompromise)}% (AP diameter ${formatHeight(v.canalDiameter)} ${v.canalUnit ?? 'mm'})`,
      );
    }
  }
  if (regional.thoracicKyphosis != null) {
    sentences.push(`Thoracic kyphosis ${THORACIC_KYPHOSIS.from}-${THORACIC_KYPHOSIS.to} ${formatAngle(regional.thoracicKyphosis)} deg`);
  }
  if (regional.lumbarLordosis != null) {
    sentences.push(`Lumbar lordosis ${LUMBAR_LORDOSIS.from}-${LUMBAR_LORDOSIS.to} ${formatAngle(regional.lumbarLordosis)} deg`);
  }
  return sentences;
}
