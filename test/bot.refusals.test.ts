/**
 * Presses and commands the bot must refuse (SPEC §5 "Rules that always hold"), through the real
 * server process: the answer is HTTP 200 with a card in the presser's own view saying in
 * Swedish why, the store is exactly as before (every collection compared), and the shared
 * card is not updated. Also: the actor is always `from.aadObjectId`, never the card's data, and
 * a repeated delivery of the same activity changes nothing and gets the same answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotClient, cardText, type TeamsUser } from './support/bot-client.js';
import { startE2E, storeSnapshot, waitFor, type E2E } from './support/roster-fixture.js';

const INTERVAL_MS = 100;
let e2e: E2E;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Lets pending shared-card updates go out, so that a snapshot sees a quiet product. */
const settle = () => sleep(INTERVAL_MS * 4);
const snapshot = () => e2e.readStore(storeSnapshot);

async function press(user: TeamsUser, verb: string, data: Record<string, unknown>, id?: string) {
  const res = await e2e.client.post(e2e.client.action(user, verb, { meeting: e2e.fixture.meetingKey, ...data }, { id }));
  return { res, text: cardText(BotClient.card(res)) };
}

/** Presses, and proves the press was refused with `why` and changed nothing anywhere. */
async function expectRefused(user: TeamsUser, verb: string, data: Record<string, unknown>, why: string) {
  await settle();
  const before = await snapshot();
  const sent = e2e.connector.sent.length;
  const updates = e2e.connector.updates.length;
  const { res, text } = await press(user, verb, data);
  expect(res.status).toBe(200);
  expect(text).toContain(why);
  await settle();
  expect(await snapshot()).toEqual(before);
  expect(e2e.connector.sent.length).toBe(sent);
  expect(e2e.connector.updates.length).toBe(updates);
}

beforeAll(async () => {
  e2e = await startE2E({ members: 8, absentWithSubstitute: 7, teamsMeetingId: 'MCMxOTptZWV0aW5nX3JlZnVzYWxz' }, { CARD_UPDATE_INTERVAL_MS: String(INTERVAL_MS) });
  // Any command links the chat by the Teams meeting id; `protokoll` changes nothing else.
  await e2e.client.post(e2e.client.message(e2e.fixture.chair.user, 'protokoll'));
});
afterAll(async () => {
  await e2e?.stop();
});

