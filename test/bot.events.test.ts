/**
 * Teams meeting events through the real server process (SPEC §5): a roster member joining the
 * Teams meeting is recorded present with source "teams" (and audited so), people off the
 * roster are ignored; meeting start offers the roll call; meeting end posts a summary with the
 * decisions and a link to the protocol.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotClient, cardText, type TeamsUser } from './support/bot-client.js';
import { startE2E, waitFor, type E2E } from './support/roster-fixture.js';

const PUBLIC_URL = 'https://samverkan.example.org';
let e2e: E2E;

async function press(user: TeamsUser, verb: string, data: Record<string, unknown>) {
  const res = await e2e.client.post(e2e.client.action(user, verb, { meeting: e2e.fixture.meetingKey, ...data }));
  return cardText(BotClient.card(res));
}

/** The value Teams sends with meetingStart / meetingEnd. */
const meetingDetails = (time: 'StartTime' | 'EndTime') => ({
  Id: e2e.fixture.teamsMeetingId,
  JoinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_events%40thread.v2/0',
  MeetingType: 'Scheduled',
  Title: 'Länssamverkansgruppen',
  [time]: new Date().toISOString(),
});

async function post(activity: Record<string, unknown>) {
  const before = e2e.connector.sent.length;
  const res = await e2e.client.post(activity);
  expect(res.status).toBe(200);
  return e2e.connector.texts().slice(before);
}

beforeAll(async () => {
  e2e = await startE2E({ members: 6, teamsMeetingId: 'MCMxOTptZWV0aW5nX2V2ZW50cw' }, { CARD_UPDATE_INTERVAL_MS: '100', PUBLIC_URL });
});
afterAll(async () => {
  await e2e?.stop();
});

describe('Teams meeting events', () => {
  it('meeting start offers the roll call in the chat it links by the Teams meeting id', async () => {
    const texts = await post(e2e.client.meetingEvent(e2e.fixture.chair.user, 'application/vnd.microsoft.meetingStart', meetingDetails('StartTime')));
    expect(texts).toEqual(['Mötet har startat. Vill ordföranden göra uppropet? Skriv "upprop".']);
    await e2e.readStore(async (store) => {
      expect((await store.meetings.get(e2e.fixture.meetingKey))!.value.chatId).toBe(e2e.client.conversationId);
    });
  });

  it('a roster member joining the Teams meeting is present with source "teams"; others are ignored', async () => {
    const f = e2e.fixture;
    const member = f.members[2]!;
    await post(e2e.client.participants(true, [member.user, f.stranger, f.outsider.user]));
    await e2e.readStore(async (store) => {
      const attendance = (await store.attendance.list({ field: 'meeting', equals: f.meetingKey })).map((a) => a.value);
      expect(attendance.map((a) => [a.person, a.source, a.spans])).toEqual([[member.key, 'teams', [{ from: null, until: null }]]]);
      const audit = (await store.audit.list({ field: 'meeting', equals: f.meetingKey })).map((a) => a.value);
      expect(audit.filter((a) => a.action === 'check-in').map((a) => [a.actor, a.source, a.target])).toEqual([[member.key, 'teams', member.key]]);
    });

    // Joining again (a reconnect) records nothing new; leaving ends the presence, from Teams too.
    await post(e2e.client.participants(true, [member.user]));
    await post(e2e.client.participants(false, [member.user]));
    await e2e.readStore(async (store) => {
      const audit = (await store.audit.list({ field: 'meeting', equals: f.meetingKey })).map((a) => a.value);
      expect(audit.filter((a) => a.target === member.key).map((a) => [a.action, a.source])).toEqual(
        expect.arrayContaining([
          ['check-in', 'teams'],
          ['leave', 'teams'],
        ]),
      );
      expect(audit.filter((a) => a.target === member.key)).toHaveLength(2);
      const a = (await store.attendance.get(`${f.meetingKey}|${member.key}`))!.value;
      expect(a.spans).toEqual([]); // left before any item: not present for the meeting's business
      expect(a.source).toBe('teams');
    });
  });

  it('meeting end posts a summary with the decisions and a link to the protocol', async () => {
    const f = e2e.fixture;
    await e2e.client.post(e2e.client.message(f.chair.user, 'upprop'));
    for (const m of f.members) await press(m.user, 'rollcall.checkIn', {});
    await press(f.chair.user, 'rollcall.close', {});
    await press(f.chair.user, 'agenda.approve', {});
    await e2e.client.post(e2e.client.message(f.chair.user, 'beslut 33'));
    await waitFor('the decision card', () => e2e.connector.cards().some((c) => cardText(c.card).includes('Punkt 33.')));
    for (const m of f.members) expect(await press(m.user, 'decision.vote', { item: 33, choice: 'bifall' })).toContain('Din röst är registrerad');
    await press(f.chair.user, 'decision.close', { item: 33 });

    const texts = await post(e2e.client.meetingEvent(f.chair.user, 'application/vnd.microsoft.meetingEnd', meetingDetails('EndTime')));
    expect(texts).toHaveLength(1);
    const summary = texts[0]!;
    expect(summary).toContain(`Mötet i ${f.bodyName} är avslutat.`);
    expect(summary).toContain(`Närvarande (${f.members.length}): `);
    for (const m of f.members) expect(summary).toContain(m.name);
    expect(summary).toContain('Beslut:');
    expect(summary).toContain(`§ 33: ${f.bodyName} beslutade att godkänna förslaget till gemensam rutin.`);
    expect(summary).toContain(`Protokollet: ${PUBLIC_URL}/api/meetings/${encodeURIComponent(f.meetingKey)}/protocol.html`);
  });
});
