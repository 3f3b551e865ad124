/**
 * The records of the domain. Plain data, no behaviour: every store keeps exactly these shapes,
 * keyed by `key`. Keys of dependent records are composed from their parents' keys so that the
 * domain's "one X per Y" rules are unique keys a store can enforce (SQLite constraints,
 * SharePoint `enforceUniqueValues`), and so that retries and duplicate deliveries collide.
 */

export const ORGANISATION_KINDS = ['region', 'kommun', 'other'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const ROLES = [
  'ordförande',
  'vice ordförande',
  'ledamot',
  'ersättare',
  'adjungerad',
  'sekreterare',
  'tjänsteperson',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles that hold a voting seat of their own (SPEC §5 "Quorum"). */
export const SEAT_ROLES: readonly Role[] = ['ordförande', 'vice ordförande', 'ledamot'];
/** Roles that run the meeting: they may start the roll call, call decisions, close votes. */
export const CHAIR_ROLES: readonly Role[] = ['ordförande', 'vice ordförande', 'sekreterare'];

export const ITEM_KINDS = ['beslut', 'information'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export const DECISION_TYPES = ['vote', 'inriktningsbeslut', 'acklamation'] as const;
export type DecisionType = (typeof DECISION_TYPES)[number];

export const VOTE_CHOICES = ['bifall', 'avslag', 'avstar'] as const;
export const CONSENT_CHOICES = ['bakom', 'invandning', 'avstar'] as const;
export type VoteChoice = (typeof VOTE_CHOICES)[number];
export type ConsentChoice = (typeof CONSENT_CHOICES)[number];
export type Choice = VoteChoice | ConsentChoice;

/** Where a change came from; every audit entry names one. */
export const SOURCES = ['chat', 'tab', 'import', 'teams', 'system'] as const;
export type Source = (typeof SOURCES)[number];

export interface Organisation {
  key: string;
  name: string;
  kind: OrganisationKind;
}

export interface Body {
  key: string;
  name: string;
  /** Free text from the roster: politisk, tjänsteperson, beredning, au, … */
  kind: string;
  reportsTo: string | null;
}

export interface Person {
  key: string;
  name: string;
  organisation: string | null;
  email: string | null;
  aadObjectId: string | null;
  party: string | null;
}

export interface Membership {
  /** `${body}|${person}`: one membership per person per body. */
  key: string;
  body: string;
  person: string;
  role: Role;
  title: string | null;
  /** Personal substitute: serves only for this member. */
  substituteFor: string | null;
  /** Position in the roster; ersättare of an organisation's pool serve in this order. */
  order: number;
}

export interface Guest {
  name: string;
  organisation: string | null;
  title: string | null;
}

export type RollCallState = 'not-started' | 'open' | 'closed';
export type AgendaState = 'draft' | 'approved';

export interface Meeting {
  key: string;
  body: string;
  dnr: string | null;
  start: string; // ISO 8601 with offset
  end: string;
  place: string;
  teamsMeetingId: string | null;
  /** The Teams conversation the meeting is run from, once linked. */
  chatId: string | null;
  justerare: string | null;
  guests: Guest[];
  rollCall: RollCallState;
  agenda: AgendaState;
  /** Number of the agenda item being dealt with; null before the agenda is approved. */
  currentItem: number | null;
  /** Agenda items already dealt with, in the order they became current. */
  itemsTaken: number[];
  /** Who served for whom; changes only between items once the first item is current. */
  serving: ServingSpan[];
}

export interface Attachment {
  title: string;
  url: string;
}

export interface AgendaItem {
  /** `${meeting}|${number}` */
  key: string;
  meeting: string;
  number: number;
  title: string;
  kind: ItemKind;
  /** For `beslut` items: how the decision is taken. */
  decision: DecisionType | null;
  presenter: string | null;
  proposal: string | null;
  attachments: Attachment[];
  /** The protocol text of the item, written by the secretary. */
  text: string;
  /** The case this item deals with, if any. */
  caseKey: string | null;
  /**
   * The body a carried decision sends the case on to (an uppdrag, "till Länssamverkansgruppen").
   * Absent on records written before it existed: read as null.
   */
  sendTo?: string | null;
}

/**
 * One continuous stretch of presence. `from`/`until` are agenda item numbers:
 * from = null means present from the start of the meeting (the roll call);
 * until = null means still present (or to the end of the meeting).
 */
export interface PresenceSpan {
  from: number | null;
  until: number | null;
}

/**
 * An ersättare serving in a seat holder's place over a stretch of items. Kept on the meeting
 * record, so that every change of who holds which seat is serialised by the meeting's eTag.
 */
export interface ServingSpan {
  substitute: string;
  seatOf: string;
  from: number | null;
  until: number | null;
}

export interface Attendance {
  /** `${meeting}|${person}`: one record per person per meeting. */
  key: string;
  meeting: string;
  person: string;
  spans: PresenceSpan[];
  /** Agenda items the person is disqualified from (jäv). */
  recusals: number[];
  /** Where the latest change came from (chat, tab, Teams meeting event). */
  source: Source;
}

export type DecisionStatus = 'open' | 'closed';

/** A voter fixed when the vote opened (SPEC §5: the electorate does not change). */
export interface Elector {
  person: string;
  organisation: string | null;
  /** The seat holder this ersättare serves for, else null. */
  seatOf: string | null;
}

export interface Decision {
  /** `${meeting}|${item}`: one decision per agenda item. */
  key: string;
  meeting: string;
  item: number;
  type: DecisionType;
  status: DecisionStatus;
  proposal: string | null;
  electorate: Elector[];
  /** Who holds the casting vote on a tie: the chair, when the vote opened. */
  chair: string | null;
  openedAt: string;
  closedAt: string | null;
  result: DecisionResult | null;
  /** The sentence written in the protocol. */
  sentence: string | null;
  /** The ballots as they stood at close: the record of the vote, unaffected by later writes. */
  counted: { person: string; choice: Choice }[] | null;
}

export type DecisionResult =
  | 'bifall'
  | 'avslag'
  | 'bifall-utslagsrost'
  | 'avslag-utslagsrost'
  | 'enig'
  | 'ej-enig'
  | 'acklamation';

export interface Ballot {
  /** `${decision}|${person}`: one ballot per voter per decision. */
  key: string;
  decision: string;
  meeting: string;
  person: string;
  choice: Choice;
  castAt: string;
  /** Who pressed the button: the voter, or the chair/secretary recording for them. */
  recordedBy: string;
  source: Source;
  /** Number of times the ballot was changed while the vote was open. */
  changes: number;
}

export interface Reservation {
  /** `${decision}|${person}` */
  key: string;
  decision: string;
  meeting: string;
  person: string;
  at: string;
  text: string | null;
}

export type ProtocolStatus = 'finalised' | 'signed';
export const SIGNER_ROLES = ['sekreterare', 'justerare', 'ordförande'] as const;
export type SignerRole = (typeof SIGNER_ROLES)[number];

export interface Signature {
  person: string;
  name: string;
  role: SignerRole;
  signedAt: string;
  /** The identity provider and the user's e-mail, e.g. "Microsoft Entra ID (a@b.se)". */
  identity: string;
  /** Entra object id of the signer. */
  identityId: string;
}

/** A frozen version of a meeting's protocol. The live draft is never stored: it is assembled. */
export interface ProtocolVersion {
  /** `${meeting}|v${version}` */
  key: string;
  meeting: string;
  version: number;
  status: ProtocolStatus;
  /** Canonical JSON of the finalised content; its SHA-256 is `sha256`. */
  content: string;
  sha256: string;
  finalisedAt: string;
  finalisedBy: string;
  signatures: Signature[];
  /** The version this one corrects, if any. */
  corrects: number | null;
}

export const CASE_STATUSES = ['öppet', 'avslutat'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export interface Case {
  key: string;
  title: string;
  dnr: string | null;
  /** The body where the case started. */
  originBody: string;
  status: CaseStatus;
  openedAt: string;
}

export const CASE_OUTCOMES = ['inkommet', 'information', 'beslut', 'uppdrag', 'återrapport', 'avslutat'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

export interface CaseEvent {
  /** `${case}|${meeting}|${item}` (or `${case}|${date}|…` for events outside meetings). */
  key: string;
  case: string;
  body: string;
  meeting: string | null;
  item: number | null;
  date: string;
  outcome: CaseOutcome;
  /** The body the case is sent to (uppdrag, beredning onward), if any. */
  toBody: string | null;
  summary: string;
}

export interface AuditEntry {
  key: string;
  at: string;
  /** Person key, or "system", or "import". */
  actor: string;
  source: Source;
  action: string;
  meeting: string | null;
  target: string;
  details: Record<string, unknown>;
}

/**
 * A card posted in a meeting's chat whose shared view is kept up to date (roll call, agenda, a
 * decision). Kept in the store so that updates survive a restart and reach the card from any
 * instance. `conversation` and `message` are the chat's identifiers, opaque to the domain.
 */
export interface PostedCard {
  /** `${meeting}|${kind}|${item ?? ''}`: one live card of a kind per meeting item. */
  key: string;
  meeting: string;
  kind: 'rollcall' | 'agenda' | 'decision';
  item: number | null;
  conversation: string;
  message: string;
  /** Where the chat service takes updates (the activity's serviceUrl). */
  serviceUrl: string;
  postedAt: string;
}

export const postedCardKey = (meeting: string, kind: PostedCard['kind'], item: number | null) => `${meeting}|${kind}|${item ?? ''}`;

/** An incoming activity already handled, with the answer it got (idempotency). */
export interface ProcessedActivity {
  key: string;
  state: 'processing' | 'done';
  at: string;
  answer: unknown;
}

export const itemKey = (meeting: string, item: number) => `${meeting}|${item}`;
export const decisionKey = itemKey;
export const attendanceKey = (meeting: string, person: string) => `${meeting}|${person}`;
export const membershipKey = (body: string, person: string) => `${body}|${person}`;
export const ballotKey = (decision: string, person: string) => `${decision}|${person}`;
export const reservationKey = ballotKey;
export const protocolKey = (meeting: string, version: number) => `${meeting}|v${version}`;
