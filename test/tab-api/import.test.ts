/** POST /api/import (SPEC §4): the secretaries' upload of a roster or meetings, JSON or CSV. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from './harness.js';
import { NOW, seedFixture } from './fixture.js';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi({ seed: seedFixture, now: () => NOW });
});
afterAll(async () => api?.close());

const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');
const upload = (files: { name: string; content: string | Buffer }[], dryRun = false, as = 'sekr') =>
  api.call('/api/import', { as, method: 'POST', body: { files: files.map((f) => ({ name: f.name, contentBase64: b64(f.content) })), dryRun } });

const GOOD = {
  organisations: [{ key: 'vindeln', name: 'Vindelns kommun', kind: 'kommun' }],
  people: [{ key: 'p-vindel', name: 'Vera Vindel', organisation: 'vindeln', email: 'vera.vindel@example.org', aadObjectId: 'aad-p-vindel' }],
  memberships: [{ body: 'lsg', person: 'p-vindel', role: 'ledamot' }],
};

describe('a JSON document', () => {
  it('with errors: 200, every error with its path, nothing written', async () => {
    const before = (await api.store.people.list()).length;
    const res = await upload([
      {
        name: 'roster.json',
        content: JSON.stringify({
          organisations: [{ key: 'vindeln', name: 'Vindelns kommun', kind: 'kommun' }],
          people: [{ key: 'p-ny', name: 'Ny Person', organisation: 'vindeln', email: 'inte-en-adress' }],
          memberships: [
            { body: 'lsg', person: 'p-saknas', role: 'ledamot' },
            { body: 'lsg', person: 'p-ny', role: 'kassör' },
          ],
        }),
      },
    ]);
    expect(res.status).toBe(200);
    expect(res.json.ok).toBe(false);
    expect(res.json.dryRun).toBe(false);
    expect(res.json.errors.map((e: { path: string }) => e.path)).toEqual(['people[0].email', 'memberships[0].person', 'memberships[1].role']);
    for (const e of res.json.errors) expect(e.message).toMatch(/\S/);
    expect((await api.store.people.list()).length).toBe(before);
    expect(await api.store.organisations.get('vindeln')).toBeNull();
  });

  it('valid: previewed without writing, then written, and idempotent', async () => {
    const preview = await upload([{ name: 'roster.json', content: JSON.stringify(GOOD) }], true);
    expect(preview.json).toMatchObject({ ok: true, dryRun: true, errors: [] });
    expect(preview.json.summary.people).toEqual({ created: 1, updated: 0, unchanged: 0 });
    expect(await api.store.people.get('p-vindel')).toBeNull();

    const written = await upload([{ name: 'roster.json', content: `\uFEFF${JSON.stringify(GOOD)}` }]);
    expect(written.json).toMatchObject({ ok: true, dryRun: false });
    expect(written.json.summary).toMatchObject({
      organisations: { created: 1, updated: 0, unchanged: 0 },
      people: { created: 1, updated: 0, unchanged: 0 },
      memberships: { created: 1, updated: 0, unchanged: 0 },
      meetings: { created: 0, updated: 0, unchanged: 0 },
    });
    expect((await api.store.memberships.get('lsg|p-vindel'))?.value.role).toBe('ledamot');
    const audit = (await api.store.audit.list({ field: 'actor', equals: 'sekr' })).map((a) => a.value).find((a) => a.action === 'import');
    expect(audit).toMatchObject({ source: 'tab', target: 'roster.json' });

    // The new member is in the tab at once.
    expect((await api.call('/api/me', { as: 'p-vindel' })).json.memberships).toEqual([
      { body: 'lsg', bodyName: 'Länssamverkansgruppen', role: 'ledamot', tabRole: 'member' },
    ]);
    const again = await upload([{ name: 'roster.json', content: JSON.stringify(GOOD) }]);
    expect(again.json.summary.people).toEqual({ created: 0, updated: 0, unchanged: 1 });
  });

  it('that is not JSON, or not UTF-8: ok false with a message', async () => {
    const broken = await upload([{ name: 'roster.json', content: '{"people": [' }]);
    expect(broken.status).toBe(200);
    expect(broken.json).toMatchObject({ ok: false, errors: [{ path: '', message: expect.stringContaining('roster.json är inte giltig JSON') }] });
    const latin1 = await upload([{ name: 'roster.json', content: Buffer.from('{"people":[{"key":"p","name":"Åsa"}]}', 'latin1') }]);
    expect(latin1.json.errors[0].message).toBe('roster.json är inte sparad som UTF-8.');
  });
});

describe('CSV sheets', () => {
  it('with errors: every error by file, row and column; nothing written', async () => {
    const res = await upload([
      { name: 'people.csv', content: 'key;name;organisation;email\np-csv1;Cecilia Csv;region;cecilia@example.org\np-csv2;Carl Csv;okänd;inte-en-adress\n' },
      { name: 'memberships.csv', content: 'body;person;role\nlsg;p-csv1;ledamot\n' },
    ]);
    expect(res.status).toBe(200);
    expect(res.json.ok).toBe(false);
    const paths = res.json.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['people.csv rad 3, kolumn email', 'people.csv rad 3, kolumn organisation']));
    expect(await api.store.people.get('p-csv1')).toBeNull();
  });

  it('valid: written like the JSON document (semicolons, Windows-1252 from Excel)', async () => {
    const res = await upload([
      { name: 'people.csv', content: Buffer.from('key;name;organisation;email\np-csv1;Åke Öberg;region;ake@example.org\n', 'latin1') },
      { name: 'memberships.csv', content: 'body;person;role;title\nlsg;p-csv1;adjungerad;ständigt adjungerad\n' },
    ]);
    expect(res.json).toMatchObject({ ok: true, errors: [] });
    expect(res.json.summary.people.created).toBe(1);
    expect((await api.store.people.get('p-csv1'))?.value.name).toBe('Åke Öberg');
    expect((await api.store.memberships.get('lsg|p-csv1'))?.value).toMatchObject({ role: 'adjungerad', title: 'ständigt adjungerad' });
  });

  it('an unknown sheet or file type, or JSON and CSV together: ok false', async () => {
    expect((await upload([{ name: 'personer.csv', content: 'key;name\n' }])).json.errors[0]).toEqual({ path: 'personer.csv', message: expect.stringContaining('okänt blad') });
    expect((await upload([{ name: 'roster.xlsx', content: 'PK' }])).json).toMatchObject({ ok: false, errors: [{ path: '', message: expect.stringContaining('okänd filtyp') }] });
    const mixed = await upload([
      { name: 'roster.json', content: '{}' },
      { name: 'people.csv', content: 'key;name\n' },
    ]);
    expect(mixed.json).toMatchObject({ ok: false, errors: [{ message: expect.stringContaining('inte båda') }] });
  });
});

describe('a malformed request', () => {
  it('is 400 with the paths of what is wrong', async () => {
    const noFiles = await api.call('/api/import', { as: 'sekr', method: 'POST', body: { files: [], dryRun: false } });
    expect(noFiles.status).toBe(400);
    expect(noFiles.json.issues).toEqual([{ path: 'files', message: expect.stringContaining('.json-fil') }]);
    const badBase64 = await api.call('/api/import', { as: 'sekr', method: 'POST', body: { files: [{ name: 'a.json', contentBase64: '***' }], dryRun: 'ja' } });
    expect(badBase64.status).toBe(400);
    expect(badBase64.json.issues.map((i: { path: string }) => i.path)).toEqual(['files[0].contentBase64', 'dryRun']);
    const notObject = await api.call('/api/import', { as: 'sekr', method: 'POST', body: ['roster.json'] });
    expect(notObject.status).toBe(400);
  });
});

describe('the size of an upload', () => {
  /**
   * Through the whole server app: its own JSON parser (1 MB, server/app.ts) leaves the tab API's
   * bodies to the router, which takes imports up to 5 MB and answers in its own error shape.
   */
  let alone: ApiHarness;
  beforeAll(async () => {
    alone = await startApi({ seed: seedFixture });
  });
  afterAll(async () => alone?.close());

  const post = (body: string) =>
    fetch(`${alone.url}/api/import`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Dev-User': 'aad-sekr' }, body });

  it('takes a roster of 2 MB', async () => {
    const people = Array.from({ length: 9000 }, (_, i) => ({
      key: `p-${i}`,
      name: `Person ${i} ${'x'.repeat(150)}`,
      organisation: 'region',
      email: `p${i}@example.org`,
    }));
    const body = JSON.stringify({ files: [{ name: 'roster.json', contentBase64: b64(JSON.stringify({ people })) }], dryRun: true });
    expect(body.length).toBeGreaterThan(2 * 1024 * 1024);
    const res = await post(body);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, dryRun: true, summary: { people: { created: 9000 } } });
  });

  it('refuses more than 5 MB with an ApiError', async () => {
    const res = await post(JSON.stringify({ files: [{ name: 'roster.json', contentBase64: 'A'.repeat(6 * 1024 * 1024) }], dryRun: true }));
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: 'too-large', message: 'Begäran är för stor (högst 5 MB).' });
  });

  it('answers malformed JSON with an ApiError', async () => {
    const res = await post('{"files": [');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'invalid', message: 'Begäran innehåller ogiltig JSON.' });
  });
});
