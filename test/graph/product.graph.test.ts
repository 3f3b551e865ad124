/**
 * The whole product on the Graph store: `STORE=graph` with the fake Graph's URL, the real
 * server process and bot, one meeting run through the chat exactly as on SQLite (roll call,
 * an arrival and a departure, the agenda, a vote with changed ballots and duplicate
 * deliveries, a reservation). Both stores must end with the same protocol, and the same
 * finalised content (same SHA-256).
 */
import path from 'node:path';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleProtocol, finaliseProtocol } from '../../core/domain/protocol.js';
import { Samverkan } from '../../core/domain/service.js';
import { importFile } from '../../core/import/importer.js';
import { openGraphStore } from '../../core/store/graph/graph-store.js';
import { openSqliteStore } from '../../core/store/sqlite/sqlite-store.js';
import type { Store } from '../../core/store/store.js';
import { BotClient, cardText, type TeamsUser } from '../support/bot-client.js';
import { FakeConnector } from '../support/fake-connector.js';
import type { FakeGraph } from '../support/fake-graph/fake-graph.js';
import { importDocument, startProduct, tempDataDir } from '../support/product.js';
import { rosterFixture, type RosterFixture } from '../support/roster-fixture.js';
import { freshSite, graphEnv, settingsFor, startFake } from './graph-fixture.js';

let fake: FakeGraph;
let connector: FakeConnector;
const fixture: RosterFixture = rosterFixture({ members: 9, absentWithSubstitute: 4 });

beforeAll(async () => {
  fake = await startFake();
  connector = await new FakeConnector().start();
});
afterAll(async () => {
  await connector?.stop();
  await fake?.stop();
});

/** Runs the meeting through the bot of a product started with `env`; `open` then reads its store. */
async function runMeeting(env: Record<string, string>, dataDir: string, open: () => Promise<Store>) {
  const product = await startProduct({ CARD_UPDATE_INTERVAL_MS: '100', ...env }, dataDir);
  try {
    const client = new BotClient(`${product.url}/api/messages`, connector.url);
    const f = fixture;
    const press = async (user: TeamsUser, verb: string, data: Record<string, unknown>, id?: string) => {
      const activity = client.action(user, verb, { meeting: f.meetingKey, ...data });
      if (id) activity.id = id;
      const res = await client.post(activity);
      return cardText(BotClient.card(res));
    };
    const say = async (user: TeamsUser, text: string) => expect((await client.post(client.message(user, text, { mention: true }))).status).toBe(200);

    await say(f.chair.user, 'upprop');
    expect(await press(f.chair.user, 'meeting.link', {})).toContain('Chatten är nu kopplad');
    await say(f.chair.user, 'upprop');
    // Members 0–6 but 4 (its ersättare serves), the secretary; all at once, one press twice (a duplicate delivery).
    const present = f.members.filter((_, i) => i !== 4 && i < 7);
    const checkIns = [...present, f.substitute, f.secretary].map((p) => press(p.user, 'rollcall.checkIn', {}, `f:checkin-${p.key}`));
    checkIns.push(press(f.members[2]!.user, 'rollcall.checkIn', {}, `f:checkin-${f.members[2]!.key}`));
    for (const text of await Promise.all(checkIns)) expect(text).toContain('Du är incheckad.');
    expect(await press(f.chair.user, 'rollcall.close', {})).toContain('Uppropet är avslutat.');
    expect(await press(f.chair.user, 'agenda.approve', {})).toContain('Föredragningslistan är godkänd.');
    await say(f.chair.user, 'nästa');
    expect(await press(f.members[7]!.user, 'rollcall.checkIn', {})).toContain('Du är incheckad.');
    expect(await press(f.members[6]!.user, 'rollcall.leave', {})).toContain('Du har lämnat mötet.');
    await say(f.chair.user, 'beslut 33');
    const voters = [...present.filter((m) => m !== f.members[6]), f.members[7]!, f.substitute];
    const first = await Promise.all(voters.map((v, i) => press(v.user, 'decision.vote', { item: 33, choice: i === 2 ? 'avslag' : i === 3 ? 'avstar' : 'bifall' })));
    for (const text of first) expect(text).toContain('Din röst är registrerad');
    // Two change their ballot, one of them delivered twice by Teams.
    const changeId = 'f:change-vote-1';
    await Promise.all([
      press(voters[1]!.user, 'decision.vote', { item: 33, choice: 'avslag' }, changeId),
      press(voters[1]!.user, 'decision.vote', { item: 33, choice: 'avslag' }, changeId),
      press(voters[0]!.user, 'decision.vote', { item: 33, choice: 'avstar' }),
    ]);
    expect(await press(f.chair.user, 'decision.close', { item: 33 })).toContain('Omröstningen är avslutad.');
    expect(await press(voters[2]!.user, 'decision.reserve', { item: 33, reservationText: 'Rutinen saknar finansiering.' })).toContain('reservation');

    // Read (and finalise) while the server still runs: stopping it removes its DATA_DIR.
    const store = await open();
    try {
      const svc = new Samverkan(store);
      const protocol = await assembleProtocol(svc, fixture.meetingKey);
      const version = await finaliseProtocol(svc, fixture.meetingKey, { person: fixture.secretary.key, source: 'tab' }, '2030-01-01T12:00:00+01:00');
      const ballots = (await store.ballots.list({ field: 'meeting', equals: fixture.meetingKey })).map((b) => [b.value.person, b.value.choice, b.value.changes]).sort();
      return { protocol, sha256: version.sha256, ballots };
    } finally {
      await store.close();
    }
  } finally {
    await product.stop();
  }
}

describe('the product on STORE=graph', () => {
  it('runs a meeting through the bot and yields the same protocol as on SQLite', async () => {
    const sqliteDir = tempDataDir();
    await importDocument(sqliteDir, fixture.doc);
    const onSqlite = await runMeeting({}, sqliteDir, async () => openSqliteStore(path.join(sqliteDir, 'samverkan.db')));

    const site = await freshSite(fake);
    const settings = settingsFor(fake, site.url);
    const importDir = mkdtempSync(path.join(os.tmpdir(), 'samverkan-graph-import-'));
    try {
      const file = path.join(importDir, 'roster.json');
      writeFileSync(file, JSON.stringify(fixture.doc));
      const store = await openGraphStore(settings);
      const report = await importFile(store, file, { actor: 'import', source: 'import' });
      expect(report.ok).toBe(true);
    } finally {
      rmSync(importDir, { recursive: true, force: true });
    }
    fake.resetMeter();
    const onGraph = await runMeeting(graphEnv(fake, site.url), tempDataDir(), () => openGraphStore(settings));
    // The server's traffic went to the fake site.
    expect(fake.meter.operations).toBeGreaterThan(100);

    expect(onGraph.protocol).toEqual(onSqlite.protocol);
    expect(onGraph.sha256).toBe(onSqlite.sha256);
    expect(onGraph.ballots).toEqual(onSqlite.ballots);
    const item = onGraph.protocol.items.find((i) => i.number === 33)!;
    expect(item.decision).toMatchObject({ result: 'bifall', tally: { bifall: 3, avslag: 2, avstar: 2 }, reservations: [expect.any(String)] });
  }, 120_000);

  it('refuses to start when the site lacks the lists, saying what is missing', async () => {
    const site = await freshSite(fake, { provision: false });
    const product = startProduct(graphEnv(fake, site.url), tempDataDir());
    await expect(product).rejects.toThrow(/list SamverkanBallots is missing/);
  });
});
