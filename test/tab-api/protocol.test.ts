/**
 * The protocol URLs of SPEC §7 (normative) and the protocol's life in the tab (SPEC §6): the
 * live draft, finalising into a version (and telling the signers), signing by sekreterare,
 * justerare and ordförande, a correction as a new version that leaves the signed one unchanged.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProtocolNotifier } from '../../core/domain/notifications.js';
import { startApi, type ApiHarness } from './harness.js';
import { HELD, NOW, seedFixture } from './fixture.js';

const notified: [string, number][] = [];
const notifier: ProtocolNotifier = {
  async protocolFinalised(meeting, version) {
    notified.push([meeting, version]);
  },
};

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi({ seed: seedFixture, now: () => NOW, notifier });
});
afterAll(async () => api?.close());

const url = (suffix = '') => `/api/meetings/${HELD}/protocol${suffix}`;
const post = (suffix: string, as: string) => api.call(url(suffix), { as, method: 'POST' });

describe('GET /api/meetings/<key>/protocol', () => {
  it('serves the live draft in the shape of SPEC §7', async () => {
    const res = await api.call(url(), { as: 'led-dor' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const p = res.json;
    expect(Object.keys(p).sort()).toEqual(['attendance', 'items', 'meeting', 'sha256', 'signatures', 'status', 'version']);
    expect(p.meeting).toEqual({
      key: HELD,
      body: 'lsg',
      bodyName: 'Länssamverkansgruppen',
      dnr: 'HSN 12-3-2026',
      start: '2026-03-12T08:00:00+01:00',
      end: '2026-03-12T09:30:00+01:00',
      place: 'Teams',
    });
    expect([p.status, p.version, p.sha256, p.signatures]).toEqual(['draft', null, null, []]);

    const keys = ['fromItem', 'justerare', 'name', 'organisation', 'party', 'role', 'status', 'substituteFor', 'title', 'untilItem'];
    for (const row of p.attendance) expect(Object.keys(row).sort()).toEqual(keys);
    const byName = new Map(p.attendance.map((a: { name: string }) => [a.name, a]));
    expect(byName.get('Nils Berglund')).toEqual({
      name: 'Nils Berglund',
      party: null,
      organisation: 'Umeå kommun',
      role: 'vice ordförande',
      title: null,
      status: 'present',
      substituteFor: null,
      fromItem: null,
      untilItem: null,
      justerare: true,
    });
    expect(byName.get('Arvid Eklund')).toMatchObject({ status: 'absent' });
    expect(byName.get('Rut Almgren')).toMatchObject({ status: 'guest' });

    expect(p.items.map((i: { number: number }) => i.number)).toEqual([14, 15, 16, 17]);
    const vote = p.items[1];
    expect(vote).toMatchObject({ number: 15, title: 'Vårdhygienavtal', kind: 'beslut', presenter: 'AU', text: 'AU presenterade förslaget till nytt vårdhygienavtal.' });
    expect(Object.keys(vote.decision).sort()).toEqual(['ballots', 'byPrincipal', 'reservations', 'result', 'sentence', 'status', 'tally', 'type']);
    expect(vote.decision).toMatchObject({
      type: 'vote',
      sentence: 'Länssamverkansgruppen beslutade att godkänna förslaget till nytt vårdhygienavtal.',
      result: 'bifall',
      tally: { bifall: 3, avslag: 1, avstar: 1 },
      byPrincipal: [],
      reservations: ['Ove Nyström'],
    });
    expect(vote.decision.ballots).toEqual(
      expect.arrayContaining([
        { name: 'Maja Lindqvist', choice: 'bifall' },
        { name: 'Ove Nyström', choice: 'avslag' },
        { name: 'Kerstin Holm', choice: 'avstar' },
      ]),
    );
    const consent = p.items[2].decision;
    expect(consent).toMatchObject({ type: 'inriktningsbeslut', result: 'enig', tally: { bakom: 5, invandning: 0, avstar: 0 } });
    expect(consent.byPrincipal).toEqual(expect.arrayContaining([{ organisation: 'Region Västerbotten', choice: 'bakom' }, { organisation: 'Umeå kommun', choice: 'bakom' }]));
    expect(p.items[0]).toMatchObject({ kind: 'information', decision: null, sentence: 'Länssamverkansgruppen godkände informationen.' });
  });

  it('serves the same content as HTML, PDF and DOCX', async () => {
    const html = await api.call(url('.html'), { as: 'sekr' });
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('cache-control')).toBe('no-store');
    expect(html.bytes.toString('utf8')).toContain('Vårdhygienavtal');
    const pdf = await api.call(url('.pdf'), { as: 'sekr' });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toBe('attachment; filename="protokoll-lsg-2026-03-12-utkast.pdf"');
    expect(pdf.headers.get('cache-control')).toBe('no-store');
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const docx = await api.call(url('.docx'), { as: 'sekr' });
    expect(docx.status).toBe(200);
    expect(docx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(docx.headers.get('content-disposition')).toBe('attachment; filename="protokoll-lsg-2026-03-12-utkast.docx"');
    expect(docx.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect((await api.call(`/api/meetings/${HELD}/protocol.txt`, { as: 'sekr' })).status).toBe(400);
  });

  it('is behind sign-in on every URL (401)', async () => {
    const urls: [string, string][] = [
      ['GET', url()],
      ['GET', url('.html')],
      ['GET', url('.pdf')],
      ['GET', url('.docx')],
      ['GET', url('/versions')],
      ['POST', url('/finalise')],
      ['POST', url('/sign')],
      ['GET', '/api/meetings/finns-inte/protocol.pdf'],
    ];
    for (const [method, u] of urls) {
      const res = await api.call(u, { method });
      expect(res.status, `${method} ${u}`).toBe(401);
      expect(res.json.error).toBe('unauthenticated');
    }
  });
});

describe('finalising and signing', () => {
  let v1: { sha256: string };

  it('offers finalising to the secretary while the draft is new', async () => {
    const versions = await api.call(url('/versions'), { as: 'sekr' });
    expect(versions.json).toEqual({ versions: [], draftChanged: true, canFinalise: true, canSign: [] });
    expect((await api.call(url('/versions'), { as: 'vice' })).json.canFinalise).toBe(false);
  });

  it('freezes the draft as version 1 and sends it for signing once', async () => {
    const res = await post('/finalise', 'sekr');
    expect(res.status).toBe(201);
    expect(res.json).toEqual({
      version: 1,
      status: 'finalised',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      finalisedAt: NOW.toISOString(),
      finalisedBy: 'Hanna Strömberg',
      corrects: null,
      signatures: [],
    });
    v1 = res.json;
    expect(notified).toEqual([[HELD, 1]]);
    // Unchanged content is not frozen twice, nor sent again.
    const again = await post('/finalise', 'ordf');
    expect(again.status).toBe(200);
    expect(again.json.version).toBe(1);
    expect(notified).toEqual([[HELD, 1]]);

    const p = (await api.call(url(), { as: 'led-dor' })).json;
    expect([p.status, p.version, p.sha256]).toEqual(['finalised', 1, v1.sha256]);
    const pdf = await api.call(url('.pdf'), { as: 'sekr' });
    expect(pdf.headers.get('content-disposition')).toBe('attachment; filename="protokoll-lsg-2026-03-12-v1.pdf"');
    expect(pdf.headers.get('etag')).toBe(`"${v1.sha256}-0"`);
    expect((await api.call('/api/meetings?body=lsg', { as: 'sekr' })).json.meetings[0].protocolStatus).toBe('finalised');
    // The agenda is frozen now; corrections go through the item texts.
    const added = await api.call(`/api/meetings/${HELD}/agenda`, { as: 'sekr', method: 'POST', body: { title: 'Övrigt', kind: 'information' } });
    expect(added.status).toBe(409);
    expect(added.json).toEqual({ error: 'conflict', message: expect.stringContaining('Protokollet för mötet är fastställt') });
  });

  it('is signed by sekreterare, justerare and ordförande, each in their own role', async () => {
    expect((await api.call(url('/versions'), { as: 'sekr' })).json).toMatchObject({ draftChanged: false, canFinalise: false, canSign: ['sekreterare'] });
    expect((await api.call(url('/versions'), { as: 'vice' })).json.canSign).toEqual(['justerare']);
    expect((await api.call(url('/versions'), { as: 'ordf' })).json.canSign).toEqual(['ordförande']);
    expect((await api.call(url('/versions'), { as: 'led-dor' })).json.canSign).toEqual([]);

    const s1 = await post('/sign', 'sekr');
    expect(s1.status).toBe(200);
    expect(s1.json).toMatchObject({ version: 1, status: 'finalised', signatures: [{ name: 'Hanna Strömberg', role: 'sekreterare', signedAt: NOW.toISOString() }] });
    expect((await api.call(url('/versions'), { as: 'sekr' })).json.canSign).toEqual([]);
    const wrongRole = await api.call(url('/sign'), { as: 'vice', method: 'POST', body: { role: 'ordförande' } });
    expect(wrongRole.status).toBe(403);
    expect(wrongRole.json.message).toBe('Du undertecknar inte protokollet som ordförande.');
    const badRole = await api.call(url('/sign'), { as: 'vice', method: 'POST', body: { role: 'kassör' } });
    expect(badRole.status).toBe(400);
    expect(badRole.json.issues.map((i: { path: string }) => i.path)).toEqual(['role']);
    const s2 = await api.call(url('/sign'), { as: 'vice', method: 'POST', body: { role: 'justerare' } });
    expect(s2.json).toMatchObject({ status: 'finalised', signatures: [{ role: 'sekreterare' }, { role: 'justerare', name: 'Nils Berglund' }] });
    const s3 = await post('/sign', 'ordf');
    expect(s3.json.status).toBe('signed');
    expect(s3.json.signatures.map((s: { role: string }) => s.role)).toEqual(['sekreterare', 'justerare', 'ordförande']);

    const p = (await api.call(url(), { as: 'adj' })).json;
    expect(p.status).toBe('signed');
    expect(p.signatures[0]).toEqual({
      name: 'Hanna Strömberg',
      role: 'sekreterare',
      signedAt: NOW.toISOString(),
      identity: 'Microsoft Entra ID (sekr@example.org)',
      identityId: 'aad-sekr',
    });
    expect((await api.call('/api/meetings?body=lsg', { as: 'sekr' })).json.meetings[0].protocolStatus).toBe('signed');
    const refused = await post('/sign', 'sekr');
    expect(refused.status).toBe(409);
    expect(refused.json.message).toContain('redan undertecknat');
  });

  it('makes a correction a new version and leaves the signed one as it was', async () => {
    const signed = (await api.store.protocols.get(`${HELD}|v1`))!.value;
    const item = (await api.call(`/api/meetings/${HELD}`, { as: 'sekr' })).json.agenda[1];
    const edit = await api.call(`/api/meetings/${HELD}/agenda/15/text`, {
      as: 'sekr',
      method: 'PUT',
      body: { text: 'AU presenterade förslaget till nytt vårdhygienavtal. Rättelse: avtalet gäller från 1 juli.' },
      headers: { 'If-Match': item.etag },
    });
    expect(edit.status).toBe(200);
    // The signed version is still what the URLs serve until the correction is finalised.
    expect((await api.call(url(), { as: 'sekr' })).json).toMatchObject({ status: 'signed', version: 1 });
    expect((await api.call(url('/versions'), { as: 'sekr' })).json).toMatchObject({ draftChanged: true, canFinalise: true });

    const v2 = await post('/finalise', 'sekr');
    expect(v2.status).toBe(201);
    expect(v2.json).toMatchObject({ version: 2, status: 'finalised', corrects: 1, signatures: [] });
    expect(v2.json.sha256).not.toBe(v1.sha256);
    expect(notified).toEqual([
      [HELD, 1],
      [HELD, 2],
    ]);

    const versions = (await api.call(url('/versions'), { as: 'sekr' })).json;
    expect(versions.versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [1, 'signed'],
      [2, 'finalised'],
    ]);
    expect(versions.versions[0].sha256).toBe(v1.sha256);
    expect(versions.canSign).toEqual(['sekreterare']);
    expect((await api.store.protocols.get(`${HELD}|v1`))!.value).toEqual(signed);

    const p = (await api.call(url(), { as: 'sekr' })).json;
    expect([p.status, p.version]).toEqual(['finalised', 2]);
    expect(p.items[1].text).toContain('Rättelse');
    expect(JSON.parse(signed.content).items[1].text).not.toContain('Rättelse');
  });
});

describe('a notifier that fails', () => {
  it('is logged, and the version still stands', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const failing = await startApi({
      seed: seedFixture,
      now: () => NOW,
      logger: pino({ level: 'info' }, sink),
      notifier: {
        async protocolFinalised() {
          throw new Error('Teams is down');
        },
      },
    });
    try {
      const res = await failing.call(url('/finalise'), { as: 'ordf', method: 'POST' });
      expect(res.status).toBe(201);
      expect(res.json).toMatchObject({ version: 1, finalisedBy: 'Maja Lindqvist' });
      expect(await failing.store.protocols.list()).toHaveLength(1);
      const warning = lines.map((l) => JSON.parse(l) as { msg: string; meeting?: string; version?: number }).find((l) => l.msg === 'could not send the protocol for signing');
      expect(warning).toMatchObject({ meeting: HELD, version: 1 });
    } finally {
      await failing.close();
    }
  });
});
