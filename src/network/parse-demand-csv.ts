import { ValidationError, type Problem } from '../shared/index.js';

/** One CSV record: its fields and its 1-based row number in the file (the header is row 1). */
export interface CsvRecord {
  row: number;
  fields: string[];
}

/**
 * Parse CSV text (RFC 4180): fields separated by commas, records by LF or CRLF; a field in double quotes
 * may contain commas, line breaks and doubled quotes (`""` → `"`). A leading UTF-8 BOM is dropped.
 * Written here instead of taken from a package because these thirty lines are the whole grammar and
 * the row numbers must be exact for error messages. Blank records are dropped but still counted, so
 * `row` matches the line number a user sees in an editor whenever no quoted field spans lines.
 * @throws ValidationError for a quote that is never closed or text after a closing quote.
 * @example parseCsv('a,b\n"x, y",2') // [{row: 1, fields: ['a','b']}, {row: 2, fields: ['x, y','2']}]
 */
export function parseCsv(text: string): CsvRecord[] {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  const problems: Problem[] = [];
  let fields: string[] = [];
  let field = '';
  let row = 1;
  let recordRow = 1;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0].trim() === '')) records.push({ row: recordRow, fields });
    fields = [];
    field = '';
  };
  while (i < s.length) {
    const c = s[i];
    if (c === '"' && field.trim() === '') {
      // Quoted field: read to the closing quote.
      field = '';
      const openRow = row;
      i++;
      let closed = false;
      while (i < s.length) {
        if (s[i] === '"') {
          if (s[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          closed = true;
          i++;
          break;
        }
        if (s[i] === '\n') row++;
        field += s[i++];
      }
      if (!closed) {
        problems.push({ path: `row ${openRow}`, row: openRow, message: 'a quoted field is never closed; add the closing double quote' });
        break;
      }
      // Only spaces may follow the closing quote before the separator.
      while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
      if (i < s.length && s[i] !== ',' && s[i] !== '\n' && s[i] !== '\r') {
        problems.push({ path: `row ${row}`, row, message: 'text after a closing double quote; quote the whole field and double any quote inside it' });
        while (i < s.length && s[i] !== '\n') i++;
      }
      continue;
    }
    if (c === ',') {
      fields.push(field);
      field = '';
      i++;
    } else if (c === '\n' || c === '\r') {
      endRecord();
      i += c === '\r' && s[i + 1] === '\n' ? 2 : 1;
      row++;
      recordRow = row;
    } else {
      field += c;
      i++;
    }
  }
  if (field !== '' || fields.length > 0) endRecord();
  if (problems.length) throw new ValidationError('CSV syntax', problems);
  return records;
}

/** Demand records before validation, from a CSV or a JSON array; `validateDemand` in demand.ts checks them. */
export interface RawDemandTable {
  kind: 'csv' | 'json';
  /** How to name the input in error messages (e.g. the file path). */
  what: string;
  /** CSV header names as written (null for JSON, whose records carry their own keys). */
  columns: string[] | null;
  records: RawDemandRecord[];
}

/** One record before validation. */
export interface RawDemandRecord {
  /** CSV: row in the file (header = row 1). JSON: 1-based position in the array. */
  row: number;
  /** Column name → value; for JSON whatever the array element was (checked to be an object). */
  values: unknown;
  /** CSV: number of fields in the record, to report ragged rows; null for JSON. */
  fieldCount: number | null;
}

/**
 * Read a demand CSV into raw records (header + one record per data row). Syntax only: the columns and
 * values are checked by `validateDemand` against the network.
 * @throws ValidationError for a CSV syntax error or an empty file, naming the row.
 * @example parseDemandCsv('origin,destination,teuPerYear\nchongqing,singapore,120000').records[0].values.origin // 'chongqing'
 */
export function parseDemandCsv(text: string, what = 'demand CSV'): RawDemandTable {
  let records: CsvRecord[];
  try {
    records = parseCsv(text);
  } catch (e) {
    if (e instanceof ValidationError) throw new ValidationError(what, e.problems);
    throw e;
  }
  if (records.length === 0) {
    throw new ValidationError(what, [{ path: 'row 1', row: 1, message: 'empty file; expected a header origin,destination,teuPerYear' }]);
  }
  const [header, ...body] = records;
  const columns = header.fields.map((f) => f.trim());
  return {
    kind: 'csv',
    what,
    columns,
    records: body.map((r) => {
      const values: Record<string, unknown> = {};
      columns.forEach((name, k) => {
        if (k < r.fields.length) values[name] = r.fields[k];
      });
      return { row: r.row, values, fieldCount: r.fields.length };
    }),
  };
}
