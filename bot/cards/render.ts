/**
 * The meeting chat's Adaptive Cards (1.5, Universal Actions): typed view models in, card JSON
 * out. The templates in ./templates are bound with adaptivecards-templating; every sentence
 * is computed here from ./texts.ts so the templates hold layout only.
 *
 * Each stateful card has two variants: the shared card (no viewer: what everyone sees, with
 * the member buttons) and one person's view (a viewer: their own line, only the buttons they
 * can use, the chair's controls only for a chair). Both carry the same `refresh`, so Teams
 * keeps fetching the personal view after every update of the shared card.
 *
 * The cards never carry the presser's identity: `data` names the meeting, the item and the
 * choice; a person appears only as the value picked in a chair's form (a target).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type {
  AgendaState,
  Choice,
  DecisionResult,
  DecisionStatus,
  DecisionType,
  ItemKind,
  Role,
  RollCallState,
  SignerRole,
} from '../../core/domain/model.js';
import { CONSENT_CHOICES, SIGNER_ROLES, VOTE_CHOICES } from '../../core/domain/model.js';
import { byPrincipal, carried, decisionSentence, tally, votedAgainst, type PrincipalChoice } from '../../core/domain/rules/results.js';
import { T } from '../../core/domain/texts.js';
import { MAX_REFRESH_USERS } from './actions.js';
import {
  BUTTONS,
  CARD_TEXT,
  CHOICE_COUNT_LABELS,
  CHOICE_LABELS,
  CONTROLS,
  DECISION_TYPE_LABELS,
  HELP_COMMANDS,
  LABELS,
  PRINCIPAL_LABELS,
  RESULT_LABELS,
  SIGNER_LABELS,
  STATUS_CHOICES,
} from './texts.js';

// ------------------------------------------------------------------------- view models

/** A card as sent to Teams: plain JSON. */
export type AdaptiveCardJson = { type: 'AdaptiveCard'; version: string } & Record<string, unknown>;

export type Tone = 'info' | 'success' | 'warning' | 'error';

/** A sentence shown at the top of one person's view (e.g. why a press was refused). */
export interface Notice {
  text: string;
  tone: Tone;
}

/** Beslutsför: filled voting seats of all seats (the domain's `Quorum`). */
export interface QuorumView {
  seats: number;
  filled: number;
  quorate: boolean;
}

/** One person in a list: "Name (s), Organisation" and what the protocol notes about them. */
export interface PersonLine {
  name: string;
  /** e.g. "ordförande", "ersätter Bengt Henriksson", "anslöt från punkt 3"; null for none. */
  note: string | null;
}

/** A person a chair's form can pick; `person` is the roster key (the target, never the actor). */
export interface PersonChoice {
  person: string;
  name: string;
}

/** What every meeting card shows on top, and who gets their own view automatically. */
export interface MeetingHeader {
  meetingKey: string;
  bodyName: string;
  /** ISO 8601 start of the meeting; shown as the local date (YYYY-MM-DD). */
  start: string;
  dnr: string | null;
  /**
   * Teams user ids (the activity's `from.id`) whose clients fetch their own view automatically.
   * At most 60 are used (Teams' limit): put the chair and secretary first (see
   * `refreshUserIds` in ./actions.ts); everyone else refreshes on demand.
   */
  refreshUserIds: string[];
}

/** The person looking at the card: what their own view needs beyond the shared state. */
export interface Viewer {
  name: string;
  /** Ordförande, vice ordförande or sekreterare: sees the chair's controls. */
  canRun: boolean;
}

export interface RollCallView extends MeetingHeader {
  state: RollCallState;
  quorum: QuorumView;
  present: PersonLine[];
  /** Roster people not present now (not yet checked in, or left). */
  absent: PersonLine[];
  guests: PersonLine[];
  /** Everyone on the roster, for the chair's "set status" form. */
  roster: PersonChoice[];
  /**
   * Seat holders (ordförande, vice ordförande, ledamöter) who are absent now, i.e. the seats an
   * ersättare may be set to serve for. Only these, so the chair's form stays small when many
   * are present (the card's lists of people and of seats cannot both be long).
   */
  vacantSeats: PersonChoice[];
}

export interface RollCallViewer extends Viewer {
  present: boolean;
  /** Name of the seat holder this person serves for as ersättare. */
  servingFor: string | null;
  /** Checked in after the roll call: "anslöt från punkt N". */
  fromItem: number | null;
  /** Left: "lämnade efter punkt N". */
  untilItem: number | null;
}

