/**
 * A whole meeting through the real server process, as Teams drives it: the chat is linked from
 * the pick card, the chair calls `upprop`, 19 of 25 members check in, a personal ersättare
 * serves for an absent member, the roll call closes, the agenda is approved, one member
 * arrives at item 32 and another leaves, a vote with changed ballots closes and a reservation
 * is entered. Afterwards the store (the SQLite file the process writes) must hold exactly what
 * happened, and every card the bot sent or answered with must stay under Teams' 28 KB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Samverkan } from '../core/domain/service.js';
import { assembleProtocol } from '../core/domain/protocol.js';
import type { Choice, PresenceSpan } from '../core/domain/model.js';
import { BotClient, buttonTitles, cardText, type TeamsUser } from './support/bot-client.js';
import { startE2E, waitFor, type E2E, type Seat } from './support/roster-fixture.js';

const CARD_LIMIT = 28 * 1024;

let e2e: E2E;
/** Every card the bot answered a press with (the presser's own view). */
const answered: Record<string, unknown>[] = [];

async function press(user: TeamsUser, verb: string, data: Record<string, unknown>) {
  const res = await e2e.client.post(e2e.client.action(user, verb, { meeting: e2e.fixture.meetingKey, ...data }));
  const card = BotClient.card(res);
  answered.push(card);
  return cardText(card);
}

async function say(user: TeamsUser, text: string) {
  const before = e2e.connector.sent.length;
  const res = await e2e.client.post(e2e.client.message(user, text, { mention: true }));
  expect(res.status).toBe(200);
  return e2e.connector.sent.slice(before);
}

/** The latest shared content of a posted card, once `ready` holds for its text. */
const sharedCard = (id: string, ready: (text: string) => boolean) =>
  waitFor(`card ${id}`, () => {
    const a = e2e.connector.latest(id) as { attachments?: { content: unknown }[] } | undefined;
    const card = a?.attachments?.[0]?.content;
    return card && ready(cardText(card)) ? card : undefined;
  });

beforeAll(async () => {
  e2e = await startE2E({ members: 25, absentWithSubstitute: 5 }, { CARD_UPDATE_INTERVAL_MS: '150' });
});
afterAll(async () => {
  await e2e?.stop();
});

