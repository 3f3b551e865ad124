/**
 * The fake Graph's own strictness: it must refuse what the real service refuses (or may
 * refuse), or the Graph store's tests would prove nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeGraph } from '../support/fake-graph/fake-graph.js';
import { CLIENT_ID, SECRET, TENANT, freshSite, startFake } from './graph-fixture.js';
import { LISTS } from '../../core/store/graph/schema.js';

let fake: FakeGraph;
let token: string;
let site: { id: string; url: string };
let ballots: string;

async function getToken(form: Record<string, string>) {
  const res = await fetch(fake.tokenUrl(TENANT), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

async function graph(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${fake.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

const items = () => `/sites/${site.id}/lists/${ballots}/items`;
const create = (key: string, extra: Record<string, string> = {}) => graph('POST', items(), { fields: { SvKey: key, SvDecision: 'd-1', ...extra } });

beforeAll(async () => {
  fake = await startFake();
  site = await freshSite(fake);
  token = (await getToken({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: SECRET, scope: 'https://graph.microsoft.com/.default' })).body.access_token!;
  const lists = await graph('GET', `/sites/${site.id}/lists`);
  ballots = lists.body.value.find((l: { name: string }) => l.name === LISTS.ballots.name).id;
});
afterAll(async () => {
  await fake.stop();
});

describe('fake Graph', () => {
  it('issues tokens only for a registered app with its secret, and Graph refuses requests without one', async () => {
    expect((await getToken({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: 'wrong', scope: 'https://graph.microsoft.com/.default' })).body.error).toBe('invalid_client');
    expect((await getToken({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: SECRET, scope: 'User.Read' })).body.error).toBe('invalid_scope');
    const res = await fetch(`${fake.url}/sites/${site.id}`);
    expect(res.status).toBe(401);
  });

  it('refuses a filter on a column that is not indexed, and a second condition', async () => {
    await create('k-1', { SvWrite: 'w' });
    const notIndexed = await graph('GET', `${items()}?expand=fields&$filter=${encodeURIComponent("fields/SvWrite eq 'w'")}`);
    expect(notIndexed.status).toBe(400);
    expect(notIndexed.body.error.message).toMatch(/SvWrite.*not indexed/);
    const allowed = await graph('GET', `${items()}?expand=fields&$filter=${encodeURIComponent("fields/SvWrite eq 'w'")}`, undefined, {
      Prefer: 'HonorNonIndexedQueriesWarningMayFailRandomly',
    });
    expect(allowed.status).toBe(200);
    const two = await graph('GET', `${items()}?expand=fields&$filter=${encodeURIComponent("fields/SvKey eq 'k-1' and fields/SvDecision eq 'd-1'")}`);
    expect(two.status).toBe(400);
    expect((await graph('GET', `${items()}?$filter=${encodeURIComponent("fields/SvKey eq 'k-1'")}`)).status).toBe(400); // no expand=fields
    expect((await graph('GET', `${items()}?expand=fields&$orderby=id`)).status).toBe(400);
  });

  it('pages with small pages and a nextLink, whatever $top asks', async () => {
    for (let i = 0; i < 60; i++) await create(`page-${i}`, { SvDecision: 'paged' });
    const seen: string[] = [];
    let path: string | null = `${items()}?expand=fields&$top=500&$filter=${encodeURIComponent("fields/SvDecision eq 'paged'")}`;
    let pages = 0;
    while (path) {
      const page = await graph('GET', path);
      expect(page.body.value.length).toBeLessThanOrEqual(fake.pageLimit);
      seen.push(...page.body.value.map((i: { fields: { SvKey: string } }) => i.fields.SvKey));
      const next = page.body['@odata.nextLink'] as string | undefined;
      path = next ? next.slice(fake.url.length) : null;
      pages++;
    }
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(60);
  });

  it('answers 412 to a stale eTag and 409 to a duplicate unique value (ignoring case)', async () => {
    const created = await create('etag-1');
    const id = created.body.id as string;
    const first = await graph('PATCH', `${items()}/${id}/fields`, { SvDecision: 'd-2' }, { 'If-Match': created.body.eTag });
    expect(first.status).toBe(200);
    expect(first.body['@odata.etag']).not.toBe(created.body.eTag);
    const stale = await graph('PATCH', `${items()}/${id}/fields`, { SvDecision: 'd-3' }, { 'If-Match': created.body.eTag });
    expect(stale.status).toBe(412);
    expect((await graph('DELETE', `${items()}/${id}`, undefined, { 'If-Match': created.body.eTag })).status).toBe(412);
    const dup = await create('ETAG-1');
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toContain('SvKey');
  });

  it('refuses a batch of more than 20 requests and answers 424 to a request whose dependency failed', async () => {
    const req = (id: number) => ({ id: String(id), method: 'GET', url: `/sites/${site.id}` });
    const tooMany = await graph('POST', '/$batch', { requests: Array.from({ length: 21 }, (_, i) => req(i)) });
    expect(tooMany.status).toBe(400);
    const dependent = await graph('POST', '/$batch', {
      requests: [
        { id: '1', method: 'GET', url: `/sites/${site.id}/lists/no-such-list` },
        { id: '2', method: 'GET', url: `/sites/${site.id}`, dependsOn: ['1'] },
        { id: '3', method: 'GET', url: `/sites/${site.id}` },
      ],
    });
    expect(dependent.status).toBe(200);
    expect(Object.fromEntries(dependent.body.responses.map((r: { id: string; status: number }) => [r.id, r.status]))).toEqual({ '1': 404, '2': 424, '3': 200 });
  });

  it('answers 429 with Retry-After when a test asks, directly and inside a batch', async () => {
    fake.injectFault({ path: '/lists', status: 429, retryAfterSeconds: 3, times: 1, where: 'direct' });
    const direct = await graph('GET', `/sites/${site.id}/lists`);
    expect(direct.status).toBe(429);
    expect(direct.headers.get('retry-after')).toBe('3');
    fake.injectFault({ path: '/lists', status: 429, retryAfterSeconds: 2, times: 1, where: 'batch' });
    const batch = await graph('POST', '/$batch', { requests: [{ id: 'a', method: 'GET', url: `/sites/${site.id}/lists` }] });
    expect(batch.body.responses[0]).toMatchObject({ status: 429, headers: { 'retry-after': '2' } });
    expect((await graph('GET', `/sites/${site.id}/lists`)).status).toBe(200);
  });

  it('keeps a file when asked to fail on conflict, and refuses sites the app was not granted', async () => {
    const put = (text: string) =>
      fetch(`${fake.url}/sites/${site.id}/drive/root:/Protokoll/a.pdf:/content?@microsoft.graph.conflictBehavior=fail`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf' },
        body: text,
      });
    expect((await put('first')).status).toBe(201);
    expect((await put('second')).status).toBe(409);
    expect(fake.file(site.id, 'Protokoll/a.pdf')?.toString()).toBe('first');
    const other = fake.createSite('not-granted');
    expect((await graph('GET', `/sites/${other.id}`)).status).toBe(403);
  });

  it('expires delta tokens with 410 and a Location to start over', async () => {
    const latest = await graph('GET', `${items()}/delta?token=latest`);
    const link = (latest.body['@odata.deltaLink'] as string).slice(fake.url.length);
    await create('delta-1');
    const changed = await graph('GET', link);
    expect(changed.body.value.map((i: { id: string }) => i.id)).toHaveLength(1);
    fake.expireDeltaTokens(site.id, LISTS.ballots.name);
    const gone = await graph('GET', link);
    expect(gone.status).toBe(410);
    expect(gone.headers.get('location')).toContain('/items/delta');
  });
});
