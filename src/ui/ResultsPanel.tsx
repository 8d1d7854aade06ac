import { isPartialSdi, LEVELS, METHODS, sdiText, type Calibration, type Level, type Method } from '../morphometry';
import { formatAngle, formatHeight, formatLoss, formatRatio, GRADE_COLOURS, METHOD_NAMES, type ResultRow, type Results } from '../reading';

interface Props {
  results: Results;
  selectedId: string | null;
  onSelect: (id: string) => void;
  onRelabel: (id: string, level: Level) => void;
  onDelete: (id: string) => void;
  onMethodChange: (method: Method) => void;
  /** Relabels the vertebrae of this row's image in the order of their positions (one undoable edit). */
  onRelabelInOrder: (id: string) => void;
}

const METHOD_LABELS: Record<Method, string> = {
  'own-posterior': 'Own posterior + adjacent',
  adjacent: 'Adjacent reference',
};

/** One calibration for every row (the usual case: one image), or null when rows differ. */
function sharedCalibration(rows: readonly ResultRow[]): Calibration | null {
  const first = rows[0]?.calibration;
  return first && rows.every((r) => r.calibration.label === first.label) ? first : null;
}

function unitOf(calibration: Calibration): string {
  return calibration.label === 'px' ? 'px' : 'mm';
}

/** The morphometry of every measured level, cranial to caudal, with the SDI and the method used. */
export function ResultsPanel({ results, selectedId, onSelect, onRelabel, onDelete, onMethodChange, onRelabelInOrder }: Props) {
  const { rows } = results;
  const outOfOrder = outOfOrderGroups(rows);
  const shared = sharedCalibration(rows);
  const warnings = [...new Set(rows.map((r) => r.calibration.warning).filter((w): w is string => !!w))];
  const withoutNeighbour = rows.some((r) => r.result.hpAdjacent === null);
  const fellBack = rows.some((r) => r.result.fallback);
  const heightHeader = (name: string) => (shared ? `${name} (${unitOf(shared)})` : name);

  return (
    <section className="results" aria-label="Results">
      <header className="results-header">
        <h2>Morphometry</h2>
        <fieldset className="method" aria-label="Method">
          {METHODS.map((m) => (
            <label key={m} className={results.method === m ? 'checked' : undefined}>
              <input type="radio" name="method" value={m} checked={results.method === m} onChange={() => onMethodChange(m)} />
              {METHOD_LABELS[m]}
            </label>
          ))}
        </fieldset>
      </header>
      <p className="summary" data-field="summary">
        {/* An SDI of 0 would read as "no fracture" while nothing in T4..L4 has been looked at; over part of the
            range it is a lower bound and says so (morphometry.md section 5). */}
        {results.levelsMeasured > 0 && isPartialSdi(results) ? (
          <strong className="warning">{sdiText(results)}</strong>
        ) : (
          <>
            <strong>SDI {results.levelsMeasured > 0 ? results.sdi : '—'}</strong> · {results.levelsMeasured}/{results.levelsInRange} levels
            of T4–L4 measured
          </>
        )}
        <span className="method-used"> Method: {METHOD_NAMES[results.method]}</span>
      </p>
      {rows.length === 0 ? (
        <p className="muted empty">
          No vertebra measured yet. Choose <strong>Vertebra</strong> (<kbd>V</kbd>), pick the level, and click the six points
          of a vertebral body: the superior endplate from anterior to posterior, then the inferior one.
        </p>
      ) : (
        <>
          <div className="results-table-scroll">
            <table className="results-table">
              <thead>
                <tr>
                  <th scope="col">Level</th>
                  <th scope="col">{heightHeader('Ha')}</th>
                  <th scope="col">{heightHeader('Hm')}</th>
                  <th scope="col">{heightHeader('Hp')}</th>
                  <th scope="col">Ha/Hp</th>
                  <th scope="col">Hm/Hp</th>
                  <th scope="col">Hp/adj</th>
                  <th scope="col">Height loss %</th>
                  <th scope="col">Grade</th>
                  <th scope="col">Type</th>
                  <th scope="col" title="Vertebral kyphosis: own superior to inferior endplate, degrees, positive = kyphosis">
                    Kyph °
                  </th>
                  <th scope="col" title="Segmental kyphosis: superior endplate above to inferior endplate below, degrees, positive = kyphosis">
                    Seg °
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <Row
                    key={row.id}
                    row={row}
                    showUnit={!shared}
                    selected={row.id === selectedId}
                    onSelect={onSelect}
                    onRelabel={onRelabel}
                    onDelete={onDelete}
                  />
                ))}
              </tbody>
            </table>
          </div>
          <div className="results-notes">
            {shared && (
              <p data-field="calibration" className={shared.warning ? 'warning' : undefined}>
                Heights in {shared.label}
                {shared.warning && ' ⚠'}
              </p>
            )}
            {warnings.map((w) => (
              <p key={w} className="warning" role="note">
                ⚠ {w}
              </p>
            ))}
            {withoutNeighbour && results.method === 'own-posterior' && (
              <p className="muted">— Hp/adj: no adjacent level measured, so a crush deformity cannot be assessed there yet.</p>
            )}
            {fellBack && <p className="muted">† no adjacent level measured: graded by own posterior height instead.</p>}
            {outOfOrder.map(({ id, problems }) => (
              <p key={id} className="warning level-order" role="note">
                ⚠ Labels out of order: {problems.join('; ')}.{' '}
                <button type="button" onClick={() => onRelabelInOrder(id)}>
                  Relabel in order
                </button>
              </p>
            ))}
            <RegionalAngles results={results} />
          </div>
        </>
      )}
    </section>
  );
}