describe('a whole meeting in the chat', () => {
  // Absent at the roll call: 5 (its ersättare serves), 20–23 (stay away), 24 (arrives at item 32).
  const rollCallMembers = () => e2e.fixture.members.filter((_, i) => i !== 5 && i < 20);
  const late = () => e2e.fixture.members[24]!;
  const leaver = () => e2e.fixture.members[10]!;
  /** Final ballots; each `[first, final]` pair is a ballot changed while the vote was open. */
  const ballotPlan = (): { voter: Seat; choices: Choice[] }[] => {
    const f = e2e.fixture;
    const voters = [...rollCallMembers().filter((m) => m !== leaver()), late(), f.substitute];
    return voters.map((voter) => {
      const i = f.members.indexOf(voter);
      if (i === 3) return { voter, choices: ['avslag', 'bifall'] };
      if (i === 12) return { voter, choices: ['bifall', 'avslag'] };
      if (i === 13) return { voter, choices: ['avslag'] };
      if (i === 14) return { voter, choices: ['avstar'] };
      if (voter === f.substitute) return { voter, choices: ['avstar', 'bifall'] };
      return { voter, choices: ['bifall'] };
    });
  };

  it('links the chat, runs roll call, agenda, arrivals, departures, a vote and a reservation', async () => {
    const f = e2e.fixture;

    // An unlinked chat: the first command answers with the meetings to pick from.
    const pick = await say(f.chair.user, 'upprop');
    expect(pick.map((s) => s.activity.text).join('\n')).toContain('inte kopplad till något möte');
    const pickCard = e2e.connector.cards().at(-1)!.card;
    expect(buttonTitles(pickCard)).toEqual([`${f.bodyName} ${f.date} ${f.dnr}`]);
    expect(await press(f.chair.user, 'meeting.link', {})).toContain(`Chatten är nu kopplad till mötet i ${f.bodyName} ${f.date}.`);

    // upprop posts the roll-call card.
    await say(f.chair.user, 'upprop');
    const rollCall = e2e.connector.cards().at(-1)!;
    expect(buttonTitles(rollCall.card)).toEqual(expect.arrayContaining(['Närvarande', 'Lämnar mötet']));

    // 19 of 25 members, the ersättare for the absent member 5, the secretary and an official check in, all at once.
    const checkingIn = [...rollCallMembers(), f.substitute, f.secretary, f.official];
    const answers = await Promise.all(checkingIn.map((p) => press(p.user, 'rollcall.checkIn', {})));
    for (const text of answers) expect(text).toContain('Du är incheckad.');
    const rcText = cardText(await sharedCard(rollCall.id, (t) => t.includes('Närvarande (22)')));
    expect(rcText).toContain(`ersätter ${f.members[5]!.name}`);
    expect(rcText).toContain('Beslutsför (20 av 25)');

    expect(await press(f.chair.user, 'rollcall.close', {})).toContain('Uppropet är avslutat.');
    const closedRollCall = await sharedCard(rollCall.id, (t) => t.includes('Uppropet är avslutat. Kommer du senare, tryck Närvarande.'));
    // Late arrivals still check in from the same card.
    expect(buttonTitles(closedRollCall)).toContain('Närvarande');

    // The agenda: approval makes the first item current and the bot says so.
    await say(f.chair.user, 'dagordning');
    const agendaCard = e2e.connector.cards().at(-1)!.card;
    expect(buttonTitles(agendaCard)).toEqual(expect.arrayContaining(['Godkänn föredragningslistan']));
    const sentBefore = e2e.connector.sent.length;
    expect(await press(f.chair.user, 'agenda.approve', {})).toContain('Föredragningslistan är godkänd.');
    await waitFor('the current item', () => e2e.connector.texts().slice(sentBefore).includes('Nu behandlas punkt 31. Föregående mötesprotokoll'));

    const next = await say(f.chair.user, 'nästa');
    expect(next.map((s) => s.activity.text)).toEqual(['Nu behandlas punkt 32. Rapport från Beredning barn och unga']);

    // At item 32 one member arrives and another leaves.
    expect(await press(late().user, 'rollcall.checkIn', {})).toContain('Du är incheckad.');
    expect(await press(leaver().user, 'rollcall.leave', {})).toContain('Du har lämnat mötet.');
    const movedText = cardText(await sharedCard(rollCall.id, (t) => t.includes('lämnade efter punkt 32')));
    expect(movedText).toContain('anslöt från punkt 32');

    // beslut 33: the item becomes current and the decision card is posted.
    const decide = await say(f.chair.user, 'beslut 33');
    expect(decide[0]!.activity.text).toBe('Nu behandlas punkt 33. Gemensam rutin för samordnad individuell plan');
    const decision = e2e.connector.cards().at(-1)!;
    expect(buttonTitles(decision.card)).toEqual(expect.arrayContaining(['Bifall', 'Avslag', 'Avstår']));

    // Everyone votes at once; three change their ballot afterwards.
    const plan = ballotPlan();
    expect(plan).toHaveLength(20);
    const first = await Promise.all(plan.map((p) => press(p.voter.user, 'decision.vote', { item: 33, choice: p.choices[0] })));
    for (const text of first) expect(text).toContain('Din röst är registrerad');
    const changed = plan.filter((p) => p.choices.length > 1);
    const second = await Promise.all(changed.map((p) => press(p.voter.user, 'decision.vote', { item: 33, choice: p.choices[1] })));
    expect(second[0]).toContain('Din röst är registrerad: Bifall.');
    expect(second[0]).toContain('Du har röstat: Bifall');
    await sharedCard(decision.id, (t) => t.includes('Bifall 17 · Avslag 2 · Avstår 1 · 0 har inte röstat'));

    expect(await press(f.chair.user, 'decision.close', { item: 33 })).toContain('Omröstningen är avslutad.');
    const closed = await sharedCard(decision.id, (t) => t.includes('Omröstningen är avslutad.'));
    expect(cardText(closed)).toContain('Bifall 17 · Avslag 2 · Avstår 1');
    expect(buttonTitles(closed)).not.toEqual(expect.arrayContaining(['Bifall']));
    expect(buttonTitles(closed)).not.toEqual(expect.arrayContaining(['Avslag']));
    expect(buttonTitles(closed)).toContain('Reservera mig');

    // Member 13 voted Avslag and reserves with a reason.
    const text = await press(f.members[13]!.user, 'decision.reserve', { item: 33, reservationText: 'Rutinen saknar finansiering.' });
    expect(text).toContain('Din reservation är antecknad i protokollet.');
  });

  it('leaves exactly the attendance per person per item, the ballots, the result and the reservation in the store', async () => {
    const f = e2e.fixture;
    const plan = ballotPlan();
    await e2e.readStore(async (store) => {
      const meeting = (await store.meetings.get(f.meetingKey))!.value;
      expect(meeting).toMatchObject({ rollCall: 'closed', agenda: 'approved', currentItem: 33, itemsTaken: [31, 32, 33] });
      expect(meeting.chatId).toBe(e2e.client.conversationId);
      expect(meeting.serving).toEqual([{ substitute: f.substitute.key, seatOf: f.members[5]!.key, from: null, until: null }]);

      // Attendance: exactly who was there, and from/until which item.
      const attendance = (await store.attendance.list({ field: 'meeting', equals: f.meetingKey })).map((a) => a.value);
      const spans = Object.fromEntries(attendance.filter((a) => a.spans.length).map((a) => [a.person, a.spans]));
      const whole: PresenceSpan[] = [{ from: null, until: null }];
      const expected: Record<string, PresenceSpan[]> = {};
      for (const m of rollCallMembers()) expected[m.key] = whole;
      expected[leaver().key] = [{ from: null, until: 32 }];
      expected[late().key] = [{ from: 32, until: null }];
      for (const p of [f.substitute, f.secretary, f.official]) expected[p.key] = whole;
      expect(spans).toEqual(expected);
      expect(new Set(attendance.map((a) => a.source))).toEqual(new Set(['chat']));

      // The decision: electorate fixed at opening, result, counted ballots.
      const d = (await store.decisions.get(`${f.meetingKey}|33`))!.value;
      expect(d.status).toBe('closed');
      expect(d.result).toBe('bifall');
      expect(d.sentence).toBe(`${f.bodyName} beslutade att godkänna förslaget till gemensam rutin.`);
      expect(d.electorate.map((e) => e.person).sort()).toEqual(plan.map((p) => p.voter.key).sort());
      expect(d.electorate.find((e) => e.person === f.substitute.key)?.seatOf).toBe(f.members[5]!.key);
      const finalChoice = Object.fromEntries(plan.map((p) => [p.voter.key, p.choices.at(-1)]));
      expect(Object.fromEntries(d.counted!.map((c) => [c.person, c.choice]))).toEqual(finalChoice);

      const ballots = (await store.ballots.list({ field: 'decision', equals: d.key })).map((b) => b.value);
      expect(ballots).toHaveLength(20);
      for (const b of ballots) {
        const p = plan.find((x) => x.voter.key === b.person)!;
        expect(b.choice).toBe(p.choices.at(-1));
        expect(b.changes).toBe(p.choices.length - 1);
        expect(b.recordedBy).toBe(b.person);
      }

      const reservations = (await store.reservations.list({ field: 'meeting', equals: f.meetingKey })).map((r) => r.value);
      expect(reservations).toEqual([
        expect.objectContaining({ decision: d.key, person: f.members[13]!.key, text: 'Rutinen saknar finansiering.' }),
      ]);

      // The same, as the protocol reads it.
      const protocol = await assembleProtocol(new Samverkan(store), f.meetingKey);
      const row = (p: Seat) => protocol.attendance.find((a) => a.name === p.name);
      expect(row(late())).toMatchObject({ status: 'present', fromItem: 32, untilItem: null });
      expect(row(leaver())).toMatchObject({ status: 'present', fromItem: null, untilItem: 32 });
      expect(row(f.substitute)).toMatchObject({ status: 'present', substituteFor: f.members[5]!.name });
      expect(row(f.members[5]!)).toMatchObject({ status: 'absent' });
      expect(row(f.members[1]!)).toMatchObject({ status: 'present', justerare: true });
      expect(protocol.attendance.filter((a) => a.status === 'absent').map((a) => a.name).sort()).toEqual(
        [5, 20, 21, 22, 23].map((i) => f.members[i]!.name).sort(),
      );
      const item = protocol.items.find((i) => i.number === 33)!;
      expect(item.decision).toMatchObject({ result: 'bifall', tally: { bifall: 17, avslag: 2, avstar: 1 }, reservations: [f.members[13]!.name] });
      expect(item.decision!.ballots).toHaveLength(20);
      expect(protocol.items.find((i) => i.number === 32)!.sentence).toBe(`${f.bodyName} godkände informationen.`);
    });
  });

  it('kept every card it sent, updated or answered with under 28 KB', async () => {
    const sent = e2e.connector.sent.map((s) => s.activity);
    const updated = e2e.connector.updates.map((u) => u.activity);
    const cards = [...sent, ...updated].flatMap((a) => ((a.attachments ?? []) as { content: unknown }[]).map((x) => x.content));
    expect(cards.length).toBeGreaterThan(5);
    expect(e2e.connector.updates.length).toBeGreaterThan(0);
    expect(answered.length).toBeGreaterThan(40);
    for (const card of [...cards, ...answered]) {
      expect(Buffer.byteLength(JSON.stringify(card), 'utf8')).toBeLessThan(CARD_LIMIT);
    }
  });
});
