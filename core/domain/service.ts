/**
 * The use cases of a meeting, as the bot and the tab call them. Each takes the actor (a roster
 * person, resolved by the edge from a validated token or `from.aadObjectId`) and either changes
 * the store and writes an audit entry, or throws a `Refusal` and changes nothing.
 *
 * Concurrency: records are changed with optimistic concurrency (`mutate`/`upsert`); rules that
 * span people (who serves in which seat) are serialised through the meeting record's eTag.
 */
import { randomUUID } from 'node:crypto';
import {
  attendanceKey,
  ballotKey,
  CONSENT_CHOICES,
  decisionKey,
  itemKey,
  membershipKey,
  reservationKey,
  VOTE_CHOICES,
  type AgendaItem,
  type Attendance,
  type Ballot,
  type Choice,
  type Decision,
  type DecisionType,
  type Guest,
  type Meeting,
  type Membership,
  type Source,
  SEAT_ROLES,
} from './model.js';
import { Refusal } from './errors.js';
import { can, type Capability } from './rules/permissions.js';
import { arrive, depart, isPresentNow } from './rules/presence.js';
import {
  applyAssignments,
  assignSeats,
  currentAssignments,
  electorate,
  quorum,
  type Quorum,
  type RosterView,
} from './rules/seating.js';
import { byPrincipal, decisionSentence, informationSentence, result, tally, votedAgainst, type Tally } from './rules/results.js';
import { mutate, upsert, type Store } from '../store/store.js';
import { T } from './texts.js';
import { recordItemOutcome } from './cases.js';

export interface Actor {
  /** Roster key of the person acting. */
  person: string;
  source: Source;
}

export interface MeetingContext {
  meeting: Meeting;
  roster: RosterView;
  bodyName: string;
}

export interface AttendanceChange {
  changed: boolean;
  attendance: Attendance | null;
  /** The seat holder this person now serves for, if an ersättare. */
  servingFor: string | null;
}

export interface BallotOutcome {
  changed: boolean;
  ballot: Ballot;
  previous: Choice | null;
}

const CHOICES: Record<Exclude<DecisionType, 'acklamation'>, readonly Choice[]> = {
  vote: VOTE_CHOICES,
  inriktningsbeslut: CONSENT_CHOICES,
};

