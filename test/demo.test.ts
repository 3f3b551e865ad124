import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_REFERENCE_DATE, swedishOffset } from '../core/demo/calendar.js';
import { buildCases, DEMO_CASE_KEYS } from '../core/demo/cases.js';
import { loadDemo, type DemoSummary } from '../core/demo/load.js';
import { buildDemoData, MUNICIPALITIES } from '../core/demo/roster.js';
import { SEAT_ROLES } from '../core/domain/model.js';
import { importDocument } from '../core/import/importer.js';
import { parseImportDocument, type ImportAgendaItem, type ImportDocument, type ImportMeeting } from '../core/import/schema.js';
import { openSqliteStore } from '../core/store/sqlite/sqlite-store.js';
import type { Store } from '../core/store/store.js';
import { SPEC_MUNICIPALITIES } from './support/principals.js';


const data = buildDemoData();
const doc = data.document as Required<ImportDocument>;
const caseItems = doc.meetings.flatMap((m) =>
  (m.agenda ?? []).filter((i) => i.case).map((i) => ({ meeting: m.key, number: i.number, case: i.case! })),
);
const held = (m: ImportMeeting) => m.start.slice(0, 10) < DEMO_REFERENCE_DATE;
const byStart = (a: ImportMeeting, b: ImportMeeting) => Date.parse(a.start) - Date.parse(b.start);

