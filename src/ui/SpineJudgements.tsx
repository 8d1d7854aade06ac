import { AUGMENTATIONS, DEFAULT_AUGMENTATION, DEFAULT_POSTERIOR_WALL, POSTERIOR_WALLS, type Augmentation, type PosteriorWall } from '../morphometry';
import { AUGMENTATION_NAMES, formatHeight, formatLoss, type AssessmentRow, type FractureAssessment } from '../reading';

const WALL_NAMES: Readonly<Record<PosteriorWall, string>> = {
  intact: 'intact',
  retropulsed: 'retropulsed',
  'not-assessed': 'not assessed',
};

/** True when the reader set any section-11 judgement of the row: its line is then always shown. */
export function hasSpineJudgement(row: AssessmentRow): boolean {
  return (
    (row.posteriorWall ?? DEFAULT_POSTERIOR_WALL) !== DEFAULT_POSTERIOR_WALL ||
    (row.augmentation ?? DEFAULT_AUGMENTATION) !== DEFAULT_AUGMENTATION ||
    row.canalResult !== undefined
  );
}

/**
 * One line of a level's row in the fracture panel (morphometry.md section 11): the posterior wall, the treatment,
 * and the canal diameter with its compromise against the adjacent levels when a canal line was drawn (tool C).
 */
export function SpineJudgements({ row, onAssess }: { row: AssessmentRow; onAssess: (changes: Partial<FractureAssessment>) => void }) {
  const { level, canalResult } = row;
  return (
    <div className="age-line spine-judgements" onClick={(e) => e.stopPropagation()}>
      <label>
        Posterior wall{' '}
        <select
          aria-label={`Posterior wall of ${level}`}
          data-field="posteriorWall"
          className={row.posteriorWall === 'retropulsed' ? 'warning' : undefined}
          value={row.posteriorWall ?? DEFAULT_POSTERIOR_WALL}
          onChange={(e) => onAssess({ posteriorWall: e.currentTarget.value as PosteriorWall })}
        >
          {POSTERIOR_WALLS.map((wall) => (
            <option key={wall} value={wall}>
              {WALL_NAMES[wall]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Treated{' '}
        <select
          aria-label={`Augmentation of ${level}`}
          data-field="augmentation"
          value={row.augmentation ?? DEFAULT_AUGMENTATION}
          onChange={(e) => onAssess({ augmentation: e.currentTarget.value as Augmentation })}
        >
          {AUGMENTATIONS.map((a) => (
            <option key={a} value={a}>
              {AUGMENTATION_NAMES[a]}
            </option>
          ))}
        </select>
      </label>
      {canalResult && (
        <span className="canal" data-field="canal" data-diameter={canalResult.canalDiameter} data-compromise={canalResult.canalCompromise ?? ''}>
          Canal {formatHeight(canalResult.canalDiameter)} {canalResult.unit}
          {canalResult.canalCompromise === null ? (
            <span className="muted" title="No adjacent level has a canal line"> (no adjacent canal to compare)</span>
          ) : (
            <>
              , compromise <strong data-field="canal-compromise">{formatLoss(canalResult.canalCompromise)}%</strong>
            </>
          )}
          <button type="button" className="icon" aria-label={`Delete the canal line of ${level}`} title="Delete the canal line" onClick={() => onAssess({ canal: null })}>
            ×
          </button>
        </span>
      )}
    </div>
  );
}
