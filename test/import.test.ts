import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IMPORT_COLLECTIONS, importDocument, importFile, type ImportReport } from '../core/import/importer.js';
import { convertCsv } from '../core/import/csv.js';
import { formatError } from '../core/import/schema.js';
import { mutate, COLLECTIONS, type Store } from '../core/store/store.js';
import { openSqliteStore } from '../core/store/sqlite/sqlite-store.js';

const FIXTURES = path.join(import.meta.dirname, 'fixtures', 'import');
const ROSTER_JSON = path.join(FIXTURES, 'roster.json');
const ROSTER_CSV = path.join(FIXTURES, 'csv-semicolon');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- fixtures are edited freely to break them
type Doc = any;
const roster = (): Doc => JSON.parse(readFileSync(ROSTER_JSON, 'utf8'));

const opened: Store[] = [];
const temps: string[] = [];
function newStore(): Store {
  const store = openSqliteStore(':memory:');
  opened.push(store);
  return store;
}
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'import-test-'));
  temps.push(dir);
  return dir;
}
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Every record of every collection with its eTag: equal snapshots mean nothing was written. */
async function dump(store: Store, withEtags = true) {
  const out: Record<string, unknown[]> = {};
  for (const c of COLLECTIONS) {
    const rows = await store[c].list();
    out[c] = rows
      .map((r) => (withEtags ? { etag: r.etag, value: r.value } : { value: r.value }))
      .sort((a, b) => String((a.value as { key: string }).key).localeCompare(String((b.value as { key: string }).key)));
  }
  return out;
}

const lines = (report: ImportReport) => report.errors.map(formatError);
const total = (counts: ImportReport['created']) => IMPORT_COLLECTIONS.reduce((n, c) => n + counts[c], 0);

