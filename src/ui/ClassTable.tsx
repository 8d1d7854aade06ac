import { useRef, useState } from 'react';
import { downloadFile } from '../persistence/download';
import { classTable, classTableCsv, parseSessionCsv, type ClassRow, type TraineeSession } from '../teaching/summary';
import { formatKappa, formatMm, formatShare } from './teachingFormat';

/** The teacher's view: several trainees' session CSVs combined, one row per trainee. */
export function ClassTableSection() {
  const input = useRef<HTMLInputElement>(null);
  const [rows, setRows] = useState<ClassRow[] | null>(null);
  const [problems, setProblems] = useState<string[]>([]);

  const read = async (files: readonly File[]) => {
    const sessions: TraineeSession[] = [];
    const found: string[] = [];
    for (const file of files) {
      const parsed = parseSessionCsv(file.name, await file.text());
      if (parsed.ok) sessions.push(...parsed.sessions);
      else found.push(...parsed.problems);
    }
    setProblems(found);
    setRows(sessions.length ? classTable(sessions) : null);
  };

  return (
    <section className="class-table" aria-label="Class table">
      <h3>Class table</h3>
      <p className="muted">Combine the CSVs of several trainees (exported from their session summaries).</p>
      <input
        ref={input}
        type="file"
        accept=".csv,text/csv"
        multiple
        hidden
        aria-label="Trainee CSV files"
        onChange={(e) => {
          void read([...(e.currentTarget.files ?? [])]);
          e.currentTarget.value = '';
        }}
      />
      <button type="button" onClick={() => input.current?.click()}>
        Open trainee CSVs…
      </button>
      {problems.length > 0 && (
        <div className="warning" role="alert">
          {problems.map((p) => (
            <p key={p}>{p}</p>
          ))}
        </div>
      )}
      {rows && (
        <>
          <table className="summary-table">
            <thead>
              <tr>
                <th scope="col">Trainee</th>
                <th scope="col">Cases</th>
                <th scope="col">Mean |ΔH|</th>
                <th scope="col">Grade agreement</th>
                <th scope="col">Kappa</th>
                <th scope="col">Missed</th>
                <th scope="col">Over-called</th>
                <th scope="col">Score</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.trainee} data-trainee={row.trainee}>
                  <th scope="row">{row.trainee}</th>
                  <td>{row.cases}</td>
                  <td>{formatMm(row.meanAbsHeightErrorMm)}</td>
                  <td>{formatShare(row.gradeAgreement)}</td>
                  <td>{formatKappa(row.kappa)}</td>
                  <td>{row.missed.length}</td>
                  <td>{row.overcalled.length}</td>
                  <td>
                    {row.score.earned} / {row.score.possible}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" onClick={() => downloadFile('kypho-class-table.csv', `\uFEFF${classTableCsv(rows)}`, 'text/csv;charset=utf-8')}>
            Export class table CSV
          </button>
        </>
      )}
    </section>
  );
}
