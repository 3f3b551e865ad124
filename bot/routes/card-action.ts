/**
 * Route: a press on one of our cards (`adaptiveCard/action`, Universal Actions). The presser is
 * `from.aadObjectId`; the card's data only names the target. Every press is answered at once
 * with the presser's own view (a refusal says why, in Swedish, and changes nothing); the shared
 * card is updated through the coalescing updater.
 */
import type { TurnContext } from 'botbuilder';
import { Refusal } from '../../core/domain/errors.js';
import type { Actor } from '../../core/domain/service.js';
import { currentProtocol, signProtocol, signerRoles } from '../../core/domain/protocol.js';
import { parseCardAction, VERBS, type CardAction } from '../cards/actions.js';
import { CHOICE_LABELS } from '../cards/texts.js';
import {
  renderAgenda,
  renderDecision,
  renderNotice,
  renderProtocolStatus,
  renderRollCall,
  type AdaptiveCardJson,
  type Notice,
} from '../cards/render.js';
import type { BotDeps } from '../deps.js';
import { protocolUrl } from '../deps.js';
import { personByAadObjectId } from '../identity.js';
import { TEXT } from '../texts.js';
import { agendaView, agendaViewer, decisionView, decisionViewer, rollCallView, rollCallViewer, snapshot } from '../views.js';
import { touchAttendance, touchCard } from '../shared-cards.js';

type CardKind = 'rollcall' | 'agenda' | 'decision' | 'protocol' | 'notice';

function kindOf(action: CardAction): CardKind {
  if (action.verb === VERBS.refresh) return action.card;
  if (action.verb === VERBS.linkMeeting) return 'notice';
  if (action.verb === VERBS.signProtocol) return 'protocol';
  return action.verb.split('.')[0] as CardKind;
}

const ok = (text: string): Notice => ({ text, tone: 'success' });
const label = (choice: string) => (CHOICE_LABELS as Record<string, string>)[choice] ?? choice;

/** Does what the press asks; returns what to tell the presser. Throws Refusal when refused. */
async function perform(deps: BotDeps, context: TurnContext, action: CardAction, actor: Actor): Promise<Notice | null> {
  const { svc } = deps;
  const m = action.meeting;
  switch (action.verb) {
    case VERBS.refresh:
      return null;
    case VERBS.startRollCall:
      await svc.startRollCall(m, actor);
      await touchCard(deps, m, 'rollcall');
      return null;
    case VERBS.checkIn: {
      const r = await svc.checkIn(m, actor.person, actor);
      await touchAttendance(deps, m);
      return ok(r.changed ? TEXT.checkedIn : TEXT.alreadyIn);
    }
    case VERBS.leave: {
      const r = await svc.leave(m, actor.person, actor);
      await touchAttendance(deps, m);
      return ok(r.changed ? TEXT.left : TEXT.alreadyLeft);
    }
    case VERBS.closeRollCall:
      await svc.closeRollCall(m, actor);
      await touchCard(deps, m, 'rollcall');
      return ok(TEXT.rollCallClosed);
    case VERBS.setStatus: {
      if (action.status === 'present') await svc.checkIn(m, action.person, actor);
      else if (action.status === 'absent') await svc.leave(m, action.person, actor);
      else await svc.serveFor(m, action.person, action.status.slice('serve:'.length), actor);
      await touchAttendance(deps, m);
      const name = (await deps.store.people.get(action.person))?.value.name ?? action.person;
      return ok(TEXT.statusSet(name));
    }
    case VERBS.addGuest:
      await svc.addGuest(m, { name: action.guestName, organisation: action.guestOrganisation ?? null, title: null }, actor);
      await touchCard(deps, m, 'rollcall');
      return ok(TEXT.guestAdded(action.guestName));
    case VERBS.approveAgenda: {
      const before = (await svc.meeting(m)).agenda;
      const { item } = await svc.approveAgenda(m, actor);
      await touchCard(deps, m, 'agenda');
      if (before !== 'approved') await context.sendActivity(TEXT.nowItem(item.number, item.title));
      return ok(TEXT.agendaApproved);
    }
    case VERBS.requestChange: {
      await svc.assertMember(m, actor);
      const name = (await deps.store.people.get(actor.person))?.value.name ?? actor.person;
      await context.sendActivity(TEXT.changeRequested(name) + (action.change ? ` "${action.change}"` : ''));
      return ok(TEXT.changeRequestedNote);
    }
    case VERBS.vote: {
      const r = await svc.castBallot(m, action.item, actor.person, action.choice, actor);
      await touchCard(deps, m, 'decision', action.item);
      return ok(r.changed ? TEXT.voted(label(action.choice)) : TEXT.sameVote(label(action.choice)));
    }
    case VERBS.proxyBallot: {
      await svc.castBallot(m, action.item, action.voter, action.proxyChoice, actor);
      await touchCard(deps, m, 'decision', action.item);
      const name = (await deps.store.people.get(action.voter))?.value.name ?? action.voter;
      return ok(TEXT.votedFor(name, label(action.proxyChoice)));
    }
    case VERBS.closeDecision:
      await svc.closeDecision(m, action.item, actor);
      await touchCard(deps, m, 'decision', action.item);
      return ok(TEXT.voteClosed);
    case VERBS.reserve: {
      const r = await svc.reserve(m, action.item, actor.person, actor, action.reservationText);
      await touchCard(deps, m, 'decision', action.item);
      return ok(r.changed ? TEXT.reserved : TEXT.alreadyReserved);
    }
    case VERBS.reserveFor: {
      await svc.reserve(m, action.item, action.reserveFor, actor);
      await touchCard(deps, m, 'decision', action.item);
      return ok(TEXT.reserved);
    }
    case VERBS.linkMeeting: {
      const meeting = await svc.linkChat(m, context.activity.conversation.id, actor);
      const body = (await deps.store.bodies.get(meeting.body))?.value.name ?? meeting.body;
      return ok(TEXT.linked(body, meeting.start.slice(0, 10)));
    }
    case VERBS.signProtocol: {
      // The card names the version it asks to sign; a correction made since is signed from its own card.
      const latest = (await currentProtocol(svc, m)).version;
      if (latest !== null && latest !== action.version) throw new Refusal('wrong-state', TEXT.newerProtocolVersion(action.version, latest));
      const person = (await deps.store.people.get(actor.person))!.value;
      await signProtocol(svc, m, actor, { email: person.email, aadObjectId: person.aadObjectId ?? actor.person }, deps.now().toISOString());
      return ok('Du har undertecknat protokollet.');
    }
  }
}

