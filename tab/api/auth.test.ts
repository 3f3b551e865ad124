/**
 * Teams SSO sign-in of the tab's API (SPEC §9), over real HTTP with tokens signed by a local key
 * pair: signature, issuer, audience, expiry, scope and tenant are each checked; the token's `oid`
 * names the roster person; X-Dev-User is refused once Entra is configured; tokens are never logged.
 */
import { Writable } from 'node:stream';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from '../../test/tab-api/harness.js';
import { HELD, NOW, seedFixture } from '../../test/tab-api/fixture.js';
import { audienceMatches } from './auth.js';

const CLIENT_ID = '11111111-2222-4333-8444-555555555555';
const TENANT_ID = '99999999-8888-4777-8666-555555555555';
const OTHER_TENANT = '00000000-0000-4000-8000-000000000000';
const V2_ISSUER = `https://login.microsoftonline.com/${TENANT_ID}/v2.0`;
const V1_ISSUER = `https://sts.windows.net/${TENANT_ID}/`;
const KID = 'test-key-1';

let signingKey: CryptoKey;
let otherKey: CryptoKey;
let api: ApiHarness;
const logLines: string[] = [];

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  signingKey = pair.privateKey;
  otherKey = (await generateKeyPair('RS256')).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  api = await startApi({
    seed: seedFixture,
    now: () => NOW,
    entra: { clientId: CLIENT_ID, tenantId: TENANT_ID },
    jwks: createLocalJWKSet({ keys: [jwk] }),
    logger: pino({ level: 'trace' }, sink),
  });
});

afterAll(async () => api?.close());

interface TokenOptions {
  key?: CryptoKey;
  issuer?: string;
  audience?: string | string[];
  /** Seconds from now; negative for a token already expired. */
  expiresIn?: number;
  claims?: JWTPayload;
}

/** A token as Entra issues it for Teams SSO, for the roster person `person` (oid `aad-<person>`). */
async function token(person: string, o: TokenOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ oid: `aad-${person}`, tid: TENANT_ID, scp: 'access_as_user', name: person, ver: '2.0', ...o.claims })
    .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
    .setIssuer(o.issuer ?? V2_ISSUER)
    .setAudience(o.audience ?? CLIENT_ID)
    .setIssuedAt(now - 60)
    .setNotBefore(now - 60)
    .setExpirationTime(now + (o.expiresIn ?? 3600))
    .sign(o.key ?? signingKey);
}

const bearer = (t: string) => ({ headers: { Authorization: `Bearer ${t}` } });

describe('a valid Teams SSO token', () => {
  it('signs in the roster person whose aadObjectId is the token’s oid (v2 token, client id audience)', async () => {
    const res = await api.call('/api/me', bearer(await token('sekr')));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ person: 'sekr', name: 'Hanna Strömberg', memberships: [{ body: 'lsg', tabRole: 'secretary' }] });
  });

  it('also as a v1 token with the App ID URI as audience', async () => {
    const t = await token('led-dor', { issuer: V1_ISSUER, audience: `api://samverkan.example.org/${CLIENT_ID}`, claims: { ver: '1.0' } });
    const res = await api.call(`/api/meetings/${HELD}`, bearer(t));
    expect(res.status).toBe(200);
    expect(res.json.tabRole).toBe('member');
  });

  it('also a little after expiry (clock tolerance)', async () => {
    expect((await api.call('/api/me', bearer(await token('sekr', { expiresIn: -30 })))).status).toBe(200);
  });

  it('reads the case flow even for a person in no body, but not a body’s meetings', async () => {
    const t = await token('outsider');
    expect((await api.call('/api/cases', bearer(t))).status).toBe(200);
    const res = await api.call(`/api/meetings/${HELD}/protocol`, bearer(t));
    expect(res.status).toBe(403);
    expect(res.json.error).toBe('forbidden');
  });
});

