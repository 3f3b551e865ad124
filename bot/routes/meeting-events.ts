/**
 * Routes: Teams meeting events. A roster member joining or leaving the Teams meeting is
 * recorded with source "teams" (the chair can override on the roll-call card); meeting start
 * offers the roll call; meeting end posts a summary.
 */
import type { TurnContext } from 'botbuilder';
import type { MeetingParticipantsEventDetails } from 'botbuilder';
import { Refusal } from '../../core/domain/errors.js';
import { isPresentNow } from '../../core/domain/rules/presence.js';
import type { BotDeps } from '../deps.js';
import { protocolUrl } from '../deps.js';
import { personByAadObjectId } from '../identity.js';
import { TEXT } from '../texts.js';
import { meetingOfChat } from './message.js';
import { touchAttendance } from '../shared-cards.js';

export async function onMeetingStart(deps: BotDeps, context: TurnContext): Promise<void> {
  const meeting = await meetingOfChat(deps, context);
  if (!meeting) return;
  if (meeting.rollCall === 'not-started') await context.sendActivity(TEXT.meetingStarted);
}

export async function onMeetingEnd(deps: BotDeps, context: TurnContext): Promise<void> {
  const meeting = await meetingOfChat(deps, context);
  if (!meeting) return;
  const ctx = await deps.svc.context(meeting.key);
  const attendance = await deps.svc.attendance(meeting.key);
  const present = attendance.filter((a) => a.spans.length > 0).map((a) => ctx.roster.people.get(a.person)?.name ?? a.person);
  const decisions = (await deps.store.decisions.list({ field: 'meeting', equals: meeting.key }))
    .map((d) => d.value)
    .filter((d) => d.status === 'closed' && d.sentence)
    .sort((a, b) => a.item - b.item);
  const lines = [
    TEXT.meetingEnded(ctx.bodyName),
    TEXT.summaryPresent(present.length, present.join(', ')),
    decisions.length ? TEXT.summaryDecisions : TEXT.summaryNoDecisions,
    ...decisions.map((d) => `§ ${d.item}: ${d.sentence}`),
    TEXT.summaryProtocol(protocolUrl(deps, meeting.key)),
  ];
  await context.sendActivity(lines.join('\n\n'));
}

export async function onParticipants(deps: BotDeps, context: TurnContext, details: MeetingParticipantsEventDetails, joined: boolean): Promise<void> {
  const meeting = await meetingOfChat(deps, context);
  if (!meeting) return;
  let changed = false;
  for (const member of details.members ?? []) {
    const person = await personByAadObjectId(deps.store, member.user?.aadObjectId);
    if (!person) continue;
    const actor = { person: person.key, source: 'teams' as const };
    try {
      if (joined) {
        const a = await deps.store.attendance.get(`${meeting.key}|${person.key}`);
        if (a && isPresentNow(a.value.spans)) continue;
        changed = (await deps.svc.checkIn(meeting.key, person.key, actor)).changed || changed;
      } else {
        changed = (await deps.svc.leave(meeting.key, person.key, actor)).changed || changed;
      }
    } catch (err) {
      if (!(err instanceof Refusal)) throw err; // someone on another body's roster: not this meeting's business
    }
  }
  if (changed) await touchAttendance(deps, meeting.key);
}
