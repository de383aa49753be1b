/**
 * CSV as Swedish Excel opens it: UTF-8 with a byte-order mark (else Excel guesses Windows-1252 and breaks å ä ö),
 * `;` as separator (Swedish Excel's list separator, as the decimal separator is `,`), CRLF line ends.
 * Cells that a spreadsheet would run as a formula (= + - @, and tab/CR that some programs strip) get a leading
 * apostrophe (OWASP "CSV injection").
 */
export const CSV_BOM = '\uFEFF';
export const CSV_SEPARATOR = ';';

export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvCell(value: string | number | boolean | null): string {
  const text = neutraliseFormula(value === null ? '' : String(value));
  return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null>>): string {
  return CSV_BOM + [header, ...rows].map((row) => row.map(csvCell).join(CSV_SEPARATOR)).join('\r\n') + '\r\n';
}

/**
 * Parses CSV text as spreadsheets save it: `;` or `,` (guessed from the header row), quoted cells with doubled
 * quotes, CRLF or LF, an optional BOM. Returns rows of cells; empty lines are kept (as []) so row numbers match
 * the file.
 */
export function parseCsv(text: string): string[][] {
  const body = text.startsWith(CSV_BOM) ? text.slice(1) : text;
  const firstLine = body.split(/\r?\n/, 1)[0] ?? '';
  const separator = (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let cellStarted = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body.charAt(i);
    if (quoted) {
      if (ch === '"') {
        if (body[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
      continue;
    }
    if (ch === '"' && !cellStarted) {
      quoted = true;
      cellStarted = true;
    } else if (ch === separator) {
      row.push(cell);
      cell = '';
      cellStarted = false;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row.length === 1 && row[0] === '' ? [] : row);
      row = [];
      cell = '';
      cellStarted = false;
    } else {
      cell += ch;
      cellStarted = true;
    }
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
