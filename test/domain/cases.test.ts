import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caseLocation, caseTimeline, recordCaseEvent } from '../../core/domain/cases.js';
import { Refusal } from '../../core/domain/errors.js';
import { openSqliteStore } from '../../core/store/sqlite/sqlite-store.js';
import type { Store } from '../../core/store/store.js';
import { MEETING, seedMeeting } from './fixture-meeting.js';

const SEKR = { person: 'sekr', source: 'tab' as const };
let store: Store;
beforeEach(async () => {
  store = openSqliteStore(':memory:');
  await seedMeeting(store);
  await store.cases.create({ key: 'c-hygien', title: 'Nytt vårdhygienavtal', dnr: null, originBody: 'lsg', status: 'öppet', openedAt: '2026-01-10T09:00:00+01:00' });
});
afterEach(() => store.close());

describe('cases between the bodies', () => {
  it('records where a case was taken up and where it was sent, once per meeting item', async () => {
    await recordCaseEvent(store, { case: 'c-hygien', meeting: null, item: null, body: 'lsg', date: '2026-01-10T09:00:00+01:00', outcome: 'inkommet', toBody: null, summary: 'Väckt av AU' }, SEKR);
    const input = { case: 'c-hygien', meeting: MEETING, item: 15, outcome: 'uppdrag' as const, toBody: 'samrad', summary: 'Till Samrådet för inriktningsbeslut' };
    await recordCaseEvent(store, input, SEKR);
    await recordCaseEvent(store, input, SEKR); // repeated: still one event
    const timeline = await caseTimeline(store, 'c-hygien');
    expect(timeline.map((e) => [e.body, e.meeting, e.item, e.outcome, e.toBody])).toEqual([
      ['lsg', null, null, 'inkommet', null],
      ['lsg', MEETING, 15, 'uppdrag', 'samrad'],
    ]);
    const kase = (await store.cases.get('c-hygien'))!.value;
    expect(caseLocation(kase, timeline)).toBe('samrad');
  });

  it('refuses an event at an item that does not exist, and an unknown body', async () => {
    await expect(recordCaseEvent(store, { case: 'c-hygien', meeting: MEETING, item: 99, outcome: 'beslut', toBody: null, summary: '' }, SEKR)).rejects.toBeInstanceOf(Refusal);
    await expect(recordCaseEvent(store, { case: 'c-hygien', meeting: MEETING, item: 15, outcome: 'uppdrag', toBody: 'nope', summary: '' }, SEKR)).rejects.toThrow(/finns inte/);
    expect(await store.caseEvents.list()).toHaveLength(0);
  });

  it('closes the case on "avslutat"', async () => {
    await recordCaseEvent(store, { case: 'c-hygien', meeting: MEETING, item: 15, outcome: 'avslutat', toBody: null, summary: 'Avtalet antaget' }, SEKR);
    expect((await store.cases.get('c-hygien'))!.value.status).toBe('avslutat');
  });
});
