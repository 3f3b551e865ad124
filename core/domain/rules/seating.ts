/**
 * Who holds which voting seat, and whether the body is quorate. Pure functions over the roster
 * and who is present; the service feeds them from the store.
 *
 * Rules (SPEC §4, §5):
 * - The seats are the body's ordförande, vice ordförande and ledamöter.
 * - An ersättare with `substituteFor` serves only for that member; one without serves for any
 *   absent seat holder of the same organisation (the principal's seat), in roster order.
 * - Once the first agenda item is current, a change of who serves takes effect only when the
 *   next item becomes current: an ersättare who has started keeps the seat for the rest of
 *   the item even if the member returns, and a newly empty seat is filled from the next item.
 */
import { SEAT_ROLES, type Membership, type Person, type ServingSpan } from '../model.js';

export interface RosterView {
  memberships: Membership[];
  people: Map<string, Person>;
}

export const isSeatHolder = (m: Membership) => SEAT_ROLES.includes(m.role);

export function seatHolders(roster: RosterView): Membership[] {
  return roster.memberships.filter(isSeatHolder).sort((a, b) => a.order - b.order);
}

function substitutes(roster: RosterView): Membership[] {
  return roster.memberships.filter((m) => m.role === 'ersättare').sort((a, b) => a.order - b.order);
}

const organisationOf = (roster: RosterView, person: string) => roster.people.get(person)?.organisation ?? null;

/**
 * Assigns ersättare to absent seat holders.
 * @param present   people present now
 * @param previous  current assignments (substitute → seat holder); kept where still valid
 * @returns         substitute → seat holder
 */
export function assignSeats(roster: RosterView, present: ReadonlySet<string>, previous: ReadonlyMap<string, string>): Map<string, string> {
  const holders = seatHolders(roster);
  const holderSet = new Set(holders.map((h) => h.person));
  const result = new Map<string, string>();
  const served = new Set<string>();

  // An ersättare who already serves keeps precedence over one who came later.
  for (const [substitute, seatOf] of previous) {
    if (present.has(substitute) && !present.has(seatOf) && holderSet.has(seatOf) && !served.has(seatOf)) {
      result.set(substitute, seatOf);
      served.add(seatOf);
    }
  }

  const pool = substitutes(roster).filter((s) => present.has(s.person) && !result.has(s.person));
  for (const holder of holders) {
    if (present.has(holder.person) || served.has(holder.person)) continue;
    const personal = pool.find((s) => s.substituteFor === holder.person && !result.has(s.person));
    const org = organisationOf(roster, holder.person);
    const shared =
      personal ??
      pool.find((s) => s.substituteFor === null && !result.has(s.person) && org !== null && organisationOf(roster, s.person) === org);
    if (shared) {
      result.set(shared.person, holder.person);
      served.add(holder.person);
    }
  }
  return result;
}

/** The assignments in force now: serving spans still open. */
export function currentAssignments(serving: readonly ServingSpan[]): Map<string, string> {
  return new Map(serving.filter((s) => s.until === null).map((s) => [s.substitute, s.seatOf]));
}

/**
 * Rewrites the serving history so that `next` holds from `item` on. Before the first item is
 * current (`item` null) the history is simply replaced; afterwards spans that change are closed
 * after `previousItem` and new ones start at `item`.
 */
export function applyAssignments(
  serving: readonly ServingSpan[],
  next: ReadonlyMap<string, string>,
  item: number | null,
  previousItem: number | null,
): ServingSpan[] {
  if (item === null || previousItem === null) {
    const closed = serving.filter((s) => s.until !== null);
    const open = [...next].map(([substitute, seatOf]) => {
      const existing = serving.find((s) => s.until === null && s.substitute === substitute && s.seatOf === seatOf);
      return existing ?? { substitute, seatOf, from: item, until: null };
    });
    return [...closed, ...open];
  }
  const out: ServingSpan[] = [];
  for (const span of serving) {
    if (span.until !== null) out.push(span);
    else if (next.get(span.substitute) === span.seatOf) out.push(span);
    else out.push({ ...span, until: previousItem });
  }
  for (const [substitute, seatOf] of next) {
    if (!serving.some((s) => s.until === null && s.substitute === substitute && s.seatOf === seatOf)) {
      out.push({ substitute, seatOf, from: item, until: null });
    }
  }
  return out;
}

export interface Quorum {
  seats: number;
  filled: number;
  quorate: boolean;
}

/** Beslutsför: more than half of the voting seats filled, by the holder or a serving ersättare. */
export function quorum(roster: RosterView, present: ReadonlySet<string>, assignments: ReadonlyMap<string, string>): Quorum {
  const holders = seatHolders(roster);
  const servedSeats = new Set(assignments.values());
  const filled = holders.filter((h) => present.has(h.person) || servedSeats.has(h.person)).length;
  return { seats: holders.length, filled, quorate: filled * 2 > holders.length };
}

export interface Voter {
  person: string;
  organisation: string | null;
  /** The seat holder this ersättare votes for; null when voting in their own seat. */
  seatOf: string | null;
}

/**
 * Who may vote now: each seat's holder when present and the seat is not held by an ersättare,
 * else the ersättare serving for it; never a person with jäv on the item. Tjänstepersoner,
 * adjungerade, sekreterare, guests and non-serving ersättare have no seat and never appear.
 */
export function electorate(
  roster: RosterView,
  present: ReadonlySet<string>,
  assignments: ReadonlyMap<string, string>,
  recused: ReadonlySet<string>,
): Voter[] {
  const bySeat = new Map([...assignments].map(([substitute, seatOf]) => [seatOf, substitute]));
  const voters: Voter[] = [];
  for (const holder of seatHolders(roster)) {
    const substitute = bySeat.get(holder.person);
    if (substitute !== undefined) {
      if (present.has(substitute) && !recused.has(substitute)) {
        voters.push({ person: substitute, organisation: organisationOf(roster, substitute), seatOf: holder.person });
      }
    } else if (present.has(holder.person) && !recused.has(holder.person)) {
      voters.push({ person: holder.person, organisation: organisationOf(roster, holder.person), seatOf: null });
    }
  }
  return voters;
}
