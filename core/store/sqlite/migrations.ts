/**
 * Versioned schema migrations for the SQLite store. Each migration runs once, in order, and is
 * recorded in `schema_migrations`. Migrations are history: never edit one that has shipped, add
 * a new one (e.g. a column for a newly indexed field) instead.
 */
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

/** One table per collection: the record as JSON plus real columns for filtering and uniqueness. */
interface TableSpec {
  /** Columns mirrored from the JSON, each with its own index. */
  indexed: string[];
  /** Composite "one X per Y" rules of the domain. */
  unique?: string[][];
}

// Frozen copy of the v1 layout (not derived from INDEXED_FIELDS) so that later changes to the
// code cannot silently change what migration 1 did on existing files.
const TABLES_V1: Record<string, TableSpec> = {
  organisations: { indexed: [] },
  bodies: { indexed: [] },
  people: { indexed: ['aadObjectId', 'email'] },
  memberships: { indexed: ['body', 'person'], unique: [['body', 'person']] },
  meetings: { indexed: ['body', 'teamsMeetingId', 'chatId'] },
  agendaItems: { indexed: ['meeting', 'caseKey'], unique: [['meeting', 'number']] },
  attendance: { indexed: ['meeting', 'person'], unique: [['meeting', 'person']] },
  decisions: { indexed: ['meeting'], unique: [['meeting', 'item']] },
  ballots: { indexed: ['decision', 'meeting'], unique: [['decision', 'person']] },
  reservations: { indexed: ['decision', 'meeting'], unique: [['decision', 'person']] },
  protocols: { indexed: ['meeting'], unique: [['meeting', 'version']] },
  cases: { indexed: ['originBody'] },
  caseEvents: { indexed: ['case', 'meeting'] },
  audit: { indexed: ['meeting', 'actor'] },
  activities: { indexed: [] },
};

/** Quotes an identifier: several field names (case, number, order) are SQL keywords. */
export const q = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

function createTable(db: Database.Database, table: string, spec: TableSpec): void {
  const unique = spec.unique ?? [];
  // Columns needed only by a unique rule (agendaItems.number, …) exist but are not filterable.
  const columns = [...new Set([...spec.indexed, ...unique.flat()])];
  const definitions = [
    'key TEXT PRIMARY KEY',
    // Not "version": protocols have a field of that name, mirrored as its own column.
    'row_version INTEGER NOT NULL',
    'data TEXT NOT NULL',
    ...columns.map((c) => `${q(c)} TEXT`),
    ...unique.map((cols) => `UNIQUE (${cols.map(q).join(', ')})`),
  ];
  db.exec(`CREATE TABLE ${q(table)} (${definitions.join(', ')}) STRICT`);
  for (const column of spec.indexed) {
    db.exec(`CREATE INDEX ${q(`${table}_${column}`)} ON ${q(table)} (${q(column)})`);
  }
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'collections',
    up(db) {
      for (const [table, spec] of Object.entries(TABLES_V1)) createTable(db, table, spec);
      // One Entra identity is one person; people without one (imported rosters) are many.
      db.exec(`CREATE UNIQUE INDEX people_aadObjectId_unique ON people ("aadObjectId") WHERE "aadObjectId" IS NOT NULL`);
      // eTag versions come from one database-wide counter, so a record that is removed and
      // created again never gets back an eTag it had before (a stale writer cannot slip in).
      db.exec(`CREATE TABLE version_counter (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL) STRICT`);
      db.exec(`INSERT INTO version_counter (id, value) VALUES (1, 0)`);
    },
  },
  {
    version: 2,
    name: 'posted cards',
    up(db) {
      // The chat cards whose shared view the bot keeps current (roll call, agenda, decisions).
      createTable(db, 'postedCards', { indexed: ['meeting'] });
    },
  },
];

export interface AppliedMigration {
  version: number;
  name: string;
}

/**
 * Brings the database up to the newest migration and returns the ones applied now. Runs in one
 * IMMEDIATE transaction so that two processes opening a fresh file at once do not both migrate:
 * the second waits (busy_timeout) and then finds nothing to do.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): AppliedMigration[] {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  const known = sorted.at(-1)?.version ?? 0;
  const run = db.transaction((): AppliedMigration[] => {
    db.exec(
      `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`,
    );
    const row = db.prepare('SELECT MAX(version) AS current FROM schema_migrations').get() as { current: number | null };
    const current = row.current ?? 0;
    if (current > known) {
      throw new Error(
        `The database schema is version ${current}, newer than this program knows (${known}). ` +
          'Upgrade the program instead of opening this file with an older one.',
      );
    }
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    const applied: AppliedMigration[] = [];
    for (const migration of sorted) {
      if (migration.version <= current) continue;
      migration.up(db);
      record.run(migration.version, migration.name, new Date().toISOString());
      applied.push({ version: migration.version, name: migration.name });
    }
    return applied;
  });
  return run.immediate();
}
