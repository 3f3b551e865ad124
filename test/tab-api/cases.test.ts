/** The case flow through the tab's API: the list with its filters, one case's timeline with links. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseLocation } from '../../core/domain/cases.js';
import type { CaseEvent } from '../../core/domain/model.js';
import { loadDemo } from '../../core/demo/load.js';
import type { Collection, CollectionName, Store } from '../../core/store/store.js';
import { startApi, type ApiHarness } from './harness.js';
import { BEREDNING_MEETING, NOW, seedFixture } from './fixture.js';

describe('the fixture’s cases', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi({ seed: seedFixture, now: () => NOW });
  });
  afterAll(async () => api?.close());

  const keys = async (query: string) => {
    const res = await api.call(`/api/cases${query}`, { as: 'outsider' });
    expect(res.status, query).toBe(200);
    expect(res.json.total).toBe(3);
    return res.json.cases.map((c: { key: string }) => c.key).sort();
  };

  it('lists every case with its path, oldest step first, and where it is now', async () => {
    const res = await api.call('/api/cases', { as: 'outsider' });
    expect(res.json.bodies.map((b: { key: string }) => b.key)).toEqual(['ber-vuxna', 'lsg', 'samrad']);
    expect(res.json.bodies[1]).toEqual({ key: 'lsg', name: 'Länssamverkansgruppen', kind: 'tjänsteperson', reportsTo: 'samrad' });
    const hygien = res.json.cases.find((c: { key: string }) => c.key === 'c-hygien');
    expect(hygien).toMatchObject({ title: 'Nytt vårdhygienavtal', dnr: 'HSN 2026/12', originBody: 'ber-vuxna', status: 'öppet', location: 'lsg' });
    expect(hygien.steps.slice(0, 2)).toEqual([
      {
        body: 'ber-vuxna',
        meeting: null,
        item: null,
        date: '2026-01-10T12:00:00+01:00',
        outcome: 'inkommet',
        toBody: null,
        summary: 'Skrivelse från Vårdhygien inkom till Beredning vuxna och äldre.',
      },
      {
        body: 'ber-vuxna',
        meeting: BEREDNING_MEETING,
        item: 3,
        date: '2026-02-20T13:00:00+01:00',
        outcome: 'uppdrag',
        toBody: 'lsg',
        summary: 'Beredning vuxna och äldre beslutade att överlämna förslaget till Länssamverkansgruppen.',
      },
    ]);
    const stored = await api.store.caseEvents.list({ field: 'case', equals: 'c-hygien' });
    expect(hygien.steps).toHaveLength(stored.length);
    const dates = hygien.steps.map((s: { date: string }) => Date.parse(s.date));
    expect(dates).toEqual([...dates].sort((a, b) => a - b));
    expect(res.json.cases.find((c: { key: string }) => c.key === 'c-klar')).toMatchObject({ status: 'avslutat', location: 'samrad' });
    expect(res.json.cases.find((c: { key: string }) => c.key === 'c-digital')).toMatchObject({ steps: [], location: 'lsg' });
  });

  it('filters by body, year, status and text (any case), keeping the total', async () => {
    expect(await keys('')).toEqual(['c-digital', 'c-hygien', 'c-klar']);
    expect(await keys('?status=avslutat')).toEqual(['c-klar']);
    expect(await keys('?status=%C3%B6ppet')).toEqual(['c-digital', 'c-hygien']);
    expect(await keys('?body=ber-vuxna')).toEqual(['c-hygien']);
    expect(await keys('?body=lsg')).toEqual(['c-digital', 'c-hygien']);
    expect(await keys('?body=samrad')).toEqual(['c-klar']);
    expect(await keys('?year=2025')).toEqual(['c-digital', 'c-klar']);
    expect(await keys('?year=2026')).toEqual(['c-hygien']);
    expect(await keys('?year=2024')).toEqual([]);
    expect(await keys('?q=HYGIEN')).toEqual(['c-hygien']);
    expect(await keys('?q=hsn%202025%2F3')).toEqual(['c-klar']);
    expect(await keys(`?q=${encodeURIComponent('skrivelse från VÅRDHYGIEN')}`)).toEqual(['c-hygien']);
    expect(await keys('?q=c-digital')).toEqual(['c-digital']);
    expect(await keys('?body=lsg&status=%C3%B6ppet&year=2025')).toEqual(['c-digital']);
    expect(await keys('?body=&q=')).toEqual(['c-digital', 'c-hygien', 'c-klar']);
    const bad = await api.call('/api/cases?status=stängt&year=tjugo', { as: 'outsider' });
    expect(bad.status).toBe(400);
    expect(bad.json.issues.map((i: { path: string }) => i.path).sort()).toEqual(['query.status', 'query.year']);
  });

  it('opens one case into its timeline, linked to the protocol paragraphs', async () => {
    const res = await api.call('/api/cases/c-hygien', { as: 'led-ber' });
    expect(res.status).toBe(200);
    expect(res.json.case).toMatchObject({ key: 'c-hygien', location: 'lsg' });
    expect(res.json.timeline[0]).toMatchObject({ outcome: 'inkommet', bodyName: 'Beredning vuxna och äldre', itemTitle: null, protocolLink: null });
    expect(res.json.timeline[1]).toEqual({
      body: 'ber-vuxna',
      bodyName: 'Beredning vuxna och äldre',
      meeting: BEREDNING_MEETING,
      item: 3,
      itemTitle: 'Förslag till nytt vårdhygienavtal',
      date: '2026-02-20T13:00:00+01:00',
      outcome: 'uppdrag',
      toBody: 'lsg',
      summary: 'Beredning vuxna och äldre beslutade att överlämna förslaget till Länssamverkansgruppen.',
      protocolLink: `/tab/protocol?meeting=${BEREDNING_MEETING}#punkt-3`,
    });
    const missing = await api.call('/api/cases/c-finns-inte', { as: 'led-ber' });
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ error: 'not-found', message: 'Ärendet "c-finns-inte" finns inte.' });
  });
});

describe('the demo year', () => {
  let api: ApiHarness;
  let user: string;
  beforeAll(async () => {
    api = await startApi({ seed: async (store) => void (await loadDemo(store)) });
    user = (await api.store.people.list()).map((p) => p.value).find((p) => p.aadObjectId)!.aadObjectId!;
  });
  afterAll(async () => api?.close());

  it('shows every case with all its events, located where the domain says', async () => {
    const flow = (await api.call('/api/cases', { headers: { 'X-Dev-User': user } })).json;
    const cases = (await api.store.cases.list()).map((c) => c.value);
    const events = (await api.store.caseEvents.list()).map((e) => e.value);
    expect(flow.total).toBe(cases.length);
    expect(flow.cases).toHaveLength(cases.length);
    expect(flow.cases.reduce((n: number, c: { steps: unknown[] }) => n + c.steps.length, 0)).toBe(events.length);
    for (const c of cases) {
      const mine = events.filter((e) => e.case === c.key).sort((a, b) => a.date.localeCompare(b.date) || (a.item ?? 0) - (b.item ?? 0));
      expect(flow.cases.find((x: { key: string }) => x.key === c.key).location, c.key).toBe(caseLocation(c, mine));
    }
    const touches = (body: string) =>
      cases
        .filter((c) => {
          const mine = events.filter((e) => e.case === c.key);
          return c.originBody === body || mine.some((e) => e.body === body || e.toBody === body) || caseLocation(c, mine) === body;
        })
        .map((c) => c.key)
        .sort();
    const barn = (await api.call('/api/cases?body=ber-barn', { headers: { 'X-Dev-User': user } })).json.cases.map((c: { key: string }) => c.key).sort();
    expect(barn.length).toBeGreaterThan(0);
    expect(barn).toEqual(touches('ber-barn'));
  });

  it('links every meeting step of a case to an existing meeting’s item', async () => {
    const withMeetings = (await api.store.caseEvents.list()).map((e) => e.value).find((e) => e.meeting && e.item)!;
    const detail = (await api.call(`/api/cases/${withMeetings.case}`, { headers: { 'X-Dev-User': user } })).json;
    const steps = detail.timeline.filter((s: { meeting: string | null }) => s.meeting);
    expect(steps.length).toBeGreaterThan(0);
    for (const s of steps) {
      expect(s.protocolLink).toBe(`/tab/protocol?meeting=${encodeURIComponent(s.meeting)}#punkt-${s.item}`);
      const item = await api.store.agendaItems.get(`${s.meeting}|${s.item}`);
      expect(s.itemTitle).toBe(item!.value.title);
    }
  });
});

describe('at scale', () => {
  /** Counts the store calls the API makes, per collection and method. */
  function counting(store: Store, calls: Map<string, number>): Store {
    return new Proxy(store, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof prop !== 'string' || typeof value !== 'object' || value === null || !('list' in value)) return value;
        const collection = value as Collection<CollectionName>;
        return new Proxy(collection, {
          get(c, method, r) {
            const fn = Reflect.get(c, method, r) as unknown;
            if (typeof fn !== 'function') return fn;
            return (...args: unknown[]) => {
              const name = `${prop}.${String(method)}`;
              calls.set(name, (calls.get(name) ?? 0) + 1);
              return (fn as (...a: unknown[]) => unknown).apply(c, args);
            };
          },
        });
      },
    });
  }

  it('builds the list of 2,000 cases and 8,000 events from one read of each, not a query per case', async () => {
    const calls = new Map<string, number>();
    const api = await startApi({
      wrapStore: (s) => counting(s, calls),
      seed: async (store) => {
        await seedFixture(store);
        for (let i = 0; i < 2000; i++) {
          const key = `c-${String(i).padStart(4, '0')}`;
          await store.cases.create({ key, title: `Ärende ${i}`, dnr: `HSN ${i}`, originBody: i % 2 ? 'lsg' : 'ber-vuxna', status: 'öppet', openedAt: '2026-01-05T12:00:00+01:00' });
          for (let k = 0; k < 4; k++) {
            const e: CaseEvent = {
              key: `${key}|2026-0${k + 2}-01|${k}`,
              case: key,
              body: k % 2 ? 'lsg' : 'ber-vuxna',
              meeting: null,
              item: null,
              date: `2026-0${k + 2}-01T12:00:00+01:00`,
              outcome: 'information',
              toBody: k === 3 ? 'samrad' : null,
              summary: `Steg ${k}`,
            };
            await store.caseEvents.create(e);
          }
        }
      },
    });
    try {
      const res = await api.call('/api/cases?q=%C3%A4rende%201999', { as: 'outsider' });
      expect(res.json.total).toBe(2003);
      expect(res.json.cases.map((c: { key: string }) => c.key)).toEqual(['c-1999']);
      expect(res.json.cases[0]).toMatchObject({ location: 'samrad', steps: [{ summary: 'Steg 0' }, { summary: 'Steg 1' }, { summary: 'Steg 2' }, { summary: 'Steg 3' }] });
      expect(calls.get('cases.list')).toBe(1);
      expect(calls.get('caseEvents.list')).toBe(1);
      expect(calls.get('cases.get') ?? 0).toBe(0);
    } finally {
      await api.close();
    }
  });
});
