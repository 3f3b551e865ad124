/**
 * What the Graph store must do beyond the contract: its traffic (User-Agent, indexed filters,
 * paging, batching), throttling and lost answers, start-up checks, provisioning, protocol
 * files, delta, credentials and configuration. All against the fake Graph.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from '../../core/store/contract.js';
import { GraphThrottledError, VERSION } from '../../core/store/graph/client.js';
import { ProtocolFileExistsError, protocolFileName } from '../../core/store/graph/files.js';
import { graphClient, openGraphStore, StoreSetupError } from '../../core/store/graph/graph-store.js';
import { main as provisionCli } from '../../core/store/graph/provision-cli.js';
import { provision } from '../../core/store/graph/provision.js';
import { LISTS } from '../../core/store/graph/schema.js';
import { readGraphEnv } from '../../core/store/graph/settings.js';
import { mutate, upsert } from '../../core/store/store.js';
import type { ConfigError} from '../../server/config.js';
import { loadConfig } from '../../server/config.js';
import type { FakeGraph } from '../support/fake-graph/fake-graph.js';
import { CLIENT_ID, TENANT, freshSite, graphEnv, graphStore, settingsFor, startFake } from './graph-fixture.js';

let fake: FakeGraph;
beforeAll(async () => {
  fake = await startFake();
});
afterAll(async () => {
  await fake.stop();
});

const DECISION = 'meeting-1|1';

describe('Graph store traffic', () => {
  it('names itself NONISV|<org>|Samverkan/<version>, filters on indexed columns and follows every page', async () => {
    const { store } = await graphStore(fake);
    fake.resetMeter();
    for (let i = 1; i <= 60; i++) await store.ballots.create(fixtures.ballots(i));
    const listed = await store.ballots.list({ field: 'decision', equals: DECISION });
    expect(listed).toHaveLength(60);
    expect(new Set(fake.events.map((e) => e.userAgent))).toEqual(new Set([`NONISV|Region Testland|Samverkan/${VERSION}`]));
    const queries = fake.events.filter((e) => e.method === 'GET' && e.path.endsWith('/items'));
    expect(queries.length).toBeGreaterThanOrEqual(Math.ceil(60 / fake.pageLimit));
  });

  it('gathers concurrent calls into batches of at most 20', async () => {
    const { store } = await graphStore(fake);
    fake.resetMeter();
    await Promise.all(Array.from({ length: 45 }, (_, i) => store.activities.create(fixtures.activities(i + 1))));
    expect(fake.meter.batches).toBeGreaterThanOrEqual(3);
    expect(fake.meter.httpRequests).toBeLessThan(45);
    expect(await store.activities.list()).toHaveLength(45);
  });

  it('reads a known record by item id: a single-item read, not a query', async () => {
    const { store } = await graphStore(fake);
    await store.meetings.create(fixtures.meetings(1));
    fake.resetMeter();
    expect((await store.meetings.get('meeting-1'))?.value.key).toBe('meeting-1');
    expect(fake.meter.byKind).toEqual({ 'read item': { count: 1, ru: 1 } });
  });

  it('keeps keys that differ only in case apart, and long filter values', async () => {
    const { store } = await graphStore(fake);
    await store.activities.create(fixtures.activities(1, { key: 'Activity-AbC' }));
    await store.activities.create(fixtures.activities(2, { key: 'activity-abc' }));
    expect((await store.activities.get('Activity-AbC'))?.value.answer).toEqual({ text: 'Din röst är registrerad.', count: 1 });
    expect((await store.activities.get('activity-abc'))?.value.answer).toEqual({ text: 'Din röst är registrerad.', count: 2 });
    const chat = `19:${'x'.repeat(300)}@thread.v2`;
    await store.meetings.create(fixtures.meetings(1, { chatId: chat }));
    await store.meetings.create(fixtures.meetings(2, { chatId: chat.toUpperCase() }));
    expect((await store.meetings.list({ field: 'chatId', equals: chat })).map((m) => m.value.key)).toEqual(['meeting-1']);
  });

  it('keeps a record longer than one multi-line column', async () => {
    const { store } = await graphStore(fake);
    const content = 'Beslut: bifall. '.repeat(9_000);
    const created = await store.protocols.create(fixtures.protocols(1, { content }));
    expect((await store.protocols.get(created.value.key))?.value.content).toBe(content);
  });
});

describe('throttling and lost answers', () => {
  it('waits out a 429 on a single request (Retry-After) and then succeeds', async () => {
    const { store } = await graphStore(fake);
    await store.cases.create(fixtures.cases(1));
    fake.resetMeter();
    fake.injectFault({ method: 'GET', path: '/items', status: 429, retryAfterSeconds: 1, times: 1, where: 'direct' });
    expect((await store.cases.get('case-1'))?.value.key).toBe('case-1');
    const [throttled, retried] = fake.events;
    expect(throttled?.status).toBe(429);
    expect(retried!.at - throttled!.at).toBeGreaterThanOrEqual(990);
  });

  it('re-sends sub-requests answered 429 inside batches: 200 voters, nothing lost or doubled', async () => {
    const { store } = await graphStore(fake);
    fake.resetMeter();
    fake.injectFault({ method: 'POST', path: '/items', status: 429, retryAfterSeconds: 1, times: 25, where: 'batch' });
    fake.injectFault({ method: 'GET', path: '/items', status: 503, retryAfterSeconds: 1, times: 10, where: 'batch' });
    await Promise.all(
      Array.from({ length: 200 }, (_, n) => {
        const ballot = fixtures.ballots(n + 1);
        return upsert(store.ballots, ballot.key, () => ballot, (c) => ({ ...c, changes: c.changes + 1 }));
      }),
    );
    expect(fake.meter.throttled).toBe(35);
    const ballots = await store.ballots.list({ field: 'decision', equals: DECISION });
    expect(ballots).toHaveLength(200);
    expect(ballots.every((b) => b.value.changes === 0)).toBe(true);
  });

  it('a create whose answer was lost (504 after the write) is retried and yields one record, reported as created', async () => {
    const { store, site } = await graphStore(fake, { coalesce: false });
    fake.injectFault({ method: 'POST', path: '/items', status: 504, times: 1 });
    const created = await store.ballots.create(fixtures.ballots(1));
    expect(created.value.person).toBe('person-1');
    expect(fake.rawItems(site.id, LISTS.ballots.name)).toHaveLength(1);
    await expect(store.ballots.update({ ...created.value, changes: 1 }, created.etag)).resolves.toMatchObject({ value: { changes: 1 } });
  });

  it('an update whose answer was lost is counted once, not re-applied', async () => {
    const { store } = await graphStore(fake, { coalesce: false });
    const created = await store.ballots.create(fixtures.ballots(1));
    fake.injectFault({ method: 'PATCH', path: '/fields', status: 504, times: 1 });
    await mutate(store.ballots, created.value.key, (c) => ({ ...c, changes: c.changes + 1 }));
    expect((await store.ballots.get(created.value.key))?.value.changes).toBe(1);
  });

  it('gives up with a clear error when throttling outlasts the allowed total wait', async () => {
    const { store } = await graphStore(fake, { maxThrottleWaitMs: 1_500, coalesce: false });
    fake.injectFault({ method: 'GET', status: 429, retryAfterSeconds: 1, times: 5 });
    const err = await store.cases.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphThrottledError);
    expect((err as Error).message).toMatch(/throttling this app \(HTTP 429\).*waited 1 s in total, the most allowed is 2 s/);
    fake.injectFault({ method: 'GET', status: 429, retryAfterSeconds: 0, times: 0 });
  });
});

describe('start-up checks', () => {
  it('say which lists are missing and how to create them', async () => {
    const site = await freshSite(fake, { provision: false });
    const err = (await openGraphStore(settingsFor(fake, site.url)).catch((e: unknown) => e)) as StoreSetupError;
    expect(err).toBeInstanceOf(StoreSetupError);
    expect(err.problems).toContain(`list ${LISTS.ballots.name} is missing`);
    expect(err.message).toContain(`npm run provision -- --site ${site.url}`);
  });

  it('say when the app may read but not write, or has no access to the site at all', async () => {
    const site = await freshSite(fake, { role: 'read' });
    await expect(openGraphStore(settingsFor(fake, site.url))).rejects.toThrow(/can read the site but not write to it \(403\)/);
    fake.grant(site.id, CLIENT_ID, null);
    await expect(openGraphStore(settingsFor(fake, site.url))).rejects.toThrow(/no access to the site .* \(403\).*Sites\.Selected/);
    await expect(openGraphStore(settingsFor(fake, 'https://contoso.sharepoint.com/sites/no-such-site'))).rejects.toThrow(/no SharePoint site .* \(404\)/);
  });

  it('name a column that lost its index', async () => {
    const site = await freshSite(fake);
    const lists = await graphClient(settingsFor(fake, site.url)).all<{ id: string; name: string }>(`/sites/${site.id}/lists`);
    const ballots = lists.find((l) => l.name === LISTS.ballots.name)!;
    const client = graphClient(settingsFor(fake, site.url));
    fake.grant(site.id, CLIENT_ID, 'manage');
    const columns = await client.all<{ id: string; name: string }>(`/sites/${site.id}/lists/${ballots.id}/columns`);
    const decision = columns.find((c) => c.name === 'SvDecision')!;
    await client.ok({ method: 'PATCH', path: `/sites/${site.id}/lists/${ballots.id}/columns/${decision.id}`, body: { indexed: false } });
    await expect(openGraphStore(settingsFor(fake, site.url))).rejects.toThrow(`list ${LISTS.ballots.name}: column SvDecision is not indexed`);
    const report = await provision(client, site.url);
    expect(report.created).toEqual([`list ${LISTS.ballots.name} (existed): indexed column SvDecision`]);
    await expect(openGraphStore(settingsFor(fake, site.url))).resolves.toBeDefined();
  });
});

describe('provisioning', () => {
  it('creates everything once, and a second run finds everything there', async () => {
    const site = await freshSite(fake, { provision: false });
    fake.grant(site.id, CLIENT_ID, 'manage');
    const env = { ...graphEnv(fake, site.url), GRAPH_SITE: '' };
    const out: string[] = [];
    expect(await provisionCli(['--site', site.url], env, (l) => out.push(l), (l) => out.push(l))).toBe(0);
    expect(out.filter((l) => l.startsWith('created: list '))).toHaveLength(Object.keys(LISTS).length);
    expect(out).toContain(`created: list ${LISTS.ballots.name}: SvKey (unique), SvUnique (unique), SvDecision (indexed), SvMeeting (indexed), SvData1, SvData2, SvData3, SvData4, SvWrite`);
    expect(out).toContain('created: folder Protokoll in the document library');
    out.length = 0;
    expect(await provisionCli(['--site', site.url], env, (l) => out.push(l), (l) => out.push(l))).toBe(0);
    expect(out.at(-1)).toBe('Nothing to do: everything was already there.');
    expect(out.filter((l) => l.startsWith('already there: '))).toHaveLength(Object.keys(LISTS).length + 1);
  });

  it('refuses wrong usage and a missing credential', async () => {
    const err: string[] = [];
    expect(await provisionCli([], {}, () => undefined, (l) => err.push(l))).toBe(2);
    expect(await provisionCli(['--site', 'x'], { GRAPH_TENANT_ID: TENANT, GRAPH_CLIENT_ID: CLIENT_ID }, () => undefined, (l) => err.push(l))).toBe(1);
    expect(err.at(-1)).toMatch(/GRAPH_CLIENT_SECRET: or GRAPH_CERT_THUMBPRINT/);
  });
});

describe('protocol files and delta', () => {
  it('writes protocol files with conflict behaviour fail and hands out a download URL', async () => {
    const { store, site } = await graphStore(fake);
    const name = protocolFileName('lsg-2025-03-12', 1, 'signed', 'pdf');
    const file = await store.protocolFiles.put(name, Buffer.from('%PDF-1.7 justerat'), 'pdf');
    await expect(store.protocolFiles.put(name, Buffer.from('%PDF-1.7 annat'), 'pdf')).rejects.toBeInstanceOf(ProtocolFileExistsError);
    expect(fake.file(site.id, `Protokoll/${name}`)?.toString()).toBe('%PDF-1.7 justerat');
    expect(await (await fetch(file.downloadUrl!)).text()).toBe('%PDF-1.7 justerat');
    expect((await store.protocolFiles.find(name))?.webUrl).toBe(file.webUrl);
    expect(await store.protocolFiles.find('missing.pdf')).toBeNull();
  });

  it('follows a list by delta (one cheap call when nothing changed) and starts over on 410', async () => {
    const { store, site } = await graphStore(fake);
    for (let i = 1; i <= 30; i++) await store.cases.create(fixtures.cases(i));
    const first = await store.changes('cases', null);
    expect(first.full).toBe(true);
    expect(first.changed).toHaveLength(30);
    fake.resetMeter();
    const quiet = await store.changes('cases', first.cursor);
    expect(quiet).toMatchObject({ changed: [], removed: [], full: false });
    expect(fake.meter.resourceUnits).toBe(1);
    const c5 = (await store.cases.get('case-5'))!;
    await store.cases.update({ ...c5.value, status: 'avslutat' }, c5.etag);
    await store.cases.remove('case-6');
    const next = await store.changes('cases', quiet.cursor);
    expect(next.changed.map((c) => [c.value.key, c.value.status])).toEqual([['case-5', 'avslutat']]);
    expect(next.removed).toEqual(['case-6']);
    fake.expireDeltaTokens(site.id, LISTS.cases.name);
    const restarted = await store.changes('cases', next.cursor);
    expect(restarted.full).toBe(true);
    expect(restarted.changed).toHaveLength(29);
  });
});

describe('credentials and settings', () => {
  it('signs in with a certificate (thumbprint + PEM key) through MSAL', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'samverkan-cert-'));
    try {
      const keyFile = path.join(dir, 'graph.pem');
      writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
      const thumbprint = 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678';
      fake.addApp({ clientId: 'cert-app', certificate: { thumbprint, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() } });
      const site = await freshSite(fake);
      fake.grant(site.id, 'cert-app', 'write');
      const { settings, problems } = readGraphEnv({
        ...graphEnv(fake, site.url),
        GRAPH_CLIENT_ID: 'cert-app',
        GRAPH_CLIENT_SECRET: '',
        GRAPH_CERT_THUMBPRINT: thumbprint,
        GRAPH_CERT_KEY_FILE: keyFile,
      });
      expect(problems).toEqual([]);
      const store = await openGraphStore(settings!);
      expect(await store.health()).toEqual({ ok: true, kind: 'graph' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('STORE=graph needs site, tenant, client and exactly one whole credential, never echoing the secret', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig({ STORE: 'graph', ...env });
        return [];
      } catch (err) {
        return (err as ConfigError).problems;
      }
    };
    expect(problems({})).toEqual(
      expect.arrayContaining([expect.stringMatching(/^GRAPH_SITE: is required/), expect.stringMatching(/^GRAPH_TENANT_ID: is required/), expect.stringMatching(/^GRAPH_CLIENT_ID: is required/)]),
    );
    const base = { GRAPH_SITE: 'https://contoso.sharepoint.com/sites/lsg', GRAPH_TENANT_ID: TENANT, GRAPH_CLIENT_ID: CLIENT_ID };
    expect(problems({ ...base, GRAPH_CERT_THUMBPRINT: 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678' })).toEqual([
      'GRAPH_CERT_KEY_FILE: is required with the other certificate setting',
    ]);
    const both = problems({ ...base, GRAPH_CLIENT_SECRET: 'hemligt-värde', GRAPH_MANAGED_IDENTITY_CLIENT_ID: 'mi' });
    expect(both).toEqual([expect.stringContaining('give one credential only')]);
    expect(both.join()).not.toContain('hemligt-värde');
    const config = loadConfig({ STORE: 'graph', ...base, GRAPH_MANAGED_IDENTITY_CLIENT_ID: 'mi-client' }, '/srv');
    expect(config.graph).toEqual({
      site: base.GRAPH_SITE,
      tenantId: TENANT,
      clientId: CLIENT_ID,
      credential: { kind: 'managedIdentity', identityClientId: 'mi-client' },
      baseUrl: 'https://graph.microsoft.com/v1.0',
      tokenUrl: null,
      org: TENANT,
    });
    expect(config.demo).toBe(false);
    expect(loadConfig({ ...base, GRAPH_CLIENT_SECRET: 'x' }).graph).toBeUndefined();
  });
});
