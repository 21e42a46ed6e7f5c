/**
 * CSV per RFC 4180: fields separated by commas, records by CRLF, a field quoted when it holds a
 * comma, a double quote, CR or LF (quotes doubled inside). Cells that a spreadsheet would run
 * as a formula (text starting with `=`, `+`, `-`, `@`, tab or CR; OWASP "CSV injection") get a
 * leading `'`, so an attacker-controlled serial or reason cannot execute in an auditor's Excel.
 */

/** What one cell may hold before it is rendered: lists are joined with `;`, objects become JSON. */
export type Cell = string | number | boolean | null | readonly string[] | Readonly<Record<string, unknown>>;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** Neutralises text a spreadsheet would evaluate. Numbers are typed data and left alone. */
export function guardFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One field, rendered, guarded and quoted as needed. */
export function csvField(value: Cell): string {
  let text: string;
  if (value === null) return '';
  if (typeof value === 'number') text = Number.isFinite(value) ? String(value) : '';
  else if (typeof value === 'boolean') text = value ? 'true' : 'false';
  else if (typeof value === 'string') text = guardFormula(value);
  else if (Array.isArray(value)) text = guardFormula(value.join(';'));
  else text = guardFormula(JSON.stringify(value));
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A whole document: a header record, then one record per row, each ended by CRLF. */
export function toCsv(columns: readonly string[], rows: readonly Readonly<Record<string, Cell>>[]): string {
  const lines = [columns.map((c) => csvField(c)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(row[c] ?? null)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
