/**
 * The behaviour every Store must have, as a vitest suite written only against the Store
 * interface: the SQLite store runs it now, a Microsoft Graph store (against a fake Graph
 * server) will run it unchanged. Each test gets a fresh, empty store from `makeStore`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  attendanceKey,
  ballotKey,
  decisionKey,
  itemKey,
  membershipKey,
  protocolKey,
  type Ballot,
} from '../domain/model.js';
import {
  AlreadyExistsError,
  COLLECTIONS,
  INDEXED_FIELDS,
  NotFoundError,
  PreconditionFailedError,
  mutate,
  upsert,
  type CollectionName,
  type Records,
  type Store,
  type Stored,
} from './store.js';

export type Builder<C extends CollectionName> = (i: number, over?: Partial<Records[C]>) => Records[C];
export type Fixtures = { [C in CollectionName]: Builder<C> };

const AT = '2025-03-12T09:15:00+01:00';
const MEETING = 'meeting-1';
const DECISION = decisionKey(MEETING, 1);

/**
 * Realistic records, numbered by `i`. Keys of dependent records are composed from their
 * natural fields (as the domain does), so overriding e.g. `decision` also moves the key.
 */
export const fixtures: Fixtures = {
  organisations: (i, o) => ({ key: `org-${i}`, name: `Region Östergötland ${i}`, kind: 'region', ...o }),
  bodies: (i, o) => ({ key: `body-${i}`, name: `Länssamverkansgrupp barn och unga ${i}`, kind: 'politisk', reportsTo: null, ...o }),
  people: (i, o) => ({
    key: `person-${i}`,
    name: `Åsa Öberg ${i}`,
    organisation: 'org-1',
    email: `asa.oberg${i}@example.se`,
    aadObjectId: `6f1c2a3e-0000-4000-8000-${String(i).padStart(12, '0')}`,
    party: 'S',
    ...o,
  }),
  memberships: (i, o) => {
    const r = { body: 'body-1', person: `person-${i}`, role: 'ledamot' as const, title: 'Kommunalråd', substituteFor: null, order: i, ...o };
    return { ...r, key: o?.key ?? membershipKey(r.body, r.person) };
  },
  meetings: (i, o) => ({
    key: `meeting-${i}`,
    body: 'body-1',
    dnr: `RS 2025-${100 + i}`,
    start: '2025-03-12T09:00:00+01:00',
    end: '2025-03-12T12:00:00+01:00',
    place: 'Regionens hus, sal Ängen',
    teamsMeetingId: `teams-meeting-${i}`,
    chatId: `19:meeting_${i}@thread.v2`,
    justerare: 'person-2',
    guests: [{ name: 'Göran Gästsson', organisation: 'Länsstyrelsen', title: 'Utredare' }],
    rollCall: 'open',
    agenda: 'approved',
    currentItem: 2,
    itemsTaken: [1, 2],
    serving: [{ substitute: 'person-5', seatOf: 'person-4', from: null, until: 2 }],
    ...o,
  }),
  agendaItems: (i, o) => {
    const r = {
      meeting: MEETING,
      number: i,
      title: `Överenskommelse om samverkan kring barn i behov av särskilt stöd (${i})`,
      kind: 'beslut' as const,
      decision: 'vote' as const,
      presenter: 'person-3',
      proposal: 'Att godkänna överenskommelsen.',
      attachments: [{ title: 'Underlag', url: 'https://example.se/underlag.pdf' }],
      text: '',
      caseKey: `case-${i}`,
      ...o,
    };
    return { ...r, key: o?.key ?? itemKey(r.meeting, r.number) };
  },
  attendance: (i, o) => {
    const r = {
      meeting: MEETING,
      person: `person-${i}`,
      spans: [{ from: null, until: 4 }, { from: 6, until: null }],
      recusals: [3],
      source: 'chat' as const,
      ...o,
    };
    return { ...r, key: o?.key ?? attendanceKey(r.meeting, r.person) };
  },
  decisions: (i, o) => {
    const r = {
      meeting: MEETING,
      item: i,
      type: 'vote' as const,
      status: 'open' as const,
      proposal: 'Att bifalla förslaget.',
      electorate: [
        { person: 'person-1', organisation: 'org-1', seatOf: null },
        { person: 'person-5', organisation: 'org-2', seatOf: 'person-4' },
      ],
      chair: 'person-1',
      openedAt: AT,
      closedAt: null,
      result: null,
      sentence: null,
      counted: null,
      ...o,
    };
    return { ...r, key: o?.key ?? decisionKey(r.meeting, r.item) };
  },
  ballots: (i, o) => {
    const r = {
      decision: DECISION,
      meeting: MEETING,
      person: `person-${i}`,
      choice: 'bifall' as const,
      castAt: AT,
      recordedBy: o?.person ?? `person-${i}`,
      source: 'chat' as const,
      changes: 0,
      ...o,
    };
    return { ...r, key: o?.key ?? ballotKey(r.decision, r.person) };
  },
  reservations: (i, o) => {
    const r = { decision: DECISION, meeting: MEETING, person: `person-${i}`, at: AT, text: 'Reservation till förmån för eget yrkande.', ...o };
    return { ...r, key: o?.key ?? ballotKey(r.decision, r.person) };
  },
  protocols: (i, o) => {
    const r = {
      meeting: MEETING,
      version: i,
      status: 'signed' as const,
      content: JSON.stringify({ meeting: MEETING, items: [{ number: 1, text: 'Beslut: bifall.' }] }),
      sha256: 'ab'.repeat(32),
      finalisedAt: AT,
      finalisedBy: 'person-9',
      signatures: [
        {
          person: 'person-9',
          name: 'Sekreterare Sundström',
          role: 'sekreterare' as const,
          signedAt: AT,
          identity: 'Microsoft Entra ID (sekr@example.se)',
          identityId: 'aad-9',
        },
      ],
      corrects: i > 1 ? i - 1 : null,
      ...o,
    };
    return { ...r, key: o?.key ?? protocolKey(r.meeting, r.version) };
  },
  cases: (i, o) => ({
    key: `case-${i}`,
    title: `Gemensam handlingsplan för psykisk hälsa ${i}`,
    dnr: `RS 2024-${500 + i}`,
    originBody: 'body-1',
    status: 'öppet',
    openedAt: AT,
    ...o,
  }),
  caseEvents: (i, o) => {
    const r = {
      case: 'case-1',
      body: 'body-1',
      meeting: MEETING,
      item: i,
      date: '2025-03-12',
      outcome: 'uppdrag' as const,
      toBody: 'body-2',
      summary: 'Beredningen får i uppdrag att ta fram ett förslag.',
      ...o,
    };
    return { ...r, key: o?.key ?? `${r.case}|${r.meeting}|${r.item}` };
  },
  audit: (i, o) => ({
    key: `audit-${i}`,
    at: AT,
    actor: 'person-1',
    source: 'chat',
    action: 'ballot.cast',
    meeting: MEETING,
    target: ballotKey(DECISION, 'person-1'),
    details: { choice: 'bifall', previous: null, nested: { list: [1, 'två', true] } },
    ...o,
  }),
  activities: (i, o) => ({ key: `activity-${i}`, state: 'done', at: AT, answer: { text: 'Din röst är registrerad.', count: i }, ...o }),
  postedCards: (i, o) => ({
    key: `${MEETING}|decision|${i}`,
    meeting: MEETING,
    kind: 'decision',
    item: i,
    conversation: '19:meeting_abc@thread.v2',
    message: `1700000000${i}`,
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    postedAt: AT,
    ...o,
  }),
};