export interface AgendaItemView {
  number: number;
  title: string;
  kind: ItemKind;
  decision: DecisionType | null;
  presenter: string | null;
}

export interface AgendaView extends MeetingHeader {
  state: AgendaState;
  currentItem: number | null;
  items: AgendaItemView[];
}

export type AgendaViewer = Viewer;

/** One elector of a decision (fixed when the vote opened) and their ballot, if any. */
export interface VoterLine {
  person: string;
  name: string;
  /** Name of the huvudman (organisation) the voter represents; null when none. */
  organisation: string | null;
  choice: Choice | null;
}

export interface DecisionView extends MeetingHeader {
  item: number;
  title: string;
  proposal: string | null;
  type: DecisionType;
  status: DecisionStatus;
  quorum: QuorumView;
  /** The electorate with the running ballots (open) or the counted ones (closed). */
  voters: VoterLine[];
  result: DecisionResult | null;
  /** The protocol's sentence; computed from the result when null. */
  sentence: string | null;
  reservations: PersonChoice[];
}

export interface DecisionViewer extends Viewer {
  role: Role | null;
  /** In the electorate of this decision. */
  elector: boolean;
  /** The viewer's own ballot. */
  choice: Choice | null;
  servingFor: string | null;
  reserved: boolean;
}

export interface LinkMeetingView {
  meetings: { key: string; bodyName: string; start: string; dnr: string | null }[];
}

export interface HelpView {
  /** Link to the tab, if known. */
  tabUrl?: string | null;
}

export interface ProtocolStatusView extends MeetingHeader {
  status: 'draft' | 'finalised' | 'signed';
  version: number | null;
  signatures: { name: string; role: SignerRole; signedAt: string }[];
  /** Link to the protocol in the tab. */
  protocolUrl: string | null;
}

export interface ProtocolViewer extends Viewer {
  /** Signer roles this person holds for the meeting that still lack their signature. */
  toSign: SignerRole[];
}

// ------------------------------------------------------------------------- size

/** Teams refuses messages over about 28 KB; the card keeps a margin for the activity around it. */
export const CARD_BYTE_LIMIT = 28 * 1024;
const CARD_BYTE_BUDGET = 26 * 1024;

/** UTF-8 size of the card's JSON, as sent. */
export const cardBytes = (card: unknown) => Buffer.byteLength(JSON.stringify(card), 'utf8');

/** List caps tried in turn until the card fits; Infinity first, so small rosters are never cut. */
const CAPS = [Infinity, 120, 80, 60, 40, 25, 15, 8, 3, 0];

interface Capped<T> {
  shown: T[];
  more: number;
}
const cap = <T>(list: readonly T[], n: number): Capped<T> => ({ shown: list.slice(0, n), more: Math.max(0, list.length - n) });

/** Bounds one free text (titles, proposals) so a single field cannot break the card. */
const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

// ------------------------------------------------------------------------- templates

/**
 * adaptivecards-templating, typed by hand: its own declarations import the `adaptivecards`
 * TypeScript sources, which do not compile under this project's strict settings.
 */
interface TemplatingModule {
  Template: new (payload: unknown) => { expand(context: { $root: unknown }): unknown };
}
const ACT = createRequire(import.meta.url)('adaptivecards-templating') as TemplatingModule;

const load = (name: string) => new ACT.Template(JSON.parse(readFileSync(new URL(`./templates/${name}.json`, import.meta.url), 'utf8')));
const TEMPLATES = {
  rollcall: load('rollcall'),
  agenda: load('agenda'),
  decision: load('decision'),
  link: load('link-meeting'),
  help: load('help'),
  protocol: load('protocol-status'),
  notice: load('notice'),
};

/** Drops empty action bars (a card with no buttons in this state). */
function tidy(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tidy);
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === 'actions' && Array.isArray(v) && v.length === 0) continue;
      out[k] = tidy(v);
    }
    return out;
  }
  return node;
}

function expand(template: keyof typeof TEMPLATES, data: Record<string, unknown>): AdaptiveCardJson {
  return tidy(TEMPLATES[template].expand({ $root: data })) as AdaptiveCardJson;
}

