/**
 * Reads the domain's state of a meeting into the cards' view models, for everyone (the shared
 * card) and for one person (their own view through `refresh`).
 */
import { SEAT_ROLES, type Membership, type Meeting } from '../core/domain/model.js';
import type { MeetingContext, Samverkan } from '../core/domain/service.js';
import { isPresentNow, presenceSummary } from '../core/domain/rules/presence.js';
import { currentAssignments, quorum } from '../core/domain/rules/seating.js';
import type {
  AgendaView,
  AgendaViewer,
  DecisionView,
  DecisionViewer,
  PersonLine,
  RollCallView,
  RollCallViewer,
} from './cards/render.js';
import { refreshUserIds } from './cards/actions.js';
import { CHAIR_ROLES } from '../core/domain/model.js';
import { TEXT } from './texts.js';

export interface Snapshot {
  ctx: MeetingContext;
  present: Set<string>;
  spans: Map<string, ReturnType<typeof presenceSummary>>;
  serving: Map<string, string>;
}

export async function snapshot(svc: Samverkan, meetingKey: string): Promise<Snapshot> {
  const ctx = await svc.context(meetingKey);
  const attendance = await svc.attendance(meetingKey);
  const order = ctx.meeting.itemsTaken;
  return {
    ctx,
    present: new Set(attendance.filter((a) => isPresentNow(a.spans)).map((a) => a.person)),
    spans: new Map(attendance.map((a) => [a.person, presenceSummary(a.spans, order)])),
    serving: currentAssignments(ctx.meeting.serving),
  };
}

const nameOf = (s: Snapshot, person: string) => s.ctx.roster.people.get(person)?.name ?? person;

function header(s: Snapshot, teamsIds: TeamsIds) {
  const m = s.ctx.meeting;
  const chairs = s.ctx.roster.memberships.filter((x) => CHAIR_ROLES.includes(x.role)).map((x) => teamsIds.get(x.person));
  const others = s.ctx.roster.memberships.map((x) => teamsIds.get(x.person));
  return {
    meetingKey: m.key,
    bodyName: s.ctx.bodyName,
    start: m.start,
    dnr: m.dnr,
    refreshUserIds: refreshUserIds(chairs.filter((x): x is string => !!x), others.filter((x): x is string => !!x)),
  };
}

/** Teams user ids (from.id) by roster person, as far as the bot has seen them. */
export type TeamsIds = ReadonlyMap<string, string>;

function personLine(s: Snapshot, m: Membership): PersonLine {
  const notes: string[] = [];
  const label = m.title ?? (m.role === 'ledamot' ? null : m.role);
  if (label) notes.push(label);
  const seatOf = s.serving.get(m.person);
  if (seatOf) notes.push(TEXT.servesFor(nameOf(s, seatOf)));
  const span = s.spans.get(m.person);
  if (span?.fromItem != null) notes.push(TEXT.joinedFrom(span.fromItem));
  if (span?.untilItem != null) notes.push(TEXT.leftAfter(span.untilItem));
  return { name: nameOf(s, m.person), note: notes.length ? notes.join(', ') : null };
}

export function rollCallView(s: Snapshot, teamsIds: TeamsIds): RollCallView {
  const { roster, meeting } = s.ctx;
  const seatsServed = new Set(s.serving.values());
  return {
    ...header(s, teamsIds),
    state: meeting.rollCall,
    quorum: quorum(roster, s.present, s.serving),
    present: roster.memberships.filter((m) => s.present.has(m.person)).map((m) => personLine(s, m)),
    absent: roster.memberships.filter((m) => !s.present.has(m.person) && m.role !== 'ersättare').map((m) => personLine(s, m)),
    guests: meeting.guests.map((g) => ({ name: g.name, note: g.title ?? g.organisation })),
    roster: roster.memberships.map((m) => ({ person: m.person, name: nameOf(s, m.person) })),
    vacantSeats: roster.memberships
      .filter((m) => SEAT_ROLES.includes(m.role) && !s.present.has(m.person) && !seatsServed.has(m.person))
      .map((m) => ({ person: m.person, name: nameOf(s, m.person) })),
  };
}

const membershipOf = (s: Snapshot, person: string) => s.ctx.roster.memberships.find((m) => m.person === person);

export function rollCallViewer(s: Snapshot, person: string): RollCallViewer {
  const m = membershipOf(s, person);
  const span = s.spans.get(person);
  const seatOf = s.serving.get(person);
  return {
    name: nameOf(s, person),
    canRun: !!m && CHAIR_ROLES.includes(m.role),
    present: s.present.has(person),
    servingFor: seatOf ? nameOf(s, seatOf) : null,
    fromItem: span?.fromItem ?? null,
    untilItem: span?.untilItem ?? null,
  };
}

export async function agendaView(svc: Samverkan, s: Snapshot, teamsIds: TeamsIds): Promise<AgendaView> {
  const items = await svc.agenda(s.ctx.meeting.key);
  return {
    ...header(s, teamsIds),
    state: s.ctx.meeting.agenda,
    currentItem: s.ctx.meeting.currentItem,
    items: items.map((i) => ({ number: i.number, title: i.title, kind: i.kind, decision: i.decision, presenter: i.presenter })),
  };
}

export function agendaViewer(s: Snapshot, person: string): AgendaViewer {
  const m = membershipOf(s, person);
  return { name: nameOf(s, person), canRun: !!m && CHAIR_ROLES.includes(m.role) };
}

export async function decisionView(svc: Samverkan, s: Snapshot, item: number, teamsIds: TeamsIds): Promise<DecisionView | null> {
  const d = await svc.decision(s.ctx.meeting.key, item);
  if (!d) return null;
  const [agendaItem] = (await svc.agenda(s.ctx.meeting.key)).filter((i) => i.number === item);
  const ballots = d.counted ?? (await svc.ballots(s.ctx.meeting.key, item)).map((b) => ({ person: b.person, choice: b.choice }));
  const choiceOf = new Map(ballots.map((b) => [b.person, b.choice]));
  const orgs = new Map((await svc.store.organisations.list()).map((o) => [o.value.key, o.value.name]));
  const reservations = await svc.store.reservations.list({ field: 'decision', equals: d.key });
  return {
    ...header(s, teamsIds),
    item,
    title: agendaItem?.title ?? `Punkt ${item}`,
    proposal: d.proposal,
    type: d.type,
    status: d.status,
    quorum: quorum(s.ctx.roster, s.present, s.serving),
    voters: d.electorate.map((e) => ({
      person: e.person,
      name: nameOf(s, e.person),
      organisation: e.organisation ? (orgs.get(e.organisation) ?? e.organisation) : null,
      choice: choiceOf.get(e.person) ?? null,
    })),
    result: d.result,
    sentence: d.sentence,
    reservations: reservations.map((r) => ({ person: r.value.person, name: nameOf(s, r.value.person) })),
  };
}

export function decisionViewer(s: Snapshot, view: DecisionView, person: string): DecisionViewer {
  const m = membershipOf(s, person);
  const voter = view.voters.find((v) => v.person === person);
  const seatOf = s.serving.get(person);
  return {
    name: nameOf(s, person),
    canRun: !!m && CHAIR_ROLES.includes(m.role),
    role: m?.role ?? null,
    elector: !!voter,
    choice: voter?.choice ?? null,
    servingFor: seatOf ? nameOf(s, seatOf) : null,
    reserved: view.reservations.some((r) => r.person === person),
  };
}

export const currentItemTitle = async (svc: Samverkan, meeting: Meeting) =>
  (await svc.agenda(meeting.key)).find((i) => i.number === meeting.currentItem)?.title ?? '';
