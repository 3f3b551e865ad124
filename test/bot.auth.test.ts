/**
 * With bot credentials configured (SPEC §9), `POST /api/messages` refuses every request that
 * does not carry a valid Bot Framework token with 401, before anything is handled: no token,
 * a garbage bearer token, another scheme. Nothing reaches the chat or the store. (A JWT-shaped
 * token is not tried: validating it makes the adapter fetch Microsoft's signing keys over the
 * network, which a hermetic test must not do.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './support/roster-fixture.js';

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E(
    { members: 4, teamsMeetingId: 'MCMxOTptZWV0aW5nX2F1dGg' },
    { MICROSOFT_APP_ID: '11111111-2222-4333-8444-555555555555', MICROSOFT_APP_PASSWORD: 'not-a-real-secret' },
  );
});
afterAll(async () => {
  await e2e?.stop();
});

/** POSTs an activity as is; the refusal's body is not JSON, so BotClient.post cannot read it. */
async function postRaw(activity: Record<string, unknown>, headers: Record<string, string>) {
  const res = await fetch(e2e.client.botUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(activity) });
  return { status: res.status, body: await res.text() };
}

describe('the bot endpoint with credentials configured', () => {
  const tokens: [string, Record<string, string>][] = [
    ['no token', {}],
    ['a garbage bearer token', { authorization: 'Bearer garbage.garbage.garbage' }],
    ['a non-bearer scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
  ];

  it.each(tokens)('answers 401 to a message with %s, and does nothing', async (_what, headers) => {
    const client = e2e.client;
    const message = await postRaw(client.message(e2e.fixture.chair.user, 'upprop', { mention: true }), headers);
    expect(message.status).toBe(401);
    const invoke = await postRaw(client.action(e2e.fixture.chair.user, 'rollcall.start', { meeting: e2e.fixture.meetingKey }), headers);
    expect(invoke.status).toBe(401);
    expect(invoke.body).not.toContain('Upprop');
    expect(e2e.connector.sent).toHaveLength(0);
    await e2e.readStore(async (store) => {
      const meeting = (await store.meetings.get(e2e.fixture.meetingKey))!.value;
      expect(meeting).toMatchObject({ chatId: null, rollCall: 'not-started' });
      expect(await store.audit.list({ field: 'meeting', equals: e2e.fixture.meetingKey })).toHaveLength(0);
    });
  });
});

describe('the bot endpoint with a certificate instead of a password', () => {
  it('starts with MICROSOFT_APP_CERT_* and refuses a request without a token with 401', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'samverkan-cert-'));
    const keyFile = path.join(dir, 'bot-key.pem');
    writeFileSync(keyFile, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const withCert = await startE2E(
      { members: 3, teamsMeetingId: 'MCMxOTptZWV0aW5nX2NlcnQ' },
      { MICROSOFT_APP_ID: '11111111-2222-4333-8444-666666666666', MICROSOFT_APP_CERT_THUMBPRINT: 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678', MICROSOFT_APP_CERT_KEY_FILE: keyFile },
    );
    try {
      const res = await fetch(withCert.client.botUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(withCert.client.message(withCert.fixture.chair.user, 'upprop', { mention: true })),
      });
      expect(res.status).toBe(401);
      expect(withCert.connector.sent).toHaveLength(0);
    } finally {
      await withCert.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
