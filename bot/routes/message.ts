/** Route: a message in the chat — the commands of SPEC §5. */
import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import { Refusal } from '../../core/domain/errors.js';
import type { Meeting, Person } from '../../core/domain/model.js';
import type { Actor } from '../../core/domain/service.js';
import { parseCommand, type Command } from '../commands.js';
import type { BotDeps } from '../deps.js';
import { protocolStatusCard } from '../protocol-notice.js';
import { personByAadObjectId } from '../identity.js';
import { renderAgenda, renderDecision, renderHelp, renderLinkMeeting, renderNotice, renderRollCall, type AdaptiveCardJson } from '../cards/render.js';
import { TEXT } from '../texts.js';
import { agendaView, decisionView, rollCallView, snapshot } from '../views.js';
import { rememberCard } from '../shared-cards.js';
import { mutate } from '../../core/store/store.js';

const DAY = 86_400_000;

export const teamsMeetingIdOf = (context: TurnContext): string | null =>
  (context.activity.channelData as { meeting?: { id?: string } } | undefined)?.meeting?.id ?? null;

const sendCard = (context: TurnContext, card: AdaptiveCardJson) => context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));

/** Was the bot addressed (mentioned, or a one-to-one chat)? Unaddressed chatter is ignored. */
function addressed(context: TurnContext): boolean {
  const a = context.activity;
  if (a.conversation?.conversationType === 'personal') return true;
  return (a.entities ?? []).some((e) => e.type === 'mention' && (e as { mentioned?: { id?: string } }).mentioned?.id === a.recipient?.id);
}

/** Meetings of the sender's bodies from 7 days back to 60 days ahead (the pick card). */
async function meetingsToLink(deps: BotDeps, person: Person): Promise<Meeting[]> {
  const memberships = await deps.store.memberships.list({ field: 'person', equals: person.key });
  const now = deps.now().getTime();
  const meetings: Meeting[] = [];
  for (const body of new Set(memberships.map((m) => m.value.body))) {
    for (const m of await deps.store.meetings.list({ field: 'body', equals: body })) {
      const t = Date.parse(m.value.start);
      if (t >= now - 7 * DAY && t <= now + 60 * DAY) meetings.push(m.value);
    }
  }
  return meetings.sort((a, b) => a.start.localeCompare(b.start));
}

/** The meeting this chat runs, linking it by the Teams meeting id when that is how it matches. */
export async function meetingOfChat(deps: BotDeps, context: TurnContext): Promise<Meeting | null> {
  const chatId = context.activity.conversation.id;
  const meeting = await deps.svc.meetingForConversation(chatId, teamsMeetingIdOf(context));
  if (meeting && meeting.chatId === null) {
    const linked = await mutate(deps.store.meetings, meeting.key, (m) => (m.chatId ? null : { ...m, chatId }));
    return linked.value;
  }
  return meeting;
}

export async function onMessage(deps: BotDeps, context: TurnContext): Promise<void> {
  const a = context.activity;
  const command = parseCommand(a.text);
  if (!command) {
    if (addressed(context) && a.text) await context.sendActivity(TEXT.unknownCommand(a.text.replace(/<[^>]+>/g, '').trim().slice(0, 80)));
    return;
  }
  if (command.name === 'help') {
    await sendCard(context, renderHelp({ tabUrl: deps.publicUrl ? `${deps.publicUrl}/tab/` : null }));
    return;
  }
  const person = await personByAadObjectId(deps.store, a.from?.aadObjectId);
  if (!person) {
    await sendCard(context, renderNotice(TEXT.notOnRoster, 'warning'));
    return;
  }
  deps.teamsIds.learn(person.key, a.from.id);
  const meeting = await meetingOfChat(deps, context);
  if (!meeting) {
    const meetings = await meetingsToLink(deps, person);
    if (meetings.length === 0) await context.sendActivity(TEXT.noMeetingsToLink);
    else {
      await context.sendActivity(TEXT.pickMeeting);
      const bodies = new Map((await deps.store.bodies.list()).map((b) => [b.value.key, b.value.name]));
      const options = meetings.map((m) => ({ key: m.key, bodyName: bodies.get(m.body) ?? m.body, start: m.start, dnr: m.dnr }));
      await sendCard(context, renderLinkMeeting({ meetings: options }));
    }
    return;
  }
  const actor: Actor = { person: person.key, source: 'chat' };
  try {
    await run(deps, context, command, meeting, actor);
  } catch (err) {
    if (!(err instanceof Refusal)) throw err;
    await context.sendActivity(err.message);
  }
}

async function run(deps: BotDeps, context: TurnContext, command: Command, meeting: Meeting, actor: Actor) {
  const { svc } = deps;
  const where = { conversation: context.activity.conversation.id, serviceUrl: context.activity.serviceUrl, meeting: meeting.key };
  switch (command.name) {
    case 'rollcall': {
      await svc.startRollCall(meeting.key, actor);
      const res = await sendCard(context, renderRollCall(rollCallView(await snapshot(svc, meeting.key), deps.teamsIds.view)));
      if (res?.id) await rememberCard(deps, { ...where, kind: 'rollcall', item: null, message: res.id });
      return;
    }
    case 'agenda': {
      await svc.assertCanRun(meeting.key, actor, 'lägga ut föredragningslistan');
      const view = await agendaView(svc, await snapshot(svc, meeting.key), deps.teamsIds.view);
      const res = await sendCard(context, renderAgenda(view));
      if (res?.id) await rememberCard(deps, { ...where, kind: 'agenda', item: null, message: res.id });
      return;
    }
    case 'next': {
      const { item } = await svc.nextItem(meeting.key, actor);
      await context.sendActivity(TEXT.nowItem(item.number, item.title));
      return;
    }
    case 'decide': {
      if (command.item === null) {
        await context.sendActivity(TEXT.decideWhich);
        return;
      }
      await svc.assertCanRun(meeting.key, actor, 'öppna ett beslut');
      const before = meeting.currentItem;
      await svc.openDecision(meeting.key, command.item, actor);
      if (before !== command.item) {
        const item = (await svc.agenda(meeting.key)).find((i) => i.number === command.item);
        await context.sendActivity(TEXT.nowItem(command.item, item?.title ?? ''));
      }
      const view = await decisionView(svc, await snapshot(svc, meeting.key), command.item, deps.teamsIds.view);
      if (!view) return;
      const res = await sendCard(context, renderDecision(view));
      if (res?.id) await rememberCard(deps, { ...where, kind: 'decision', item: command.item, message: res.id });
      return;
    }
    case 'minutes': {
      await sendCard(context, await protocolStatusCard(deps, meeting, []));
      return;
    }
    case 'help':
      return;
  }
}
