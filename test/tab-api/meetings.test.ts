/** Meetings and agendas through the tab's API: lists, planning, validation, etags. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate } from '../../core/store/store.js';
import { startApi, type ApiHarness } from './harness.js';
import { HELD, NOW, ONGOING, PLANNED, seedFixture } from './fixture.js';

let api: ApiHarness;

beforeAll(async () => {
  api = await startApi({ seed: seedFixture, now: () => NOW });
});
afterAll(async () => api?.close());

describe('GET /api/meetings', () => {
  it('finds the meeting a tab in Teams sits in by its Teams meeting id or its chat, for the body’s members only', async () => {
    await mutate(api.store.meetings, PLANNED, (m) => ({ ...m, teamsMeetingId: 'MCMxOTptZWV0aW5n', chatId: null }));
    await mutate(api.store.meetings, HELD, (m) => ({ ...m, chatId: '19:meeting_abc@thread.v2' }));
    const byMeeting = await api.call('/api/meetings?teamsMeetingId=MCMxOTptZWV0aW5n', { as: 'led-dor' });
    expect(byMeeting.json.meetings.map((m: { key: string }) => m.key)).toEqual([PLANNED]);
    const byChat = await api.call(`/api/meetings?chatId=${encodeURIComponent('19:meeting_abc@thread.v2')}`, { as: 'led-dor' });
    expect(byChat.json.meetings.map((m: { key: string }) => m.key)).toEqual([HELD]);
    expect((await api.call('/api/meetings?teamsMeetingId=unknown', { as: 'led-dor' })).json.meetings).toEqual([]);
  });

  it('lists the caller’s meetings in time order, with their state at this moment and protocol status', async () => {
    const res = await api.call('/api/meetings?body=lsg', { as: 'led-dor' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.json.meetings).toEqual([
      {
        key: HELD,
        body: 'lsg',
        bodyName: 'Länssamverkansgruppen',
        dnr: 'HSN 12-3-2026',
        start: '2026-03-12T08:00:00+01:00',
        end: '2026-03-12T09:30:00+01:00',
        place: 'Teams',
        justerare: 'vice',
        state: 'hållet',
        protocolStatus: 'draft',
        items: 4,
      },
      expect.objectContaining({ key: PLANNED, state: 'planerat', items: 1, dnr: null }),
    ]);
    const samrad = await api.call('/api/meetings', { as: 'ordf-samrad' });
    expect(samrad.json.meetings).toEqual([expect.objectContaining({ key: ONGOING, state: 'pågår', items: 0 })]);
  });

  it('filters by year (Swedish date) and checks the query', async () => {
    expect((await api.call('/api/meetings?year=2025', { as: 'sekr' })).json.meetings).toEqual([]);
    expect((await api.call('/api/meetings?year=2026', { as: 'sekr' })).json.meetings).toHaveLength(2);
    const bad = await api.call('/api/meetings?year=26&body=a%7Cb', { as: 'sekr' });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error: 'invalid', message: 'Begäran innehåller fel.' });
    expect(bad.json.issues.map((i: { path: string }) => i.path).sort()).toEqual(['query.body', 'query.year']);
  });
});

describe('GET /api/meetings/<key>', () => {
  it('gives the meeting, its etag, the agenda with each item’s etag, and the body’s roster', async () => {
    const res = await api.call(`/api/meetings/${HELD}`, { as: 'sekr' });
    expect(res.status).toBe(200);
    const d = res.json;
    expect(d.meeting).toMatchObject({ key: HELD, teamsMeetingId: null, guests: [{ name: 'Rut Almgren', organisation: null, title: 'SKR' }] });
    expect(d.etag).toBe((await api.store.meetings.get(HELD))!.etag);
    expect(res.headers.get('etag')).toBe(d.etag);
    // No revalidation: the same request with If-None-Match is answered in full.
    expect((await api.call(`/api/meetings/${HELD}`, { as: 'sekr', headers: { 'If-None-Match': d.etag } })).status).toBe(200);
    expect(d.agenda.map((i: { number: number }) => i.number)).toEqual([14, 15, 16, 17]);
    expect(d.agenda[1]).toEqual({
      number: 15,
      title: 'Vårdhygienavtal',
      kind: 'beslut',
      decision: 'vote',
      presenter: 'AU',
      proposal: 'godkänna förslaget till nytt vårdhygienavtal',
      attachments: [],
      caseKey: 'c-hygien',
      text: 'AU presenterade förslaget till nytt vårdhygienavtal.',
      sendTo: null,
      etag: (await api.store.agendaItems.get(`${HELD}|15`))!.etag,
    });
    expect(d.members[0]).toEqual({ person: 'ordf', name: 'Maja Lindqvist', role: 'ordförande' });
    expect(d.members).toHaveLength(10);
  });
});

describe('planning a meeting', () => {
  it('creates one keyed by body and date, 201 with its detail', async () => {
    const res = await api.call('/api/meetings', {
      as: 'sekr',
      method: 'POST',
      body: { body: 'lsg', start: '2026-10-06T08:00:00+02:00', end: '2026-10-06T10:00:00+02:00', place: 'Teams', dnr: 'HSN 40-10-2026', justerare: 'led-sk' },
    });
    expect(res.status).toBe(201);
    expect(res.json.meeting).toMatchObject({ key: 'lsg-2026-10-06', state: 'planerat', protocolStatus: 'draft', items: 0, justerare: 'led-sk' });
    expect(res.json.agenda).toEqual([]);
    expect(res.json.tabRole).toBe('secretary');
    expect(res.headers.get('etag')).toBe(res.json.etag);
    const again = await api.call('/api/meetings', {
      as: 'sekr2',
      method: 'POST',
      body: { body: 'lsg', start: '2026-10-06T13:00:00+02:00', end: '2026-10-06T14:00:00+02:00', place: 'Teams' },
    });
    expect(again.json.meeting).toMatchObject({ key: 'lsg-2026-10-06-2', dnr: null, justerare: null });
  });

  it('answers 400 with every wrong field, from the request’s shape and from the domain', async () => {
    const shape = await api.call('/api/meetings', { as: 'sekr', method: 'POST', body: { body: 'lsg', start: 'i morgon', end: 5, place: '' } });
    expect(shape.status).toBe(400);
    expect(shape.json.issues.map((i: { path: string }) => i.path)).toEqual(['start', 'end', 'place']);
    expect(shape.json.issues[0].message).toContain('datum och tid med tidszon');
    // Swedish messages from zod's locale too.
    expect(shape.json.issues[2].message).toMatch(/^För lite/);
    const domain = await api.call('/api/meetings', {
      as: 'sekr',
      method: 'POST',
      body: { body: 'lsg', start: '2026-10-07T10:00:00+02:00', end: '2026-10-07T09:00:00+02:00', place: 'Teams', justerare: 'ordf' },
    });
    expect(domain.status).toBe(400);
    expect(domain.json).toMatchObject({
      error: 'invalid',
      issues: [
        { path: 'end', message: 'Mötet måste sluta efter att det börjar.' },
        { path: 'justerare', message: expect.stringContaining('annan person') },
      ],
    });
    expect(await api.store.meetings.get('lsg-2026-10-07')).toBeNull();
  });

  it('changes a meeting only with the etag it was read at: 428 without, 412 when stale', async () => {
    const { etag } = (await api.call(`/api/meetings/${PLANNED}`, { as: 'sekr' })).json;
    const missing = await api.call(`/api/meetings/${PLANNED}`, { as: 'sekr', method: 'PATCH', body: { place: 'Umeå' } });
    expect(missing.status).toBe(428);
    expect(missing.json.error).toBe('precondition-required');
    const ok = await api.call(`/api/meetings/${PLANNED}`, { as: 'sekr', method: 'PATCH', body: { place: 'Umeå', dnr: 'HSN 1' }, headers: { 'If-Match': etag } });
    expect(ok.status).toBe(200);
    expect(ok.json.meeting).toMatchObject({ place: 'Umeå', dnr: 'HSN 1', justerare: 'led-dor' });
    expect(ok.json.etag).not.toBe(etag);
    const stale = await api.call(`/api/meetings/${PLANNED}`, { as: 'sekr2', method: 'PATCH', body: { place: 'Skellefteå' }, headers: { 'If-Match': etag } });
    expect(stale.status).toBe(412);
    expect(stale.json).toEqual({ error: 'precondition-failed', message: expect.stringContaining('Ladda om') });
    expect((await api.store.meetings.get(PLANNED))!.value.place).toBe('Umeå');
    const moved = await api.call(`/api/meetings/${PLANNED}`, { as: 'sekr', method: 'PATCH', body: { body: 'samrad' }, headers: { 'If-Match': ok.json.etag } });
    expect(moved.status).toBe(400);
    expect(moved.json.issues).toEqual([{ path: 'body', message: expect.stringContaining('annan grupp') }]);
  });
});

describe('the agenda', () => {
  it('adds, edits and removes items; each change with the item’s etag', async () => {
    const added = await api.call(`/api/meetings/${PLANNED}/agenda`, {
      as: 'sekr',
      method: 'POST',
      body: {
        title: 'Ärenden till Samrådet',
        kind: 'beslut',
        presenter: 'Maja Lindqvist',
        proposal: 'överlämna ärendet till Samrådet',
        caseKey: 'c-hygien',
        sendTo: 'samrad',
        attachments: [{ title: 'Förslag', url: 'https://example.sharepoint.com/sites/lsg/Delade dokument/forslag.pdf' }],
      },
    });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ number: 41, decision: 'vote', caseKey: 'c-hygien', sendTo: 'samrad', text: '' });
    expect(added.headers.get('etag')).toBe(added.json.etag);

    const edited = await api.call(`/api/meetings/${PLANNED}/agenda/41`, {
      as: 'sekr',
      method: 'PATCH',
      body: { title: 'Ärenden till Samråd hälsa, vård och omsorg', decision: 'acklamation' },
      headers: { 'If-Match': added.json.etag },
    });
    expect(edited.status).toBe(200);
    expect(edited.json).toMatchObject({ number: 41, title: 'Ärenden till Samråd hälsa, vård och omsorg', decision: 'acklamation', sendTo: 'samrad' });
    const stale = await api.call(`/api/meetings/${PLANNED}/agenda/41`, { as: 'sekr', method: 'DELETE', headers: { 'If-Match': added.json.etag } });
    expect(stale.status).toBe(412);
    const removed = await api.call(`/api/meetings/${PLANNED}/agenda/41`, { as: 'sekr', method: 'DELETE', headers: { 'If-Match': edited.json.etag } });
    expect(removed.status).toBe(204);
    expect(await api.store.agendaItems.get(`${PLANNED}|41`)).toBeNull();
    const audit = (await api.store.audit.list({ field: 'meeting', equals: PLANNED })).map((a) => a.value.action);
    expect(audit).toEqual(expect.arrayContaining(['add-agenda-item', 'update-agenda-item', 'remove-agenda-item']));
  });

  it('answers 400 with paths for a wrong item, and 409 for changing one already dealt with', async () => {
    const bad = await api.call(`/api/meetings/${PLANNED}/agenda`, {
      as: 'sekr',
      method: 'POST',
      body: { number: 0, title: '', kind: 'diskussion', attachments: [{ title: 'Fil', url: 'ftp://example.org/x' }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.issues.map((i: { path: string }) => i.path)).toEqual(['number', 'title', 'kind', 'attachments[0].url']);
    const taken = await api.call(`/api/meetings/${PLANNED}/agenda`, { as: 'sekr', method: 'POST', body: { number: 40, title: 'Dubblett', kind: 'information' } });
    expect(taken.status).toBe(400);
    expect(taken.json.issues).toEqual([{ path: 'number', message: 'Punkt 40 finns redan på föredragningslistan.' }]);
    const noCase = await api.call(`/api/meetings/${PLANNED}/agenda`, { as: 'sekr', method: 'POST', body: { title: 'X', kind: 'beslut', caseKey: 'c-okand' } });
    expect(noCase.json.issues).toEqual([{ path: 'caseKey', message: 'Ärendet "c-okand" finns inte.' }]);

    const held = (await api.call(`/api/meetings/${HELD}`, { as: 'sekr' })).json.agenda[1];
    const renumber = await api.call(`/api/meetings/${HELD}/agenda/15`, { as: 'sekr', method: 'PATCH', body: { number: 20 }, headers: { 'If-Match': held.etag } });
    expect(renumber.status).toBe(409);
    expect(renumber.json).toEqual({ error: 'conflict', message: expect.stringContaining('redan behandlats') });
    const params = await api.call(`/api/meetings/${HELD}/agenda/femton/text`, { as: 'sekr', method: 'PUT', body: { text: 'x' }, headers: { 'If-Match': held.etag } });
    expect(params.status).toBe(400);
    expect(params.json.issues.map((i: { path: string }) => i.path)).toEqual(['params.n']);
  });
});

describe('the text of an item', () => {
  it('tells the second of two secretaries editing the same item, with the stored text, its etag and who saved it', async () => {
    const read = async (as: string) => (await api.call(`/api/meetings/${HELD}`, { as })).json.agenda.find((i: { number: number }) => i.number === 16);
    const first = await read('sekr');
    const second = await read('sekr2');
    expect(second.etag).toBe(first.etag);

    const saved = await api.call(`/api/meetings/${HELD}/agenda/16/text`, {
      as: 'sekr',
      method: 'PUT',
      body: { text: 'Planen presenterades av AU.' },
      headers: { 'If-Match': first.etag },
    });
    expect(saved.status).toBe(200);
    expect(saved.json).toEqual({ text: 'Planen presenterades av AU.', etag: (await api.store.agendaItems.get(`${HELD}|16`))!.etag });

    const conflict = await api.call(`/api/meetings/${HELD}/agenda/16/text`, {
      as: 'sekr2',
      method: 'PUT',
      body: { text: 'Diskussion om primärvårdens uppdrag.' },
      headers: { 'If-Match': second.etag },
    });
    expect(conflict.status).toBe(409);
    expect(conflict.json).toEqual({
      error: 'conflict',
      message: expect.stringContaining('Hanna Strömberg har ändrat texten'),
      current: { text: 'Planen presenterades av AU.', etag: saved.json.etag, editedBy: 'Hanna Strömberg' },
    });
    // Nothing lost: the first text stands, and the second secretary can merge and save on top of it.
    expect((await api.store.agendaItems.get(`${HELD}|16`))!.value.text).toBe('Planen presenterades av AU.');
    const merged = await api.call(`/api/meetings/${HELD}/agenda/16/text`, {
      as: 'sekr2',
      method: 'PUT',
      body: { text: 'Planen presenterades av AU. Diskussion om primärvårdens uppdrag.' },
      headers: { 'If-Match': conflict.json.current.etag },
    });
    expect(merged.status).toBe(200);
    expect((await api.store.agendaItems.get(`${HELD}|16`))!.value.text).toBe('Planen presenterades av AU. Diskussion om primärvårdens uppdrag.');
  });

  it('needs If-Match (428) and a text (400)', async () => {
    const none = await api.call(`/api/meetings/${HELD}/agenda/17/text`, { as: 'sekr', method: 'PUT', body: { text: 'x' } });
    expect(none.status).toBe(428);
    expect(none.json.message).toContain('If-Match');
    const { etag } = (await api.call(`/api/meetings/${HELD}`, { as: 'sekr' })).json.agenda[3];
    const noText = await api.call(`/api/meetings/${HELD}/agenda/17/text`, { as: 'sekr', method: 'PUT', body: { txt: 'x' }, headers: { 'If-Match': etag } });
    expect(noText.status).toBe(400);
    expect(noText.json.issues.map((i: { path: string }) => i.path)).toEqual(['text']);
    const missingItem = await api.call(`/api/meetings/${HELD}/agenda/99/text`, { as: 'sekr', method: 'PUT', body: { text: 'x' }, headers: { 'If-Match': etag } });
    expect(missingItem.status).toBe(404);
    expect(missingItem.json.message).toBe('Punkt 99 finns inte på föredragningslistan.');
  });
});
