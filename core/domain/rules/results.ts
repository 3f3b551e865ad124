/**
 * Counting a closed decision (SPEC §4, §5). An ordinary vote is decided by a majority of the
 * votes cast (avstår is not a vote cast); on a tie the chair's vote decides (utslagsröst). An
 * inriktningsbeslut is the principals' consensus: carried when nobody objects.
 */
import type { Choice, DecisionResult, DecisionType, Elector } from '../model.js';

export interface CountedBallot {
  person: string;
  choice: Choice;
}

export interface Tally {
  bifall: number;
  avslag: number;
  avstar: number;
  bakom: number;
  invandning: number;
  /** Electors who cast no ballot. */
  notVoted: number;
}

export function tally(electorate: readonly Elector[], ballots: readonly CountedBallot[]): Tally {
  const t: Tally = { bifall: 0, avslag: 0, avstar: 0, bakom: 0, invandning: 0, notVoted: 0 };
  const voters = new Set(electorate.map((e) => e.person));
  const counted = ballots.filter((b) => voters.has(b.person));
  for (const b of counted) t[b.choice]++;
  t.notVoted = electorate.length - counted.length;
  return t;
}

export function result(type: DecisionType, t: Tally, chairChoice: Choice | null): DecisionResult {
  if (type === 'acklamation') return 'acklamation';
  if (type === 'inriktningsbeslut') return t.invandning === 0 && t.bakom > 0 ? 'enig' : 'ej-enig';
  if (t.bifall > t.avslag) return 'bifall';
  if (t.avslag > t.bifall) return 'avslag';
  // A tie: the chair's casting vote. A chair who abstained or did not vote casts none, and a
  // proposal that did not win a majority falls.
  if (t.bifall > 0 && chairChoice === 'bifall') return 'bifall-utslagsrost';
  return t.bifall > 0 ? 'avslag-utslagsrost' : 'avslag';
}

/** Whether a decision with this result adopted the proposal. */
export const carried = (r: DecisionResult) => r === 'bifall' || r === 'bifall-utslagsrost' || r === 'enig' || r === 'acklamation';

export type PrincipalChoice = 'bakom' | 'invandning' | 'avstar' | 'ej röstat';

/**
 * The tally per huvudman for an inriktningsbeslut: a principal objects when any of its voters
 * objects; stands behind when at least one stands behind and none objects.
 */
export function byPrincipal(electorate: readonly Elector[], ballots: readonly CountedBallot[]): { organisation: string; choice: PrincipalChoice }[] {
  const choiceOf = new Map(ballots.map((b) => [b.person, b.choice]));
  const orgs = new Map<string, Choice[]>();
  for (const e of electorate) {
    const org = e.organisation ?? '(utan organisation)';
    const list = orgs.get(org) ?? [];
    const c = choiceOf.get(e.person);
    if (c) list.push(c);
    orgs.set(org, list);
  }
  return [...orgs].map(([organisation, choices]) => ({
    organisation,
    choice: choices.includes('invandning') ? 'invandning' : choices.includes('bakom') ? 'bakom' : choices.length ? 'avstar' : 'ej röstat',
  }));
}

/** May this voter enter a reservation against the decision? Only those who voted against it. */
export function votedAgainst(type: DecisionType, r: DecisionResult, choice: Choice | undefined): boolean {
  if (choice === undefined) return false;
  if (type === 'inriktningsbeslut') return choice === 'invandning';
  if (type === 'vote') return carried(r) ? choice === 'avslag' : choice === 'bifall';
  return false;
}

/** The protocol's sentence for a decision, in the seeds' words. */
export function decisionSentence(bodyName: string, type: DecisionType, r: DecisionResult, proposal: string | null): string {
  const p = (proposal ?? 'bifalla förslaget').trim().replace(/\.$/, '');
  if (carried(r)) return `${bodyName} beslutade att ${p}.`;
  if (type === 'inriktningsbeslut') return `${bodyName} kunde inte enas om förslaget att ${p}.`;
  return `${bodyName} beslutade att avslå förslaget att ${p}.`;
}

export const informationSentence = (bodyName: string) => `${bodyName} godkände informationen.`;