describe('refused, answered in Swedish, and nothing changed', () => {
  it('a ledamot cannot start the roll call, by command or by button', async () => {
    const f = e2e.fixture;
    const member = f.members[4]!.user;
    const before = await snapshot();
    const sent = e2e.connector.sent.length;
    const res = await e2e.client.post(e2e.client.message(member, 'upprop', { mention: true }));
    expect(res.status).toBe(200);
    const replies = e2e.connector.sent.slice(sent);
    expect(replies.map((r) => r.activity.text)).toEqual(['Bara ordförande, vice ordförande eller sekreterare kan starta uppropet.']);
    expect(replies.some((r) => r.activity.attachments)).toBe(false);
    expect(await snapshot()).toEqual(before);
    expect(before.meetings!.map((m) => (m as { value: { rollCall: string } }).value.rollCall)).toEqual(['not-started']);

    await expectRefused(member, 'rollcall.start', {}, 'Bara ordförande, vice ordförande eller sekreterare kan starta uppropet.');
  });

  it('sets up the vote: roll call, agenda, beslut 33 (members 6 and 7 absent)', async () => {
    const f = e2e.fixture;
    await e2e.client.post(e2e.client.message(f.chair.user, 'upprop'));
    const present = [...f.members.slice(0, 6), f.secretary, f.official, f.poolSubstitute];
    for (const p of present) expect((await press(p.user, 'rollcall.checkIn', {})).text).toContain('Du är incheckad.');
    await press(f.chair.user, 'rollcall.close', {});
    await press(f.chair.user, 'agenda.approve', {});
    await e2e.client.post(e2e.client.message(f.chair.user, 'beslut 33'));
    await waitFor('the decision card', () => e2e.connector.cards().some((c) => cardText(c.card).includes('Punkt 33.')));
    // Arrives after the vote opened: present, but not in its electorate.
    expect((await press(f.members[6]!.user, 'rollcall.checkIn', {})).text).toContain('Du är incheckad.');
  });

  it('acts as the presser whatever person the card data names', async () => {
    const f = e2e.fixture;
    const presser = f.members[2]!;
    const named = f.members[3]!;
    const forged = { person: named.key, voter: named.key, aadObjectId: named.user.aadObjectId, from: { aadObjectId: named.user.aadObjectId } };
    const { text } = await press(presser.user, 'decision.vote', { item: 33, choice: 'avslag', ...forged });
    expect(text).toContain('Din röst är registrerad: Avslag.');
    await e2e.readStore(async (store) => {
      const ballots = (await store.ballots.list({ field: 'decision', equals: `${f.meetingKey}|33` })).map((b) => b.value);
      expect(ballots.map((b) => [b.person, b.choice, b.recordedBy])).toEqual([[presser.key, 'avslag', presser.key]]);
    });

    // A tjänsteperson naming a voting member in the data is still the tjänsteperson.
    await expectRefused(f.official.user, 'decision.vote', { item: 33, choice: 'bifall', ...forged }, 'Som tjänsteperson har du inte rösträtt.');
    // A ledamot cannot use the chair's fields to act on someone else.
    await expectRefused(f.members[4]!.user, 'rollcall.setStatus', { ...forged, status: 'absent' }, 'Bara ordförande, vice ordförande eller sekreterare kan ändra andras närvaro.');
    await expectRefused(f.members[4]!.user, 'decision.proxyBallot', { item: 33, voter: named.key, proxyChoice: 'avslag' }, 'Bara ordförande, vice ordförande eller sekreterare kan registrera en röst åt någon annan.');
  });

  it('refuses people who are not on the body’s roster', async () => {
    const f = e2e.fixture;
    await expectRefused(f.stranger, 'decision.vote', { item: 33, choice: 'bifall' }, 'Du finns inte med i deltagarlistan för någon samverkansgrupp.');
    await expectRefused(f.stranger, 'rollcall.checkIn', {}, 'Du finns inte med i deltagarlistan för någon samverkansgrupp.');
    await expectRefused(f.outsider.user, 'decision.vote', { item: 33, choice: 'bifall' }, `Du finns inte med i deltagarlistan för ${f.bodyName}.`);
    await expectRefused(f.outsider.user, 'rollcall.checkIn', {}, `Du finns inte med i deltagarlistan för ${f.bodyName}.`);
  });

  it('refuses voters outside the electorate fixed when the vote opened, and non-chairs closing it', async () => {
    const f = e2e.fixture;
    await expectRefused(f.official.user, 'decision.vote', { item: 33, choice: 'avstar' }, 'Som tjänsteperson har du inte rösträtt.');
    await expectRefused(f.secretary.user, 'decision.vote', { item: 33, choice: 'avstar' }, 'Som sekreterare har du inte rösträtt.');
    await expectRefused(f.poolSubstitute.user, 'decision.vote', { item: 33, choice: 'bifall' }, 'Du tjänstgjorde inte som ersättare när omröstningen öppnades');
    await expectRefused(f.members[6]!.user, 'decision.vote', { item: 33, choice: 'bifall' }, 'när omröstningen i punkt 33 öppnades och kan därför inte rösta.');
    await expectRefused(f.members[4]!.user, 'decision.close', { item: 33 }, 'Bara ordförande, vice ordförande eller sekreterare kan avsluta omröstningen.');
  });

  it('a repeated delivery changes nothing and gets the same answer', async () => {
    const f = e2e.fixture;
    const voter = f.members[5]!;
    const first = await press(voter.user, 'decision.vote', { item: 33, choice: 'bifall' }, 'f:repeat-vote-1');
    expect(first.text).toContain('Din röst är registrerad: Bifall.');
    const second = await press(voter.user, 'decision.vote', { item: 33, choice: 'avslag' }, 'f:repeat-vote-2');
    expect(second.text).toContain('Din röst är registrerad: Avslag.');

    await settle();
    const before = await snapshot();
    const updates = e2e.connector.updates.length;
    // Both deliveries again, the older one last: the ballot stays Avslag, each answer is the first one.
    const again2 = await press(voter.user, 'decision.vote', { item: 33, choice: 'avslag' }, 'f:repeat-vote-2');
    const again1 = await press(voter.user, 'decision.vote', { item: 33, choice: 'bifall' }, 'f:repeat-vote-1');
    expect(again1.res.body).toEqual(first.res.body);
    expect(again2.res.body).toEqual(second.res.body);
    await settle();
    expect(await snapshot()).toEqual(before);
    expect(e2e.connector.updates.length).toBe(updates);

    // A command delivered twice is carried out once.
    const sent = e2e.connector.sent.length;
    const msg = e2e.client.message(f.chair.user, 'nästa', { id: 'f:repeat-next' });
    await e2e.client.post(msg);
    await e2e.client.post(msg);
    expect(e2e.connector.texts().slice(sent)).toEqual(['Nu behandlas punkt 34. Inriktning för nära vård 2026']);
    await e2e.readStore(async (store) => {
      expect((await store.meetings.get(f.meetingKey))!.value.currentItem).toBe(34);
    });
  });

  it('refuses a vote after the close, and a reservation by someone who did not vote against', async () => {
    const f = e2e.fixture;
    for (const i of [0, 1, 3]) expect((await press(f.members[i]!.user, 'decision.vote', { item: 33, choice: 'bifall' })).text).toContain('Din röst är registrerad: Bifall.');
    expect((await press(f.chair.user, 'decision.close', { item: 33 })).text).toContain('Omröstningen är avslutad.');
    await expectRefused(f.members[4]!.user, 'decision.vote', { item: 33, choice: 'bifall' }, 'Omröstningen är avslutad. Din röst registrerades inte.');
    await expectRefused(f.members[1]!.user, 'decision.vote', { item: 33, choice: 'avslag' }, 'Omröstningen är avslutad. Din röst registrerades inte.');
    // Bifall 3, Avslag 2: the chair voted for the decision and cannot reserve against it.
    await expectRefused(f.members[0]!.user, 'decision.reserve', { item: 33 }, 'Bara den som röstade emot beslutet (Avslag eller Invändning) kan reservera sig.');
    expect((await press(f.members[2]!.user, 'decision.reserve', { item: 33 })).text).toContain('Din reservation är antecknad i protokollet.');
  });
});
