/**
 * CSV as Swedish Excel opens it: UTF-8 with a byte-order mark (else Excel guesses Windows-1252 and breaks å ä ö),
 * `;` as separator (Swedish Excel's list separator, as the decimal separator is `,`), CRLF line ends.
 * Cells that a spreadsheet would run as a formula (= + - @, and tab/CR that some programs strip) get a leading
 * apostrophe (OWASP "CSV injection"), and so does such a character after a `,` or `;` inside a cell. **Every cell
 * is quoted** (RFC 4180, `"` doubled): a file opened with another separator than `;` (Excel set to `,`, LibreOffice
 * guessing) still keeps each cell whole, so `Anna,=cmd|…` cannot split into a second cell that starts with `=`.
 */
export const CSV_BOM = '\uFEFF';
export const CSV_SEPARATOR = ';';

/**
 * An apostrophe before a formula character at the start of the value, and after every `,` or `;` in it (a
 * spreadsheet reading the file with another separator may start a cell there; quoting alone does not stop that
 * for the second and later cells of a line).
 */
export function neutraliseFormula(value: string): string {
  return value.replace(/(^|[,;][ \t]*)([=+\-@\t\r])/g, "$1'$2");
}

export function csvCell(value: string | number | boolean | null): string {
  const text = neutraliseFormula(value === null ? '' : String(value));
  return `"${text.replace(/"/g, '""')}"`;
}

/** The file; `separator` is `;` for Swedish Excel (the export), `,` where a comma-separated file is wanted. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null>>, separator: ';' | ',' = CSV_SEPARATOR): string {
  return CSV_BOM + [header, ...rows].map((row) => row.map(csvCell).join(separator)).join('\r\n') + '\r\n';
}
