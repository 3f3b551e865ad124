/**
 * How the collections are laid out in SharePoint: one list per collection, named
 * `Samverkan<Collection>` (the URL name, which stays when someone renames the list's title),
 * with text columns of our own (internal names, never display names):
 *
 * - SvKey: the record key, indexed and unique (creates by key collide instead of doubling);
 * - SvUnique: the domain's "one X per Y" key (ballot per decision and person, attendance per
 *   meeting and person, …), indexed and unique, where the domain has one;
 * - one indexed column per field the store filters on (INDEXED_FIELDS), e.g. SvDecision;
 *   person identities are Entra object ids in text columns (SvAadObjectId), never person columns;
 * - SvData1…4: the record as JSON in multi-line plain text (split when it is long);
 * - SvWrite: the id of the write that made this version, to recognise our own write after a
 *   retried request whose first answer was lost.
 *
 * SharePoint compares text without regard to case, in filters and in unique checks; keys are
 * case-sensitive in the domain. Unique columns therefore hold the key with its capitals marked
 * (`Ab` → `^ab`), and the app narrows every filter result by exact comparison.
 */
import { createHash } from 'node:crypto';
import { COLLECTIONS, INDEXED_FIELDS, type CollectionName, type Records } from '../store.js';

export const KEY_COLUMN = 'SvKey';
export const UNIQUE_COLUMN = 'SvUnique';
export const WRITE_COLUMN = 'SvWrite';
export const DATA_COLUMNS = ['SvData1', 'SvData2', 'SvData3', 'SvData4'] as const;
/** Characters per data column (SharePoint's multi-line text holds at most 63,999). */
export const DATA_CHUNK = 60_000;
/** Single line of text holds at most 255 characters. */
const TEXT_MAX = 255;

export interface ColumnSpec {
  name: string;
  displayName: string;
  multiline: boolean;
  indexed: boolean;
  unique: boolean;
}

export interface ListSpec {
  collection: CollectionName;
  /** URL name and initial title. */
  name: string;
  columns: ColumnSpec[];
  /** Field → column of every filterable field. */
  filterColumns: Record<string, string>;
  /** The natural unique key of a record, if the domain has one. */
  unique: ((record: Record<string, unknown>) => string | null) | null;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
export const filterColumn = (field: string) => `Sv${cap(field)}`;

/** The domain's "one X per Y" rules (the same as SQLite's UNIQUE constraints). */
const NATURAL_KEYS: Partial<Record<CollectionName, (r: Record<string, unknown>) => string | null>> = {
  memberships: (r) => `${String(r.body)}|${String(r.person)}`,
  agendaItems: (r) => `${String(r.meeting)}|${String(r.number)}`,
  attendance: (r) => `${String(r.meeting)}|${String(r.person)}`,
  decisions: (r) => `${String(r.meeting)}|${String(r.item)}`,
  ballots: (r) => `${String(r.decision)}|${String(r.person)}`,
  reservations: (r) => `${String(r.decision)}|${String(r.person)}`,
  protocols: (r) => `${String(r.meeting)}|${String(r.version)}`,
  // One Entra identity is one person; people without one (imported rosters) are many.
  people: (r) => (typeof r.aadObjectId === 'string' && r.aadObjectId ? r.aadObjectId : null),
};

export const LISTS: Record<CollectionName, ListSpec> = Object.fromEntries(
  COLLECTIONS.map((collection) => {
    const fields = INDEXED_FIELDS[collection] as readonly string[];
    const unique = NATURAL_KEYS[collection] ?? null;
    const columns: ColumnSpec[] = [
      { name: KEY_COLUMN, displayName: 'Nyckel', multiline: false, indexed: true, unique: true },
      ...(unique ? [{ name: UNIQUE_COLUMN, displayName: 'Unik nyckel', multiline: false, indexed: true, unique: true }] : []),
      ...fields.map((f) => ({ name: filterColumn(f), displayName: f, multiline: false, indexed: true, unique: false })),
      ...DATA_COLUMNS.map((name, i) => ({ name, displayName: `Data ${i + 1}`, multiline: true, indexed: false, unique: false })),
      { name: WRITE_COLUMN, displayName: 'Skrivning', multiline: false, indexed: false, unique: false },
    ];
    return [
      collection,
      { collection, name: `Samverkan${cap(collection)}`, columns, filterColumns: Object.fromEntries(fields.map((f) => [f, filterColumn(f)])), unique },
    ];
  }),
) as Record<CollectionName, ListSpec>;

/** Text as a single-line column holds it: too long values become a hash (compared, never shown). */
export function columnText(value: string): string {
  return value.length <= TEXT_MAX ? value : `#sha256:${createHash('sha256').update(value, 'utf8').digest('hex')}`;
}

/** A case-sensitive value for a column that SharePoint compares without case. */
export function uniqueText(value: string): string {
  return columnText(value.replace(/[A-Z^]/g, (c) => `^${c.toLowerCase()}`));
}

/** The fields of a list item holding `record`. */
export function toFields<C extends CollectionName>(spec: ListSpec, record: Records[C], writeId: string): Record<string, string | null> {
  const r = record as unknown as Record<string, unknown>;
  const json = JSON.stringify(record);
  if (json.length > DATA_CHUNK * DATA_COLUMNS.length) {
    throw new Error(`${spec.collection}: record "${record.key}" is ${json.length} characters as JSON; the SharePoint list holds at most ${DATA_CHUNK * DATA_COLUMNS.length}`);
  }
  const fields: Record<string, string | null> = {
    Title: record.key.slice(0, TEXT_MAX),
    [KEY_COLUMN]: uniqueText(record.key),
    [WRITE_COLUMN]: writeId,
  };
  DATA_COLUMNS.forEach((name, i) => {
    const part = json.slice(i * DATA_CHUNK, (i + 1) * DATA_CHUNK);
    fields[name] = part === '' ? null : part;
  });
  if (spec.unique) {
    const u = spec.unique(r);
    // Without a natural key (a person without Entra id) the record key keeps the column unique.
    fields[UNIQUE_COLUMN] = uniqueText(u ?? `key:${record.key}`);
  }
  for (const [field, column] of Object.entries(spec.filterColumns)) {
    const v = r[field];
    fields[column] = v === null || v === undefined ? null : columnText(String(v));
  }
  return fields;
}

/** The record a list item's fields hold. */
export function fromFields<C extends CollectionName>(fields: Record<string, unknown>): Records[C] {
  const json = DATA_COLUMNS.map((name) => (typeof fields[name] === 'string' ? (fields[name] as string) : '')).join('');
  return JSON.parse(json) as Records[C];
}

/** Columns to ask for when reading records. */
export const READ_SELECT = [KEY_COLUMN, WRITE_COLUMN, ...DATA_COLUMNS].join(',');

/** OData string literal. */
export const odataString = (s: string) => `'${s.replaceAll("'", "''")}'`;
