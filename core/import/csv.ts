/**
 * The import document (SPEC §4) as CSV sheets, the way secretaries keep rosters in Excel:
 * organisations.csv, bodies.csv, people.csv, memberships.csv, meetings.csv, agenda.csv and
 * guests.csv (the last two name their meeting in a `meeting` column). Columns are named exactly
 * like the JSON fields; an empty cell is null. Delimiter `,` or `;` (Swedish Excel writes `;`),
 * with or without a UTF-8 BOM; files that are not UTF-8 are read as Windows-1252 (Excel's
 * "CSV (semikolonavgränsad)").
 *
 * The sheets become an ordinary import document, validated like JSON; `locate` turns the JSON
 * paths of its errors back into file, row and column. Rows are numbered as in Excel: the header
 * is row 1.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { ImportError } from './schema.js';

export const CSV_SHEETS = {
  organisations: ['key', 'name', 'kind'],
  bodies: ['key', 'name', 'kind', 'reportsTo'],
  people: ['key', 'name', 'organisation', 'email', 'aadObjectId', 'party'],
  memberships: ['body', 'person', 'role', 'title', 'substituteFor'],
  meetings: ['key', 'body', 'dnr', 'start', 'end', 'place', 'teamsMeetingId', 'justerare'],
  agenda: ['meeting', 'number', 'title', 'kind', 'decision', 'presenter', 'proposal', 'attachments', 'text', 'case'],
  guests: ['meeting', 'name', 'organisation', 'title'],
} as const;
export type CsvSheet = keyof typeof CSV_SHEETS;
const SHEET_NAMES = Object.keys(CSV_SHEETS) as CsvSheet[];

export interface CsvFile {
  /** File name; its base name without `.csv` names the sheet. */
  name: string;
  content: string | Uint8Array;
}

export interface CsvConversion {
  /** The import document built from the sheets (not yet validated). */
  doc: Record<string, unknown>;
  /** Errors in the sheets themselves: unknown file or column, unreadable CSV, orphan rows. */
  errors: ImportError[];
  /** `memberships[3].role` → `memberships.csv rad 5, kolumn role`. */
  locate(jsonPath: string): string;
}

interface Location {
  file: string;
  row: number;
}

type Row = Record<string, unknown>;

const where = (file: string, row?: number, column?: string) =>
  `${file}${row !== undefined ? ` rad ${row}` : ''}${column !== undefined ? `, kolumn ${column}` : ''}`;

function decode(content: string | Uint8Array): string {
  if (typeof content === 'string') return content;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return new TextDecoder('windows-1252').decode(content);
  }
}

/** The delimiter is read off the header row, whose cells are field names without `,` or `;`. */
function detectDelimiter(text: string): string {
  const header = text.split(/\r?\n/, 1)[0] ?? '';
  const count = (d: string) => header.split(d).length - 1;
  return [';', ',', '\t'].reduce((best, d) => (count(d) > count(best) ? d : best), ',');
}

/** Attachments in one cell: a JSON list, or one "titel | url" per line (a bare url is its own title). */
function parseAttachments(cell: string): unknown {
  if (cell.startsWith('[')) {
    try {
      return JSON.parse(cell) as unknown;
    } catch {
      return cell;
    }
  }
  return cell
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const bar = line.lastIndexOf('|');
      if (bar < 0) return { title: line, url: line };
      return { title: line.slice(0, bar).trim(), url: line.slice(bar + 1).trim() };
    });
}

function cellValue(column: string, raw: string | undefined): unknown {
  const cell = (raw ?? '').trim();
  if (column === 'attachments') return cell === '' ? [] : parseAttachments(cell);
  if (cell === '') return null;
  // Not a whole number: left as text, so that validation reports it in its own words.
  if (column === 'number') return /^\d+$/.test(cell) ? Number(cell) : cell;
  return cell;
}

interface SheetRows {
  file: string;
  rows: Array<{ row: number; value: Row }>;
}

function readSheet(sheet: CsvSheet, file: string, text: string, errors: ImportError[]): SheetRows {
  const out: SheetRows = { file, rows: [] };
  const body = text.replace(/^\uFEFF/, '');
  let records: string[][];
  try {
    records = parse(body, { delimiter: detectDelimiter(body), relax_column_count: true, skip_empty_lines: false }) as string[][];
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    errors.push({ path: where(file, line), message: `kunde inte läsas som CSV (${(e as Error).message})` });
    return out;
  }
  const header = (records[0] ?? []).map((h) => h.trim());
  if (header.every((h) => h === '')) {
    errors.push({ path: file, message: 'saknar rubrikrad med kolumnnamn' });
    return out;
  }
  const known: readonly string[] = CSV_SHEETS[sheet];
  const columns: Array<string | null> = header.map((name) => {
    if (name === '') return null;
    if (!known.includes(name)) {
      errors.push({ path: where(file, 1, name), message: `okänd kolumn; kolumnerna heter ${known.join(', ')}` });
      return null;
    }
    return name;
  });
  header.forEach((name, i) => {
    if (name !== '' && header.indexOf(name) !== i) {
      errors.push({ path: where(file, 1, name), message: 'kolumnen förekommer mer än en gång' });
    }
  });
  records.slice(1).forEach((cells, i) => {
    const row = i + 2;
    if (cells.every((c) => c.trim() === '')) return; // blank rows Excel leaves behind
    const stray = cells.findIndex((c, j) => c.trim() !== '' && (j >= header.length || header[j] === ''));
    if (stray >= 0) {
      errors.push({ path: where(file, row), message: `värde i kolumn ${stray + 1}, som saknar namn i rubrikraden` });
    }
    const value: Row = {};
    columns.forEach((name, j) => {
      if (name !== null) value[name] = cellValue(name, cells[j]);
    });
    out.rows.push({ row, value });
  });
  return out;
}

