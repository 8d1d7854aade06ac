import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvText, fromSpreadsheetText, parseCsv as readCsv, readingCsv, spreadsheetText } from '../../../src/persistence/csv';
import { toReadingDocument } from '../../../src/persistence/readingDocument';
import { radiographReading, spineReading, STUDY } from './fixtures';

/** A small RFC 4180 reader, to check the CSV as a spreadsheet would read it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe('the CSV', () => {
  const doc = toReadingDocument(radiographReading(), { study: STUDY });
  const rows = parseCsv(readingCsv(doc));
  const [header, ...body] = rows;
  const record = (level: string) => Object.fromEntries(header!.map((h, i) => [h, body.find((r) => r[2] === level)![i]]));

  it('has one row per vertebra, cranial to caudal, under a header of every column', () => {
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(body.map((r) => r[2])).toEqual(doc.vertebrae.map((v) => v.level));
    expect(body.every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
  });

  it('gives the table values at full precision, and edema and age', () => {
    const l1 = doc.vertebrae.find((v) => v.level === 'L1')!;
    expect(record('L1')).toMatchObject({
      studyInstanceUid: STUDY.studyInstanceUid,
      calibration: 'mm (ERMF)',
      rowSpacing: '0.2',
      unit: 'mm',
      ha: String(l1.ha),
      wedgeRatio: String(l1.wedgeRatio),
      heightLoss: String(l1.heightLoss),
      grade: '2',
      type: 'wedge',
      method: 'own-posterior',
      edema: 'present',
      edemaExtent: '25-74%',
      sequence: 'STIR',
      signalRatio: '2.137',
      age: 'acute',
      ageOverridden: 'false',
    });
    expect(record('L4')).toMatchObject({ ha: '', grade: '', method: '', edema: 'present', age: 'acute' });
  });

  it('says how each vertebra was placed: ok, or the swap and the check the table shows', () => {
    expect(record('L1')).toMatchObject({ placement: 'ok', placementNotes: '' });
    const t11 = doc.vertebrae[0]!;
    const swapped = {
      ...doc,
      vertebrae: [{ ...t11, placement: 'check' as const, placementNote: 'check placement: its endplates run opposite ways (one placed posterior first?)', measurement: { ...t11.measurement!, swapped: ['inferior-endplate' as const] } }],
    };
    const [head, row] = parseCsv(readingCsv(swapped));
    expect(row![head!.indexOf('placement')]).toBe('check');
    expect(row![head!.indexOf('placementNotes')]).toBe(
      'points swapped: placed inferior endplate posterior first; check placement: its endplates run opposite ways (one placed posterior first?)',
    );
  });

  it('quotes commas, quotes and line breaks, and defuses text a spreadsheet would run as a formula', () => {
    expect(record('L1').note).toBe('Retropulsion? "check", CT advised\nsecond line');
    expect(record('T12').note).toBe('old fracture, =stable');
    const formula = { ...doc, vertebrae: [{ ...doc.vertebrae[0]!, note: '=HYPERLINK("http://x")' }] };
    expect(parseCsv(readingCsv(formula))[1]!.at(-1)).toBe('\'=HYPERLINK("http://x")');
  });
});

describe('the CSV of sections 10 and 11', () => {
  const doc = toReadingDocument(spineReading(), { study: STUDY });
  const [header, ...body] = parseCsv(readingCsv(doc));
  const record = (level: string) => Object.fromEntries(header!.map((h, i) => [h, body.find((r) => r[2] === level)![i]]));

  it('gives the angles in degrees, the judgements and the canal at full precision', () => {
    const t12 = doc.vertebrae.find((v) => v.level === 'T12')!;
    expect(record('T12')).toMatchObject({
      vertebralKyphosis: String(t12.vertebralKyphosis),
      segmentalKyphosis: String(t12.segmentalKyphosis),
      thoracicKyphosis: '',
      lumbarLordosis: '',
      posteriorWall: 'retropulsed',
      augmentation: 'none',
      canalUnit: 'mm',
      canalDiameter: '12',
      canalCompromise: String(1 - 12 / 15),
    });
    expect(record('L1')).toMatchObject({ augmentation: 'kyphoplasty', posteriorWall: 'not-assessed' });
  });
});

describe('CSV text and reading it back', () => {
  it('reads what csvText writes, awkward cells included', () => {
    const rows = [
      ['a', 'b,c', 'say "hi"', 'two\r\nlines', 'cr\ronly', ''],
      ['1.5', '-0.25', '', ' spaced ', '"', 'x'],
    ];
    const text = csvText(rows);
    expect(text).toBe('a,"b,c","say ""hi""","two\r\nlines","cr\ronly",\r\n1.5,-0.25,, spaced ,"""",x\r\n');
    expect(readCsv(text)).toEqual({ ok: true, rows });
  });

  it('takes a byte order mark, LF or CR line ends, and a last row without a line end', () => {
    expect(readCsv('\uFEFFa,b\nc,d')).toEqual({ ok: true, rows: [['a', 'b'], ['c', 'd']] });
    expect(readCsv('a\rb\r\n\r\nc,')).toEqual({ ok: true, rows: [['a'], ['b'], [''], ['c', '']] });
    expect(readCsv('')).toEqual({ ok: true, rows: [] });
    expect(readCsv('""')).toEqual({ ok: true, rows: [['']] });
  });

  it('names the row of a quote that is not closed or is followed by text', () => {
    expect(readCsv('a\r\n"b\r\nc')).toEqual({ ok: false, row: 2, problem: 'a quoted cell is not closed' });
    expect(readCsv('a\r\nb\r\n"c"d')).toEqual({ ok: false, row: 3, problem: 'text after the closing quote of a cell' });
  });

  it('defuses formulas reversibly: fromSpreadsheetText gives back exactly the text written', () => {
    for (const text of ['=1+1', '+x', '-3', '@a', '\tx', "'=x", "''+x", "'plain", 'plain', '', "O'Brien"]) {
      expect(/^[=+\-@\t\r]/.test(spreadsheetText(text))).toBe(false);
      expect(fromSpreadsheetText(spreadsheetText(text))).toBe(text);
    }
    expect(spreadsheetText("'=x")).toBe("''=x");
    expect(spreadsheetText("'plain")).toBe("'plain");
  });
});