export class Samverkan {
  constructor(
    readonly store: Store,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private now = () => this.clock().toISOString();

  // ---------------------------------------------------------------- reading

  async meeting(key: string): Promise<Meeting> {
    const m = await this.store.meetings.get(key);
    if (!m) throw new Refusal('not-found', T.meetingNotFound(key));
    return m.value;
  }

  async roster(body: string): Promise<RosterView> {
    const [memberships, people] = await Promise.all([
      this.store.memberships.list({ field: 'body', equals: body }),
      this.store.people.list(),
    ]);
    return {
      memberships: memberships.map((m) => m.value).sort((a, b) => a.order - b.order),
      people: new Map(people.map((p) => [p.value.key, p.value])),
    };
  }

  async context(meetingKey: string): Promise<MeetingContext> {
    const meeting = await this.meeting(meetingKey);
    const [roster, body] = await Promise.all([this.roster(meeting.body), this.store.bodies.get(meeting.body)]);
    return { meeting, roster, bodyName: body?.value.name ?? meeting.body };
  }

  async agenda(meetingKey: string): Promise<AgendaItem[]> {
    const items = await this.store.agendaItems.list({ field: 'meeting', equals: meetingKey });
    return items.map((i) => i.value).sort((a, b) => a.number - b.number);
  }

  async attendance(meetingKey: string): Promise<Attendance[]> {
    return (await this.store.attendance.list({ field: 'meeting', equals: meetingKey })).map((a) => a.value);
  }

  async presentNow(meetingKey: string): Promise<Set<string>> {
    const list = await this.attendance(meetingKey);
    return new Set(list.filter((a) => isPresentNow(a.spans)).map((a) => a.person));
  }

  async quorum(meetingKey: string): Promise<Quorum> {
    const { meeting, roster } = await this.context(meetingKey);
    return quorum(roster, await this.presentNow(meetingKey), currentAssignments(meeting.serving));
  }

  async decision(meetingKey: string, item: number): Promise<Decision | null> {
    return (await this.store.decisions.get(decisionKey(meetingKey, item)))?.value ?? null;
  }

  async ballots(meetingKey: string, item: number): Promise<Ballot[]> {
    return (await this.store.ballots.list({ field: 'decision', equals: decisionKey(meetingKey, item) })).map((b) => b.value);
  }

  /** The running count of an open vote (or the final one of a closed vote). */
  async runningTally(meetingKey: string, item: number): Promise<Tally | null> {
    const d = await this.decision(meetingKey, item);
    if (!d) return null;
    return tally(d.electorate, d.counted ?? (await this.ballots(meetingKey, item)));
  }

  /** The meeting a Teams conversation is linked to, by chat id, else by Teams meeting id. */
  async meetingForConversation(chatId: string, teamsMeetingId: string | null): Promise<Meeting | null> {
    const byChat = await this.store.meetings.list({ field: 'chatId', equals: chatId });
    if (byChat[0]) return byChat[0].value;
    if (teamsMeetingId) {
      const byTeams = await this.store.meetings.list({ field: 'teamsMeetingId', equals: teamsMeetingId });
      if (byTeams[0]) return byTeams[0].value;
    }
    return null;
  }

  // ------------------------------------------------------------ permissions

  private membership(roster: RosterView, person: string): Membership | undefined {
    return roster.memberships.find((m) => m.key === membershipKey(m.body, person));
  }

  private require(ctx: MeetingContext, actor: Actor, capability: Capability, what: string): Membership {
    const m = this.membership(ctx.roster, actor.person);
    if (!m) throw new Refusal('not-member', T.notMember(ctx.bodyName));
    if (!can(m, capability)) throw new Refusal('not-permitted', T.onlyChair(what));
    return m;
  }

  /** Acting for oneself needs membership; acting for someone else needs the chair's rights. */
  private requireSelfOrChair(ctx: MeetingContext, actor: Actor, person: string, what: string) {
    if (actor.person === person) {
      if (!this.membership(ctx.roster, person)) throw new Refusal('not-member', T.notMember(ctx.bodyName));
    } else {
      this.require(ctx, actor, 'run-meeting', what);
      if (!this.membership(ctx.roster, person)) throw new Refusal('not-member', T.personNotMember(this.nameOf(ctx, person), ctx.bodyName));
    }
  }

  private nameOf(ctx: MeetingContext, person: string) {
    return ctx.roster.people.get(person)?.name ?? person;
  }

  private async audit(actor: Actor | 'system', action: string, meeting: string | null, target: string, details: Record<string, unknown> = {}) {
    await this.store.audit.create({
      key: randomUUID(),
      at: this.now(),
      actor: actor === 'system' ? 'system' : actor.person,
      source: actor === 'system' ? 'system' : actor.source,
      action,
      meeting,
      target,
      details,
    });
  }

  /** Refuses (Refusal) unless the actor may run this meeting: for edges about to post something. */
  async assertCanRun(meetingKey: string, actor: Actor, what: string): Promise<void> {
    this.require(await this.context(meetingKey), actor, 'run-meeting', what);
  }

  /** Refuses (Refusal) unless the actor is on the roster of the meeting's body. */
  async assertMember(meetingKey: string, actor: Actor): Promise<void> {
    const ctx = await this.context(meetingKey);
    if (!this.membership(ctx.roster, actor.person)) throw new Refusal('not-member', T.notMember(ctx.bodyName));
  }

  // -------------------------------------------------------------- the chat

  async linkChat(meetingKey: string, chatId: string, actor: Actor): Promise<Meeting> {
    const ctx = await this.context(meetingKey);
    this.require(ctx, actor, 'run-meeting', T.whatLink);
    const other = await this.store.meetings.list({ field: 'chatId', equals: chatId });
    const taken = other.find((o) => o.value.key !== meetingKey);
    if (taken) throw new Refusal('wrong-state', T.chatLinkedElsewhere);
    const saved = await mutate(this.store.meetings, meetingKey, (m) => (m.chatId === chatId ? null : { ...m, chatId }));
    await this.audit(actor, 'link-chat', meetingKey, meetingKey, { chatId });
    return saved.value;
  }

  // -------------------------------------------------------------- roll call

  async startRollCall(meetingKey: string, actor: Actor): Promise<Meeting> {
    const ctx = await this.context(meetingKey);
    this.require(ctx, actor, 'run-meeting', T.whatRollCall);
    const saved = await mutate(this.store.meetings, meetingKey, (m) => (m.rollCall === 'not-started' ? { ...m, rollCall: 'open' } : null));
    await this.audit(actor, 'start-roll-call', meetingKey, meetingKey);
    return saved.value;
  }

  async closeRollCall(meetingKey: string, actor: Actor): Promise<Meeting> {
    const ctx = await this.context(meetingKey);
    this.require(ctx, actor, 'run-meeting', T.whatCloseRollCall);
    const saved = await mutate(this.store.meetings, meetingKey, (m) => (m.rollCall === 'closed' ? null : { ...m, rollCall: 'closed' }));
    await this.audit(actor, 'close-roll-call', meetingKey, meetingKey);
    return saved.value;
  }

  /** Närvarande: the person is present from now on (from the current item once under way). */
  async checkIn(meetingKey: string, person: string, actor: Actor): Promise<AttendanceChange> {
    const ctx = await this.context(meetingKey);
    this.requireSelfOrChair(ctx, actor, person, T.whatSetStatus);
    return this.changePresence(ctx, person, actor, 'check-in', (spans) => arrive(spans, ctx.meeting.currentItem));
  }

  /** Lämnar mötet: the person leaves after the current item. */
  async leave(meetingKey: string, person: string, actor: Actor): Promise<AttendanceChange> {
    const ctx = await this.context(meetingKey);
    this.requireSelfOrChair(ctx, actor, person, T.whatSetStatus);
    return this.changePresence(ctx, person, actor, 'leave', (spans) => depart(spans, ctx.meeting.currentItem));
  }

  private async changePresence(
    ctx: MeetingContext,
    person: string,
    actor: Actor,
    action: string,
    change: (spans: Attendance['spans']) => Attendance['spans'] | null,
  ): Promise<AttendanceChange> {
    const key = attendanceKey(ctx.meeting.key, person);
    let changed = false;
    const saved = await upsert(
      this.store.attendance,
      key,
      () => {
        const spans = change([]);
        changed = spans !== null;
        return { key, meeting: ctx.meeting.key, person, spans: spans ?? [], recusals: [], source: actor.source };
      },
      (current) => {
        const spans = change(current.spans);
        changed = spans !== null;
        return spans ? { ...current, spans, source: actor.source } : null;
      },
    );
    let meeting = ctx.meeting;
    if (changed) {
      await this.audit(actor, action, ctx.meeting.key, person, { byChair: actor.person !== person, spans: saved.value.spans });
      // Before the first item, seats follow presence at once; later only between items.
      if (meeting.currentItem === null) meeting = await this.reseat(ctx, null);
    }
    return { changed, attendance: saved.value, servingFor: currentAssignments(meeting.serving).get(person) ?? null };
  }

  /**
   * Recomputes who serves for whom, as the meeting moves to `toItem` (an item boundary), or
   * live before the first item (`toItem` null while no item is current).
   */
  private async reseat(ctx: MeetingContext, toItem: number | null, extra: (m: Meeting) => Partial<Meeting> = () => ({})): Promise<Meeting> {
    const present = await this.presentNow(ctx.meeting.key);
    const saved = await mutate(this.store.meetings, ctx.meeting.key, (m) => {
      const next = assignSeats(ctx.roster, present, currentAssignments(m.serving));
      const item = toItem ?? m.currentItem;
      const serving = applyAssignments(m.serving, next, item, toItem === null ? null : m.currentItem);
      const patch = extra(m);
      const same = JSON.stringify(serving) === JSON.stringify(m.serving) && Object.keys(patch).length === 0;
      return same ? null : { ...m, ...patch, serving };
    });
    return saved.value;
  }

  /**
   * The chair's override: `substitute` (an ersättare, checked in by this) serves for `seatOf`
   * from now on. Recorded as given; the automatic rules then keep it while the seat is vacant.
   */
  async serveFor(meetingKey: string, substitute: string, seatOf: string, actor: Actor): Promise<Meeting> {
    const ctx = await this.context(meetingKey);
    this.require(ctx, actor, 'run-meeting', T.whatSetStatus);
    const sub = this.membership(ctx.roster, substitute);
    const holder = this.membership(ctx.roster, seatOf);
    if (!sub || sub.role !== 'ersättare') throw new Refusal('invalid', T.notASubstitute(this.nameOf(ctx, substitute)));
    if (!holder || !SEAT_ROLES.includes(holder.role)) throw new Refusal('invalid', T.notASeat(this.nameOf(ctx, seatOf)));
    if ((await this.presentNow(meetingKey)).has(seatOf)) throw new Refusal('wrong-state', T.seatHolderPresent(this.nameOf(ctx, seatOf)));
    await this.changePresence(ctx, substitute, actor, 'check-in', (spans) => arrive(spans, ctx.meeting.currentItem));
    const saved = await mutate(this.store.meetings, meetingKey, (m) => {
      const open = currentAssignments(m.serving);
      if (open.get(substitute) === seatOf) return null;
      const item = m.currentItem;
      const previous = m.itemsTaken.at(-2) ?? null;
      const serving = m.serving.flatMap((span) => {
        if (span.until !== null || (span.substitute !== substitute && span.seatOf !== seatOf)) return [span];
        // Before the first item the old assignment simply goes; later it ends after the previous item.
        return item === null || previous === null ? [] : [{ ...span, until: previous }];
      });
      return { ...m, serving: [...serving, { substitute, seatOf, from: item, until: null }] };
    });
    await this.audit(actor, 'serve-for', meetingKey, substitute, { seatOf });
    return saved.value;
  }

  async addGuest(meetingKey: string, guest: Guest, actor: Actor): Promise<Meeting> {
    const ctx = await this.context(meetingKey);
    this.require(ctx, actor, 'run-meeting', T.whatSetStatus);
    const name = guest.name.trim();
    if (!name) throw new Refusal('invalid', T.guestNameMissing);
    const saved = await mutate(this.store.meetings, meetingKey, (m) =>
      m.guests.some((g) => g.name === name) ? null : { ...m, guests: [...m.guests, { ...guest, name }] },
    );
    await this.audit(actor, 'add-guest', meetingKey, name, { guest });
    return saved.value;
  }

  /** Jäv: the person takes no part in the item (does not vote on it). */
  async recuse(meetingKey: string, item: number, person: string, actor: Actor): Promise<Attendance> {
    const ctx = await this.context(meetingKey);
    this.requireSelfOrChair(ctx, actor, person, T.whatSetStatus);
    await this.agendaItem(meetingKey, item);
    const key = attendanceKey(meetingKey, person);
    const saved = await upsert(
      this.store.attendance,
      key,
      () => ({ key, meeting: meetingKey, person, spans: [], recusals: [item], source: actor.source }),
      (a) => (a.recusals.includes(item) ? null : { ...a, recusals: [...a.recusals, item].sort((x, y) => x - y) }),
    );
    await this.audit(actor, 'recuse', meetingKey, person, { item });
    return saved.value;
  }

  // ------------------------------------------------------------------ agenda

  private async agendaItem(meetingKey: string, number: number): Promise<AgendaItem> {
    const item = await this.store.agendaItems.get(itemKey(meetingKey, number));
    if (!item) throw new Refusal('not-found', T.itemNotFound(number));
    return item.value;
  }

  /** Godkänn föredragningslistan: the first item becomes current. */
  async approveAgenda(meetingKey: string, actor: Actor): Promise<{ meeting: Meeting; item: AgendaItem }> {
    const ctx = await this.context(meetingKey);
    this.require(ctx, actor, 'run-meeting', T.whatApproveAgenda);
    const items = await this.agenda(meetingKey);
    const first = items[0];
    if (!first) throw new Refusal('wrong-state', T.agendaEmpty);
    if (ctx.meeting.agenda === 'approved') {
      const current = items.find((i) => i.number === ctx.meeting.currentItem) ?? first;
      return { meeting: ctx.meeting, item: current };
    }
    const meeting = await this.reseat(ctx, first.number, (m) =>
      m.agenda === 'approved' ? {} : { agenda: 'approved', currentItem: first.number, itemsTaken: [first.number] },
    );
    await this.audit(actor, 'approve-agenda', meetingKey, meetingKey, { currentItem: first.number });
    const current = items.find((i) => i.number === meeting.currentItem) ?? first;
    if (current.kind === 'information') await recordItemOutcome(this.store, meeting, current, { result: null, sentence: informationSentence(ctx.bodyName) }, actor, this.clock);
    return { meeting, item: current };
  }

  /** nästa: the item after the current one in agenda order becomes current. */
  async nextItem(meetingKey: string, actor: Actor): Promise<{ meeting: Meeting; item: AgendaItem }> {
    const ctx = await this.context(meetingKey);
    this.require(ctx, actor, 'run-meeting', T.whatNext);
    const items = await this.agenda(meetingKey);
    const current = ctx.meeting.currentItem;
    const next = current === null ? items[0] : items.find((i) => i.number > current);
    if (!next) throw new Refusal('wrong-state', current === null ? T.agendaEmpty : T.noMoreItems(current));
    return this.moveTo(ctx, next, actor);
  }

  /** Makes `number` the current item (beslut <nr>). */
  async setCurrentItem(meetingKey: string, number: number, actor: Actor): Promise<{ meeting: Meeting; item: AgendaItem }> {
    const ctx = await this.context(meetingKey);
    this.require(ctx, actor, 'run-meeting', T.whatNext);
    const item = await this.agendaItem(meetingKey, number);
    if (ctx.meeting.currentItem === number) return { meeting: ctx.meeting, item };
    return this.moveTo(ctx, item, actor);
  }

  private async moveTo(ctx: MeetingContext, item: AgendaItem, actor: Actor) {
    const meeting = await this.reseat(ctx, item.number, (m) =>
      m.currentItem === item.number
        ? {}
        : { currentItem: item.number, itemsTaken: m.itemsTaken.includes(item.number) ? m.itemsTaken : [...m.itemsTaken, item.number] },
    );
    await this.audit(actor, 'current-item', ctx.meeting.key, String(item.number), { from: ctx.meeting.currentItem });
    // An information item is dealt with when it is taken up: its case records the step now.
    if (item.kind === 'information') await recordItemOutcome(this.store, meeting, item, { result: null, sentence: informationSentence(ctx.bodyName) }, actor, this.clock);
    return { meeting, item };
  }

  async setItemText(meetingKey: string, number: number, text: string, actor: Actor, etag?: string): Promise<AgendaItem> {
    const ctx = await this.context(meetingKey);
    const m = this.membership(ctx.roster, actor.person);
    if (!m) throw new Refusal('not-member', T.notMember(ctx.bodyName));
    if (!can(m, 'edit-protocol') && !can(m, 'run-meeting')) throw new Refusal('not-permitted', T.onlySecretary);
    const key = itemKey(meetingKey, number);
    const current = await this.store.agendaItems.get(key);
    if (!current) throw new Refusal('not-found', T.itemNotFound(number));
    const saved = etag
      ? await this.store.agendaItems.update({ ...current.value, text }, etag)
      : await mutate(this.store.agendaItems, key, (i) => (i.text === text ? null : { ...i, text }));
    await this.audit(actor, 'item-text', meetingKey, String(number), { length: text.length });
    return saved.value;
  }

  // --------------------------------------------------------------- decisions

  /**
   * Opens the decision of an item (making it current if it is not). The electorate is fixed
   * now: the voters present and serving at this moment, minus anyone with jäv.
   */
  async openDecision(meetingKey: string, number: number, actor: Actor, type?: DecisionType): Promise<Decision> {
    const ctx0 = await this.context(meetingKey);
    this.require(ctx0, actor, 'run-meeting', T.whatOpenDecision);
    const item = await this.agendaItem(meetingKey, number);
    if (item.kind !== 'beslut') throw new Refusal('wrong-state', T.informationItem(number));
    const existing = await this.decision(meetingKey, number);
    if (existing) {
      if (existing.status === 'open') return existing;
      throw new Refusal('wrong-state', T.alreadyDecided(number));
    }
    if (ctx0.meeting.currentItem !== number) await this.setCurrentItem(meetingKey, number, actor);
    const ctx = await this.context(meetingKey);
    const present = await this.presentNow(meetingKey);
    const recused = new Set((await this.attendance(meetingKey)).filter((a) => a.recusals.includes(number)).map((a) => a.person));
    const voters = electorate(ctx.roster, present, currentAssignments(ctx.meeting.serving), recused);
    const chair =
      ['ordförande', 'vice ordförande']
        .map((role) => ctx.roster.memberships.find((m) => m.role === role && voters.some((v) => v.person === m.person)))
        .find(Boolean)?.person ?? null;
    const decision: Decision = {
      key: decisionKey(meetingKey, number),
      meeting: meetingKey,
      item: number,
      type: type ?? item.decision ?? 'vote',
      status: 'open',
      proposal: item.proposal,
      electorate: voters,
      chair,
      openedAt: this.now(),
      closedAt: null,
      result: null,
      sentence: null,
      counted: null,
    };
    const saved = await upsert(this.store.decisions, decision.key, () => decision, () => null);
    if (saved.value.openedAt === decision.openedAt) {
      await this.audit(actor, 'open-decision', meetingKey, String(number), { type: decision.type, electorate: voters.length });
    }
    return saved.value;
  }

  private async openDecisionOrRefuse(meetingKey: string, number: number): Promise<Decision> {
    const d = await this.decision(meetingKey, number);
    if (!d) throw new Refusal('wrong-state', T.noOpenVote(number));
    if (d.status !== 'open') throw new Refusal('wrong-state', T.voteClosed);
    return d;
  }

  private whyNotElector(ctx: MeetingContext, d: Decision, voter: string, self: boolean): string {
    const m = this.membership(ctx.roster, voter);
    const name = this.nameOf(ctx, voter);
    if (!m) return self ? T.notMember(ctx.bodyName) : T.personNotMember(name, ctx.bodyName);
    if (!['ordförande', 'vice ordförande', 'ledamot', 'ersättare'].includes(m.role)) return T.roleCannotVote(m.role);
    if (m.role === 'ersättare') return T.substituteNotServing;
    return T.notInElectorate(d.item);
  }

  /** One ballot per voter per decision; casting again replaces it while the vote is open. */
  async castBallot(meetingKey: string, number: number, voter: string, choice: Choice, actor: Actor): Promise<BallotOutcome> {
    const ctx = await this.context(meetingKey);
    const d = await this.openDecisionOrRefuse(meetingKey, number);
    if (actor.person !== voter) this.require(ctx, actor, 'run-meeting', T.whatProxyBallot);
    if (d.type === 'acklamation') throw new Refusal('wrong-state', T.acclamationNoBallots);
    if (!CHOICES[d.type].includes(choice)) throw new Refusal('invalid', T.choiceInvalid);
    if (!d.electorate.some((e) => e.person === voter)) {
      throw new Refusal('not-eligible', this.whyNotElector(ctx, d, voter, actor.person === voter));
    }
    const key = ballotKey(d.key, voter);
    const castAt = this.now();
    let previous: Ballot | null = null;
    let changed = false;
    const saved = await upsert(
      this.store.ballots,
      key,
      () => {
        previous = null;
        changed = true;
        return { key, decision: d.key, meeting: meetingKey, person: voter, choice, castAt, recordedBy: actor.person, source: actor.source, changes: 0 };
      },
      (b) => {
        previous = b;
        changed = b.choice !== choice;
        return changed ? { ...b, choice, castAt, recordedBy: actor.person, source: actor.source, changes: b.changes + 1 } : null;
      },
    );
    if (changed) await this.undoIfClosedMeanwhile(d.key, saved.value, previous);
    if (changed) {
      await this.audit(actor, 'ballot', meetingKey, String(number), {
        voter,
        choice,
        byChair: actor.person !== voter,
        replaced: (previous as Ballot | null)?.choice ?? null,
      });
    }
    return { changed, ballot: saved.value, previous: (previous as Ballot | null)?.choice ?? null };
  }

  /**
   * A ballot that raced with "Avsluta omröstning" counts only if the close counted it; else it
   * is taken back and refused, so the store never holds a ballot the result did not include.
   */
  private async undoIfClosedMeanwhile(decision: string, ballot: Ballot, previous: Ballot | null) {
    for (let attempt = 0; attempt < 50; attempt++) {
      const d = (await this.store.decisions.get(decision))?.value;
      if (!d || d.status === 'open') return;
      if (d.counted === null) {
        await new Promise((r) => setTimeout(r, 20)); // the close is counting right now
        continue;
      }
      if (d.counted.some((c) => c.person === ballot.person && c.choice === ballot.choice)) return;
      const current = await this.store.ballots.get(ballot.key);
      if (current && previous) await this.store.ballots.update(previous, current.etag).catch(() => undefined);
      else if (current) await this.store.ballots.remove(ballot.key, current.etag).catch(() => undefined);
      throw new Refusal('wrong-state', T.voteClosed);
    }
  }

  /** Avsluta omröstning: closes the vote, counts the ballots and writes the decision sentence. */
  async closeDecision(meetingKey: string, number: number, actor: Actor): Promise<Decision> {
    const ctx = await this.context(meetingKey);
    this.require(ctx, actor, 'run-meeting', T.whatCloseVote);
    const d = await this.decision(meetingKey, number);
    if (!d) throw new Refusal('wrong-state', T.noOpenVote(number));
    if (d.status === 'closed' && d.result !== null) return d;
    // Two steps, so that ballots still in flight see the vote closed before it is counted; a
    // close interrupted between them is finished by pressing again.
    await mutate(this.store.decisions, d.key, (x) => (x.status === 'closed' ? null : { ...x, status: 'closed', closedAt: this.now() }));
    const ballots = await this.ballots(meetingKey, number);
    const voters = new Set(d.electorate.map((e) => e.person));
    const counted = ballots.filter((b) => voters.has(b.person)).map((b) => ({ person: b.person, choice: b.choice }));
    counted.sort((a, b) => a.person.localeCompare(b.person));
    const t = tally(d.electorate, counted);
    const chairChoice = counted.find((c) => c.person === d.chair)?.choice ?? null;
    const r = result(d.type, t, chairChoice);
    const sentence = decisionSentence(ctx.bodyName, d.type, r, d.proposal);
    const saved = await mutate(this.store.decisions, d.key, (x) =>
      x.result !== null ? null : { ...x, counted: d.type === 'acklamation' ? [] : counted, result: r, sentence },
    );
    await this.audit(actor, 'close-decision', meetingKey, String(number), { result: r, tally: t });
    await recordItemOutcome(this.store, ctx.meeting, await this.agendaItem(meetingKey, number), saved.value, actor, this.clock);
    return saved.value;
  }

  /** The tally per huvudman of an inriktningsbeslut (running while open). */
  async principals(meetingKey: string, number: number) {
    const d = await this.decision(meetingKey, number);
    if (!d) return [];
    return byPrincipal(d.electorate, d.counted ?? (await this.ballots(meetingKey, number)));
  }

  /** Reservera mig: only a voter who voted against the decision, once. */
  async reserve(meetingKey: string, number: number, person: string, actor: Actor, text?: string): Promise<{ changed: boolean }> {
    const ctx = await this.context(meetingKey);
    this.requireSelfOrChair(ctx, actor, person, T.whatReserve);
    const d = await this.decision(meetingKey, number);
    if (!d || d.status !== 'closed' || d.result === null || d.counted === null) throw new Refusal('wrong-state', T.reserveNotClosed);
    const choice = d.counted.find((c) => c.person === person)?.choice;
    if (!votedAgainst(d.type, d.result, choice)) throw new Refusal('not-eligible', T.reserveOnlyAgainst);
    const key = reservationKey(d.key, person);
    const existing = await this.store.reservations.get(key);
    if (existing) return { changed: false };
    await upsert(
      this.store.reservations,
      key,
      () => ({ key, decision: d.key, meeting: meetingKey, person, at: this.now(), text: text?.trim() || null }),
      () => null,
    );
    await this.audit(actor, 'reserve', meetingKey, String(number), { person });
    return { changed: true };
  }
}
