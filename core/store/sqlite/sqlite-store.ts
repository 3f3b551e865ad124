/**
 * The embedded store: one SQLite file (better-sqlite3), shared by every process of an
 * installation. Each record is kept as JSON in `data`; the fields the domain filters on or
 * keeps unique are mirrored into real columns on every write. The eTag is the row's version (row_version).
 */
import Database from 'better-sqlite3';
import {
  AlreadyExistsError,
  INDEXED_FIELDS,
  NotFoundError,
  PreconditionFailedError,
  type Changes,
  type Collection,
  type CollectionName,
  type IndexedField,
  type Records,
  type Store,
  type StoreHealth,
  type Stored,
} from '../store.js';
import { migrate, q } from './migrations.js';

/** How long a writer waits for another process's write lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;

const etagOf = (version: number) => `W/"${version}"`;

/** The version inside an eTag we issued; -1 (matches no row) for anything else. */
function versionOf(etag: string): number {
  const match = /^W\/"(\d+)"$/.exec(etag);
  return match ? Number(match[1]) : -1;
}

function isUniqueViolation(err: unknown): boolean {
  const code = err instanceof Database.SqliteError ? err.code : '';
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** The text kept in a mirrored column; null stays null so it never matches a filter. */
function columnValue(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

interface Row {
  row_version: number;
  data: string;
}

/** The statements of one collection, prepared once. */
function prepareStatements(db: Database.Database, name: CollectionName, columns: string[]) {
  const table = q(name);
  const cols = columns.map(q);
  return {
    get: db.prepare<[string], Row>(`SELECT row_version, data FROM ${table} WHERE key = ?`),
    all: db.prepare<[], Row>(`SELECT row_version, data FROM ${table}`),
    insert: db.prepare(
      `INSERT INTO ${table} (key, row_version, data${cols.map((c) => `, ${c}`).join('')}) ` +
        `VALUES (?, ?, ?${cols.map(() => ', ?').join('')})`,
    ),
    update: db.prepare(
      `UPDATE ${table} SET row_version = ?, data = ?${cols.map((c) => `, ${c} = ?`).join('')} WHERE key = ? AND row_version = ?`,
    ),
    remove: db.prepare(`DELETE FROM ${table} WHERE key = ?`),
    removeIf: db.prepare(`DELETE FROM ${table} WHERE key = ? AND row_version = ?`),
    exists: db.prepare<[string], { one: number }>(`SELECT 1 AS one FROM ${table} WHERE key = ?`),
    nextVersion: db.prepare<[], { value: number }>(`UPDATE version_counter SET value = value + 1 RETURNING value`),
  };
}

class SqliteCollection<C extends CollectionName> implements Collection<C> {
  /** Mirrored columns: every column the migrations made besides key/row_version/data. */
  private readonly columns: string[];
  private readonly sql: ReturnType<typeof prepareStatements>;

  constructor(
    private readonly db: Database.Database,
    readonly name: C,
  ) {
    const info = db.prepare<[string], { name: string }>(`SELECT name FROM pragma_table_info(?)`).all(name);
    this.columns = info.map((c) => c.name).filter((c) => !['key', 'row_version', 'data'].includes(c));
    for (const field of INDEXED_FIELDS[name]) {
      if (!this.columns.includes(field)) {
        throw new Error(`SQLite schema: table ${name} lacks a column for indexed field "${field}"; add a migration`);
      }
    }
    this.sql = prepareStatements(db, name, this.columns);
  }

  async get(key: string): Promise<Stored<Records[C]> | null> {
    const row = this.sql.get.get(key);
    return row ? this.stored(row) : null;
  }

  async list(filter?: { field: IndexedField<C>; equals: string }): Promise<Stored<Records[C]>[]> {
    if (!filter) return this.sql.all.all().map((row) => this.stored(row));
    // Same restriction as the Graph store: only indexed columns can be filtered on.
    const allowed: readonly string[] = INDEXED_FIELDS[this.name];
    if (!allowed.includes(filter.field)) {
      throw new Error(`${this.name}: cannot filter on "${String(filter.field)}" (indexed fields: ${allowed.join(', ') || 'none'})`);
    }
    const rows = this.db
      .prepare<[string], Row>(`SELECT row_version, data FROM ${q(this.name)} WHERE ${q(filter.field)} = ?`)
      .all(filter.equals);
    return rows.map((row) => this.stored(row));
  }

  async create(value: Records[C]): Promise<Stored<Records[C]>> {
    const data = JSON.stringify(value);
    try {
      const version = this.write(() => {
        const version = this.nextVersion();
        this.sql.insert.run(value.key, version, data, ...this.mirrored(value));
        return version;
      });
      return this.stored({ row_version: version, data });
    } catch (err) {
      if (isUniqueViolation(err)) throw new AlreadyExistsError(this.name, value.key);
      throw err;
    }
  }

  async update(value: Records[C], etag: string): Promise<Stored<Records[C]>> {
    const data = JSON.stringify(value);
    try {
      const version = this.write(() => {
        const version = this.nextVersion();
        const { changes } = this.sql.update.run(version, data, ...this.mirrored(value), value.key, versionOf(etag));
        if (changes === 0) throw this.conflict(value.key);
        return version;
      });
      return this.stored({ row_version: version, data });
    } catch (err) {
      // Changing a natural key (e.g. a ballot's person) onto another record's is a clash too.
      if (isUniqueViolation(err)) throw new AlreadyExistsError(this.name, value.key);
      throw err;
    }
  }

  async remove(key: string, etag?: string): Promise<void> {
    if (etag === undefined) {
      this.sql.remove.run(key);
      return;
    }
    this.write(() => {
      const { changes } = this.sql.removeIf.run(key, versionOf(etag));
      // Gone already is fine; still there under another version is a conflict.
      if (changes === 0 && this.sql.exists.get(key)) throw new PreconditionFailedError(this.name, key);
    });
  }

  /** Why a guarded write touched no row: the record is gone, or someone changed it. */
  private conflict(key: string): Error {
    return this.sql.exists.get(key) ? new PreconditionFailedError(this.name, key) : new NotFoundError(this.name, key);
  }

  /**
   * IMMEDIATE takes the write lock up front: a deferred transaction that reads first and then
   * writes can fail with SQLITE_BUSY against another process without waiting for busy_timeout.
   */
  private write<T>(body: () => T): T {
    return this.db.transaction(body).immediate();
  }

  private nextVersion(): number {
    const row = this.sql.nextVersion.get();
    if (!row) throw new Error('SQLite schema: version_counter is empty');
    return row.value;
  }

  private mirrored(value: Records[C]): (string | null)[] {
    const fields = value as unknown as Record<string, unknown>;
    return this.columns.map((c) => columnValue(fields[c]));
  }

  private stored(row: Row): Stored<Records[C]> {
    // Parsed from the stored JSON so callers never share an object with the store.
    return { value: JSON.parse(row.data) as Records[C], etag: etagOf(row.row_version) };
  }
}

export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  readonly organisations: Collection<'organisations'>;
  readonly bodies: Collection<'bodies'>;
  readonly people: Collection<'people'>;
  readonly memberships: Collection<'memberships'>;
  readonly meetings: Collection<'meetings'>;
  readonly agendaItems: Collection<'agendaItems'>;
  readonly attendance: Collection<'attendance'>;
  readonly decisions: Collection<'decisions'>;
  readonly ballots: Collection<'ballots'>;
  readonly reservations: Collection<'reservations'>;
  readonly protocols: Collection<'protocols'>;
  readonly cases: Collection<'cases'>;
  readonly caseEvents: Collection<'caseEvents'>;
  readonly audit: Collection<'audit'>;
  readonly activities: Collection<'activities'>;
  readonly postedCards: Collection<'postedCards'>;

  constructor(private readonly db: Database.Database) {
    const c = <C extends CollectionName>(name: C) => new SqliteCollection(db, name);
    this.organisations = c('organisations');
    this.bodies = c('bodies');
    this.people = c('people');
    this.memberships = c('memberships');
    this.meetings = c('meetings');
    this.agendaItems = c('agendaItems');
    this.attendance = c('attendance');
    this.decisions = c('decisions');
    this.ballots = c('ballots');
    this.reservations = c('reservations');
    this.protocols = c('protocols');
    this.cases = c('cases');
    this.caseEvents = c('caseEvents');
    this.audit = c('audit');
    this.activities = c('activities');
    this.postedCards = c('postedCards');
  }

  /** A local read is cheap: every call answers the whole collection. */
  async changes<C extends CollectionName>(name: C, _cursor: string | null): Promise<Changes<C>> {
    const changed = await (this[name] as unknown as Collection<C>).list();
    return { changed, removed: [], cursor: 'sqlite', full: true };
  }

  async health(): Promise<StoreHealth> {
    try {
      this.db.prepare('SELECT 1').get();
      return { ok: true, kind: this.kind };
    } catch (err) {
      return { ok: false, kind: this.kind, detail: err instanceof Error ? err.message : String(err) };
    }
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

/** Opens (creating if needed) and migrates a store file; several processes may share one file. */
export function openSqliteStore(filePath: string | ':memory:'): SqliteStore {
  const db = new Database(filePath);
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // WAL: readers never block the writer, and writers from several processes queue up.
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    migrate(db);
    return new SqliteStore(db);
  } catch (err) {
    db.close();
    throw err;
  }
}
