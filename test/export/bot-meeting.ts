/**
 * A whole meeting through the real bot process (as test/bot.e2e.test.ts runs one), for the export
 * tests: roll call with a personal ersättare serving, a late arrival and a departure, a guest,
 * an approved agenda, an ordinary vote with a reservation, an inriktningsbeslut; then the
 * protocol is finalised and signed by sekreterare, justerare and ordförande through
 * core/domain/protocol.ts, and read back with currentProtocol. The fixture's people get parties
 * (as in a political body's protocol) before the import.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { Samverkan } from '../../core/domain/service.js';
import { currentProtocol, finaliseProtocol, signProtocol, type ProtocolDocument } from '../../core/domain/protocol.js';
import { openSqliteStore } from '../../core/store/sqlite/sqlite-store.js';
import { BotClient, cardText, type TeamsUser } from '../support/bot-client.js';
import { FakeConnector } from '../support/fake-connector.js';
import { importDocument, startProduct, tempDataDir } from '../support/product.js';
import { rosterFixture, type RosterFixture, type Seat } from '../support/roster-fixture.js';

export const PARTIES = ['s', 'm', 'c', 'v', 'kd', 'l', 'mp'] as const;

export interface ExportMeeting {
  fixture: RosterFixture;
  /** Party of each person key, as imported. */
  party: Map<string, string>;
  /** The live draft, read after the meeting and before finalising. */
  draft: ProtocolDocument;
  /** Version 1, signed by all three roles. */
  signed: ProtocolDocument;
  /** Who did what, for the assertions. */
  cast: { late: Seat; leaver: Seat; absent: Seat; served: Seat; reserver: Seat; abstainer: Seat; guest: string };
  /** When each role signed (ISO). */
  signedAt: Record<'sekreterare' | 'justerare' | 'ordförande', string>;
}

export async function runExportMeeting(): Promise<ExportMeeting> {
  const fixture = rosterFixture({ members: 9, absentWithSubstitute: 5 });
  const f = fixture;
  const party = new Map<string, string>();
  const people = (f.doc.people as { key: string; party: string | null }[]).map((p, i) => {
    // Secretary and official are tjänstepersoner without a party.
    if (p.key === f.secretary.key || p.key === f.official.key) return p;
    const value = PARTIES[i % PARTIES.length]!;
    party.set(p.key, value);
    return { ...p, party: value };
  });
  const doc = { ...f.doc, people };

  const connector = await new FakeConnector().start();
  const dataDir = tempDataDir();
  let product: Awaited<ReturnType<typeof startProduct>> | null = null;
  try {
    await importDocument(dataDir, doc);
    product = await startProduct({ CARD_UPDATE_INTERVAL_MS: '100' }, dataDir);
    const client = new BotClient(`${product.url}/api/messages`, connector.url);

    const say = async (user: TeamsUser, text: string) => {
      const res = await client.post(client.message(user, text, { mention: true }));
      if (res.status !== 200) throw new Error(`"${text}" answered ${res.status}`);
    };
    const press = async (user: TeamsUser, verb: string, data: Record<string, unknown>, expected: string) => {
      const text = cardText(BotClient.card(await client.post(client.action(user, verb, { meeting: f.meetingKey, ...data }))));
      if (!text.includes(expected)) throw new Error(`${verb} by ${user.name}: expected "${expected}", got: ${text.slice(0, 300)}`);
    };

    const m = f.members;
    const cast = { late: m[8]!, leaver: m[6]!, absent: m[7]!, served: m[5]!, reserver: m[4]!, abstainer: m[3]!, guest: 'Lena Kärr' };

    await say(f.chair.user, 'upprop');
    await press(f.chair.user, 'meeting.link', {}, 'Chatten är nu kopplad');
    await say(f.chair.user, 'upprop');
    // Everyone but 5 (their ersättare serves), 7 (stays away) and 8 (arrives late).
    for (const p of [...m.filter((_, i) => i !== 5 && i !== 7 && i !== 8), f.substitute, f.secretary, f.official]) {
      await press(p.user, 'rollcall.checkIn', {}, 'Du är incheckad.');
    }
    await press(f.secretary.user, 'rollcall.addGuest', { guestName: cast.guest, guestOrganisation: 'SKR' }, cast.guest);
    await press(f.chair.user, 'rollcall.close', {}, 'Uppropet är avslutat.');
    await say(f.chair.user, 'dagordning');
    await press(f.chair.user, 'agenda.approve', {}, 'Föredragningslistan är godkänd.');
    await say(f.chair.user, 'nästa');
    // At item 32: one arrives, one leaves.
    await press(cast.late.user, 'rollcall.checkIn', {}, 'Du är incheckad.');
    await press(cast.leaver.user, 'rollcall.leave', {}, 'Du har lämnat mötet.');

    // 33, an ordinary vote: Bifall 5, Avslag 1, Avstår 1; the one against reserves.
    await say(f.chair.user, 'beslut 33');
    for (const p of [m[0]!, m[1]!, m[2]!, cast.late, f.substitute]) await press(p.user, 'decision.vote', { item: 33, choice: 'bifall' }, 'Din röst är registrerad');
    await press(cast.reserver.user, 'decision.vote', { item: 33, choice: 'avslag' }, 'Din röst är registrerad');
    await press(cast.abstainer.user, 'decision.vote', { item: 33, choice: 'avstar' }, 'Din röst är registrerad');
    await press(f.chair.user, 'decision.close', { item: 33 }, 'Omröstningen är avslutad.');
    await press(cast.reserver.user, 'decision.reserve', { item: 33, reservationText: 'Rutinen saknar finansiering.' }, 'Din reservation är antecknad');

    // 34, an inriktningsbeslut: all behind it but one who abstains.
    await say(f.chair.user, 'beslut 34');
    for (const p of [m[0]!, m[1]!, m[2]!, m[4]!, cast.late, f.substitute]) await press(p.user, 'decision.vote', { item: 34, choice: 'bakom' }, 'Din röst är registrerad');
    await press(cast.abstainer.user, 'decision.vote', { item: 34, choice: 'avstar' }, 'Din röst är registrerad');
    await press(f.chair.user, 'decision.close', { item: 34 }, 'Omröstningen är avslutad.');
    await say(f.chair.user, 'nästa');

    // Finalise and sign through the domain, on the store the process writes.
    const store = openSqliteStore(path.join(dataDir, 'samverkan.db'));
    try {
      const svc = new Samverkan(store);
      const draft = await currentProtocol(svc, f.meetingKey);
      const base = Date.now();
      const at = (minutes: number) => new Date(base + minutes * 60_000).toISOString();
      await finaliseProtocol(svc, f.meetingKey, { person: f.secretary.key, source: 'tab' }, at(0));
      const signedAt = { sekreterare: at(5), justerare: at(47), ordförande: at(93) };
      const signers: [Seat, keyof typeof signedAt][] = [
        [f.secretary, 'sekreterare'],
        [f.vice, 'justerare'],
        [f.chair, 'ordförande'],
      ];
      for (const [p, role] of signers) {
        await signProtocol(svc, f.meetingKey, { person: p.key, source: 'tab' }, { email: `${p.key}@example.org`, aadObjectId: p.user.aadObjectId }, signedAt[role]);
      }
      const signed = await currentProtocol(svc, f.meetingKey);
      return { fixture, party, draft, signed, cast, signedAt };
    } finally {
      await store.close();
    }
  } finally {
    await product?.stop();
    await connector.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
