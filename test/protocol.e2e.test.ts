/**
 * The protocol from the meeting chat to the signed PDF, through the real server process: a meeting
 * run by the bot, finalised in the tab's API, the signing card posted in the meeting chat (the
 * ProtocolNotifier of the bot), signed once from that card (justerare) and twice from the tab
 * (sekreterare, ordförande), then downloaded as PDF at the normative URL and read with pdftotext.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { protocolLines } from '../core/domain/protocol-text.js';
import type { ProtocolDocument } from '../core/domain/protocol.js';
import { BotClient, buttonTitles, cardText, type TeamsUser } from './support/bot-client.js';
import { startE2E, waitFor, type E2E, type Seat } from './support/roster-fixture.js';
import { firstOutOfOrder, toolsPresent } from './export/tools.js';

let e2e: E2E;

async function say(user: TeamsUser, text: string) {
  const res = await e2e.client.post(e2e.client.message(user, text, { mention: true }));
  expect(res.status).toBe(200);
}

async function press(user: TeamsUser, verb: string, data: Record<string, unknown>) {
  const res = await e2e.client.post(e2e.client.action(user, verb, { meeting: e2e.fixture.meetingKey, ...data }));
  return cardText(BotClient.card(res));
}

/** The tab's API as a person of the roster (local mode: X-Dev-User names them). */
async function tab(as: Seat | null, route: string, init: { method?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = {};
  if (as) headers['X-Dev-User'] = as.user.aadObjectId;
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${e2e.product.url}/api/meetings/${encodeURIComponent(e2e.fixture.meetingKey)}${route}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return res;
}

beforeAll(async () => {
  e2e = await startE2E({ members: 9, absentWithSubstitute: 5 }, { CARD_UPDATE_INTERVAL_MS: '100' });
  const f = e2e.fixture;
  await say(f.chair.user, 'upprop');
  await press(f.chair.user, 'meeting.link', {});
  await say(f.chair.user, 'upprop');
  for (const p of [...f.members.filter((_, i) => i !== 5), f.substitute, f.secretary]) {
    expect(await press(p.user, 'rollcall.checkIn', {})).toContain('Du är incheckad.');
  }
  await press(f.chair.user, 'rollcall.close', {});
  await say(f.chair.user, 'dagordning');
  await press(f.chair.user, 'agenda.approve', {});
  await say(f.chair.user, 'beslut 33');
  for (const p of f.members.filter((_, i) => i !== 5)) await press(p.user, 'decision.vote', { item: 33, choice: 'bifall' });
  await press(f.substitute.user, 'decision.vote', { item: 33, choice: 'avslag' });
  expect(await press(f.chair.user, 'decision.close', { item: 33 })).toContain('Omröstningen är avslutad.');
});
afterAll(async () => {
  await e2e?.stop();
});

describe('from the meeting chat to the signed PDF', () => {
  it('keeps every protocol URL behind sign-in', async () => {
    for (const route of ['/protocol', '/protocol.html', '/protocol.pdf', '/protocol.docx']) {
      expect((await tab(null, route)).status, route).toBe(401);
    }
  });

  it('refuses a member finalising, then the secretary finalises and the bot asks for signatures in the chat', async () => {
    const f = e2e.fixture;
    const member = f.members[2]!;
    const refused = await tab(member, '/protocol/finalise', { method: 'POST', body: {} });
    expect(refused.status).toBe(403);

    const before = e2e.connector.sent.length;
    const finalised = await tab(f.secretary, '/protocol/finalise', { method: 'POST', body: {} });
    expect(finalised.status).toBe(201);
    expect(await finalised.json()).toMatchObject({ version: 1, status: 'finalised', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const posted = await waitFor('the signing card in the chat', () =>
      e2e.connector.sent.slice(before).find((s) => cardText((s.activity as { attachments?: { content: unknown }[] }).attachments?.[0]?.content ?? {}).includes('Fastställt, version 1')),
    );
    const card = (posted.activity as { attachments: { content: unknown }[] }).attachments[0]!.content;
    expect(posted.conversation).toBe(e2e.client.conversationId);
    expect(buttonTitles(card)).toContain('Underteckna protokollet');
  });

  it('is signed from the chat card by the justerare and in the tab by the secretary and the chair', async () => {
    const f = e2e.fixture;
    // The justerare presses the card's button; a press on a stale version would be refused.
    expect(await press(f.vice.user, 'protocol.sign', { version: 1 })).toContain('Du har undertecknat protokollet.');
    expect(await press(f.members[3]!.user, 'protocol.sign', { version: 1 })).toMatch(/sekreteraren, justeraren och ordföranden/);

    for (const signer of [f.secretary, f.chair]) {
      const res = await tab(signer, '/protocol/sign', { method: 'POST', body: {} });
      expect(res.status, signer.name).toBe(200);
    }
    const doc = (await (await tab(f.members[0]!, '/protocol')).json()) as ProtocolDocument;
    expect(doc.status).toBe('signed');
    expect(doc.signatures.map((s) => s.role).sort()).toEqual(['justerare', 'ordförande', 'sekreterare']);
  });

  it('serves the signed PDF at the normative URL with the protocol lines in order', async () => {
    const f = e2e.fixture;
    const doc = (await (await tab(f.secretary, '/protocol')).json()) as ProtocolDocument;
    const pdf = await tab(f.secretary, '/protocol.pdf');
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    if (!toolsPresent(['pdftotext'], 'the signed PDF read as text')) return;

    const dir = mkdtempSync(path.join(os.tmpdir(), 'protocol-e2e-'));
    try {
      writeFileSync(path.join(dir, 'p.pdf'), bytes);
      const { stdout: text } = await promisify(execFile)('pdftotext', ['-layout', path.join(dir, 'p.pdf'), '-']);
      const expected = protocolLines(doc);
      expect(expected).toContain('UNDERSKRIFTSSIDA');
      expect(firstOutOfOrder(text, expected)).toBeNull();
      expect(text).toContain(`${f.substitute.name}`);
      expect(text).toMatch(/Omröstning: Bifall 8, Avslag 1, Avstår 0/);
      expect(text).toContain(doc.sha256!);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