describe('importDocument (JSON)', () => {
  it('imports the roster and maps it onto the domain records', async () => {
    const store = newStore();
    const report = await importDocument(store, roster(), { actor: 'p-falk', source: 'tab', label: 'roster.json' });
    expect(lines(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.created).toEqual({ organisations: 6, bodies: 3, people: 12, memberships: 15, meetings: 2, agendaItems: 6 });
    expect(total(report.updated) + total(report.unchanged)).toBe(0);

    expect((await store.bodies.get('ber-vuxna'))?.value).toEqual({
      key: 'ber-vuxna',
      name: 'Beredning vuxna och äldre',
      kind: 'beredning',
      reportsTo: 'lsg',
    });
    expect((await store.bodies.get('samrad'))?.value.reportsTo).toBeNull();
    // Fields the document leaves out are null on a new record.
    expect((await store.people.get('p-cederlund'))?.value).toEqual({
      key: 'p-cederlund',
      name: 'Sanna Cederlund',
      organisation: 'granas',
      email: 'sanna.cederlund@example.org',
      aadObjectId: null,
      party: null,
    });
    // Membership key is body|person and order is the position in the document.
    expect((await store.memberships.get('samrad|p-jonsson'))?.value).toEqual({
      key: 'samrad|p-jonsson',
      body: 'samrad',
      person: 'p-jonsson',
      role: 'ersättare',
      title: null,
      substituteFor: 'p-isaksson',
      order: 10,
    });
    expect((await store.memberships.get('lsg|p-cederlund'))?.value.title).toBe('ordförande Beredning vuxna och äldre');

    const meeting = (await store.meetings.get('lsg-2025-03-04'))?.value;
    expect(meeting).toEqual({
      key: 'lsg-2025-03-04',
      body: 'lsg',
      dnr: 'HSN 12-3-2025',
      start: '2025-03-04T08:00:00+01:00',
      end: '2025-03-04T09:30:00+01:00',
      place: 'Teams',
      teamsMeetingId: null,
      chatId: null,
      justerare: 'p-brink',
      guests: [
        { name: 'Rut Sandberg', organisation: 'skr', title: 'rådgivare' },
        { name: 'Egon Tell', organisation: null, title: null },
      ],
      rollCall: 'not-started',
      agenda: 'draft',
      currentItem: null,
      itemsTaken: [],
      serving: [],
    });
    // No place given: Teams. No guests given: none.
    const samrad = (await store.meetings.get('samrad-2025-03-18'))?.value;
    expect(samrad?.place).toBe('Teams');
    expect(samrad?.guests).toEqual([]);

    const items = await store.agendaItems.list({ field: 'meeting', equals: 'lsg-2025-03-04' });
    expect(items.map((i) => i.value.number).sort((a, b) => a - b)).toEqual([7, 8, 9, 10]);
    expect((await store.agendaItems.get('lsg-2025-03-04|7'))?.value).toEqual({
      key: 'lsg-2025-03-04|7',
      meeting: 'lsg-2025-03-04',
      number: 7,
      title: 'Gemensam rutin för läkemedelsgenomgångar',
      kind: 'beslut',
      decision: 'vote', // the default for a beslut item
      presenter: 'AU',
      proposal: 'godkänna förslaget till rutin',
      attachments: [{ title: 'Förslag till rutin', url: 'https://example.org/docs/rutin.pdf' }],
      text: '',
      caseKey: 'arende-lakemedel',
    });
    expect((await store.agendaItems.get('lsg-2025-03-04|8'))?.value.decision).toBe('inriktningsbeslut');
    expect((await store.agendaItems.get('lsg-2025-03-04|9'))?.value.decision).toBeNull();
    expect((await store.agendaItems.get('lsg-2025-03-04|10'))?.value.text).toBe('Nästa möte hålls den 1 april.');
    expect((await store.agendaItems.get('samrad-2025-03-18|3'))?.value.decision).toBe('acklamation');

    const audit = await store.audit.list();
    expect(audit).toHaveLength(1);
    const entry = audit[0]!.value;
    expect(entry).toMatchObject({ actor: 'p-falk', source: 'tab', action: 'import', target: 'roster.json', meeting: null });
    expect(entry.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(entry.details.created).toEqual(report.created);
  });

  it('re-importing the same document reports everything unchanged and writes nothing', async () => {
    const store = newStore();
    expect((await importDocument(store, roster(), { actor: 'import' })).ok).toBe(true);
    const before = await dump(store);

    const again = await importDocument(store, roster(), { actor: 'import' });
    expect(again.ok).toBe(true);
    expect(again.unchanged).toEqual({ organisations: 6, bodies: 3, people: 12, memberships: 15, meetings: 2, agendaItems: 6 });
    expect(total(again.created) + total(again.updated)).toBe(0);
    // Same eTags everywhere, and no second audit entry.
    expect(await dump(store)).toEqual(before);
  });

  it('updates a changed field under a new eTag and leaves the rest alone', async () => {
    const store = newStore();
    await importDocument(store, roster(), { actor: 'import' });
    const etagBefore = (await store.people.get('p-dahl'))!.etag;
    const otherBefore = (await store.people.get('p-ek'))!.etag;

    const doc = roster();
    doc.people[3].name = 'Elin Dahl Berg';
    doc.memberships[3].role = 'vice ordförande';
    const report = await importDocument(store, doc, { actor: 'import' });
    expect(report.ok).toBe(true);
    expect(report.updated).toEqual({ organisations: 0, bodies: 0, people: 1, memberships: 1, meetings: 0, agendaItems: 0 });
    const dahl = (await store.people.get('p-dahl'))!;
    expect(dahl.value.name).toBe('Elin Dahl Berg');
    expect(dahl.etag).not.toBe(etagBefore);
    expect((await store.people.get('p-ek'))!.etag).toBe(otherBefore);
    expect((await store.memberships.get('lsg|p-dahl'))?.value.role).toBe('vice ordförande');
    expect(await store.audit.list()).toHaveLength(2);
  });

  it('keeps stored values for fields left out, clears them on explicit null, never clears identities', async () => {
    const store = newStore();
    await importDocument(store, roster(), { actor: 'import' });
    await mutate(store.meetings, 'lsg-2025-03-04', (m) => ({ ...m, teamsMeetingId: 'teams-meeting-1' }));

    const doc = { people: [{ key: 'p-aberg', name: 'Tove Åberg', aadObjectId: null, email: null }], meetings: [roster().meetings[0]] };
    delete doc.meetings[0].dnr; // left out: kept
    doc.meetings[0].justerare = null; // explicit null: cleared
    const report = await importDocument(store, doc, { actor: 'import' });
    expect(lines(report)).toEqual([]);

    const aberg = (await store.people.get('p-aberg'))!.value;
    expect(aberg.organisation).toBe('region-nf'); // left out
    expect(aberg.email).toBeNull(); // explicit null
    expect(aberg.aadObjectId).toBe('00000000-0000-4000-8000-000000000001'); // matched identity survives
    const meeting = (await store.meetings.get('lsg-2025-03-04'))!.value;
    expect(meeting.dnr).toBe('HSN 12-3-2025');
    expect(meeting.justerare).toBeNull();
    expect(meeting.teamsMeetingId).toBe('teams-meeting-1'); // a linked meeting stays linked
  });

  it('reports every error of a document with many bad references, with its path, and writes nothing', async () => {
    const store = newStore();
    await importDocument(store, roster(), { actor: 'import' });
    const before = await dump(store);

    const doc = roster();
    doc.organisations[0].name = 'Region Norrfjäll (ny)'; // a valid change that must not be written
    doc.bodies[0].reportsTo = 'ber-vuxna'; // samrad → ber-vuxna → lsg → samrad
    doc.people[3].organisation = 'umea';
    doc.people[4].email = 'TOVE.ABERG@example.org'; // e-mail addresses match whatever the case
    doc.people.push({ key: 'p-brink', name: 'Olle Brink igen' });
    doc.memberships[10].substituteFor = 'p-x';
    doc.memberships.push({ body: 'lsg', person: 'p-aberg', role: 'ledamot' });
    doc.memberships.push({ body: 'samrad', person: 'p-holm', role: 'ledamot' });
    doc.memberships.push({ body: 'ber-vuxna', person: 'p-ek', role: 'ersättare', substituteFor: 'p-falk' });
    doc.memberships.push({ body: 'lsg', person: 'p-isaksson', role: 'ledamot', substituteFor: 'p-dahl' });
    doc.memberships.push({ body: 'lsg', person: 'p-kvist', role: 'ersättare', substituteFor: 'p-falk' });
    doc.memberships.push({ body: 'ber-vuxna', person: 'p-holm', role: 'ordförand' });
    doc.memberships.push({ body: 'ber-vuxna', person: 'p-lund', role: 'ersättare', substituteFor: 'p-lund' });
    doc.meetings[0].justerare = 'p-holm';
    doc.meetings[0].agenda[2].number = 7;
    doc.meetings[0].agenda[1].number = 0;
    doc.meetings[0].guests[0].organisation = 'kommunal';
    doc.meetings[1].body = 'au';
    doc.meetings[1].end = '2025-03-18T12:00:00+01:00';
    doc.meetings[1].plats = 'Teams';
    doc.meetings.push({
      key: 'lsg-2025-05-01',
      body: 'lsg',
      start: '2025-05-01T10:00:00',
      end: '2025-05-01T11:00:00+02:00',
      agenda: [{ number: 1, title: 'Rapporter', kind: 'information', decision: 'vote' }],
    });

    const report = await importDocument(store, doc, { actor: 'import' });
    expect(report.ok).toBe(false);
    expect(total(report.created) + total(report.updated) + total(report.unchanged)).toBe(0);
    expect(lines(report)).toEqual([
      'bodies[0].reportsTo: "ber-vuxna" ger en cirkel: samrad → ber-vuxna → lsg → samrad',
      'people[3].organisation: "umea" finns inte bland organisations',
      'people[4].email: "TOVE.ABERG@example.org" används redan av "p-aberg"',
      'people[12].key: "p-brink" förekommer mer än en gång i people',
      'memberships[10].substituteFor: "p-x" finns inte bland people',
      'memberships[15].person: "p-aberg" finns redan som medlem i "lsg" tidigare i listan; en person kan bara ha en roll per grupp',
      'memberships[16].person: "p-holm" finns redan som medlem i "samrad" tidigare i listan; en person kan bara ha en roll per grupp',
      'memberships[17].substituteFor: "p-falk" är inte medlem i "ber-vuxna"',
      'memberships[18].substituteFor: anges bara för ersättare (rollen är "ledamot")',
      'memberships[19].substituteFor: "p-falk" har rollen "sekreterare" i "lsg"; en personlig ersättare kan bara ersätta ordförande, vice ordförande eller ledamot',
      'memberships[20].role: "ordförand" är inte tillåtet; välj ett av "ordförande", "vice ordförande", "ledamot", "ersättare", "adjungerad", "sekreterare", "tjänsteperson"',
      'memberships[21].substituteFor: en ersättare kan inte ersätta sig själv',
      'meetings[0].agenda[1].number: ska vara minst 1',
      'meetings[0].justerare: "p-holm" är inte medlem i "lsg"',
      'meetings[0].guests[0].organisation: "kommunal" finns inte bland organisations',
      'meetings[0].agenda[2].number: punkt 7 finns redan tidigare i mötets föredragningslista',
      'meetings[1].plats: okänt fält',
      'meetings[1].end: måste vara efter start',
      'meetings[1].body: "au" finns inte bland bodies',
      'meetings[2].start: ska vara datum och tid enligt ISO 8601 med tidszon, t.ex. 2024-06-11T08:00:00+02:00',
      'meetings[2].agenda[0].decision: anges bara för beslutsärenden (kind "beslut"), inte för informationsärenden',
    ]);
    expect(await dump(store)).toEqual(before);
  });

  it('writes nothing into an empty store when one reference among many is bad', async () => {
    const store = newStore();
    const doc = roster();
    doc.memberships[14].person = 'p-okand';
    const report = await importDocument(store, doc, { actor: 'import' });
    expect(lines(report)).toEqual(['memberships[14].person: "p-okand" finns inte bland people']);
    for (const c of COLLECTIONS) expect(await store[c].list()).toEqual([]);
  });

  it('rejects a document that is not an object, unknown sections and sections that are not lists', async () => {
    const store = newStore();
    expect(lines(await importDocument(store, [1, 2], { actor: 'import' }))).toEqual([
      'dokumentet ska vara ett JSON-objekt med någon av listorna organisations, bodies, people, memberships, meetings',
    ]);
    const report = await importDocument(store, { $schema: 'x', peolpe: [], bodies: {} }, { actor: 'import' });
    expect(lines(report)).toEqual(['peolpe: okänt fält', 'bodies: ska vara en lista, inte ett objekt']);
    expect(await store.audit.list()).toEqual([]);
  });

  it('refuses a personal substitute for a member this file moves to a non-voting role', async () => {
    const store = newStore();
    await importDocument(store, roster(), { actor: 'import' });
    // p-jonsson is p-isaksson's personal ersättare in the store; this file leaves that alone.
    const report = await importDocument(
      store,
      { memberships: [{ body: 'samrad', person: 'p-isaksson', role: 'adjungerad' }] },
      { actor: 'import' },
    );
    expect(lines(report)).toEqual([
      'memberships[0].role: "p-isaksson" har en personlig ersättare ("p-jonsson") i "samrad" och måste vara ordförande, vice ordförande eller ledamot',
    ]);
  });

  it('drops a kept personal substitute when the role is no longer ersättare', async () => {
    const store = newStore();
    await importDocument(store, roster(), { actor: 'import' });
    const report = await importDocument(store, { memberships: [{ body: 'samrad', person: 'p-jonsson', role: 'ledamot' }] }, { actor: 'import' });
    expect(lines(report)).toEqual([]);
    expect((await store.memberships.get('samrad|p-jonsson'))?.value).toMatchObject({ role: 'ledamot', substituteFor: null, order: 0 });
  });

  it('refuses an aadObjectId already held by another person in the store', async () => {
    const store = newStore();
    await importDocument(store, roster(), { actor: 'import' });
    const report = await importDocument(
      store,
      { people: [{ key: 'p-ny', name: 'Ny Person', aadObjectId: '00000000-0000-4000-8000-000000000001' }] },
      { actor: 'import' },
    );
    expect(lines(report)).toEqual(['people[0].aadObjectId: "00000000-0000-4000-8000-000000000001" används redan av "p-aberg"']);
    expect(await store.people.get('p-ny')).toBeNull();
  });

  it('a later file may refer to the roster already in the store', async () => {
    const store = newStore();
    const full = roster();
    await importDocument(store, { organisations: full.organisations, bodies: full.bodies, people: full.people, memberships: full.memberships }, { actor: 'import' });

    const later = {
      meetings: [
        {
          key: 'lsg-2025-04-08',
          body: 'lsg',
          start: '2025-04-08T08:00:00+02:00',
          end: '2025-04-08T09:00:00+02:00',
          justerare: 'p-dahl',
          guests: [{ name: 'Rut Sandberg', organisation: 'skr' }],
          agenda: [{ number: 11, title: 'Uppföljning av rutin', kind: 'beslut', presenter: 'p-falk' }],
        },
      ],
      memberships: [{ body: 'ber-vuxna', person: 'p-lund', role: 'ersättare', substituteFor: 'p-dahl' }],
    };
    const report = await importDocument(store, later, { actor: 'import' });
    expect(lines(report)).toEqual([]);
    expect(report.created).toMatchObject({ meetings: 1, agendaItems: 1, memberships: 1, people: 0 });
    expect((await store.meetings.get('lsg-2025-04-08'))?.value.justerare).toBe('p-dahl');

    // And a reference that is neither in the file nor in the store is still an error.
    const wrong = structuredClone(later);
    wrong.meetings[0]!.justerare = 'p-holm';
    wrong.memberships[0]!.substituteFor = 'p-nobody';
    expect(lines(await importDocument(store, wrong, { actor: 'import' }))).toEqual([
      'memberships[0].substituteFor: "p-nobody" finns inte bland people',
      'meetings[0].justerare: "p-holm" är inte medlem i "lsg"',
    ]);
  });

  it('never overwrites run-time state or protocol text on re-import, but updates planned fields', async () => {
    const store = newStore();
    await importDocument(store, roster(), { actor: 'import' });
    await mutate(store.meetings, 'lsg-2025-03-04', (m) => ({
      ...m,
      rollCall: 'closed',
      agenda: 'approved',
      currentItem: 8,
      itemsTaken: [7, 8],
      chatId: '19:meeting_abc@thread.v2',
      serving: [{ substitute: 'p-jonsson', seatOf: 'p-isaksson', from: null, until: null }],
    }));
    await mutate(store.agendaItems, 'lsg-2025-03-04|7', (i) => ({ ...i, text: 'Sekreterarens protokolltext.' }));
    await mutate(store.agendaItems, 'lsg-2025-03-04|10', (i) => ({ ...i, text: 'Ändrad av sekreteraren.' }));

    const doc = roster();
    doc.meetings[0].place = 'Teams och Stora salen';
    doc.meetings[0].agenda[0].title = 'Gemensam rutin för läkemedelsgenomgångar (reviderad)';
    doc.meetings[0].agenda[0].text = 'Text ur filen';
    doc.meetings[0].agenda[0].decision = 'inriktningsbeslut';
    doc.meetings[0].agenda[3].text = 'Ny text ur filen';
    doc.meetings[0].agenda[2].text = 'Fyller en tom text';
    const report = await importDocument(store, doc, { actor: 'import' });
    expect(report.ok).toBe(true);
    expect(report.updated).toMatchObject({ meetings: 1, agendaItems: 2 });

    const meeting = (await store.meetings.get('lsg-2025-03-04'))!.value;
    expect(meeting).toMatchObject({
      place: 'Teams och Stora salen',
      rollCall: 'closed',
      agenda: 'approved',
      currentItem: 8,
      itemsTaken: [7, 8],
      chatId: '19:meeting_abc@thread.v2',
      serving: [{ substitute: 'p-jonsson', seatOf: 'p-isaksson', from: null, until: null }],
    });
    const item7 = (await store.agendaItems.get('lsg-2025-03-04|7'))!.value;
    expect(item7).toMatchObject({
      title: 'Gemensam rutin för läkemedelsgenomgångar (reviderad)',
      decision: 'inriktningsbeslut',
      text: 'Sekreterarens protokolltext.',
    });
    expect((await store.agendaItems.get('lsg-2025-03-04|10'))!.value.text).toBe('Ändrad av sekreteraren.');
    expect((await store.agendaItems.get('lsg-2025-03-04|9'))!.value.text).toBe('Fyller en tom text');
  });

  it('a dry run counts what would change and writes nothing', async () => {
    const store = newStore();
    const report = await importDocument(store, roster(), { actor: 'import', dryRun: true });
    expect(report.ok).toBe(true);
    expect(report.created.people).toBe(12);
    for (const c of COLLECTIONS) expect(await store[c].list()).toEqual([]);
  });

  it('an import interrupted half-way completes cleanly when run again', async () => {
    const store = newStore();
    // A store whose writes fail after 20 creates, like a process killed mid-import.
    let creates = 0;
    const failing = new Proxy(store, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof prop !== 'string' || !(COLLECTIONS as string[]).includes(prop)) return value;
        const collection = value as Store['people'];
        return new Proxy(collection, {
          get(c, name, r) {
            if (name === 'create') {
              return async (record: never) => {
                if (++creates > 20) throw new Error('disk full');
                return c.create(record);
              };
            }
            const member = Reflect.get(c, name, r) as unknown;
            return typeof member === 'function' ? (member as (...a: unknown[]) => unknown).bind(c) : member;
          },
        });
      },
    }) as Store;
    await expect(importDocument(failing, roster(), { actor: 'import' })).rejects.toThrow('disk full');
    expect((await store.organisations.list()).length + (await store.bodies.list()).length).toBe(9);
    expect(await store.meetings.list()).toEqual([]);

    const rerun = await importDocument(store, roster(), { actor: 'import' });
    expect(rerun.ok).toBe(true);
    expect(rerun.unchanged).toMatchObject({ organisations: 6, bodies: 3, people: 11 });
    expect(rerun.created).toMatchObject({ people: 1, memberships: 15, meetings: 2, agendaItems: 6 });
    const fresh = newStore();
    await importDocument(fresh, roster(), { actor: 'import' });
    const { audit: _a, ...rest } = await dump(store, false);
    const { audit: _b, ...expected } = await dump(fresh, false);
    expect(rest).toEqual(expected);
  });
});