describe('a token that must be refused (401)', () => {
  const cases: [string, () => Promise<string>][] = [
    ['wrong issuer', () => token('sekr', { issuer: 'https://login.microsoftonline.com/common/v2.0' })],
    ['issuer of another tenant', () => token('sekr', { issuer: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` })],
    ['wrong audience', () => token('sekr', { audience: '22222222-2222-4333-8444-555555555555' })],
    ['App ID URI of another app', () => token('sekr', { audience: 'api://samverkan.example.org/22222222-2222-4333-8444-555555555555' })],
    ['bare api:// prefix', () => token('sekr', { audience: `api:///${CLIENT_ID}` })],
    ['expired', () => token('sekr', { expiresIn: -600 })],
    ['missing scope', () => token('sekr', { claims: { scp: undefined } })],
    ['another scope', () => token('sekr', { claims: { scp: 'User.Read' } })],
    ['signed by another key', () => token('sekr', { key: otherKey })],
    ['wrong tenant claim', () => token('sekr', { claims: { tid: OTHER_TENANT } })],
    ['no oid', () => token('sekr', { claims: { oid: undefined } })],
    ['not a JWT', async () => 'abc.def.ghi'],
  ];

  for (const [what, make] of cases) {
    it(what, async () => {
      const res = await api.call('/api/me', bearer(await make()));
      expect(res.status).toBe(401);
      expect(res.json).toMatchObject({ error: 'unauthenticated', message: expect.stringMatching(/Logga in/) });
      expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    });
  }

  it('says so when the token has expired', async () => {
    const res = await api.call('/api/me', bearer(await token('sekr', { expiresIn: -600 })));
    expect(res.json.message).toBe('Inloggningen har gått ut. Logga in igen.');
  });

  it('no token at all', async () => {
    const res = await api.call('/api/me');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('an unsigned token (alg none)', async () => {
    const part = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const unsigned = `${part({ alg: 'none' })}.${part({ oid: 'aad-sekr', tid: TENANT_ID, scp: 'access_as_user', iss: V2_ISSUER, aud: CLIENT_ID, exp: Math.floor(Date.now() / 1000) + 600 })}.`;
    expect((await api.call('/api/me', bearer(unsigned))).status).toBe(401);
  });
});

describe('with Entra configured', () => {
  it('refuses X-Dev-User (401), with or without a token, on every protocol URL', async () => {
    const urls = [`/api/me`, `/api/meetings/${HELD}/protocol`, `/api/meetings/${HELD}/protocol.html`, `/api/meetings/${HELD}/protocol.pdf`, `/api/meetings/${HELD}/protocol.docx`];
    const good = await token('sekr');
    for (const url of urls) {
      const alone = await api.call(url, { as: 'sekr' });
      expect(alone.status, url).toBe(401);
      expect(alone.json.message).toContain('X-Dev-User');
      const withToken = await api.call(url, { as: 'sekr', headers: { Authorization: `Bearer ${good}` } });
      expect(withToken.status, url).toBe(401);
    }
    expect((await api.call(`/api/meetings/${HELD}/protocol.pdf`, bearer(good))).status).toBe(200);
  });

  it('answers 403 in Swedish for a valid token of someone not in the roster', async () => {
    const res = await api.call('/api/me', bearer(await token('stranger')));
    expect(res.status).toBe(403);
    expect(res.json).toEqual({ error: 'forbidden', message: expect.stringContaining('finns inte med i någon deltagarlista') });
  });

  it('lets the domain refuse a member finalising the protocol (403)', async () => {
    const res = await api.call(`/api/meetings/${HELD}/protocol/finalise`, { method: 'POST', ...bearer(await token('led-dor')) });
    expect(res.status).toBe(403);
    expect(res.json).toEqual({ error: 'forbidden', message: 'Bara sekreteraren eller ordföranden kan fastställa protokollet.' });
    expect(await api.store.protocols.list()).toEqual([]);
  });

  it('tells the tab its mode and client id, and has no demo users', async () => {
    expect((await api.call('/api/config')).json).toMatchObject({ mode: 'entra', clientId: CLIENT_ID });
    expect((await api.call('/api/dev/users')).status).toBe(404);
  });

  it('never logs a token, only why it was refused', async () => {
    const t = await token('sekr', { audience: 'someone-else' });
    await api.call('/api/me', bearer(t));
    const logs = logLines.join('');
    expect(logs).toContain('"reason":"audience"');
    expect(logs).not.toContain(t.split('.')[1]!);
    expect(logs).not.toContain(t.split('.')[2]!);
  });
});

describe('audienceMatches', () => {
  it('takes the client id, or an App ID URI that ends in it', () => {
    expect(audienceMatches(CLIENT_ID, CLIENT_ID)).toBe(true);
    expect(audienceMatches(`api://tab.example.org/${CLIENT_ID}`, CLIENT_ID)).toBe(true);
    expect(audienceMatches(`api://tab.example.org/x${CLIENT_ID}`, CLIENT_ID)).toBe(false);
    expect(audienceMatches(`https://tab.example.org/${CLIENT_ID}`, CLIENT_ID)).toBe(false);
    expect(audienceMatches(`api://${CLIENT_ID}/other`, CLIENT_ID)).toBe(false);
  });
});
