import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decisionKey } from '../core/domain/model.js';
import { describeStoreContract, fixtures } from '../core/store/contract.js';
import { openStore, STORE_FILE_NAME } from '../core/store/open.js';
import { MIGRATIONS, migrate, type Migration } from '../core/store/sqlite/migrations.js';
import { openSqliteStore, type SqliteStore } from '../core/store/sqlite/sqlite-store.js';
import { AlreadyExistsError, PreconditionFailedError, mutate, upsert, type Store } from '../core/store/store.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const decision = decisionKey('meeting-1', 1);
const freshDir = () => mkdtempSync(path.join(os.tmpdir(), 'samverkan-store-'));

describeStoreContract('sqlite (file)', async () => {
  const dir = freshDir();
  const store = await openStore({ kind: 'sqlite', dataDir: dir });
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SqliteStore', () => {
  let dir: string;
  let file: string;
  const open: SqliteStore[] = [];
  const openFile = () => {
    const store = openSqliteStore(file);
    open.push(store);
    return store;
  };

  beforeEach(() => {
    dir = freshDir();
    file = path.join(dir, 'test.db');
  });
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A second, raw connection to the same file, for looking behind the store. */
  const raw = (fn: (db: Database.Database) => void) => {
    const db = new Database(file);
    try {
      fn(db);
    } finally {
      db.close();
    }
  };

  describe('migrations', () => {
    it('are applied and recorded once, however often the file is opened', async () => {
      await openFile().close();
      await openFile().close();
      raw((db) => {
        const rows = db.prepare('SELECT version, name, applied_at FROM schema_migrations').all() as {
          version: number;
          name: string;
          applied_at: string;
        }[];
        expect(rows.map((r) => [r.version, r.name])).toEqual(MIGRATIONS.map((m) => [m.version, m.name]));
        expect(Number.isNaN(Date.parse(rows[0]?.applied_at ?? ''))).toBe(false);
        expect(migrate(db)).toEqual([]);
      });
    });

    it('applies only the pending ones, in order, and rolls back a failing one', () => {
      const n = MIGRATIONS.at(-1)!.version; // the newest real migration; test ones come after
      const order: string[] = [];
      const add = (version: number, name: string): Migration => ({
        version,
        name,
        up: (db) => {
          order.push(name);
          db.exec(`CREATE TABLE ${name} (x TEXT)`);
        },
      });
      raw((db) => {
        expect(migrate(db, [...MIGRATIONS, add(n + 2, 'third'), add(n + 1, 'second')]).map((m) => m.version)).toEqual([...MIGRATIONS.map((m) => m.version), n + 1, n + 2]);
        expect(order).toEqual(['second', 'third']);
        expect(migrate(db, [...MIGRATIONS, add(n + 1, 'second'), add(n + 2, 'third'), add(n + 3, 'fourth')])).toEqual([
          { version: n + 3, name: 'fourth' },
        ]);
        const failing: Migration = {
          version: n + 4,
          name: 'broken',
          up: (db) => {
            db.exec('CREATE TABLE half_done (x TEXT)');
            throw new Error('boom');
          },
        };
        expect(() => migrate(db, [...MIGRATIONS, failing])).toThrow('boom');
        const max = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number };
        expect(max.v).toBe(n + 3);
        expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'half_done'`).get()).toBeUndefined();
      });
    });

    it('refuses a file whose schema is newer than this code knows', async () => {
      await openFile().close();
      raw((db) => {
        db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, ?, ?)').run('future', new Date().toISOString());
      });
      expect(() => openSqliteStore(file)).toThrow(`schema is version 99, newer than this program knows (${MIGRATIONS.at(-1)!.version})`);
    });
  });

  it('upgrades a file made by an older version, keeping its data', async () => {
    // A file as version 1 of the program left it: only migration 1 applied.
    raw((db) => {
      migrate(db, [MIGRATIONS[0]!]);
    });
    raw((db) => {
      db.prepare('INSERT INTO people (key, row_version, data, "aadObjectId", email) VALUES (?, 1, ?, NULL, NULL)').run(
        'p-old',
        JSON.stringify(fixtures.people(7, { key: 'p-old', aadObjectId: null, email: null })),
      );
    });
    const store = openFile();
    expect((await store.people.get('p-old'))?.value.key).toBe('p-old');
    const card = await store.postedCards.create(fixtures.postedCards(1));
    expect((await store.postedCards.list({ field: 'meeting', equals: card.value.meeting })).length).toBe(1);
  });

  it('runs in WAL mode with foreign keys on', async () => {
    const store = openFile();
    await store.people.create(fixtures.people(1));
    raw((db) => {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    });
    expect(existsSync(`${file}-wal`)).toBe(true);
  });

  it('keeps data and eTags across reopening the file', async () => {
    const first = openFile();
    const created = await first.ballots.create(fixtures.ballots(1));
    await first.close();
    const second = openFile();
    expect(await second.ballots.get(created.value.key)).toEqual(created);
    const updated = await second.ballots.update({ ...created.value, choice: 'avslag', changes: 1 }, created.etag);
    expect(updated.etag).not.toBe(created.etag);
  });

  it('keeps the mirrored columns in step with the JSON on every write', async () => {
    const store = openFile();
    const created = await store.meetings.create(fixtures.meetings(1));
    await store.meetings.update({ ...created.value, chatId: '19:new@thread.v2', teamsMeetingId: null }, created.etag);
    expect(await store.meetings.list({ field: 'chatId', equals: created.value.chatId ?? '' })).toEqual([]);
    expect(await store.meetings.list({ field: 'chatId', equals: '19:new@thread.v2' })).toHaveLength(1);
    raw((db) => {
      const row = db.prepare('SELECT chatId, teamsMeetingId FROM meetings').get();
      expect(row).toEqual({ chatId: '19:new@thread.v2', teamsMeetingId: null });
    });
  });

  describe('enforces every "one X per Y" rule of the domain, whatever the key', () => {
    const cases: [string, (store: Store) => Promise<unknown>, (store: Store) => Promise<unknown>][] = [
      ['membership per body and person', (s) => s.memberships.create(fixtures.memberships(1)), (s) => s.memberships.create(fixtures.memberships(1, { key: 'x', role: 'ersättare' }))],
      ['agenda item per meeting and number', (s) => s.agendaItems.create(fixtures.agendaItems(1)), (s) => s.agendaItems.create(fixtures.agendaItems(1, { key: 'x' }))],
      ['attendance per meeting and person', (s) => s.attendance.create(fixtures.attendance(1)), (s) => s.attendance.create(fixtures.attendance(1, { key: 'x' }))],
      ['decision per meeting and item', (s) => s.decisions.create(fixtures.decisions(1)), (s) => s.decisions.create(fixtures.decisions(1, { key: 'x' }))],
      ['ballot per decision and person', (s) => s.ballots.create(fixtures.ballots(1)), (s) => s.ballots.create(fixtures.ballots(1, { key: 'x' }))],
      ['reservation per decision and person', (s) => s.reservations.create(fixtures.reservations(1)), (s) => s.reservations.create(fixtures.reservations(1, { key: 'x' }))],
      ['protocol version per meeting', (s) => s.protocols.create(fixtures.protocols(1)), (s) => s.protocols.create(fixtures.protocols(1, { key: 'x' }))],
      ['person per Entra object id', (s) => s.people.create(fixtures.people(1)), (s) => s.people.create(fixtures.people(2, { aadObjectId: fixtures.people(1).aadObjectId }))],
    ];
    for (const [rule, first, second] of cases) {
      it(rule, async () => {
        const store = openFile();
        await first(store);
        await expect(second(store)).rejects.toBeInstanceOf(AlreadyExistsError);
      });
    }

    it('allows many people without an Entra object id', async () => {
      const store = openFile();
      for (const i of [1, 2, 3]) await store.people.create(fixtures.people(i, { aadObjectId: null }));
      expect(await store.people.list()).toHaveLength(3);
    });

    it('refuses an update that moves a record onto another one\'s natural key', async () => {
      const store = openFile();
      await store.ballots.create(fixtures.ballots(1, { key: 'a' }));
      const other = await store.ballots.create(fixtures.ballots(2, { key: 'b' }));
      await expect(store.ballots.update({ ...other.value, person: 'person-1' }, other.etag)).rejects.toBeInstanceOf(AlreadyExistsError);
      expect(await store.ballots.get('b')).toEqual(other);
    });
  });

  describe('two stores on one file (as two processes)', () => {
    it('yield one ballot per voter when both record every vote at once', async () => {
      const [a, b] = [openFile(), openFile()];
      const voters = Array.from({ length: 100 }, (_, n) => fixtures.ballots(n + 1));
      const cast = (store: Store, ballot: (typeof voters)[number]) =>
        upsert(store.ballots, ballot.key, () => ballot, (current) => ({ ...current, changes: current.changes + 1 }));
      await Promise.all(voters.flatMap((ballot) => [cast(a, ballot), cast(b, ballot)]));
      for (const store of [a, b]) {
        const ballots = await store.ballots.list({ field: 'decision', equals: decision });
        expect(ballots).toHaveLength(100);
        expect(ballots.every((s) => s.value.changes === 1)).toBe(true);
      }
    });

    it('refuse a stale eTag from the other store', async () => {
      const [a, b] = [openFile(), openFile()];
      const created = await a.ballots.create(fixtures.ballots(1));
      const seenByB = await b.ballots.get(created.value.key);
      await a.ballots.update({ ...created.value, choice: 'avslag', changes: 1 }, created.etag);
      await expect(b.ballots.update({ ...seenByB!.value, choice: 'avstar', changes: 1 }, seenByB!.etag)).rejects.toBeInstanceOf(
        PreconditionFailedError,
      );
      await expect(b.ballots.remove(created.value.key, seenByB!.etag)).rejects.toBeInstanceOf(PreconditionFailedError);
      expect((await b.ballots.get(created.value.key))?.value.choice).toBe('avslag');
    });
  });

  it('shares one file between real processes writing at the same time', async () => {
    await openFile().close(); // migrate once up front; the children then only open
    const children = 3;
    const voters = 60;
    const bumps = 25;
    const storeUrl = pathToFileURL(path.join(REPO, 'core/store/sqlite/sqlite-store.ts')).href;
    const helpersUrl = pathToFileURL(path.join(REPO, 'core/store/store.ts')).href;
    const fixturesUrl = pathToFileURL(path.join(REPO, 'core/store/contract.ts')).href;
    // Each child records the same voters' ballots and bumps one shared ballot; all start together.
    const child = `
      const { openSqliteStore } = await import(${JSON.stringify(storeUrl)});
      const { upsert, mutate } = await import(${JSON.stringify(helpersUrl)});
      const { fixtures } = await import(${JSON.stringify(fixturesUrl)});
      const store = openSqliteStore(process.env.DB_FILE);
      await new Promise((r) => setTimeout(r, Math.max(0, Number(process.env.START_AT) - Date.now())));
      const bump = (c) => ({ ...c, changes: c.changes + 1 });
      for (let i = 1; i <= ${voters}; i++) {
        const ballot = fixtures.ballots(i);
        await upsert(store.ballots, ballot.key, () => ballot, bump);
        if (i <= ${bumps}) await mutate(store.ballots, 'shared', bump, 100);
      }
      await store.close();
    `;
    const shared = await openFile().ballots.create(fixtures.ballots(999, { key: 'shared', decision: 'other-decision' }));
    const startAt = Date.now() + 2_000;
    const run = promisify(execFile);
    await Promise.all(
      Array.from({ length: children }, () =>
        run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', child], {
          cwd: REPO,
          env: { ...process.env, DB_FILE: file, START_AT: String(startAt) },
        }),
      ),
    );
    const store = openFile();
    const ballots = await store.ballots.list({ field: 'decision', equals: decision });
    expect(ballots).toHaveLength(voters);
    expect(ballots.every((s) => s.value.changes === children - 1)).toBe(true);
    expect((await store.ballots.get(shared.value.key))?.value.changes).toBe(children * bumps);
  }, 60_000);

  it('reports unhealthy once closed, and closing twice is fine', async () => {
    const store = openFile();
    expect(await store.health()).toEqual({ ok: true, kind: 'sqlite' });
    await store.close();
    await store.close();
    expect((await store.health()).ok).toBe(false);
  });

  it('also opens in memory', async () => {
    const store = openSqliteStore(':memory:');
    open.push(store);
    const created = await store.activities.create(fixtures.activities(1));
    expect(await store.activities.get('activity-1')).toEqual(created);
  });

  describe('openStore', () => {
    it('creates the data directory and opens samverkan.db in it', async () => {
      const dataDir = path.join(dir, 'nested', 'data');
      const store = await openStore({ kind: 'sqlite', dataDir });
      try {
        expect(store.kind).toBe('sqlite');
        await store.organisations.create(fixtures.organisations(1));
      } finally {
        await store.close();
      }
      expect(existsSync(path.join(dataDir, STORE_FILE_NAME))).toBe(true);
    });

    it('refuses a config it does not understand', async () => {
      await expect(openStore({ kind: 'sqlite', dataDir: '' })).rejects.toThrow();
      await expect(openStore({ kind: 'graph' } as never)).rejects.toThrow();
    });
  });

  it('uses mutate against a stale read without losing a change', async () => {
    const [a, b] = [openFile(), openFile()];
    const created = await a.ballots.create(fixtures.ballots(1));
    await Promise.all([
      mutate(a.ballots, created.value.key, (c) => ({ ...c, changes: c.changes + 1 })),
      mutate(b.ballots, created.value.key, (c) => ({ ...c, changes: c.changes + 1 })),
    ]);
    expect((await a.ballots.get(created.value.key))?.value.changes).toBe(2);
  });
});
