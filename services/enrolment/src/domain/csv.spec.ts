import { CSV_BOM, csvCell, neutraliseFormula, parseCsv, toCsv } from './csv';

/**
 * An RFC 4180 reader with a chosen separator, as a spreadsheet set to that separator reads a file: a cell is quoted
 * (`"` doubled inside) or runs to the next separator or line end; like Excel, text after a closing quote is kept
 * in the same cell. Independent of `parseCsv`.
 */
function readRfc4180(text: string, separator: ',' | ';'): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const body = text.startsWith(CSV_BOM) ? text.slice(1) : text;
  const atEnd = () => i >= body.length || body[i] === separator || body[i] === '\r' || body[i] === '\n';
  while (i < body.length) {
    let cell = '';
    if (body[i] === '"') {
      i++;
      for (;;) {
        if (i >= body.length) throw new Error('unterminated quote');
        if (body[i] === '"' && body[i + 1] === '"') {
          cell += '"';
          i += 2;
        } else if (body[i] === '"') {
          i++;
          break;
        } else cell += body[i++];
      }
    }
    while (!atEnd()) cell += body[i++];
    row.push(cell);
    if (body[i] === separator) i++;
    else {
      i += body.startsWith('\r\n', i) ? 2 : 1;
      rows.push(row);
      row = [];
    }
  }
  return rows;
}

describe('CSV for Excel', () => {
  it('starts with a BOM, quotes every cell, separates with ; and ends lines with CRLF', () => {
    expect(toCsv(['Namn', 'Ort'], [['Åsa Öberg', 'Älvängen']])).toBe(`${CSV_BOM}"Namn";"Ort"\r\n"Åsa Öberg";"Älvängen"\r\n`);
  });

  it.each([
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+46701234567', `"'+46701234567"`],
    ['-1', `"'-1"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['Storgatan 1; lgh 2', '"Storgatan 1; lgh 2"'],
    ['Anna,=cmd|\' /C calc\'!A0', `"Anna,'=cmd|' /C calc'!A0"`],
    ['x; -1, @y', `"x; '-1, '@y"`],
    ['vanlig text', '"vanlig text"'],
    ['', '""'],
  ])('writes %j safely as %j', (value, expected) => expect(csvCell(value)).toBe(expected));

  const hostile: string[][] = [
    ['Anna,=cmd|\' /C calc\'!A0', 'a@example.se', '+46701234567'],
    ['Bo; Svensson', 'say "hi"', 'two\r\nlines'],
    ['=1+1', '-2', '@x'],
    ['Åsa, Öberg', ',;,;', '"'],
    ['Bo', 'x,=cmd|\' /C calc\'!A0', 'y, +1'],
    ['', 'lf\nonly', 'tab\there'],
  ];

  const header = ['Namn', 'E-post', 'Mobil'];
  const expected = [header, ...hostile.map((r) => r.map(neutraliseFormula))];

  it.each([',', ';'] as const)('round-trips every cell through an RFC 4180 reader of a %j-separated file (formulas neutralised)', (separator) => {
    expect(readRfc4180(toCsv(header, hostile, separator), separator)).toEqual(expected);
  });

  it('the export (;) read by a spreadsheet set to comma: no cell it sees starts a formula', () => {
    const oneLine = hostile.filter((r) => !r.some((c) => /[\r\n]/.test(c)));
    const read = readRfc4180(toCsv(header, oneLine), ',');
    expect(read).toHaveLength(oneLine.length + 1);
    for (const cell of read.flat()) expect(cell).not.toMatch(/^[ \t]*[=+\-@]/);
  });

  it('the export (;) read with commas keeps `Anna,=cmd` in its cell (quoted), neutralised', () => {
    expect(readRfc4180(toCsv(['Namn'], [['Anna,=cmd|\' /C calc\'!A0']]), ',')).toEqual([['Namn'], [`Anna,'=cmd|' /C calc'!A0`]]);
  });

  it('round-trips through parseCsv (the import) too', () => {
    expect(parseCsv(toCsv(['Namn', 'E-post', 'Mobil'], hostile)).slice(1)).toEqual(hostile.map((r) => r.map(neutraliseFormula).map((c) => c)));
  });

  it('reads ; and , files with quotes, BOM and both line ends, keeping row numbers', () => {
    expect(parseCsv(`${CSV_BOM}a;b\r\n"x;1";"say ""hi"""\r\n\r\nz;w`)).toEqual([['a', 'b'], ['x;1', 'say "hi"'], [], ['z', 'w']]);
    expect(parseCsv('a,b\nc,d\n')).toEqual([['a', 'b'], ['c', 'd']]);
  });
});