/** The presser's own view of the card the press came from. */
async function ownView(deps: BotDeps, action: CardAction, kind: CardKind, person: string, notice: Notice | null): Promise<AdaptiveCardJson> {
  const { svc } = deps;
  const n = notice ?? undefined;
  if (kind === 'notice') return renderNotice(notice?.text ?? '', notice?.tone ?? 'info');
  const s = await snapshot(svc, action.meeting);
  if (kind === 'rollcall') return renderRollCall(rollCallView(s, deps.teamsIds.view), rollCallViewer(s, person), n);
  if (kind === 'agenda') return renderAgenda(await agendaView(svc, s, deps.teamsIds.view), agendaViewer(s, person), n);
  if (kind === 'decision') {
    const item = 'item' in action && action.item !== undefined ? action.item : s.ctx.meeting.currentItem;
    const view = item === null ? null : await decisionView(svc, s, item, deps.teamsIds.view);
    if (!view) return renderNotice(notice?.text ?? TEXT.unknownAction, notice?.tone ?? 'warning');
    return renderDecision(view, decisionViewer(s, view, person), n);
  }
  const doc = await currentProtocol(svc, action.meeting);
  const membership = s.ctx.roster.memberships.find((x) => x.person === person);
  const roles = signerRoles(s.ctx.meeting, membership?.role, person).filter((r) => !doc.signatures.some((x) => x.role === r));
  return renderProtocolStatus(
    {
      meetingKey: s.ctx.meeting.key,
      bodyName: s.ctx.bodyName,
      start: s.ctx.meeting.start,
      dnr: s.ctx.meeting.dnr,
      refreshUserIds: [],
      status: doc.status,
      version: doc.version,
      signatures: doc.signatures.map((x) => ({ name: x.name, role: x.role, signedAt: x.signedAt })),
      protocolUrl: protocolUrl(deps, s.ctx.meeting.key),
    },
    { name: s.ctx.roster.people.get(person)?.name ?? person, canRun: false, toSign: doc.status === 'finalised' ? roles : [] },
    n,
  );
}

export async function onCardAction(deps: BotDeps, context: TurnContext, value: { action?: unknown }): Promise<AdaptiveCardJson> {
  const action = parseCardAction(value.action);
  if (!action) return renderNotice(TEXT.unknownAction, 'error');
  const person = await personByAadObjectId(deps.store, context.activity.from?.aadObjectId);
  if (!person) return renderNotice(TEXT.notOnRoster, 'error');
  deps.teamsIds.learn(person.key, context.activity.from.id);
  const actor: Actor = { person: person.key, source: 'chat' };
  const kind = kindOf(action);
  let notice: Notice | null;
  try {
    notice = await perform(deps, context, action, actor);
  } catch (err) {
    if (!(err instanceof Refusal)) throw err;
    notice = { text: err.message, tone: 'error' };
    if (err.code === 'not-found' && kind !== 'notice') return renderNotice(err.message, 'error');
  }
  try {
    return await ownView(deps, action, kind, person.key, notice);
  } catch (err) {
    // e.g. a member of another body pressing a card: the view itself is refused.
    if (err instanceof Refusal) return renderNotice(err.message, 'error');
    throw err;
  }
}