/** Expands with ever shorter lists until the card fits; a last resort says the card was too big. */
function fitted(template: keyof typeof TEMPLATES, build: (cap: number) => Record<string, unknown>): AdaptiveCardJson {
  for (const n of CAPS) {
    const card = expand(template, build(n));
    if (cardBytes(card) <= CARD_BYTE_BUDGET) return card;
  }
  return renderNotice(CARD_TEXT_TOO_BIG, 'error');
}
const CARD_TEXT_TOO_BIG = 'Kortet blev för stort för Teams. Öppna fliken Samverkan för att se allt.';

// ------------------------------------------------------------------------- shared pieces

const DATE = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' });
const TIME = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', hour: '2-digit', minute: '2-digit' });

/** The meeting's date in Sweden, YYYY-MM-DD. */
export function localDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso.slice(0, 10) : DATE.format(d);
}
const localDateTime = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${DATE.format(d)} ${TIME.format(d)}`;
};

const NOTICE_STYLE: Record<Tone, { style: string; color: string }> = {
  info: { style: 'emphasis', color: 'Default' },
  success: { style: 'good', color: 'Good' },
  warning: { style: 'warning', color: 'Warning' },
  error: { style: 'attention', color: 'Attention' },
};

const notices = (notice: Notice | undefined) => (notice ? [{ style: NOTICE_STYLE[notice.tone].style, text: clip(notice.text, 1000) }] : []);
/** The viewer's own lines, one TextBlock each, in one highlighted box (none: no box). */
const viewerBox = (texts: (string | null | false | undefined)[]) => {
  const lines = texts.filter((t): t is string => !!t).map((text) => ({ text }));
  return lines.length ? [{ lines }] : [];
};
const quorumData = (q: QuorumView) => ({ text: CARD_TEXT.quorum(q.filled, q.seats, q.quorate), color: q.quorate ? 'Good' : 'Attention' });
const header = (v: MeetingHeader) => ({
  meetingKey: v.meetingKey,
  subheading: clip(CARD_TEXT.subheading(v.bodyName, localDate(v.start), v.dnr), 300),
  refreshUserIds: [...new Set(v.refreshUserIds)].slice(0, MAX_REFRESH_USERS),
});
const common = { buttons: BUTTONS, controls: CONTROLS, labels: LABELS };

const personText = (p: PersonLine) => clip(p.note ? `${p.name}, ${p.note}` : p.name, 250);
/** A list as one markdown bullet list, so 60 people cost one element, not 60. */
function bulletList(people: readonly PersonLine[], n: number): string {
  if (people.length === 0) return CARD_TEXT.none;
  const c = cap(people, n);
  const rows = c.shown.map((p) => `- ${personText(p)}`);
  if (c.more) rows.push(CARD_TEXT.more(c.more));
  return rows.join('\r');
}
/** Names run together ("A, B, C … och 4 till"), for lists where nothing is noted per person. */
function nameList(names: readonly string[], n: number): string {
  if (names.length === 0) return CARD_TEXT.none;
  const c = cap(names, n);
  const text = c.shown.map((x) => clip(x, 120)).join(', ');
  return c.more ? `${text}${text ? ' ' : ''}${CARD_TEXT.more(c.more)}` : text;
}
const choices = (people: readonly PersonChoice[], n: number) =>
  cap(people, n).shown.map((p) => ({ title: clip(p.name, 120), value: p.person }));

// ------------------------------------------------------------------------- roll call

export function renderRollCall(view: RollCallView, viewer?: RollCallViewer, notice?: Notice): AdaptiveCardJson {
  const chair = viewer?.canRun === true;
  const viewerLine = viewer
    ? viewerBox(
        viewer.present
          ? [
              CARD_TEXT.youCheckedIn,
              viewer.servingFor && CARD_TEXT.youServe(viewer.servingFor),
              viewer.fromItem !== null && CARD_TEXT.youJoinedFrom(viewer.fromItem),
            ]
          : [viewer.untilItem !== null ? CARD_TEXT.youLeftAfter(viewer.untilItem) : CARD_TEXT.youNotCheckedIn],
      )
    : [];
  const show = {
    checkIn: !viewer || !viewer.present,
    leave: !viewer || viewer.present,
    // The shared card carries the chair's start/close too: clients that cannot fetch a personal
    // view (rosters over 60, the Agents Playground) still let the chair run the meeting. Anyone
    // else pressing them is told why not; members' own views leave them out.
    start: (chair || !viewer) && view.state === 'not-started',
    close: (chair || !viewer) && view.state === 'open',
    chair,
  };
  const absentHeading = view.state === 'closed' ? CARD_TEXT.absentHeading : CARD_TEXT.notCheckedInHeading;
  return fitted('rollcall', (n) => ({
    ...common,
    ...header(view),
    notices: notices(notice),
    heading: CARD_TEXT.rollCallHeading,
    stateText: CARD_TEXT.rollCallState[view.state],
    quorum: quorumData(view.quorum),
    viewerBox: viewerLine,
    sections: [
      { heading: CARD_TEXT.presentHeading(view.present.length), lines: bulletList(view.present, n) },
      { heading: absentHeading(view.absent.length), lines: bulletList(view.absent, n) },
      ...(view.guests.length ? [{ heading: CARD_TEXT.guestsHeading(view.guests.length), lines: bulletList(view.guests, n) }] : []),
    ],
    show,
    personChoices: chair ? choices(view.roster, n) : [],
    statusChoices: chair
      ? [
          { title: STATUS_CHOICES.present, value: 'present' },
          { title: STATUS_CHOICES.absent, value: 'absent' },
          ...cap(view.vacantSeats, n).shown.map((s) => ({ title: clip(STATUS_CHOICES.serving(s.name), 130), value: `serve:${s.person}` })),
        ]
      : [],
  }));
}

// ------------------------------------------------------------------------- agenda

export function renderAgenda(view: AgendaView, viewer?: AgendaViewer, notice?: Notice): AdaptiveCardJson {
  const draft = view.state === 'draft';
  const chair = viewer?.canRun === true;
  const show = {
    approve: draft && (!viewer || chair),
    requestChange: draft && !chair,
    changeInput: draft && !chair,
  };
  const details = (i: AgendaItemView) =>
    [
      CARD_TEXT.itemKind[i.kind],
      i.kind === 'beslut' && i.decision && i.decision !== 'vote' ? DECISION_TYPE_LABELS[i.decision] : null,
      i.presenter ? CARD_TEXT.presenter(clip(i.presenter, 120)) : null,
      i.number === view.currentItem ? CARD_TEXT.currentItem : null,
    ]
      .filter(Boolean)
      .join(' · ');
  return fitted('agenda', (n) => {
    const c = cap(view.items, n);
    return {
      ...common,
      ...header(view),
      notices: notices(notice),
      heading: CARD_TEXT.agendaHeading,
      stateText: view.items.length ? CARD_TEXT.agendaState[view.state] : CARD_TEXT.agendaEmpty,
      stateColor: draft ? 'Warning' : 'Good',
      viewerBox: viewer && draft ? viewerBox([chair ? CARD_TEXT.youApprove : CARD_TEXT.youMayRequestChange]) : [],
      items: c.shown.map((i) => ({
        line: CARD_TEXT.itemLine(i.number, clip(i.title, 400)),
        details: details(i),
        style: i.number === view.currentItem ? 'accent' : 'default',
      })),
      moreLines: c.more ? [{ text: CARD_TEXT.more(c.more) }] : [],
      show,
    };
  });
}

// ------------------------------------------------------------------------- decision

const countLine = (type: DecisionType, counts: Record<Choice, number>, notVoted: number) => {
  const set = type === 'inriktningsbeslut' ? CONSENT_CHOICES : VOTE_CHOICES;
  return [...set.map((c) => `${CHOICE_COUNT_LABELS[c]} ${counts[c]}`), CARD_TEXT.notVotedCount(notVoted)].join(' · ');
};

/** Why this viewer has no vote, in the domain's own words where it has them. */
function noVoteReason(viewer: DecisionViewer, item: number): string {
  if (viewer.role === null) return CARD_TEXT.youNoVote;
  if (!['ordförande', 'vice ordförande', 'ledamot', 'ersättare'].includes(viewer.role)) return T.roleCannotVote(viewer.role);
  if (viewer.role === 'ersättare') return T.substituteNotServing;
  return T.notInElectorate(item);
}

export function renderDecision(view: DecisionView, viewer?: DecisionViewer, notice?: Notice): AdaptiveCardJson {
  const open = view.status === 'open';
  const closed = view.status === 'closed' && view.result !== null;
  const balloted = view.type !== 'acklamation';
  const chair = viewer?.canRun === true;
  const electors = view.voters.map((v) => ({ person: v.person, organisation: v.organisation, seatOf: null }));
  const ballots = view.voters.flatMap((v) => (v.choice ? [{ person: v.person, choice: v.choice }] : []));
  const t = tally(electors, ballots);
  const choiceSet: readonly Choice[] = view.type === 'inriktningsbeslut' ? CONSENT_CHOICES : VOTE_CHOICES;
  const reserved = new Set(view.reservations.map((r) => r.person));
  const against = closed ? view.voters.filter((v) => votedAgainst(view.type, view.result!, v.choice ?? undefined) && !reserved.has(v.person)) : [];
  const mayReserve = !!viewer && closed && !viewer.reserved && votedAgainst(view.type, view.result!, viewer.choice ?? undefined);

  const viewerLines = viewer
    ? viewerBox([
        viewer.servingFor && CARD_TEXT.youServe(viewer.servingFor),
        balloted && viewer.choice && CARD_TEXT.youVoted(CHOICE_LABELS[viewer.choice]),
        balloted && !viewer.choice && open && (viewer.elector ? CARD_TEXT.youNotVoted : noVoteReason(viewer, view.item)),
        balloted && !viewer.choice && closed && viewer.elector && CARD_TEXT.youDidNotVote,
        viewer.reserved && CARD_TEXT.youReserved,
        mayReserve && CARD_TEXT.youMayReserve,
      ])
    : [];

  const show = {
    // A close interrupted before counting is finished by pressing again (see closeDecision).
    // On the shared card too, for clients without a personal view (see the roll call).
    close: (chair || !viewer) && (open || view.result === null),
    proxy: chair && open && balloted && view.voters.length > 0,
    reserve: closed && balloted && (!viewer || mayReserve),
    reserveFor: chair && closed && against.length > 0,
    reservationInput: mayReserve,
  };
  const voteButtons = open && balloted && (!viewer || viewer.elector) ? choiceSet.map((c) => ({ title: BUTTONS[c], choice: c })) : [];

  const principalRows = view.type === 'inriktningsbeslut' ? byPrincipal(electors, ballots) : [];
  const principalCounts = (['bakom', 'invandning', 'avstar', 'ej röstat'] as PrincipalChoice[]).map(
    (c) => `${PRINCIPAL_LABELS[c]} ${principalRows.filter((p) => p.choice === c).length}`,
  );

  return fitted('decision', (n) => {
    const sections: { heading: string; lines: string }[] = [];
    if (closed && balloted) {
      for (const c of choiceSet) {
        const names = view.voters.filter((v) => v.choice === c).map((v) => v.name);
        if (names.length) sections.push({ heading: `${CHOICE_COUNT_LABELS[c]} (${names.length})`, lines: nameList(names, n) });
      }
    }
    const notVoted = view.voters.filter((v) => !v.choice).map((v) => v.name);
    if (balloted && notVoted.length && (closed || chair)) {
      sections.push({ heading: CARD_TEXT.notVotedHeading(notVoted.length), lines: nameList(notVoted, n) });
    }
    const pc = cap(principalRows, n);
    return {
      ...common,
      ...header(view),
      item: view.item,
      notices: notices(notice),
      heading: clip(CARD_TEXT.decisionHeading(view.item, view.title), 400),
      subheading: clip(`${DECISION_TYPE_LABELS[view.type]} · ${CARD_TEXT.subheading(view.bodyName, localDate(view.start), view.dnr)}`, 300),
      proposalLines: view.proposal ? [{ text: clip(CARD_TEXT.proposal(view.proposal), 1500) }] : [],
      quorum: quorumData(view.quorum),
      stateText: open ? (balloted ? CARD_TEXT.voteOpen : CARD_TEXT.acclamationOpen) : CARD_TEXT.voteClosed,
      countLines: balloted ? [{ text: countLine(view.type, t, t.notVoted) }] : [],
      resultLines: closed
        ? [
            {
              result: CARD_TEXT.result(RESULT_LABELS[view.result!]),
              sentence: clip(view.sentence ?? decisionSentence(view.bodyName, view.type, view.result!, view.proposal), 1500),
              style: carried(view.result!) ? 'good' : 'attention',
            },
          ]
        : [],
      viewerBox: viewerLines,
      principals: principalRows.length
        ? [
            {
              heading: CARD_TEXT.principalsHeading,
              summary: CARD_TEXT.principalSummary(principalCounts),
              facts: pc.shown.map((p) => ({ title: clip(p.organisation, 120), value: PRINCIPAL_LABELS[p.choice] })),
              moreLines: pc.more ? [{ text: CARD_TEXT.more(pc.more) }] : [],
            },
          ]
        : [],
      sections,
      reservationLines: view.reservations.length ? [{ text: CARD_TEXT.reservations(cap(view.reservations, n).shown.map((r) => clip(r.name, 120))) }] : [],
      closeTitle: balloted ? BUTTONS.closeVote : CONTROLS.closeAcclamation,
      voteButtons,
      show,
      voterChoices: show.proxy ? choices(view.voters, n) : [],
      ballotChoices: choiceSet.map((c) => ({ title: CHOICE_LABELS[c], value: c })),
      reserveChoices: show.reserveFor ? choices(against, n) : [],
    };
  });
}

// ------------------------------------------------------------------------- link, help, protocol, notice

export function renderLinkMeeting(view: LinkMeetingView): AdaptiveCardJson {
  return fitted('link', (n) => {
    const c = cap(view.meetings, n);
    return {
      heading: CARD_TEXT.linkHeading,
      intro: view.meetings.length ? CARD_TEXT.linkIntro : CARD_TEXT.linkNone,
      meetings: c.shown.map((m) => ({ key: m.key, title: clip(CARD_TEXT.linkTitle(m.bodyName, localDate(m.start), m.dnr), 200) })),
      moreLines: c.more ? [{ text: CARD_TEXT.more(c.more) }] : [],
    };
  });
}

export function renderHelp(view: HelpView = {}): AdaptiveCardJson {
  return expand('help', {
    heading: CARD_TEXT.helpHeading,
    intro: CARD_TEXT.helpIntro,
    commands: HELP_COMMANDS.map((c) => ({
      line: `**${c.command}** (${c.english}) · ${c.chairOnly ? CARD_TEXT.helpChairOnly : CARD_TEXT.helpAnyone}`,
      what: c.what,
    })),
    links: view.tabUrl ? [{ title: CONTROLS.openTab, url: view.tabUrl }] : [],
  });
}

export function renderProtocolStatus(view: ProtocolStatusView, viewer?: ProtocolViewer, notice?: Notice): AdaptiveCardJson {
  const finalised = view.status === 'finalised' && view.version !== null;
  const missing = SIGNER_ROLES.filter((r) => !view.signatures.some((s) => s.role === r));
  const stateText =
    view.status === 'draft' || view.version === null
      ? CARD_TEXT.protocolState.draft
      : view.status === 'finalised'
        ? CARD_TEXT.protocolState.finalised(view.version)
        : CARD_TEXT.protocolState.signed(view.version);
  const toSign = finalised && viewer ? viewer.toSign.filter((r) => missing.includes(r)) : [];
  return fitted('protocol', (n) => ({
    ...common,
    ...header(view),
    version: view.version ?? 0,
    notices: notices(notice),
    heading: CARD_TEXT.protocolHeading,
    stateText,
    stateColor: view.status === 'signed' ? 'Good' : view.status === 'finalised' ? 'Accent' : 'Warning',
    waitingLines: finalised && missing.length ? [{ text: CARD_TEXT.waitingFor(missing.map((r) => SIGNER_LABELS[r].toLowerCase())) }] : [],
    viewerBox: toSign.length ? viewerBox([CARD_TEXT.youSign(toSign.map((r) => SIGNER_LABELS[r].toLowerCase()))]) : [],
    signatures: view.signatures.length
      ? [
          {
            heading: CARD_TEXT.signaturesHeading,
            facts: cap(view.signatures, Math.max(n, 3)).shown.map((s) => ({
              title: SIGNER_LABELS[s.role],
              value: CARD_TEXT.signedBy(clip(s.name, 120), localDateTime(s.signedAt)),
            })),
          },
        ]
      : [],
    show: { sign: finalised && (!viewer || toSign.length > 0) },
    links: view.protocolUrl ? [{ title: CONTROLS.openProtocol, url: view.protocolUrl }] : [],
  }));
}

/** A small card for an answer: a refusal, a confirmation, "Nu behandlas punkt …". */
export function renderNotice(text: string, tone: Tone = 'info', title?: string): AdaptiveCardJson {
  return expand('notice', {
    style: NOTICE_STYLE[tone].style,
    color: NOTICE_STYLE[tone].color,
    titleLines: title ? [{ text: clip(title, 300) }] : [],
    text: clip(text, 4000),
  });
}