interface RowProps {
  row: ResultRow;
  showUnit: boolean;
  selected: boolean;
  onSelect: (id: string) => void;
  onRelabel: (id: string, level: Level) => void;
  onDelete: (id: string) => void;
}

/** One entry per image (or volume) whose labels contradict the bodies' positions, named by one of its rows. */
function outOfOrderGroups(rows: readonly ResultRow[]): { id: string; problems: string[] }[] {
  const groups = new Map<string, { id: string; problems: string[] }>();
  for (const row of rows) {
    if (!row.result.levelOrder) continue;
    const group = groups.get(row.group) ?? { id: row.id, problems: [] };
    for (const problem of row.result.levelOrder) if (!group.problems.includes(problem)) group.problems.push(problem);
    groups.set(row.group, group);
  }
  return [...groups.values()];
}

function Row({ row, showUnit, selected, onSelect, onRelabel, onDelete }: RowProps) {
  const { result, calibration } = row;
  const notes = [...row.placementNotes, ...(result.levelOrder ?? [])];
  const check = result.placement === 'check' || result.levelOrder !== undefined;
  const height = (value: number) => (
    <td className={calibration.warning ? 'number warning' : 'number'} title={calibration.warning ?? calibration.label}>
      {formatHeight(value)}
      {showUnit && <span className="unit"> {calibration.label}</span>}
    </td>
  );
  return (
    <tr
      data-level={row.level}
      data-placement={check ? 'check' : undefined}
      aria-selected={selected}
      className={[selected && 'selected', check && 'check'].filter(Boolean).join(' ') || undefined}
      onClick={() => onSelect(row.id)}
    >
      <th scope="row">
        <select
          aria-label={`Change level of ${row.level}`}
          value={row.level}
          onClick={(e) => e.stopPropagation()}
          onChange={(e) => onRelabel(row.id, e.currentTarget.value as Level)}
        >
          {LEVELS.map((level) => (
            <option key={level} value={level}>
              {level}
            </option>
          ))}
        </select>
        {notes.map((note) => (
          <span key={note} className={check ? 'placement-note warning' : 'placement-note'} data-field="placement-note">
            {check ? '⚠ ' : ''}
            {note}
          </span>
        ))}
      </th>
      {height(result.ha)}
      {height(result.hm)}
      {height(result.hp)}
      <td className="number">{formatRatio(result.wedgeRatio)}</td>
      <td className="number">{formatRatio(result.biconcaveRatio)}</td>
      <td className="number" title={result.crushRatio === null ? 'No adjacent level measured' : undefined}>
        {formatRatio(result.crushRatio)}
      </td>
      <td className="number">
        {formatLoss(result.heightLoss)}
        {result.fallback && '†'}
      </td>
      <td data-field="grade">
        <span className="grade" style={{ background: GRADE_COLOURS[result.grade] }}>
          {result.grade}
        </span>
        {check && (
          <span className="placement-check" title="Check the placement and the label before trusting this grade">
            {' '}
            check
          </span>
        )}
      </td>
      <td data-field="type">{result.type ?? ''}</td>
      <td className="number" data-field="vertebralKyphosis">
        {formatAngle(result.vertebralKyphosis)}
      </td>
      <td
        className="number"
        data-field="segmentalKyphosis"
        title={result.segmentalKyphosis === null ? 'Needs both adjacent levels measured on the same image' : undefined}
      >
        {result.segmentalKyphosis === null ? '—' : formatAngle(result.segmentalKyphosis)}
      </td>
      <td>
        <button
          type="button"
          className="icon"
          aria-label={`Delete ${row.level}`}
          title={`Delete ${row.level}`}
          onClick={(e) => {
            e.stopPropagation();
            onDelete(row.id);
          }}
        >
          ×
        </button>
      </td>
    </tr>
  );
}

/** The regional angles of section 10, each shown only when both its end levels are measured on one image. */
function RegionalAngles({ results }: { results: Results }) {
  const angles = [
    { field: 'thoracicKyphosis', name: 'Thoracic kyphosis T4–T12', value: results.thoracicKyphosis },
    { field: 'lumbarLordosis', name: 'Lumbar lordosis L1–L5', value: results.lumbarLordosis },
  ].filter((a) => a.value !== null);
  if (angles.length === 0) return null;
  return (
    <p className="regional-angles">
      {angles.map((a, i) => (
        <span key={a.field}>
          {i > 0 && ' · '}
          {a.name} <strong data-field={a.field}>{formatAngle(a.value as number)}°</strong>
        </span>
      ))}
    </p>
  );
}
