/** A column of a text table: header, how to read a cell, and alignment. */
export interface TableColumn<T> {
  header: string;
  value: (row: T) => string | number;
  align?: 'left' | 'right';
}

/** Format a number with thousands separators and fixed decimals, e.g. 1234.5 → "1,234.5". */
export function fmt(n: number, decimals = 0): string {
  if (!Number.isFinite(n)) return n > 0 ? '∞' : n < 0 ? '-∞' : '—';
  return n.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/**
 * Render rows as an aligned plain-text table for terminals.
 * @example formatTable([{a: 1}], [{ header: 'A', value: (r) => r.a, align: 'right' }])
 */
export function formatTable<T>(rows: T[], columns: TableColumn<T>[]): string {
  const cells = rows.map((r) => columns.map((c) => String(c.value(r))));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((row) => row[i].length)));
  const pad = (s: string, i: number) => (columns[i].align === 'right' ? s.padStart(widths[i]) : s.padEnd(widths[i]));
  const line = (row: string[]) => row.map(pad).join('  ').trimEnd();
  return [line(columns.map((c) => c.header)), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}
