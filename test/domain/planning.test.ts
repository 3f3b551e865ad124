/** Planning meetings and agendas (core/domain/planning.ts) on a real SQLite store. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Refusal } from '../../core/domain/errors.js';
import { itemKey } from '../../core/domain/model.js';
import { addAgendaItem, createMeeting, PlanRefusal, removeAgendaItem, updateAgendaItem, updateMeeting } from '../../core/domain/planning.js';
import { finaliseProtocol } from '../../core/domain/protocol.js';
import { Samverkan, type Actor } from '../../core/domain/service.js';
import { openStore } from '../../core/store/open.js';
import { PreconditionFailedError, type Store } from '../../core/store/store.js';
import { HELD, PLANNED, seedFixture } from '../tab-api/fixture.js';

const sekr: Actor = { person: 'sekr', source: 'tab' };
const member: Actor = { person: 'led-dor', source: 'tab' };
const outsider: Actor = { person: 'outsider', source: 'tab' };
const clock = () => new Date('2026-04-01T10:00:00+02:00');

let dir: string;
let store: Store;
let svc: Samverkan;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'planning-'));
  store = await openStore({ kind: 'sqlite', dataDir: dir });
  await seedFixture(store);
  svc = new Samverkan(store, clock);
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const plan = { body: 'lsg', start: '2026-04-14T08:00:00+02:00', end: '2026-04-14T10:00:00+02:00', place: 'Teams', dnr: ' HSN 14-4-2026 ', justerare: 'vice' };

/** The refusal a call ends in (fails the test when it succeeds). */
async function refusal(p: Promise<unknown>): Promise<Refusal> {
  try {
    await p;
  } catch (err) {
    if (err instanceof Refusal) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

async function audits(action: string) {
  return (await store.audit.list()).map((a) => a.value).filter((a) => a.action === action);
}

describe('createMeeting', () => {
  it('keys the meeting by body and Swedish date, adding -2, -3 on a day already taken', async () => {
    const first = await createMeeting(svc, plan, sekr, clock);
    const second = await createMeeting(svc, { ...plan, start: '2026-04-14T13:00:00+02:00', end: '2026-04-14T14:00:00+02:00' }, sekr, clock);
    const third = await createMeeting(svc, { ...plan, start: '2026-04-14T15:00:00+02:00', end: '2026-04-14T16:00:00+02:00' }, sekr, clock);
    expect([first.value.key, second.value.key, third.value.key]).toEqual(['lsg-2026-04-14', 'lsg-2026-04-14-2', 'lsg-2026-04-14-3']);
    // 23:30 UTC is already the next day in Sweden.
    const late = await createMeeting(svc, { ...plan, start: '2026-04-20T22:30:00Z', end: '2026-04-20T23:30:00Z' }, sekr, clock);
    expect(late.value.key).toBe('lsg-2026-04-21');
    expect(first.value).toMatchObject({ body: 'lsg', dnr: 'HSN 14-4-2026', justerare: 'vice', rollCall: 'not-started', agenda: 'draft', guests: [] });
    const entries = await audits('create-meeting');
    expect(entries.map((e) => e.target).sort()).toEqual(['lsg-2026-04-14', 'lsg-2026-04-14-2', 'lsg-2026-04-14-3', 'lsg-2026-04-21']);
    expect(entries[0]).toMatchObject({ actor: 'sekr', source: 'tab', at: '2026-04-01T08:00:00.000Z' });
  });

  it('is for the body’s secretary only', async () => {
    expect((await refusal(createMeeting(svc, plan, member, clock))).code).toBe('not-permitted');
    expect((await refusal(createMeeting(svc, plan, outsider, clock))).code).toBe('not-member');
    expect((await refusal(createMeeting(svc, { ...plan, body: 'ingen' }, sekr, clock))).code).toBe('not-found');
    // The beredning's secretary plans the beredning, not LSG.
    expect((await refusal(createMeeting(svc, plan, { person: 'sekr-ber', source: 'tab' }, clock))).code).toBe('not-member');
    expect(await store.meetings.get('lsg-2026-04-14')).toBeNull();
  });

  it('names every wrong field at once', async () => {
    const err = await refusal(createMeeting(svc, { ...plan, end: '2026-04-14T07:00:00+02:00', place: '  ', justerare: 'led-ber' }, sekr, clock));
    expect(err).toBeInstanceOf(PlanRefusal);
    expect((err as PlanRefusal).issues.map((i) => i.path)).toEqual(['end', 'place', 'justerare']);
    expect(err.message).toContain('sluta efter');
    const own = await refusal(createMeeting(svc, { ...plan, justerare: 'ordf' }, sekr, clock));
    expect((own as PlanRefusal).issues).toEqual([{ path: 'justerare', message: expect.stringContaining('annan person än ordföranden') }]);
    const badTime = await refusal(createMeeting(svc, { ...plan, start: '14 april' }, sekr, clock));
    expect((badTime as PlanRefusal).issues.map((i) => i.path)).toEqual(['start']);
    expect(await audits('create-meeting')).toEqual([]);
  });
});

describe('updateMeeting', () => {
  it('changes the given fields under the etag and keeps the key', async () => {
    const before = (await store.meetings.get(PLANNED))!;
    const saved = await updateMeeting(svc, PLANNED, { place: 'Regionens hus', dnr: 'HSN 1-12-2026', start: '2026-12-11T08:00:00+01:00', end: '2026-12-11T09:00:00+01:00' }, sekr, before.etag, clock);
    expect(saved.value).toMatchObject({ key: PLANNED, place: 'Regionens hus', dnr: 'HSN 1-12-2026', start: '2026-12-11T08:00:00+01:00', justerare: 'led-dor' });
    expect((await audits('update-meeting'))[0]?.details).toEqual({ changed: ['start', 'end', 'place', 'dnr'] });
    await expect(updateMeeting(svc, PLANNED, { place: 'Teams' }, sekr, before.etag, clock)).rejects.toBeInstanceOf(PreconditionFailedError);
  });

  it('refuses moving a meeting to another body, an end before the start, and others than the secretary', async () => {
    const { etag } = (await store.meetings.get(PLANNED))!;
    const err = (await refusal(updateMeeting(svc, PLANNED, { body: 'samrad', end: '2026-12-10T07:00:00+01:00' }, sekr, etag, clock))) as PlanRefusal;
    expect(err.issues.map((i) => i.path)).toEqual(['body', 'end']);
    expect((await refusal(updateMeeting(svc, PLANNED, { place: 'X' }, { person: 'ordf', source: 'tab' }, etag, clock))).code).toBe('not-permitted');
    expect((await store.meetings.get(PLANNED))!.etag).toBe(etag);
  });

  it('freezes the meeting and its agenda once a protocol version exists', async () => {
    await finaliseProtocol(svc, HELD, sekr, '2026-03-13T10:00:00.000Z');
    const { etag } = (await store.meetings.get(HELD))!;
    expect((await refusal(updateMeeting(svc, HELD, { place: 'Umeå' }, sekr, etag, clock))).code).toBe('wrong-state');
    expect((await refusal(addAgendaItem(svc, HELD, { title: 'Övrigt', kind: 'information' }, sekr, clock))).code).toBe('wrong-state');
    const item = (await store.agendaItems.get(itemKey(HELD, 17)))!;
    expect((await refusal(updateAgendaItem(svc, HELD, 17, { title: 'Nytt' }, sekr, item.etag, clock))).code).toBe('wrong-state');
    expect((await refusal(removeAgendaItem(svc, HELD, 17, sekr, item.etag, clock))).code).toBe('wrong-state');
  });
});

describe('agenda items', () => {
  it('numbers a new item after the last one, and a first item after the body’s last that year', async () => {
    const next = await addAgendaItem(svc, PLANNED, { title: 'Vårdhygien, återrapport', kind: 'beslut' }, sekr, clock);
    expect(next.value).toMatchObject({ key: itemKey(PLANNED, 41), number: 41, decision: 'vote', text: '', caseKey: null, sendTo: null, attachments: [] });
    const april = await createMeeting(svc, plan, sekr, clock);
    // March's meeting ended with item 17; December's items come later in the year and do not count.
    const first = await addAgendaItem(svc, april.value.key, { title: 'Aktuellt', kind: 'information' }, sekr, clock);
    expect(first.value.number).toBe(18);
    expect((await audits('add-agenda-item')).length).toBe(2);
  });

  it('checks number, decision, case, body sent to and attachments', async () => {
    const err = (await refusal(
      addAgendaItem(
        svc,
        PLANNED,
        {
          number: 40,
          title: ' ',
          kind: 'information',
          decision: 'vote',
          caseKey: 'c-finns-inte',
          sendTo: 'samrad',
          attachments: [{ title: 'Underlag', url: 'javascript:alert(1)' }],
        },
        sekr,
        clock,
      ),
    )) as PlanRefusal;
    expect(err.issues.map((i) => i.path)).toEqual(['number', 'title', 'decision', 'sendTo', 'attachments[0].url', 'caseKey']);
    const self = (await refusal(addAgendaItem(svc, PLANNED, { title: 'Uppdrag', kind: 'beslut', sendTo: 'lsg' }, sekr, clock))) as PlanRefusal;
    expect(self.issues).toEqual([{ path: 'sendTo', message: expect.stringContaining('samma grupp') }]);
    const unknown = (await refusal(addAgendaItem(svc, PLANNED, { title: 'Uppdrag', kind: 'beslut', sendTo: 'au' }, sekr, clock))) as PlanRefusal;
    expect(unknown.issues.map((i) => i.path)).toEqual(['sendTo']);
    const ok = await addAgendaItem(
      svc,
      PLANNED,
      { number: 42, title: 'Vårdhygienavtal', kind: 'beslut', decision: 'inriktningsbeslut', caseKey: 'c-hygien', sendTo: 'samrad', presenter: ' AU ', attachments: [{ title: 'Avtal', url: 'https://example.org/avtal.pdf' }] },
      sekr,
      clock,
    );
    expect(ok.value).toMatchObject({ number: 42, decision: 'inriktningsbeslut', caseKey: 'c-hygien', sendTo: 'samrad', presenter: 'AU' });
    expect((await svc.agenda(PLANNED)).map((i) => i.number)).toEqual([40, 42]);
  });

  it('edits and renumbers an item not yet dealt with, under its etag', async () => {
    const item = (await store.agendaItems.get(itemKey(PLANNED, 40)))!;
    const edited = await updateAgendaItem(svc, PLANNED, 40, { title: 'Uppföljning vårdhygien', kind: 'beslut', sendTo: 'samrad' }, sekr, item.etag, clock);
    expect(edited.value).toMatchObject({ number: 40, title: 'Uppföljning vårdhygien', kind: 'beslut', decision: 'vote', sendTo: 'samrad' });
    await expect(updateAgendaItem(svc, PLANNED, 40, { title: 'Gammal' }, sekr, item.etag, clock)).rejects.toBeInstanceOf(PreconditionFailedError);
    const moved = await updateAgendaItem(svc, PLANNED, 40, { number: 45 }, sekr, edited.etag, clock);
    expect(moved.value).toMatchObject({ key: itemKey(PLANNED, 45), number: 45, title: 'Uppföljning vårdhygien' });
    expect(await store.agendaItems.get(itemKey(PLANNED, 40))).toBeNull();
    // Back to information: the decision type and the body sent to go with it.
    const info = await updateAgendaItem(svc, PLANNED, 45, { kind: 'information' }, sekr, moved.etag, clock);
    expect(info.value).toMatchObject({ kind: 'information', decision: null, sendTo: null });
  });

  it('keeps an item already dealt with: no renumbering, no change of kind, no removal; its title may change', async () => {
    const item = (await store.agendaItems.get(itemKey(HELD, 15)))!;
    expect((await refusal(updateAgendaItem(svc, HELD, 15, { number: 30 }, sekr, item.etag, clock))).code).toBe('wrong-state');
    expect((await refusal(updateAgendaItem(svc, HELD, 15, { kind: 'information' }, sekr, item.etag, clock))).code).toBe('wrong-state');
    expect((await refusal(removeAgendaItem(svc, HELD, 15, sekr, item.etag, clock))).code).toBe('wrong-state');
    const renamed = await updateAgendaItem(svc, HELD, 15, { title: 'Nytt vårdhygienavtal' }, sekr, item.etag, clock);
    expect(renamed.value).toMatchObject({ title: 'Nytt vårdhygienavtal', text: item.value.text, decision: 'vote' });
  });

  it('removes an item not yet dealt with, only under its etag, and audits it', async () => {
    const item = (await store.agendaItems.get(itemKey(PLANNED, 40)))!;
    await updateAgendaItem(svc, PLANNED, 40, { title: 'Ändrad' }, sekr, item.etag, clock);
    await expect(removeAgendaItem(svc, PLANNED, 40, sekr, item.etag, clock)).rejects.toBeInstanceOf(PreconditionFailedError);
    const fresh = (await store.agendaItems.get(itemKey(PLANNED, 40)))!;
    expect((await refusal(removeAgendaItem(svc, PLANNED, 40, member, fresh.etag, clock))).code).toBe('not-permitted');
    await removeAgendaItem(svc, PLANNED, 40, sekr, fresh.etag, clock);
    expect(await store.agendaItems.get(itemKey(PLANNED, 40))).toBeNull();
    expect((await audits('remove-agenda-item'))[0]).toMatchObject({ actor: 'sekr', meeting: PLANNED, target: '40' });
    expect((await refusal(removeAgendaItem(svc, PLANNED, 40, sekr, fresh.etag, clock))).code).toBe('not-found');
  });
});