describe('CSV sheets', () => {
  it('a ;-separated directory with BOM gives exactly the records of the JSON document', async () => {
    const fromCsv = newStore();
    const fromJson = newStore();
    const csvReport = await importFile(fromCsv, ROSTER_CSV, { actor: 'import' });
    expect(lines(csvReport)).toEqual([]);
    await importFile(fromJson, ROSTER_JSON, { actor: 'import' });
    const { audit: _a, ...csvRecords } = await dump(fromCsv, false);
    const { audit: _b, ...jsonRecords } = await dump(fromJson, false);
    expect(csvRecords).toEqual(jsonRecords);
    expect(csvReport.created).toEqual({ organisations: 6, bodies: 3, people: 12, memberships: 15, meetings: 2, agendaItems: 6 });
    // The JSON over the CSV import changes nothing.
    const again = await importFile(fromCsv, ROSTER_JSON, { actor: 'import' });
    expect(total(again.created) + total(again.updated)).toBe(0);
    // The audit entry names the directory imported.
    expect((await fromCsv.audit.list())[0]?.value.target).toBe('csv-semicolon');
  });

  it('reads comma-separated sheets, quoted cells, and Windows-1252 files from Excel', () => {
    const people = 'key,name,organisation,email,aadObjectId,party\r\np-ö,"Östen Åström, d.y.",region-nf,,,\r\n';
    const conversion = convertCsv([
      { name: 'people.csv', content: Buffer.from(people.replace(/\r\n/g, '\n'), 'utf8') },
      { name: 'Organisations.CSV', content: Buffer.from('key;name;kind\r\nregion-nf;Region Norrfjäll;region\r\n', 'latin1') },
    ]);
    expect(conversion.errors).toEqual([]);
    expect(conversion.doc).toEqual({
      organisations: [{ key: 'region-nf', name: 'Region Norrfjäll', kind: 'region' }],
      people: [{ key: 'p-ö', name: 'Östen Åström, d.y.', organisation: 'region-nf', email: null, aadObjectId: null, party: null }],
    });
  });

  it('points every error at its file, row and column, and writes nothing', async () => {
    const store = newStore();
    const dir = tempDir();
    cpSync(ROSTER_CSV, dir, { recursive: true });
    const edit = (file: string, change: (text: string) => string) =>
      writeFileSync(path.join(dir, file), change(readFileSync(path.join(dir, file), 'utf8')));
    // Row 4 of memberships.csv (header is row 1) is p-cederlund's: give it an unknown role.
    edit('memberships.csv', (t) => t.replace('lsg;p-cederlund;ledamot', 'lsg;p-cederlund;ledamöter'));
    edit('memberships.csv', (t) => t.replace('samrad;p-jonsson;ersättare;;p-isaksson', 'samrad;p-jonsson;ersättare;;p-x'));
    edit('agenda.csv', (t) => t.replace('lsg-2025-03-04;9;', 'lsg-2025-03-04;nio;'));
    edit('agenda.csv', (t) => `${t}lsg-2099-01-01;1;Okänt möte;information;;;;;;\r\n`);
    edit('agenda.csv', (t) => t.replace('| https://example.org/docs/rutin.pdf', '| rutin.pdf'));
    edit('people.csv', (t) => t.replace('party', 'parti'));
    edit('guests.csv', (t) => t.replace(';skr;', ';kommunal;'));
    edit('meetings.csv', (t) => t.replace('2025-03-18T15:00:00+01:00', '2025-03-18 15:00'));
    writeFileSync(path.join(dir, 'medlemmar.csv'), 'body;person\r\n');

    const report = await importFile(store, dir, { actor: 'import' });
    expect(report.ok).toBe(false);
    expect(lines(report)).toEqual([
      'medlemmar.csv: okänt blad; filerna heter organisations.csv, bodies.csv, people.csv, memberships.csv, meetings.csv, agenda.csv, guests.csv',
      'people.csv rad 1, kolumn parti: okänd kolumn; kolumnerna heter key, name, organisation, email, aadObjectId, party',
      'agenda.csv rad 8, kolumn meeting: "lsg-2099-01-01" finns inte i meetings.csv',
      'memberships.csv rad 4, kolumn role: "ledamöter" är inte tillåtet; välj ett av "ordförande", "vice ordförande", "ledamot", "ersättare", "adjungerad", "sekreterare", "tjänsteperson"',
      'memberships.csv rad 12, kolumn substituteFor: "p-x" finns inte bland people',
      'agenda.csv rad 2, kolumn attachments: är ingen giltig webbadress',
      'agenda.csv rad 4, kolumn number: ska vara ett tal, inte texten "nio"',
      'guests.csv rad 2, kolumn organisation: "kommunal" finns inte bland organisations',
      'meetings.csv rad 3, kolumn end: ska vara datum och tid enligt ISO 8601 med tidszon, t.ex. 2024-06-11T08:00:00+02:00',
    ]);
    for (const c of COLLECTIONS) expect(await store[c].list()).toEqual([]);
  });

  it('a single sheet can be imported on its own against the stored roster', async () => {
    const store = newStore();
    await importFile(store, ROSTER_JSON, { actor: 'import' });
    const dir = tempDir();
    mkdirSync(path.join(dir, 'in'));
    const file = path.join(dir, 'in', 'memberships.csv');
    writeFileSync(file, '\uFEFFbody;person;role;title;substituteFor\r\nber-vuxna;p-ek;ersättare;;p-dahl\r\n');
    const report = await importFile(store, [file], { actor: 'import' });
    expect(lines(report)).toEqual([]);
    expect(report.created.memberships).toBe(1);
    expect((await store.memberships.get('ber-vuxna|p-ek'))?.value.substituteFor).toBe('p-dahl');
  });
});

describe('importFile', () => {
  it('reports a missing file, an unknown file type and broken JSON without writing', async () => {
    const store = newStore();
    const dir = tempDir();
    expect(lines(await importFile(store, path.join(dir, 'saknas.json'), { actor: 'import' }))).toEqual([
      `"${path.join(dir, 'saknas.json')}" finns inte`,
    ]);
    writeFileSync(path.join(dir, 'roster.xlsx'), 'x');
    expect(lines(await importFile(store, path.join(dir, 'roster.xlsx'), { actor: 'import' }))[0]).toContain('okänd filtyp');
    writeFileSync(path.join(dir, 'trasig.json'), '{ "people": [ }');
    const broken = lines(await importFile(store, path.join(dir, 'trasig.json'), { actor: 'import' }));
    expect(broken).toHaveLength(1);
    expect(broken[0]).toMatch(/^trasig\.json är inte giltig JSON: /);
    for (const c of COLLECTIONS) expect(await store[c].list()).toEqual([]);
  });
});
