/**
 * Cases (ärenden) and their path between the bodies: each event says which body took the case
 * up, at which meeting and item, with what outcome, and where it was sent on.
 */
import { randomUUID } from 'node:crypto';
import { CASE_OUTCOMES, itemKey, type AgendaItem, type Body, type Case, type CaseEvent, type CaseOutcome, type DecisionResult, type Meeting } from './model.js';
import { carried } from './rules/results.js';
import { Refusal } from './errors.js';
import { upsert, mutate, type Store } from '../store/store.js';
import type { Actor } from './service.js';

export interface CaseEventInput {
  case: string;
  meeting: string | null;
  item: number | null;
  outcome: CaseOutcome;
  toBody: string | null;
  summary: string;
  /** Needed when the event is not at a meeting (the meeting gives body and date otherwise). */
  body?: string;
  date?: string;
}

/** Records (idempotently, by case, meeting and item) a step of a case; the case closes on "avslutat". */
export async function recordCaseEvent(store: Store, input: CaseEventInput, actor: Actor, now: () => Date = () => new Date()): Promise<CaseEvent> {
  if (!CASE_OUTCOMES.includes(input.outcome)) throw new Refusal('invalid', `Okänt utfall "${input.outcome}".`);
  const kase = await store.cases.get(input.case);
  if (!kase) throw new Refusal('not-found', `Ärendet "${input.case}" finns inte.`);
  let body = input.body ?? null;
  let date = input.date ?? null;
  if (input.meeting !== null) {
    const meeting = await store.meetings.get(input.meeting);
    if (!meeting) throw new Refusal('not-found', `Mötet "${input.meeting}" finns inte.`);
    if (input.item !== null && !(await store.agendaItems.get(itemKey(input.meeting, input.item)))) {
      throw new Refusal('not-found', `Punkt ${input.item} finns inte på mötet ${input.meeting}.`);
    }
    body = meeting.value.body;
    date = date ?? meeting.value.start;
  }
  if (!body) throw new Refusal('invalid', 'Ange vilket organ som hanterade ärendet.');
  if (input.toBody !== null && !(await store.bodies.get(input.toBody))) throw new Refusal('not-found', `Organet "${input.toBody}" finns inte.`);
  const key = input.meeting !== null ? `${input.case}|${input.meeting}|${input.item ?? '-'}` : `${input.case}|${date}|${input.outcome}`;
  const event: CaseEvent = {
    key,
    case: input.case,
    body,
    meeting: input.meeting,
    item: input.item,
    date: date ?? now().toISOString(),
    outcome: input.outcome,
    toBody: input.toBody,
    summary: input.summary,
  };
  const saved = await upsert(store.caseEvents, key, () => event, (e) => (JSON.stringify(e) === JSON.stringify(event) ? null : event));
  if (input.outcome === 'avslutat') await mutate(store.cases, input.case, (c): Case | null => (c.status === 'avslutat' ? null : { ...c, status: 'avslutat' }));
  await store.audit.create({
    key: randomUUID(),
    at: now().toISOString(),
    actor: actor.person,
    source: actor.source,
    action: 'case-event',
    meeting: input.meeting,
    target: input.case,
    details: { outcome: input.outcome, toBody: input.toBody, item: input.item },
  });
  return saved.value;
}

/** A case's path, oldest first. */
export async function caseTimeline(store: Store, caseKey: string): Promise<CaseEvent[]> {
  const events = await store.caseEvents.list({ field: 'case', equals: caseKey });
  return events.map((e) => e.value).sort((a, b) => a.date.localeCompare(b.date) || (a.item ?? 0) - (b.item ?? 0));
}

/** Where a case is now: the body it was last sent to, else the body that last dealt with it. */
export function caseLocation(kase: Case, timeline: readonly CaseEvent[]): string {
  const last = timeline.at(-1);
  if (!last) return kase.originBody;
  return last.toBody ?? last.body;
}

/**
 * The body a proposal sends the case on to, when it names one ("… och överlämna ärendet till
 * Länssamverkansgruppen"): the longest body name that follows "till", so "Beredning vuxna och
 * äldre" wins over a shorter name it contains.
 */
export function bodyNamedIn(text: string | null, bodies: readonly Body[], except: string): string | null {
  if (!text) return null;
  const lower = text.toLocaleLowerCase('sv');
  const named = bodies
    .filter((b) => b.key !== except && lower.includes(`till ${b.name.toLocaleLowerCase('sv')}`))
    .sort((a, b) => b.name.length - a.name.length);
  return named[0]?.key ?? null;
}

/**
 * Records the step a case takes when its agenda item is dealt with, so the case flow follows the
 * meetings without anyone drawing it: an information item → "information"; a carried decision
 * that sends the case on (the item's `sendTo`, else a body named in the proposal) → "uppdrag", or
 * "återrapport" when it goes back to the body that sent it here; any other decision → "beslut".
 * Idempotent (one event per case, meeting and item); nothing happens for an item without a case.
 */
export async function recordItemOutcome(
  store: Store,
  meeting: Meeting,
  item: AgendaItem,
  decided: { result: DecisionResult | null; sentence: string | null },
  actor: Actor,
  now: () => Date = () => new Date(),
): Promise<CaseEvent | null> {
  if (!item.caseKey || !(await store.cases.get(item.caseKey))) return null;
  const base = { case: item.caseKey, meeting: meeting.key, item: item.number };
  if (item.kind === 'information') {
    return recordCaseEvent(store, { ...base, outcome: 'information', toBody: null, summary: decided.sentence ?? item.title }, actor, now);
  }
  let outcome: CaseOutcome = 'beslut';
  let toBody: string | null = null;
  if (decided.result !== null && carried(decided.result)) {
    const bodies = (await store.bodies.list()).map((b) => b.value);
    toBody = item.sendTo ?? bodyNamedIn(item.proposal, bodies, meeting.body);
    if (toBody !== null) {
      const previous = (await caseTimeline(store, item.caseKey)).filter((e) => !(e.meeting === meeting.key && e.item === item.number)).at(-1);
      outcome = previous && previous.body === toBody && previous.toBody === meeting.body ? 'återrapport' : 'uppdrag';
    }
  }
  return recordCaseEvent(store, { ...base, outcome, toBody, summary: decided.sentence ?? item.title }, actor, now);
}
