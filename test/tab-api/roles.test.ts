/**
 * Who may do what in the tab (local mode, X-Dev-User): roles come from the roster per body —
 * sekreterare → secretary, ordförande / vice ordförande → chair, other memberships → member, a
 * person without a membership of the body → reader.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from './harness.js';
import { HELD, NOW, PLANNED, seedFixture } from './fixture.js';

let api: ApiHarness;

beforeAll(async () => {
  api = await startApi({ seed: seedFixture, now: () => NOW });
});
afterAll(async () => api?.close());

const newMeeting = { body: 'lsg', start: '2026-09-01T08:00:00+02:00', end: '2026-09-01T09:00:00+02:00', place: 'Teams', dnr: null, justerare: null };

describe('without sign-in', () => {
  it('serves the configuration and the demo users of local mode', async () => {
    const config = await api.call('/api/config');
    expect(config.status).toBe(200);
    expect(config.json).toEqual({ mode: 'local', clientId: null, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    const users = await api.call('/api/dev/users');
    expect(users.status).toBe(200);
    const byId = new Map<string, { name: string; organisation: string; roles: unknown[] }>(users.json.map((u: { aadObjectId: string }) => [u.aadObjectId, u]));
    expect(byId.get('aad-led-reg')).toEqual({
      aadObjectId: 'aad-led-reg',
      name: 'Ove Nyström',
      organisation: 'Region Västerbotten',
      roles: [
        { body: 'lsg', bodyName: 'Länssamverkansgruppen', role: 'ledamot' },
        { body: 'ber-vuxna', bodyName: 'Beredning vuxna och äldre', role: 'ordförande' },
      ],
    });
    expect(byId.get('aad-outsider')?.roles).toEqual([]);
    // Someone without an Entra object id cannot be named by X-Dev-User, so is not offered.
    expect([...byId.values()].some((u) => u.name === 'Berit Utan')).toBe(false);
  });

  it('answers 401 with an ApiError everywhere else', async () => {
    const urls: [string, string][] = [
      ['GET', '/api/me'],
      ['GET', '/api/cases'],
      ['GET', '/api/cases/c-hygien'],
      ['GET', '/api/meetings'],
      ['POST', '/api/meetings'],
      ['GET', `/api/meetings/${HELD}`],
      ['PATCH', `/api/meetings/${HELD}`],
      ['POST', `/api/meetings/${HELD}/agenda`],
      ['PUT', `/api/meetings/${HELD}/agenda/15/text`],
      ['DELETE', `/api/meetings/${PLANNED}/agenda/40`],
      ['POST', '/api/import'],
    ];
    for (const [method, url] of urls) {
      const res = await api.call(url, { method, body: method === 'GET' || method === 'DELETE' ? undefined : {} });
      expect(res.status, `${method} ${url}`).toBe(401);
      expect(res.json).toEqual({ error: 'unauthenticated', message: 'Du behöver logga in för att använda fliken.' });
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it('refuses X-Dev-User when the bot has credentials but Entra sign-in is not configured (not local mode)', async () => {
    const deployed = await startApi({ seed: seedFixture, env: { MICROSOFT_APP_ID: 'bot-app-id', MICROSOFT_APP_PASSWORD: 'not-a-real-secret' } });
    try {
      const res = await deployed.call('/api/me', { as: 'sekr' });
      expect(res.status).toBe(401);
      expect(res.json.message).toMatch(/AAD_CLIENT_ID/);
    } finally {
      await deployed.close();
    }
  });

  it('answers 403 for an X-Dev-User that is nobody in the roster', async () => {
    const res = await api.call('/api/me', { headers: { 'X-Dev-User': 'aad-nobody' } });
    expect(res.status).toBe(403);
    expect(res.json.message).toBe('Den valda demoanvändaren finns inte i deltagarlistorna.');
  });

  it('answers 404 JSON for an unknown /api path, signed in or not', async () => {
    for (const as of [undefined, 'sekr']) {
      const res = await api.call('/api/finns-inte', { as });
      expect(res.status).toBe(404);
      expect(res.json).toEqual({ error: 'not-found', message: 'Resursen finns inte.' });
    }
    expect((await api.call(`/api/meetings/${HELD}/okand`, { as: 'sekr' })).status).toBe(404);
    expect((await api.call('/api/meetings/finns-inte', { as: 'sekr' })).json).toEqual({ error: 'not-found', message: 'Mötet "finns-inte" finns inte.' });
  });
});

describe('GET /api/me', () => {
  it('gives the tab role per body', async () => {
    const me = await api.call('/api/me', { as: 'led-reg' });
    expect(me.json).toEqual({
      person: 'led-reg',
      name: 'Ove Nyström',
      email: 'led-reg@example.org',
      memberships: [
        { body: 'lsg', bodyName: 'Länssamverkansgruppen', role: 'ledamot', tabRole: 'member' },
        { body: 'ber-vuxna', bodyName: 'Beredning vuxna och äldre', role: 'ordförande', tabRole: 'chair' },
      ],
    });
    const roles = async (p: string) => (await api.call('/api/me', { as: p })).json.memberships.map((m: { tabRole: string }) => m.tabRole);
    expect(await roles('sekr')).toEqual(['secretary']);
    expect(await roles('vice')).toEqual(['chair']);
    expect(await roles('adj')).toEqual(['member']);
    expect(await roles('ers-dor')).toEqual(['member']);
    expect(await roles('outsider')).toEqual([]);
  });

  it('gives the caller’s tab role in a meeting’s body', async () => {
    const role = async (p: string) => (await api.call(`/api/meetings/${HELD}`, { as: p })).json.tabRole;
    expect([await role('sekr'), await role('ordf'), await role('vice'), await role('led-dor'), await role('adj')]).toEqual([
      'secretary',
      'chair',
      'chair',
      'member',
      'member',
    ]);
  });
});

describe('reading', () => {
  it('lets anyone in the roster read the case flow', async () => {
    for (const p of ['outsider', 'sekr-ber', 'led-dor']) {
      expect((await api.call('/api/cases', { as: p })).status, p).toBe(200);
      expect((await api.call('/api/cases/c-hygien', { as: p })).status, p).toBe(200);
    }
  });

  it('lets only the body’s members and secretaries read its meetings and protocols', async () => {
    const urls = [
      `/api/meetings/${HELD}`,
      `/api/meetings/${HELD}/protocol`,
      `/api/meetings/${HELD}/protocol.html`,
      `/api/meetings/${HELD}/protocol.pdf`,
      `/api/meetings/${HELD}/protocol.docx`,
      `/api/meetings/${HELD}/protocol/versions`,
    ];
    for (const url of urls) {
      for (const reader of ['sekr', 'sekr2', 'ordf', 'led-dor', 'ers-dor', 'adj']) expect((await api.call(url, { as: reader })).status, `${reader} ${url}`).toBe(200);
      for (const stranger of ['outsider', 'sekr-ber', 'ordf-samrad']) {
        const res = await api.call(url, { as: stranger });
        expect(res.status, `${stranger} ${url}`).toBe(403);
        expect(res.json).toEqual({ error: 'forbidden', message: 'Bara ledamöter och sekreterare i Länssamverkansgruppen kan läsa gruppens möten och protokoll.' });
      }
    }
  });

  it('lists only meetings of the caller’s bodies, and refuses a body they are not in', async () => {
    expect((await api.call('/api/meetings', { as: 'outsider' })).json).toEqual({ meetings: [] });
    const own = await api.call('/api/meetings', { as: 'led-reg' });
    expect(own.json.meetings.map((m: { body: string }) => m.body).sort()).toEqual(['ber-vuxna', 'lsg', 'lsg']);
    expect((await api.call('/api/meetings?body=lsg', { as: 'sekr-ber' })).status).toBe(403);
    expect((await api.call('/api/meetings?body=au', { as: 'sekr' })).status).toBe(404);
  });
});

describe('changing', () => {
  it('lets only the body’s secretary plan a meeting', async () => {
    for (const p of ['ordf', 'vice', 'led-dor', 'sekr-ber', 'outsider']) {
      const res = await api.call('/api/meetings', { as: p, method: 'POST', body: newMeeting });
      expect(res.status, p).toBe(403);
      expect(res.json.error).toBe('forbidden');
    }
    expect((await api.call('/api/meetings', { as: 'sekr-ber', method: 'POST', body: { ...newMeeting, body: 'ber-vuxna' } })).status).toBe(201);
  });

  it('lets only the secretary edit a meeting, its agenda and its item texts', async () => {
    const detail = (await api.call(`/api/meetings/${PLANNED}`, { as: 'sekr' })).json;
    const item = detail.agenda[0];
    const attempts: [string, string, unknown, string][] = [
      ['PATCH', `/api/meetings/${PLANNED}`, { place: 'Umeå' }, detail.etag],
      ['POST', `/api/meetings/${PLANNED}/agenda`, { title: 'Övrigt', kind: 'information' }, ''],
      ['PATCH', `/api/meetings/${PLANNED}/agenda/40`, { title: 'Ny rubrik' }, item.etag],
      ['PUT', `/api/meetings/${PLANNED}/agenda/40/text`, { text: 'Text' }, item.etag],
      ['DELETE', `/api/meetings/${PLANNED}/agenda/40`, undefined, item.etag],
    ];
    for (const [method, url, body, etag] of attempts) {
      for (const p of ['ordf', 'vice', 'led-dor', 'sekr-ber', 'outsider']) {
        const res = await api.call(url, { as: p, method, body, headers: etag ? { 'If-Match': etag } : {} });
        expect(res.status, `${p} ${method} ${url}`).toBe(403);
      }
    }
    const after = (await api.call(`/api/meetings/${PLANNED}`, { as: 'sekr' })).json;
    expect(after.etag).toBe(detail.etag);
    expect(after.agenda).toEqual(detail.agenda);
  });

  it('lets only secretaries (of any body) import', async () => {
    const request = { files: [{ name: 'roster.json', contentBase64: Buffer.from('{"organisations":[]}').toString('base64') }], dryRun: true };
    for (const p of ['ordf', 'led-dor', 'led-reg', 'outsider']) expect((await api.call('/api/import', { as: p, method: 'POST', body: request })).status, p).toBe(403);
    for (const p of ['sekr', 'sekr-ber']) expect((await api.call('/api/import', { as: p, method: 'POST', body: request })).status, p).toBe(200);
  });

  it('lets the secretary or the ordförande finalise, and the domain decide who signs', async () => {
    for (const p of ['vice', 'led-dor', 'adj', 'outsider', 'sekr-ber']) {
      const res = await api.call(`/api/meetings/${HELD}/protocol/finalise`, { as: p, method: 'POST' });
      expect(res.status, p).toBe(403);
    }
    expect(await api.store.protocols.list()).toEqual([]);
    expect((await api.call(`/api/meetings/${HELD}/protocol/finalise`, { as: 'ordf', method: 'POST' })).status).toBe(201);
    for (const p of ['led-dor', 'sekr-ber', 'outsider']) {
      const res = await api.call(`/api/meetings/${HELD}/protocol/sign`, { as: p, method: 'POST' });
      expect(res.status, p).toBe(403);
      expect(res.json.message).toBe('Bara sekreteraren, justeraren och ordföranden undertecknar protokollet.');
    }
    expect((await api.call(`/api/meetings/${HELD}/protocol/sign`, { as: 'vice', method: 'POST' })).json.signatures).toEqual([
      { name: 'Nils Berglund', role: 'justerare', signedAt: expect.any(String) },
    ]);
  });
});