describe('demo import document', () => {
  it('passes the import validation, shape and references', async () => {
    expect(parseImportDocument(doc).errors).toEqual([]);
    const store = openSqliteStore(':memory:');
    try {
      const report = await importDocument(store, doc, { actor: 'system', source: 'import', dryRun: true });
      expect(report.errors).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.created.meetings).toBe(doc.meetings.length);
    } finally {
      await store.close();
    }
  });

  it('is deterministic, and the seed matters', () => {
    const again = buildDemoData();
    expect(JSON.stringify(again.document)).toBe(JSON.stringify(data.document));
    expect([...again.texts]).toEqual([...data.texts]);
    expect(buildCases(caseItems)).toEqual(buildCases(caseItems));
    const other = buildDemoData(7);
    expect(other.document.people!.map((p) => p.name)).not.toEqual(doc.people.map((p) => p.name));
  });

  it('has the region, all 15 municipalities of SPEC §1 and the other organisations', () => {
    const kommuner = doc.organisations.filter((o) => o.kind === 'kommun').map((o) => o.name);
    expect(kommuner.sort()).toEqual([...SPEC_MUNICIPALITIES].sort());
    expect(MUNICIPALITIES).toHaveLength(15);
    expect(doc.organisations.filter((o) => o.kind === 'region').map((o) => o.name)).toEqual(['Region Västerbotten']);
    expect(doc.organisations.filter((o) => o.kind === 'other').map((o) => o.name)).toEqual(
      expect.arrayContaining(['FoU Socialtjänst', 'SKR']),
    );
  });

  it('has the four bodies reporting upwards', () => {
    const bodies = Object.fromEntries(doc.bodies.map((b) => [b.key, b]));
    expect(bodies.samrad).toMatchObject({ name: 'Samråd hälsa, vård och omsorg', kind: 'politisk' });
    expect(bodies.lsg).toMatchObject({ name: 'Länssamverkansgruppen', kind: 'tjänsteperson', reportsTo: 'samrad' });
    expect(bodies['ber-barn']).toMatchObject({ name: 'Beredning barn och unga', kind: 'beredning', reportsTo: 'lsg' });
    expect(bodies['ber-vuxna']).toMatchObject({ name: 'Beredning vuxna och äldre', kind: 'beredning', reportsTo: 'lsg' });
  });

  it('has fictional people with unique keys, example.org e-mail and UUID-shaped object ids', () => {
    const keys = new Set(doc.people.map((p) => p.key));
    expect(keys.size).toBe(doc.people.length);
    expect(new Set(doc.people.map((p) => p.name)).size).toBe(doc.people.length);
    for (const p of doc.people) {
      expect(p.email).toMatch(/^[a-z.-]+@example\.org$/);
      expect(p.aadObjectId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(new Set(doc.people.map((p) => p.aadObjectId)).size).toBe(doc.people.length);
  });

  it('gives the Samråd one politician per principal, chairs among them, and both kinds of ersättare', () => {
    const orgOf = new Map(doc.people.map((p) => [p.key, p.organisation]));
    const partyOf = new Map(doc.people.map((p) => [p.key, p.party]));
    const samrad = doc.memberships.filter((m) => m.body === 'samrad');
    const seats = samrad.filter((m) => SEAT_ROLES.includes(m.role));
    expect(seats).toHaveLength(16);
    expect(new Set(seats.map((s) => orgOf.get(s.person))).size).toBe(16);
    expect(seats.filter((s) => s.role === 'ordförande')).toHaveLength(1);
    expect(seats.filter((s) => s.role === 'vice ordförande')).toHaveLength(1);
    const parties = new Set(samrad.filter((m) => m.role !== 'sekreterare' && m.role !== 'tjänsteperson').map((m) => partyOf.get(m.person)));
    expect([...parties].sort()).toEqual(['c', 'kd', 'l', 'm', 'mp', 's', 'sd', 'v']);
    const ersattare = samrad.filter((m) => m.role === 'ersättare');
    const personal = ersattare.filter((m) => m.substituteFor);
    const pool = ersattare.filter((m) => !m.substituteFor);
    expect(personal.length).toBeGreaterThan(0);
    expect(pool.length).toBeGreaterThan(0);
    for (const e of personal) expect(seats.map((s) => s.person)).toContain(e.substituteFor);
    // A principal-seat ersättare must have a seat of its own organisation to serve in.
    for (const e of pool) expect(seats.some((s) => orgOf.get(s.person) === orgOf.get(e.person))).toBe(true);
  });

  it('gives LSG and the beredningar rosters of the right size and roles', () => {
    const orgOf = new Map(doc.people.map((p) => [p.key, p.organisation]));
    const lsg = doc.memberships.filter((m) => m.body === 'lsg');
    expect(lsg.length).toBeGreaterThanOrEqual(22);
    expect(lsg.length).toBeLessThanOrEqual(25);
    expect(orgOf.get(lsg.find((m) => m.role === 'ordförande')!.person)).toBe('region-vb');
    expect(MUNICIPALITIES.map((k) => k.key)).toContain(orgOf.get(lsg.find((m) => m.role === 'vice ordförande')!.person));
    const seatOrgs = new Set(lsg.filter((m) => SEAT_ROLES.includes(m.role)).map((m) => orgOf.get(m.person)));
    for (const org of ['region-vb', ...MUNICIPALITIES.map((k) => k.key)]) expect(seatOrgs).toContain(org);
    const secretaries = lsg.filter((m) => m.role === 'sekreterare');
    expect(secretaries).toHaveLength(2);
    for (const s of secretaries) expect(s.title).toBe('regional samverkanskoordinator');
    expect(lsg.find((m) => m.role === 'adjungerad')?.title).toBe('ständigt adjungerad');
    expect(lsg.some((m) => m.role === 'tjänsteperson')).toBe(true);
    expect(lsg.filter((m) => m.role === 'ersättare').length).toBeGreaterThanOrEqual(2);
    expect(lsg.map((m) => m.title)).toContain('ordförande Beredning vuxna och äldre');
    for (const body of ['ber-barn', 'ber-vuxna']) {
      const n = doc.memberships.filter((m) => m.body === body).length;
      expect(n).toBeGreaterThanOrEqual(8);
      expect(n).toBeLessThanOrEqual(13);
    }
  });

  it('plans a year of meetings per body, on Teams, in Swedish local time', () => {
    const count = (body: string) => doc.meetings.filter((m) => m.body === body).length;
    expect(count('samrad')).toBe(5);
    expect(count('lsg')).toBe(11);
    expect(count('ber-barn')).toBe(6);
    expect(count('ber-vuxna')).toBe(6);
    expect(doc.meetings.some((m) => m.body === 'lsg' && m.start.startsWith('2026-07'))).toBe(false);
    const clock = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', hour: '2-digit', minute: '2-digit' });
    for (const m of doc.meetings) {
      expect(m.place).toBe('Teams');
      expect(m.dnr).toMatch(/^HSN \d+-\d+-2026$/);
      // The written wall-clock time is what a Swede in Stockholm sees at that instant.
      for (const t of [m.start, m.end]) expect(clock.format(new Date(t))).toBe(t.slice(11, 16));
      const roster = doc.memberships.filter((x) => x.body === m.body && SEAT_ROLES.includes(x.role)).map((x) => x.person);
      expect(roster).toContain(m.justerare);
    }
    expect(swedishOffset('2026-03-28')).toBe('+01:00');
    expect(swedishOffset('2026-03-29')).toBe('+02:00');
    expect(swedishOffset('2026-10-24')).toBe('+02:00');
    expect(swedishOffset('2026-10-25')).toBe('+01:00');
    expect(swedishOffset('2027-03-28')).toBe('+02:00');
  });

  it('numbers agenda items continuously through the year per body, 3–10 items a meeting', () => {
    for (const body of ['samrad', 'lsg', 'ber-barn', 'ber-vuxna']) {
      const meetings = doc.meetings.filter((m) => m.body === body).sort(byStart);
      const numbers = meetings.flatMap((m) => (m.agenda ?? []).map((i) => i.number));
      expect(numbers).toEqual(numbers.map((_, i) => i + 1));
      for (const m of meetings) {
        expect(m.agenda!.length).toBeGreaterThanOrEqual(3);
        expect(m.agenda!.length).toBeLessThanOrEqual(10);
      }
    }
  });

  it('has items of every kind, decision type and a presenter', () => {
    const items = doc.meetings.flatMap((m) => (m.agenda ?? []).map((i) => ({ ...i, body: m.body })));
    expect(items.some((i) => i.kind === 'information')).toBe(true);
    expect(items.some((i) => i.decision === 'vote')).toBe(true);
    expect(items.some((i) => i.decision === 'acklamation')).toBe(true);
    expect(items.filter((i) => i.decision === 'inriktningsbeslut').every((i) => i.body === 'samrad')).toBe(true);
    expect(items.some((i) => i.decision === 'inriktningsbeslut')).toBe(true);
    for (const i of items) expect(i.presenter).toBeTruthy();
    for (const i of items.filter((x) => x.kind === 'beslut')) expect(i.proposal).toBeTruthy();
    const titles = new Set(items.map((i) => i.title));
    for (const t of ['Godkännande av föredragningslista', 'Föregående protokoll', 'Aktuellt i samverkan', 'Ärenden till Länssamverkansgruppen', 'Nästa möte']) {
      expect(titles).toContain(t);
    }
    for (const m of doc.meetings) for (const i of m.agenda ?? []) expect(data.texts.get(`${m.key}|${i.number}`)?.split('. ').length).toBeGreaterThanOrEqual(2);
  });

  it('does not use the names of real people from the seed protocols', (ctx) => {
    const seeds = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/seeds');
    if (!existsSync(seeds)) {
      console.log(`demo.test: ${seeds} is absent, skipping the name check against the seeds`);
      ctx.skip();
    }
    const text = readdirSync(seeds)
      .map((f) => readFileSync(path.join(seeds, f), 'utf8'))
      .join('\n');
    const names = [...doc.people.map((p) => p.name), ...doc.meetings.flatMap((m) => (m.guests ?? []).map((g) => g.name))];
    expect(names.filter((n) => text.includes(n))).toEqual([]);
  });
});

describe('demo cases', () => {
  const { cases, events } = buildCases(caseItems);
  const itemAt = new Map<string, ImportAgendaItem & { meeting: ImportMeeting }>(
    doc.meetings.flatMap((m) => (m.agenda ?? []).map((i) => [`${m.key}|${i.number}`, { ...i, meeting: m }] as const)),
  );

  it('has about thirty cases, each with events', () => {
    expect(cases.length).toBeGreaterThanOrEqual(28);
    expect(cases.map((c) => c.key).sort()).toEqual([...DEMO_CASE_KEYS].sort());
    expect(new Set(cases.map((c) => c.dnr)).size).toBe(cases.length);
    const withEvents = new Set(events.map((e) => e.case));
    expect(cases.filter((c) => !withEvents.has(c.key)).length).toBeLessThanOrEqual(1);
  });

  it('points every event at an existing agenda item that carries the case', () => {
    for (const e of events) {
      if (e.meeting === null) {
        expect(e.outcome).toBe('inkommet');
        continue;
      }
      const item = itemAt.get(`${e.meeting}|${e.item}`);
      expect(item, e.key).toBeDefined();
      expect(item!.case).toBe(e.case);
      expect(item!.meeting.body).toBe(e.body);
      expect(held(item!.meeting)).toBe(true);
      expect(e.date).toBe(item!.meeting.start);
    }
    // Every agenda item that carries a case points at a case that exists.
    const keys = new Set(cases.map((c) => c.key));
    for (const i of caseItems) expect(keys).toContain(i.case);
  });

  it('moves cases up through the bodies and assignments back down', () => {
    const path = (c: string) => events.filter((e) => e.case === c && e.meeting).map((e) => e.body);
    const upwards = cases.filter((c) => {
      const p = path(c.key);
      const ber = p.findIndex((b) => b.startsWith('ber-'));
      const lsg = p.indexOf('lsg', ber);
      return ber >= 0 && lsg > ber && p.indexOf('samrad', lsg) > lsg;
    });
    expect(upwards.length).toBeGreaterThanOrEqual(5);
    expect(events.some((e) => e.body === 'samrad' && e.outcome === 'uppdrag' && e.toBody === 'lsg')).toBe(true);
    expect(events.some((e) => e.body === 'lsg' && e.outcome === 'uppdrag' && e.toBody?.startsWith('ber-'))).toBe(true);
    expect(events.some((e) => e.outcome === 'återrapport')).toBe(true);
    expect(events.some((e) => e.outcome === 'inkommet')).toBe(true);
    expect(cases.some((c) => c.status === 'avslutat')).toBe(true);
    expect(cases.some((c) => c.status === 'öppet')).toBe(true);
    // Within a case, events follow each other in time.
    for (const c of cases) {
      const dates = events.filter((e) => e.case === c.key).map((e) => Date.parse(e.date));
      expect(dates).toEqual([...dates].sort((a, b) => a - b));
    }
  });
});

describe('loading the demo into an empty SQLite store', () => {
  let store: Store;
  let summary: DemoSummary;
  const lines: string[] = [];

  beforeAll(async () => {
    store = openSqliteStore(':memory:');
    const began = performance.now();
    summary = await loadDemo(store, { info: (msg) => lines.push(msg) });
    console.log(`demo.test: loadDemo took ${Math.round(performance.now() - began)} ms`);
  });
  afterAll(async () => {
    await store.close();
  });

  const all = async <T>(c: { list(): Promise<{ value: T }[]> }) => (await c.list()).map((s) => s.value);

  it('writes the expected counts and logs its progress', async () => {
    const agendaItems = doc.meetings.reduce((n, m) => n + (m.agenda?.length ?? 0), 0);
    const heldMeetings = doc.meetings.filter(held);
    const decisionItems = heldMeetings.reduce((n, m) => n + (m.agenda ?? []).filter((i) => i.kind === 'beslut').length, 0);
    const expectedCases = buildCases(caseItems);
    expect(summary).toMatchObject({
      loaded: true,
      organisations: doc.organisations.length,
      bodies: 4,
      people: doc.people.length,
      memberships: doc.memberships.length,
      meetings: doc.meetings.length,
      heldMeetings: heldMeetings.length,
      agendaItems,
      cases: expectedCases.cases.length,
      caseEvents: expectedCases.events.length,
      decisions: decisionItems,
    });
    expect((await all(store.decisions)).length).toBe(decisionItems);
    expect(summary.ballots).toBeGreaterThan(100);
    expect(lines.some((l) => /^Demodata: \d+ möten/.test(l))).toBe(true);
  });

  it('has held the past meetings and left the future ones planned', async () => {
    const meetings = new Map((await all(store.meetings)).map((m) => [m.key, m]));
    const attendance = await all(store.attendance);
    const items = await all(store.agendaItems);
    for (const m of doc.meetings) {
      const stored = meetings.get(m.key)!;
      const mine = items.filter((i) => i.meeting === m.key);
      if (held(m)) {
        expect(stored).toMatchObject({ rollCall: 'closed', agenda: 'approved' });
        expect(stored.itemsTaken).toEqual(m.agenda!.map((i) => i.number));
        for (const i of mine) expect(i.text).toBe(data.texts.get(i.key));
      } else {
        expect(stored).toMatchObject({ rollCall: 'not-started', agenda: 'draft', currentItem: null });
        expect(attendance.filter((a) => a.meeting === m.key)).toEqual([]);
        for (const i of mine) expect(i.text).toBe('');
      }
    }
    expect(items.filter((i) => i.caseKey).length).toBe(caseItems.length);
  });

  it('records realistic attendance: 75–90 % of the seats, ersättare serving, late arrivals and early leaves', async () => {
    const attendance = await all(store.attendance);
    const meetings = await all(store.meetings);
    for (const m of doc.meetings.filter(held)) {
      const holders = doc.memberships.filter((x) => x.body === m.body && SEAT_ROLES.includes(x.role)).map((x) => x.person);
      const present = attendance.filter((a) => a.meeting === m.key && holders.includes(a.person) && a.spans.length > 0).length;
      expect(present / holders.length, m.key).toBeGreaterThanOrEqual(0.75);
      expect(present / holders.length, m.key).toBeLessThanOrEqual(0.9);
      // The secretary is always there to run the meeting.
      const secretaries = doc.memberships.filter((x) => x.body === m.body && x.role === 'sekreterare').map((x) => x.person);
      expect(attendance.some((a) => a.meeting === m.key && secretaries.includes(a.person))).toBe(true);
    }
    expect(meetings.some((m) => m.serving.length > 0)).toBe(true);
    expect(meetings.some((m) => m.body === 'samrad' && m.serving.length > 0)).toBe(true);
    expect(attendance.some((a) => a.spans.some((s) => s.from !== null))).toBe(true);
    expect(attendance.some((a) => a.spans.some((s) => s.until !== null))).toBe(true);
  });

  it('records decisions with ballots, one objection and reservations', async () => {
    const decisions = await all(store.decisions);
    const ballots = await all(store.ballots);
    const closedWithBallots = decisions.filter((d) => d.status === 'closed' && ballots.some((b) => b.decision === d.key));
    expect(closedWithBallots.length).toBeGreaterThan(0);
    expect(decisions.every((d) => d.status === 'closed' && d.result !== null && d.sentence)).toBe(true);
    expect(decisions.filter((d) => d.type === 'vote').every((d) => d.result === 'bifall')).toBe(true);
    expect(ballots.some((b) => b.choice === 'avslag')).toBe(true);
    expect(ballots.filter((b) => b.choice === 'invandning')).toHaveLength(1);
    expect(decisions.filter((d) => d.result === 'ej-enig')).toHaveLength(1);
    expect(decisions.filter((d) => d.result === 'enig').length).toBeGreaterThan(3);
    const reservations = await all(store.reservations);
    expect(reservations.length).toBeGreaterThanOrEqual(1);
    for (const r of reservations) {
      const b = ballots.find((x) => x.decision === r.decision && x.person === r.person);
      expect(['avslag', 'invandning']).toContain(b?.choice);
    }
    // A substitute who served also voted in the absent member's place.
    const served = decisions.flatMap((d) => d.electorate.filter((e) => e.seatOf).map((e) => `${d.key}|${e.person}`));
    expect(served.some((k) => ballots.some((b) => b.key === k))).toBe(true);
  });

  it('stamps the audit trail with each meeting’s own time', async () => {
    const audit = (await all(store.audit)).filter((a) => a.meeting);
    const startOf = new Map(doc.meetings.map((m) => [m.key, m]));
    expect(audit.length).toBeGreaterThan(500);
    for (const a of audit) {
      const m = startOf.get(a.meeting!)!;
      const t = Date.parse(a.at);
      expect(t).toBeGreaterThanOrEqual(Date.parse(m.start) - 10 * 60_000);
      expect(t).toBeLessThanOrEqual(Date.parse(m.end) + 30 * 60_000);
    }
  });

  it('does nothing on a store that already holds data', async () => {
    const before = (await all(store.ballots)).length;
    const again = await loadDemo(store);
    expect(again.loaded).toBe(false);
    expect((await all(store.ballots)).length).toBe(before);
    expect((await all(store.meetings)).length).toBe(doc.meetings.length);
  });
});
