// The export rule (BOM, `;`, every cell quoted, formula characters neutralised) lives in @trygg/values (the web's walk
// report uses it too); the import's parser is enrolment's own.
import { CSV_BOM } from '@trygg/values';

export { CSV_BOM, csvCell, neutraliseFormula, toCsv } from '@trygg/values';

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
