/**
 * Benchmark: Microsoft Graph requests and SharePoint resource units (RU) the Graph store
 * spends, counted by the fake Graph (1 RU per single-item read or delta call with a token,
 * 2 per query page, create, update, delete or upload; batch sub-requests count one by one).
 *
 * 1. A whole meeting through the real server process (STORE=graph) and bot: 30 members,
 *    15 agenda items of which 5 are votes, roll call, every item taken, votes closed; then the
 *    protocol finalised, signed by sekreterare, justerare and ordförande, and its PDF/DOCX
 *    written to the document library.
 * 2. The case flow of 2,000 cases (6,000 case events): loaded with a delta query, refreshed
 *    after 20 changes, compared with re-reading both lists.
 *
 * The fake pages at the store's own $top (500), as SharePoint does. Prints a Markdown section;
 * with --write also puts it into BENCHMARKS.md between its graph-usage markers.
 *
 *   npx tsx bench/graph-usage.ts [--write]     (npm run bench:graph)
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { finaliseProtocol, signProtocol } from '../core/domain/protocol.js';
import { Samverkan } from '../core/domain/service.js';
import { importFile } from '../core/import/importer.js';
import { protocolFileName } from '../core/store/graph/files.js';
import { graphClient, openGraphStore, type GraphStore } from '../core/store/graph/graph-store.js';
import type { CollectionName, Stored, Records } from '../core/store/store.js';
import { freshSite, graphEnv, settingsFor, startFake } from '../test/graph/graph-fixture.js';
import { BotClient, cardText, type TeamsUser } from '../test/support/bot-client.js';
import { FakeConnector } from '../test/support/fake-connector.js';
import type { FakeGraph, Meter } from '../test/support/fake-graph/fake-graph.js';
import { startProduct, tempDataDir } from '../test/support/product.js';
import { rosterFixture, type FixtureAgendaItem } from '../test/support/roster-fixture.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const FILE = path.join(ROOT, 'BENCHMARKS.md');
const START = '<!-- graph-usage:start -->';
const END = '<!-- graph-usage:end -->';
const MEMBERS = 30;
const VOTE_ITEMS = [3, 6, 9, 12, 15];

interface Row {
  phase: string;
  http: number;
  operations: number;
  ru: number;
  detail: string;
}

function row(phase: string, m: Meter): Row {
  const kinds = Object.entries(m.byKind)
    .sort((a, b) => b[1].ru - a[1].ru)
    .map(([k, v]) => `${k} ${v.count}×`)
    .join(', ');
  return { phase, http: m.httpRequests, operations: m.operations, ru: m.resourceUnits, detail: kinds };
}

let byList = '';

/** RU of the last phase per list and operation, from the fake's log of served operations. */
async function perList(fake: FakeGraph, settings: ReturnType<typeof settingsFor>, siteId: string): Promise<string> {
  const lists = await graphClient(settings).all<{ id: string; name: string }>(`/sites/${siteId}/lists`);
  const names = new Map(lists.map((l) => [l.id, l.name.replace(/^Samverkan/, '')]));
  const ru = new Map<string, number>();
  for (const e of fake.events) {
    const m = /\/lists\/([^/]+)\/items(\/[^/]+)?(\/fields)?$/.exec(e.path);
    if (!m) continue;
    const op = e.method === 'GET' ? (m[2] ? 'read' : 'query') : e.method === 'POST' ? 'create' : e.method === 'PATCH' ? 'update' : 'delete';
    const k = `${names.get(m[1]!) ?? m[1]} ${op}`;
    ru.set(k, (ru.get(k) ?? 0) + (op === 'read' ? 1 : 2));
  }
  return [...ru.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ');
}

async function meeting(fake: FakeGraph): Promise<Row[]> {
  const agenda: FixtureAgendaItem[] = Array.from({ length: 15 }, (_, i) => {
    const n = i + 1;
    return VOTE_ITEMS.includes(n)
      ? { number: n, title: `Beslutsärende ${n}`, kind: 'beslut', decision: 'vote', presenter: 'AU', proposal: 'godkänna förslaget' }
      : { number: n, title: `Informationsärende ${n}`, kind: 'information' };
  });
  const fixture = rosterFixture({ members: MEMBERS, agenda });
  const site = await freshSite(fake);
  const settings = settingsFor(fake, site.url);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'samverkan-bench-'));
  const rows: Row[] = [];
  const connector = await new FakeConnector().start();
  try {
    const file = path.join(dir, 'roster.json');
    writeFileSync(file, JSON.stringify(fixture.doc));
    fake.resetMeter();
    const importer = await openGraphStore(settings, { checkWritable: false });
    await importFile(importer, file, { actor: 'import', source: 'import' });
    rows.push(row('import of the roster and agenda (before the meeting)', fake.meter));

    fake.resetMeter();
    const product = await startProduct({ ...graphEnv(fake, site.url), CARD_UPDATE_INTERVAL_MS: '2000', LOG_LEVEL: 'warn' }, tempDataDir());
    try {
      rows.push(row('server start (site, lists, columns, write probe)', fake.meter));
      fake.resetMeter();
      const client = new BotClient(`${product.url}/api/messages`, connector.url);
      const press = async (user: TeamsUser, verb: string, data: Record<string, unknown>) =>
        cardText(BotClient.card(await client.post(client.action(user, verb, { meeting: fixture.meetingKey, ...data }))));
      const say = (user: TeamsUser, text: string) => client.post(client.message(user, text, { mention: true }));
      const chair = fixture.chair.user;
      await say(chair, 'upprop');
      await press(chair, 'meeting.link', {});
      await say(chair, 'upprop');
      const present = fixture.members.filter((_, i) => i < 27);
      await Promise.all([...present, fixture.secretary].map((p) => press(p.user, 'rollcall.checkIn', {})));
      await press(chair, 'rollcall.close', {});
      await press(chair, 'agenda.approve', {});
      for (let n = 2; n <= 15; n++) {
        if (!VOTE_ITEMS.includes(n)) {
          await say(chair, 'nästa');
          continue;
        }
        await say(chair, `beslut ${n}`);
        const answers = await Promise.all(present.map((p, i) => press(p.user, 'decision.vote', { item: n, choice: i % 7 === 0 ? 'avslag' : 'bifall' })));
        if (!answers.every((a) => a.includes('Din röst är registrerad'))) throw new Error(`a vote on item ${n} was not registered`);
        await press(chair, 'decision.close', { item: n });
      }
      // Let the coalesced shared-card updates finish before counting.
      await new Promise((r) => setTimeout(r, 2_500));
      rows.push(row(`the meeting in the chat (${present.length} present, 15 items, 5 votes)`, fake.meter));
      byList = await perList(fake, settings, site.id);
    } finally {
      await product.stop();
    }

    fake.resetMeter();
    const store = await openGraphStore(settings, { checkWritable: false });
    fake.resetMeter();
    const svc = new Samverkan(store);
    const at = new Date().toISOString();
    const version = await finaliseProtocol(svc, fixture.meetingKey, { person: fixture.secretary.key, source: 'tab' }, at);
    await store.protocolFiles.put(protocolFileName(fixture.meetingKey, version.version, 'finalised', 'pdf'), Buffer.from('%PDF-1.7'), 'pdf');
    await store.protocolFiles.put(protocolFileName(fixture.meetingKey, version.version, 'finalised', 'docx'), Buffer.from('PK'), 'docx');
    for (const signer of [fixture.secretary, fixture.vice, fixture.chair]) {
      await signProtocol(svc, fixture.meetingKey, { person: signer.key, source: 'tab' }, { email: null, aadObjectId: signer.user.aadObjectId }, at);
    }
    await store.protocolFiles.put(protocolFileName(fixture.meetingKey, version.version, 'signed', 'pdf'), Buffer.from('%PDF-1.7'), 'pdf');
    rows.push(row('protocol finalised, signed by three, PDF/DOCX written', fake.meter));
  } finally {
    await connector.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

async function caseFlow(fake: FakeGraph): Promise<Row[]> {
  const site = await freshSite(fake);
  const store: GraphStore = await openGraphStore(settingsFor(fake, site.url), { checkWritable: false });
  const at = '2025-03-12T09:15:00+01:00';
  for (let start = 0; start < 2_000; start += 200) {
    await Promise.all(
      Array.from({ length: 200 }, async (_, j) => {
        const i = start + j;
        await store.cases.create({ key: `case-${i}`, title: `Ärende ${i}`, dnr: `RS 2025-${i}`, originBody: `body-${i % 5}`, status: 'öppet', openedAt: at });
        for (let e = 0; e < 3; e++) {
          await store.caseEvents.create({
            key: `case-${i}|m-${e}|${e}`, case: `case-${i}`, body: `body-${e}`, meeting: `m-${e}`, item: e, date: `2025-0${e + 1}-10`,
            outcome: e === 2 ? 'beslut' : 'information', toBody: null, summary: 'Beredningen informerade.',
          });
        }
      }),
    );
  }
  const rows: Row[] = [];
  const follow = async (name: CollectionName, cursor: string | null) => store.changes(name, cursor);
  fake.resetMeter();
  const cases = await follow('cases', null);
  const events = await follow('caseEvents', null);
  rows.push(row(`case flow first load by delta (${cases.changed.length} cases, ${events.changed.length} events)`, fake.meter));
  fake.resetMeter();
  await store.cases.list();
  await store.caseEvents.list();
  rows.push(row('case flow re-read in full (for comparison)', fake.meter));
  const some = (await Promise.all(Array.from({ length: 10 }, (_, i) => store.cases.get(`case-${i * 150}`)))) as Stored<Records['cases']>[];
  await Promise.all(some.map((c) => store.cases.update({ ...c.value, status: 'avslutat' }, c.etag)));
  await Promise.all(
    some.map((c) =>
      store.caseEvents.create({ key: `${c.value.key}|m-9|9`, case: c.value.key, body: 'body-9', meeting: 'm-9', item: 9, date: '2025-06-01', outcome: 'avslutat', toBody: null, summary: 'Avslutat.' }),
    ),
  );
  fake.resetMeter();
  const c2 = await follow('cases', cases.cursor);
  const e2 = await follow('caseEvents', events.cursor);
  rows.push(row(`case flow refresh by delta after 20 changes (${c2.changed.length} + ${e2.changed.length} changed)`, fake.meter));
  fake.resetMeter();
  await follow('cases', c2.cursor);
  await follow('caseEvents', e2.cursor);
  rows.push(row('case flow refresh by delta, nothing changed', fake.meter));
  return rows;
}

async function main(): Promise<void> {
  const fake = await startFake();
  // Page at the store's own $top, as SharePoint does, so that query counts are realistic.
  fake.pageLimit = 5_000;
  let rows: Row[];
  try {
    rows = [...(await meeting(fake)), ...(await caseFlow(fake))];
  } finally {
    await fake.stop();
  }
  const meetingRu = rows.slice(2, 4).reduce((s, r) => s + r.ru, 0);
  const lines = [
    START,
    '## Graph store: requests and SharePoint resource units',
    '',
    'Counted by the fake Graph (`test/support/fake-graph`) while the Graph store works against it: 1 RU per',
    'single-item read or delta call with a token, 2 per query page, create, update, delete or upload;',
    'a `$batch` is one HTTP request whose sub-requests count one by one. Pages of 500 items ($top).',
    '',
    `- Date: ${new Date().toISOString().slice(0, 10)}`,
    `- Node ${process.version}`,
    '- Command: `npx tsx bench/graph-usage.ts` (`npm run bench:graph`)',
    '',
    '| phase | HTTP requests | Graph operations | resource units | largest items |',
    '|---|---:|---:|---:|---|',
    ...rows.map((r) => `| ${r.phase} | ${r.http} | ${r.operations} | ${r.ru} | ${r.detail} |`),
    '',
    `A whole meeting (chat plus protocol): **${meetingRu} RU** (aim: 300).`,
    '',
    `RU of the meeting in the chat by list and operation: ${byList}.`,
    END,
  ];
  const section = lines.join('\n');
  console.log(section);
  if (process.argv.includes('--write') && existsSync(FILE)) {
    const text = readFileSync(FILE, 'utf8');
    const next = text.includes(START) ? text.replace(new RegExp(`${START}[\\s\\S]*?${END}`), section) : `${text.trimEnd()}\n\n${section}\n`;
    writeFileSync(FILE, next);
  }
}

await main();
