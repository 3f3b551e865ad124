/**
 * The case flow follows the meetings: dealing with an item that carries a case records the
 * case's step (SPEC §6, issue 4 item 7), without anyone drawing it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bodyNamedIn, caseLocation, caseTimeline, recordCaseEvent } from '../../core/domain/cases.js';
import { Samverkan, type Actor } from '../../core/domain/service.js';
import { itemKey } from '../../core/domain/model.js';
import { mutate, type Store } from '../../core/store/store.js';
import { openSqliteStore } from '../../core/store/sqlite/sqlite-store.js';
import { MEETING, seedMeeting } from './fixture-meeting.js';

const chat = (person: string): Actor => ({ person, source: 'chat' });
const ORDF = chat('ordf');
const VOTERS = ['ordf', 'vice', 'led-dor', 'led-reg', 'led-sk', 'led-ly', 'led-as'];

let store: Store;
let svc: Samverkan;

async function attachCase(item: number, caseKey: string, extra: { proposal?: string; sendTo?: string | null } = {}) {
  await store.cases.create({ key: caseKey, title: `Ärende ${caseKey}`, dnr: null, originBody: 'lsg', status: 'öppet', openedAt: '2026-01-10T09:00:00+01:00' });
  await mutate(store.agendaItems, itemKey(MEETING, item), (i) => ({ ...i, caseKey, ...extra }));
}

async function vote(item: number, choice: 'bifall' | 'avslag' | 'bakom') {
  await svc.openDecision(MEETING, item, ORDF);
  for (const p of VOTERS) await svc.castBallot(MEETING, item, p, choice, chat(p));
  return svc.closeDecision(MEETING, item, ORDF);
}

beforeEach(async () => {
  store = openSqliteStore(':memory:');
  await seedMeeting(store);
  svc = new Samverkan(store, () => new Date('2026-03-12T08:10:00+01:00'));
  await svc.startRollCall(MEETING, ORDF);
  for (const p of VOTERS) await svc.checkIn(MEETING, p, chat(p));
  await svc.closeRollCall(MEETING, ORDF);
});
afterEach(() => store.close());

describe('case steps recorded by the meeting', () => {
  it('records an information item when it is taken up', async () => {
    await attachCase(14, 'c-info');
    await svc.approveAgenda(MEETING, ORDF);
    const [step] = await caseTimeline(store, 'c-info');
    expect(step).toMatchObject({ body: 'lsg', meeting: MEETING, item: 14, outcome: 'information', toBody: null, summary: 'Länssamverkansgruppen godkände informationen.' });
  });

  it('sends a case on to the body named in a carried proposal, and moves the case there', async () => {
    await attachCase(15, 'c-hygien', { proposal: 'godkänna avtalet och överlämna ärendet till Samråd hälsa, vård och omsorg' });
    await svc.approveAgenda(MEETING, ORDF);
    const d = await vote(15, 'bifall');
    const timeline = await caseTimeline(store, 'c-hygien');
    expect(timeline).toHaveLength(1);
    expect(timeline[0]).toMatchObject({ outcome: 'uppdrag', toBody: 'samrad', item: 15, summary: d.sentence });
    expect(caseLocation((await store.cases.get('c-hygien'))!.value, timeline)).toBe('samrad');
    // Closing again (a repeated press) does not add a second step.
    await svc.closeDecision(MEETING, 15, ORDF);
    expect(await caseTimeline(store, 'c-hygien')).toHaveLength(1);
  });

  it('keeps a rejected proposal where it is: a "beslut" step with no onward body', async () => {
    await attachCase(15, 'c-hygien', { sendTo: 'samrad' });
    await svc.approveAgenda(MEETING, ORDF);
    await vote(15, 'avslag');
    expect(await caseTimeline(store, 'c-hygien')).toEqual([expect.objectContaining({ outcome: 'beslut', toBody: null })]);
  });

  it('calls it an återrapport when the case goes back to the body that sent it here', async () => {
    await attachCase(16, 'c-plan', { sendTo: 'samrad' });
    await recordCaseEvent(store, { case: 'c-plan', meeting: null, item: null, body: 'samrad', date: '2026-02-01T10:00:00+01:00', outcome: 'uppdrag', toBody: 'lsg', summary: 'Uppdrag till LSG' }, chat('sekr'));
    await svc.approveAgenda(MEETING, ORDF);
    await vote(16, 'bakom');
    const timeline = await caseTimeline(store, 'c-plan');
    expect(timeline.map((e) => [e.body, e.outcome, e.toBody])).toEqual([
      ['samrad', 'uppdrag', 'lsg'],
      ['lsg', 'återrapport', 'samrad'],
    ]);
  });

  it('records nothing for an item without a case', async () => {
    await svc.approveAgenda(MEETING, ORDF);
    await vote(15, 'bifall');
    expect(await store.caseEvents.list()).toHaveLength(0);
  });
});

describe('bodyNamedIn', () => {
  const bodies = [
    { key: 'lsg', name: 'Länssamverkansgruppen', kind: 'x', reportsTo: null },
    { key: 'ber', name: 'Beredning vuxna och äldre', kind: 'x', reportsTo: 'lsg' },
    { key: 'ber2', name: 'Beredning vuxna', kind: 'x', reportsTo: 'lsg' },
  ];
  it('finds the body after "till", preferring the longest name, never the meeting\'s own body', () => {
    expect(bodyNamedIn('skicka ärendet till Länssamverkansgruppen för beslut', bodies, 'ber')).toBe('lsg');
    expect(bodyNamedIn('ge uppdrag till beredning vuxna och äldre', bodies, 'lsg')).toBe('ber');
    expect(bodyNamedIn('ge uppdrag till Länssamverkansgruppen', bodies, 'lsg')).toBeNull();
    expect(bodyNamedIn('godkänna förslaget', bodies, 'lsg')).toBeNull();
    expect(bodyNamedIn(null, bodies, 'lsg')).toBeNull();
  });
});
