/**
 * The shared cards of a meeting: posting one (and remembering where it is) and rendering its
 * shared view from the current state, for the updater.
 */
import { postedCardKey, type PostedCard } from '../core/domain/model.js';
import { upsert } from '../core/store/store.js';
import type { BotDeps } from './deps.js';
import { renderAgenda, renderDecision, renderRollCall, type AdaptiveCardJson } from './cards/render.js';
import { agendaView, decisionView, rollCallView, snapshot } from './views.js';

export async function rememberCard(deps: BotDeps, ref: Omit<PostedCard, 'key' | 'postedAt'>): Promise<void> {
  const card: PostedCard = { ...ref, key: postedCardKey(ref.meeting, ref.kind, ref.item), postedAt: deps.now().toISOString() };
  // The newest card of a kind is the live one.
  await upsert(deps.store.postedCards, card.key, () => card, () => card);
}

export async function renderShared(deps: BotDeps, card: PostedCard): Promise<AdaptiveCardJson | null> {
  const s = await snapshot(deps.svc, card.meeting);
  if (card.kind === 'rollcall') return renderRollCall(rollCallView(s, deps.teamsIds.view));
  if (card.kind === 'agenda') return renderAgenda(await agendaView(deps.svc, s, deps.teamsIds.view));
  const view = card.item === null ? null : await decisionView(deps.svc, s, card.item, deps.teamsIds.view);
  return view ? renderDecision(view) : null;
}

/** Schedules an update of a meeting's shared card of `kind` (and item), if one was posted. */
export async function touchCard(deps: BotDeps, meeting: string, kind: PostedCard['kind'], item: number | null = null): Promise<void> {
  const card = await deps.store.postedCards.get(postedCardKey(meeting, kind, item));
  if (card) deps.updater.touch(card.value);
}

/** Attendance shows on the roll-call card and, through quorum, on the current decision card. */
export async function touchAttendance(deps: BotDeps, meeting: string): Promise<void> {
  await touchCard(deps, meeting, 'rollcall');
  const current = (await deps.svc.meeting(meeting)).currentItem;
  if (current !== null) await touchCard(deps, meeting, 'decision', current);
}