/** Untyped views for table-driven tests over every collection (TypeScript cannot correlate them). */
type AnyRecord = { key: string } & Record<string, unknown>;
interface AnyCollection {
  get(key: string): Promise<Stored<AnyRecord> | null>;
  list(filter?: { field: string; equals: string }): Promise<Stored<AnyRecord>[]>;
  create(value: AnyRecord): Promise<Stored<AnyRecord>>;
  update(value: AnyRecord, etag: string): Promise<Stored<AnyRecord>>;
  remove(key: string, etag?: string): Promise<void>;
}
const collection = (store: Store, name: CollectionName) => store[name] as unknown as AnyCollection;
const build = (name: CollectionName, i: number, over?: Record<string, unknown>) =>
  (fixtures[name] as unknown as (i: number, over?: Record<string, unknown>) => AnyRecord)(i, over);

/** For filter tests: what else record 3 changes so it does not repeat record 1's natural key. */
const NATURAL_KEY_PARTNER: Record<string, Record<string, unknown>> = {
  'memberships.person': { body: 'body-3' },
  'attendance.person': { meeting: 'meeting-3' },
};

const keysOf = (stored: Stored<{ key: string }>[]) => stored.map((s) => s.value.key).sort();

export function describeStoreContract(
  name: string,
  makeStore: () => Promise<{ store: Store; cleanup: () => Promise<void> }>,
): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await makeStore());
    });
    afterEach(async () => {
      await cleanup();
    });

    it('reports itself healthy', async () => {
      const health = await store.health();
      expect(health.ok).toBe(true);
      expect(health.kind).toBe(store.kind);
    });

    describe('create and get', () => {
      for (const c of COLLECTIONS) {
        it(`${c}: a created record reads back equal, with the same eTag`, async () => {
          const record = build(c, 1);
          const created = await collection(store, c).create(record);
          expect(created.value).toEqual(record);
          expect(created.etag).toEqual(expect.any(String));
          expect(await collection(store, c).get(record.key)).toEqual(created);
        });

        it(`${c}: creating an existing key is refused and keeps the first record`, async () => {
          const first = build(c, 1);
          await collection(store, c).create(first);
          const clash = { ...build(c, 2), key: first.key };
          await expect(collection(store, c).create(clash)).rejects.toBeInstanceOf(AlreadyExistsError);
          expect((await collection(store, c).get(first.key))?.value).toEqual(first);
        });
      }

      it('get of a missing key is null', async () => {
        expect(await store.ballots.get('no-such-ballot')).toBeNull();
      });

      // NATURAL-KEY UNIQUENESS, not key uniqueness: this one test builds a ballot whose key is
      // NOT ballotKey(decision, person). SQLite enforces it with UNIQUE(decision, person); a Graph
      // store must enforce it too (e.g. a unique column holding decision|person). Everywhere
      // else this suite composes keys with ballotKey(), so "one per" holds by key alone.
      it('refuses a second ballot for the same decision and person under a different key', async () => {
        await store.ballots.create(fixtures.ballots(1));
        const duplicate = fixtures.ballots(1, { key: 'some-other-key', choice: 'avslag' });
        await expect(store.ballots.create(duplicate)).rejects.toBeInstanceOf(AlreadyExistsError);
        expect(await store.ballots.get('some-other-key')).toBeNull();
        expect(await store.ballots.list({ field: 'decision', equals: DECISION })).toHaveLength(1);
      });
    });

    describe('update', () => {
      it('with the current eTag replaces the record and changes the eTag', async () => {
        const created = await store.meetings.create(fixtures.meetings(1));
        const changed = { ...created.value, rollCall: 'closed' as const, itemsTaken: [1, 2, 3] };
        const updated = await store.meetings.update(changed, created.etag);
        expect(updated.value).toEqual(changed);
        expect(updated.etag).not.toBe(created.etag);
        expect(await store.meetings.get(changed.key)).toEqual(updated);
      });

      it('with a stale eTag is refused and leaves the record unchanged', async () => {
        const created = await store.ballots.create(fixtures.ballots(1));
        const second = await store.ballots.update({ ...created.value, choice: 'avslag', changes: 1 }, created.etag);
        const stale = store.ballots.update({ ...created.value, choice: 'avstar', changes: 1 }, created.etag);
        await expect(stale).rejects.toBeInstanceOf(PreconditionFailedError);
        expect(await store.ballots.get(created.value.key)).toEqual(second);
      });

      it('refuses an eTag that was never issued', async () => {
        const created = await store.cases.create(fixtures.cases(1));
        await expect(store.cases.update({ ...created.value, status: 'avslutat' }, 'not-an-etag')).rejects.toBeInstanceOf(
          PreconditionFailedError,
        );
      });

      it('of a missing record is NotFoundError', async () => {
        const created = await store.cases.create(fixtures.cases(1));
        await expect(store.cases.update(fixtures.cases(2), created.etag)).rejects.toBeInstanceOf(NotFoundError);
        await store.cases.remove(created.value.key);
        await expect(store.cases.update(created.value, created.etag)).rejects.toBeInstanceOf(NotFoundError);
      });

      it('an eTag from before a remove does not match the record created again', async () => {
        const old = await store.ballots.create(fixtures.ballots(1));
        await store.ballots.remove(old.value.key, old.etag);
        const again = await store.ballots.create(fixtures.ballots(1, { choice: 'avslag' }));
        await expect(store.ballots.update({ ...old.value, changes: 7 }, old.etag)).rejects.toBeInstanceOf(PreconditionFailedError);
        expect(await store.ballots.get(old.value.key)).toEqual(again);
      });
    });

    describe('remove', () => {
      it('with the current eTag removes the record', async () => {
        const created = await store.attendance.create(fixtures.attendance(1));
        await store.attendance.remove(created.value.key, created.etag);
        expect(await store.attendance.get(created.value.key)).toBeNull();
      });

      it('with a stale eTag is refused and keeps the record', async () => {
        const created = await store.attendance.create(fixtures.attendance(1));
        const updated = await store.attendance.update({ ...created.value, recusals: [1, 3] }, created.etag);
        await expect(store.attendance.remove(created.value.key, created.etag)).rejects.toBeInstanceOf(PreconditionFailedError);
        expect(await store.attendance.get(created.value.key)).toEqual(updated);
      });

      it('without an eTag removes whatever is there', async () => {
        const created = await store.attendance.create(fixtures.attendance(1));
        await store.attendance.update({ ...created.value, recusals: [] }, created.etag);
        await store.attendance.remove(created.value.key);
        expect(await store.attendance.get(created.value.key)).toBeNull();
      });

      it('of a missing record is not an error, with or without an eTag', async () => {
        const created = await store.reservations.create(fixtures.reservations(1));
        await store.reservations.remove(created.value.key);
        await expect(store.reservations.remove(created.value.key)).resolves.toBeUndefined();
        await expect(store.reservations.remove(created.value.key, created.etag)).resolves.toBeUndefined();
        await expect(store.reservations.remove('never-existed', 'W/"1"')).resolves.toBeUndefined();
      });
    });

    describe('list', () => {
      it('without a filter returns every record of the collection and only those', async () => {
        expect(await store.people.list()).toEqual([]);
        for (const i of [1, 2, 3]) await store.people.create(fixtures.people(i));
        await store.organisations.create(fixtures.organisations(1));
        expect(keysOf(await store.people.list())).toEqual(['person-1', 'person-2', 'person-3']);
      });

      it('returns eTags that work for update', async () => {
        await store.decisions.create(fixtures.decisions(1));
        const [listed] = await store.decisions.list({ field: 'meeting', equals: MEETING });
        if (!listed) throw new Error('expected one decision');
        const closed = {
          ...listed.value,
          status: 'closed' as const,
          result: 'bifall' as const,
          closedAt: AT,
          counted: [{ person: 'person-1', choice: 'bifall' as const }],
        };
        await expect(store.decisions.update(closed, listed.etag)).resolves.toMatchObject({ value: closed });
      });

      for (const c of COLLECTIONS) {
        for (const field of INDEXED_FIELDS[c] as readonly string[]) {
          it(`${c} filtered on ${field} returns exactly the matching records`, async () => {
            // Records 1 and 3 match. aadObjectId identifies one person, so it matches once; where
            // the field is half of a natural key, record 3 moves the other half to stay distinct.
            const unique = c === 'people' && field === 'aadObjectId';
            const records = [
              build(c, 1, { [field]: 'x-a' }),
              build(c, 2, { [field]: 'x-b' }),
              build(c, 3, { [field]: unique ? 'x-c' : 'x-a', ...NATURAL_KEY_PARTNER[`${c}.${field}`] }),
              build(c, 4),
            ];
            for (const record of records) await collection(store, c).create(record);
            const expected = records.filter((r) => r[field] === 'x-a').map((r) => r.key).sort();
            const listed = await collection(store, c).list({ field, equals: 'x-a' });
            expect(keysOf(listed)).toEqual(expected);
            expect(listed.map((s) => s.value).sort((a, b) => a.key.localeCompare(b.key))).toEqual(
              records.filter((r) => r[field] === 'x-a').sort((a, b) => a.key.localeCompare(b.key)),
            );
            expect(await collection(store, c).list({ field, equals: 'nothing-matches' })).toEqual([]);
          });
        }
      }

      it('refuses to filter on a field that is not indexed, naming the field', async () => {
        await store.ballots.create(fixtures.ballots(1));
        const ballots = collection(store, 'ballots');
        await expect(ballots.list({ field: 'person', equals: 'person-1' })).rejects.toThrow(/person/);
        await expect(ballots.list({ field: 'choice', equals: 'bifall' })).rejects.toThrow(/choice/);
        await expect(collection(store, 'activities').list({ field: 'state', equals: 'done' })).rejects.toThrow(/state/);
      });

      it('returns all of more than 1000 records', async () => {
        const count = 1_200;
        for (let start = 1; start <= count; start += 100) {
          const batch = Array.from({ length: 100 }, (_, n) => fixtures.activities(start + n));
          await Promise.all(batch.map((a) => store.activities.create(a)));
        }
        const listed = await store.activities.list();
        expect(listed).toHaveLength(count);
        expect(new Set(listed.map((s) => s.value.key)).size).toBe(count);
      });
    });

    it('keeps Swedish letters, emoji and awkward characters intact, also in filters', async () => {
      const person = fixtures.people(1, {
        name: 'Åke Ärlig-Östlund 🗳️👩🏽‍⚕️',
        email: 'åke.östlund@kommun.se',
        party: "Sjukvårdspartiet \"SVP\" ' ; DROP TABLE people; --",
      });
      await store.people.create(person);
      expect((await store.people.get(person.key))?.value).toEqual(person);
      const found = await store.people.list({ field: 'email', equals: 'åke.östlund@kommun.se' });
      expect(found.map((s) => s.value)).toEqual([person]);
      expect(await store.people.list({ field: 'email', equals: 'ake.ostlund@kommun.se' })).toEqual([]);

      const item = fixtures.agendaItems(1, { key: 'möte-å|1', meeting: 'möte-å', text: 'Rad ett\nRad två\t– ”citat” … §§ 😀' });
      await store.agendaItems.create(item);
      expect((await store.agendaItems.get('möte-å|1'))?.value).toEqual(item);
      expect((await store.agendaItems.list({ field: 'meeting', equals: 'möte-å' })).map((s) => s.value)).toEqual([item]);
    });

    it('changes (where the store offers it) lets a copy of a collection follow creates, updates and removes', async () => {
      const changes = store.changes?.bind(store);
      if (!changes) return; // optional in the interface; both stores of this repository offer it
      const copy = new Map<string, Stored<Records['cases']>>();
      const follow = async (cursor: string | null) => {
        const got = await changes('cases', cursor);
        if (got.full) copy.clear();
        for (const s of got.changed) copy.set(s.value.key, s);
        for (const key of got.removed) copy.delete(key);
        return got.cursor;
      };
      await store.cases.create(fixtures.cases(1));
      const two = await store.cases.create(fixtures.cases(2));
      let cursor = await follow(null);
      expect(keysOf([...copy.values()])).toEqual(['case-1', 'case-2']);
      await store.cases.update({ ...two.value, status: 'avslutat' }, two.etag);
      await store.cases.remove('case-1');
      await store.cases.create(fixtures.cases(3, { title: 'Nytt ärende – åäö' }));
      cursor = await follow(cursor);
      const now = await store.cases.list();
      expect([...copy.values()].sort((a, b) => a.value.key.localeCompare(b.value.key))).toEqual(
        now.sort((a, b) => a.value.key.localeCompare(b.value.key)),
      );
      await follow(cursor);
      expect(copy.size).toBe(2);
    });

    describe('concurrency through mutate and upsert', () => {
      const vote = (person: string) => (current: Ballot): Ballot => ({ ...current, choice: 'avslag', changes: current.changes + 1, recordedBy: person });

      it('200 voters voting at once yield exactly 200 ballots', async () => {
        const voters = Array.from({ length: 200 }, (_, n) => n + 1);
        await Promise.all(
          voters.map((i) => {
            const ballot = fixtures.ballots(i);
            return upsert(store.ballots, ballot.key, () => ballot, vote(ballot.person));
          }),
        );
        const ballots = await store.ballots.list({ field: 'decision', equals: DECISION });
        expect(ballots).toHaveLength(200);
        expect(new Set(ballots.map((b) => b.value.person)).size).toBe(200);
        expect(ballots.every((b) => b.value.changes === 0)).toBe(true);
      });

      it('one voter changing their ballot 50 times at once counts all 50 changes', async () => {
        const ballot = fixtures.ballots(1);
        await store.ballots.create(ballot);
        // Uses the default attempts and backoff of mutate/upsert, as the domain does.
        const writers = 50;
        await Promise.all(
          Array.from({ length: writers }, (_, n) =>
            n % 2 === 0
              ? mutate(store.ballots, ballot.key, vote('person-1'))
              : upsert(store.ballots, ballot.key, () => ballot, vote('person-1')),
          ),
        );
        const ballots = await store.ballots.list({ field: 'decision', equals: DECISION });
        expect(ballots).toHaveLength(1);
        expect(ballots[0]?.value.changes).toBe(writers);
      });

      it('ten first votes by the same voter at once (double clicks) make one ballot changed nine times', async () => {
        const ballot = fixtures.ballots(1);
        await Promise.all(Array.from({ length: 10 }, () => upsert(store.ballots, ballot.key, () => ballot, vote('person-1'))));
        const ballots = await store.ballots.list({ field: 'decision', equals: DECISION });
        expect(ballots.map((b) => b.value.changes)).toEqual([9]);
      });

      it('the same activity claimed ten times at once succeeds exactly once', async () => {
        const claims = Array.from({ length: 10 }, (_, n) =>
          fixtures.activities(1, { state: 'processing', answer: { claimant: n } }),
        );
        const results = await Promise.allSettled(claims.map((claim) => store.activities.create(claim)));
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r) => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(9);
        for (const r of lost) expect(r.reason).toBeInstanceOf(AlreadyExistsError);
        const winner = won[0] as PromiseFulfilledResult<Stored<Records['activities']>>;
        expect(await store.activities.get('activity-1')).toEqual(winner.value);
      });
    });
  });
}