/** Builds the import document from named sheets. Pure: the tab passes uploaded files here too. */
export function convertCsv(files: CsvFile[]): CsvConversion {
  const errors: ImportError[] = [];
  const sheets = new Map<CsvSheet, SheetRows>();
  for (const f of files) {
    const base = path.basename(f.name);
    const name = base.toLowerCase().replace(/\.csv$/, '') as CsvSheet;
    if (!SHEET_NAMES.includes(name)) {
      errors.push({ path: base, message: `okänt blad; filerna heter ${SHEET_NAMES.map((s) => `${s}.csv`).join(', ')}` });
      continue;
    }
    if (sheets.has(name)) {
      errors.push({ path: base, message: `${name}.csv finns mer än en gång` });
      continue;
    }
    sheets.set(name, readSheet(name, base, decode(f.content), errors));
  }

  const doc: Record<string, unknown> = {};
  const locations = new Map<string, Location>();
  for (const section of ['organisations', 'bodies', 'people', 'memberships', 'meetings'] as const) {
    const sheet = sheets.get(section);
    if (!sheet) continue;
    doc[section] = sheet.rows.map((r, k) => {
      locations.set(`${section}[${k}]`, { file: sheet.file, row: r.row });
      return r.value;
    });
  }

  // Agenda items and guests go into their meeting, found by key in meetings.csv.
  const meetings = (doc.meetings ?? []) as Row[];
  const meetingIndex = new Map<string, number>();
  meetings.forEach((m, k) => {
    if (typeof m.key === 'string' && !meetingIndex.has(m.key)) meetingIndex.set(m.key, k);
  });
  for (const [sheetName, field] of [
    ['agenda', 'agenda'],
    ['guests', 'guests'],
  ] as const) {
    const sheet = sheets.get(sheetName);
    if (!sheet) continue;
    // The sheet is the whole list: a meeting without rows in it gets an empty one.
    for (const m of meetings) m[field] = [];
    for (const r of sheet.rows) {
      const { meeting, ...value } = r.value;
      const k = typeof meeting === 'string' ? meetingIndex.get(meeting) : undefined;
      if (k === undefined) {
        errors.push({
          path: where(sheet.file, r.row, 'meeting'),
          message: meeting == null ? 'ange mötets key' : `"${String(meeting)}" finns inte i meetings.csv`,
        });
        continue;
      }
      const list = meetings[k]![field] as Row[];
      locations.set(`meetings[${k}].${field}[${list.length}]`, { file: sheet.file, row: r.row });
      list.push(value);
    }
  }

  const locate = (jsonPath: string): string => {
    if (jsonPath === '') return '';
    const match = /^(meetings\[\d+\]\.(?:agenda|guests)\[\d+\]|[A-Za-z]+\[\d+\])(.*)$/.exec(jsonPath);
    const prefix = match?.[1];
    let location = prefix !== undefined ? locations.get(prefix) : undefined;
    let rest = match?.[2] ?? '';
    if (!location && prefix?.startsWith('meetings[')) {
      // An error on a meeting's agenda or guests as a whole: point at the meeting's row.
      const meeting = /^meetings\[\d+\]/.exec(prefix)![0];
      location = locations.get(meeting);
      rest = jsonPath.slice(meeting.length);
    }
    if (!location) {
      const section = /^[A-Za-z]+/.exec(jsonPath)?.[0];
      return section && SHEET_NAMES.includes(section as CsvSheet) ? `${section}.csv` : jsonPath;
    }
    const column = /^\.([^.[]+)/.exec(rest)?.[1];
    return where(location.file, location.row, column);
  };

  return { doc, errors, locate };
}

/** Reads CSV sheets from a directory (every .csv in it) and/or named .csv files. */
export async function readCsvFiles(paths: string[]): Promise<CsvConversion> {
  const files: CsvFile[] = [];
  const errors: ImportError[] = [];
  for (const p of paths) {
    if ((await stat(p)).isDirectory()) {
      const names = (await readdir(p)).filter((n) => n.toLowerCase().endsWith('.csv')).sort();
      if (names.length === 0) errors.push({ path: p, message: 'katalogen innehåller inga .csv-filer' });
      for (const n of names) files.push({ name: n, content: await readFile(path.join(p, n)) });
    } else {
      files.push({ name: path.basename(p), content: await readFile(p) });
    }
  }
  const conversion = convertCsv(files);
  return { ...conversion, errors: [...errors, ...conversion.errors] };
}
