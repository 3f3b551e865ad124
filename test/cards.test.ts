/**
 * The meeting chat's cards, in every state and for every kind of viewer, against a large roster
 * (60 voting seats, long Swedish names and titles): each card must parse in the Adaptive Cards
 * library at 1.5 without a single warning, validate against the 1.5 JSON schema (when the
 * shared schema is present), stay under Teams' 28 KB, show exactly the normative buttons for
 * its state and viewer, and never carry the viewer's identity in an action's data.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv, type ValidateFunction } from 'ajv';
import type * as AdaptiveCards from 'adaptivecards';
import type { Choice } from '../core/domain/model.js';
import {
  cardBytes,
  CARD_BYTE_LIMIT,
  renderAgenda,
  renderDecision,
  renderHelp,
  renderLinkMeeting,
  renderNotice,
  renderProtocolStatus,
  renderRollCall,
  type AdaptiveCardJson,
  type AgendaView,
  type DecisionView,
  type DecisionViewer,
  type PersonLine,
  type RollCallView,
  type RollCallViewer,
  type VoterLine,
} from '../bot/cards/render.js';
import { MAX_REFRESH_USERS, parseCardAction, refreshUserIds, VERBS } from '../bot/cards/actions.js';
import { BUTTONS, CONTROLS } from '../bot/cards/texts.js';
import { SPEC_PRINCIPALS } from './support/principals.js';

// ------------------------------------------------------------------ the roster

const FIRST = ['Anna-Karin', 'Carl-Johan', 'Ingegerd', 'Maj-Britt', 'Per-Olof', 'Åsa', 'Örjan', 'Gunnel', 'Karl-Erik', 'Britt-Marie'];
const LAST = ['Åkerström-Lindqvist', 'Öhrnberg Sjödin', 'Zembrén-Wahlström', 'Henriksson Nordlander', 'Forssell-Åström', 'Edström Vikström'];
const PARTIES = ['s', 'm', 'c', 'v', 'kd', 'l', 'mp', 'sd'];

interface Person {
  key: string;
  aad: string;
  teamsId: string;
  name: string;
  organisation: string;
  role: 'ordförande' | 'vice ordförande' | 'ledamot' | 'ersättare' | 'sekreterare' | 'tjänsteperson';
  title: string;
}

/** 60 seat holders, then ersättare, a secretary and tjänstepersoner: 70 people. */
const PEOPLE: Person[] = Array.from({ length: 70 }, (_, i) => {
  const role: Person['role'] = i === 0 ? 'ordförande' : i === 1 ? 'vice ordförande' : i < 60 ? 'ledamot' : i < 65 ? 'ersättare' : i === 65 ? 'sekreterare' : 'tjänsteperson';
  const n = String(i).padStart(2, '0');
  return {
    key: `p-${n}-${LAST[i % LAST.length]!.toLowerCase().replace(/[^a-z]/g, '')}`,
    aad: `6f1c${n}aa-0b2d-4e7f-9a10-${n}bc0123456789`.slice(0, 36),
    teamsId: `29:1${n}Xq8mR2vT7uK4pL9wN3bH6jF5cD0sA1eG8iY2oU7zQ4xW9rV3tB6nM1kJ5hP0gS${n}`,
    name: `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]} (${PARTIES[i % PARTIES.length]})`,
    organisation: SPEC_PRINCIPALS[i % SPEC_PRINCIPALS.length]!,
    role,
    title: role === 'sekreterare' ? 'regional samverkanskoordinator för hälsa, vård och omsorg' : `ordförande i beredningen för barn, unga och äldre ${i}`,
  };
});
const CHAIR = PEOPLE[0]!;
const MEMBER = PEOPLE[7]!;
const SECRETARY = PEOPLE[65]!;
const OFFICIAL = PEOPLE[66]!;
const SUBSTITUTE = PEOPLE[60]!;
const SEATS = PEOPLE.filter((p) => ['ordförande', 'vice ordförande', 'ledamot'].includes(p.role));

const header = {
  meetingKey: 'samrad-2024-06-11',
  bodyName: 'Samråd hälsa, vård och omsorg',
  start: '2024-06-11T08:00:00+02:00',
  dnr: 'HSN 49-3-2024',
  // Chair and secretary first, then everyone: 70 candidates, Teams takes 60.
  refreshUserIds: refreshUserIds([CHAIR.teamsId, SECRETARY.teamsId], PEOPLE.map((p) => p.teamsId)),
};

const line = (p: Person, extra: string[] = []): PersonLine => ({
  name: `${p.name}, ${p.organisation}`,
  note: [p.role === 'ledamot' ? p.title : p.role, ...extra].join(', '),
});

// ------------------------------------------------------------------ the card checker

// Loaded in beforeAll, once jsdom provides the DOM it needs; the type import is erased.
let AC: typeof AdaptiveCards;
let validate: ValidateFunction | null = null;
const SCHEMA = '/work/shared/schemas/adaptive-card-1.5.json';

beforeAll(async () => {
  const { JSDOM } = await import('jsdom');
  const dom = new JSDOM('<!doctype html><html><body></body></html>');
  Object.assign(globalThis, { window: dom.window, document: dom.window.document, HTMLElement: dom.window.HTMLElement });
  AC = await import('adaptivecards');
  if (existsSync(SCHEMA)) {
    const require = createRequire(import.meta.url);
    const addFormats = require('ajv-formats') as (ajv: Ajv) => Ajv;
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
    addFormats(ajv);
    // The published 1.5 schema names itself with draft-04's `id`, which Ajv 8 reads as `$id`.
    const { id, ...schema } = JSON.parse(readFileSync(SCHEMA, 'utf8')) as { id: string } & Record<string, unknown>;
    validate = ajv.compile({ ...schema, $id: id });
  } else {
    console.log(`${SCHEMA} is absent (no /work/shared): skipping JSON-schema validation of the cards.`);
  }
});

interface Found {
  titles: string[];
  executes: { title: string | undefined; verb: string; data: unknown }[];
  strings: string[];
}

function walk(node: unknown, found: Found = { titles: [], executes: [], strings: [] }, inRefresh = false): Found {
  if (Array.isArray(node)) node.forEach((n) => walk(n, found, inRefresh));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (typeof o.type === 'string' && o.type.startsWith('Action.')) {
      if (!inRefresh && typeof o.title === 'string') found.titles.push(o.title);
      if (o.type === 'Action.Execute') found.executes.push({ title: o.title as string | undefined, verb: o.verb as string, data: o.data });
    }
    for (const [k, v] of Object.entries(o)) walk(v, found, inRefresh || k === 'refresh');
  } else if (typeof node === 'string') found.strings.push(node);
  return found;
}

const textOf = (card: AdaptiveCardJson) => walk(card).strings.join('\n');

/** Everything every card must satisfy; returns the button titles for the state checks. */
function checkCard(card: AdaptiveCardJson, viewer?: Person): string[] {
  // (a) the library at 1.5: no parse event, no validation event
  const parsed = new AC.AdaptiveCard();
  const ctx = new AC.SerializationContext(AC.Versions.v1_5);
  parsed.parse(card, ctx);
  const events = Array.from({ length: ctx.eventCount }, (_, i) => ctx.getEventAt(i).message);
  expect(events).toEqual([]);
  expect(parsed.validateProperties().validationEvents.map((e) => e.message)).toEqual([]);
  // the library kept every button (nothing dropped as unknown)
  expect(walk(parsed.toJSON()).titles.sort()).toEqual(walk(card).titles.sort());

  // (b) size
  expect(cardBytes(card)).toBeLessThan(CARD_BYTE_LIMIT);

  // (c) the 1.5 schema
  if (validate) {
    const ok = validate(card);
    expect(ok ? [] : validate.errors).toEqual([]);
  }

  // (e) the actor never travels in the card: no Execute data names the viewer
  const found = walk(card);
  if (viewer) {
    for (const e of found.executes) {
      const data = JSON.stringify(e.data ?? {});
      expect(data).not.toContain(viewer.key);
      expect(data).not.toContain(viewer.aad);
      expect(data).not.toContain(viewer.teamsId);
    }
  }
  // and no Azure AD object id appears anywhere in the card
  const all = JSON.stringify(card);
  for (const p of PEOPLE) expect(all).not.toContain(p.aad);

  // (f) refresh
  const refresh = card.refresh as { action: { verb: string; data: Record<string, unknown> }; userIds: string[] } | undefined;
  if (refresh) {
    expect(refresh.userIds.length).toBeLessThanOrEqual(MAX_REFRESH_USERS);
    expect(refresh.action.verb).toBe(VERBS.refresh);
    expect(Object.keys(refresh.action.data).every((k) => ['card', 'meeting', 'item'].includes(k))).toBe(true);
  }

  // every binding was filled
  expect(found.strings.filter((s) => s.includes('${'))).toEqual([]);
  expect(card.version).toBe('1.5');
  return found.titles;
}

const sizes: { name: string; bytes: number }[] = [];
afterAll(() => {
  const largest = [...sizes].sort((a, b) => b.bytes - a.bytes).slice(0, 3);
  console.log(`largest cards: ${largest.map((s) => `${s.name} ${s.bytes} B`).join(', ')}`);
});
function check(name: string, card: AdaptiveCardJson, viewer?: Person) {
  sizes.push({ name, bytes: cardBytes(card) });
  return checkCard(card, viewer);
}

describe('the checks themselves', () => {
  it('reject cards Teams would not render as meant', () => {
    const good = renderNotice('Rösten är registrerad.', 'success');
    expect(checkCard(good)).toEqual([]);
    expect(() => checkCard({ ...good, body: [{ type: 'Input.Rating', id: 'x' }] })).toThrow();
    expect(() => checkCard({ ...good, body: [{ type: 'TextBlock', text: 'x', color: 'Purple' }] })).toThrow();
    expect(() => checkCard({ ...good, body: [{ type: 'TextBlock', text: '${missing}' }] })).toThrow();
    const leaky = { type: 'Action.Execute', title: 'x', verb: 'decision.vote', data: { meeting: 'm', voter: MEMBER.key } };
    expect(() => checkCard({ ...good, actions: [leaky] }, MEMBER)).toThrow();
    const tooMany = Array.from({ length: 7 }, (_, i) => ({ type: 'Action.Execute', title: `k${i}`, verb: 'v' }));
    expect(() => checkCard({ ...good, actions: tooMany })).toThrow();
    if (validate) expect(() => checkCard({ ...good, msteams: { width: 'Full' } })).toThrow();
  });
});

// ------------------------------------------------------------------ roll call

function rollCall(state: RollCallView['state']): RollCallView {
  const present = PEOPLE.slice(0, 50);
  return {
    ...header,
    state,
    quorum: { seats: 60, filled: 45, quorate: true },
    present: present.map((p, i) =>
      line(p, [
        ...(i === 3 ? ['tillika justerare'] : []),
        ...(p === SUBSTITUTE ? [`ersätter ${PEOPLE[52]!.name}`] : []),
        ...(i > 40 ? [`anslöt från punkt ${i - 10}`] : []),
      ]),
    ),
    absent: PEOPLE.slice(50).map((p) => line(p)),
    guests: [{ name: 'Lena Karlsson-Öberg', note: 'SKR, handläggare för nationell samordning av vårdfrågor' }],
    roster: PEOPLE.map((p) => ({ person: p.key, name: p.name })),
    vacantSeats: SEATS.filter((p) => !present.includes(p)).map((p) => ({ person: p.key, name: p.name })),
  };
}

const rcViewer = (p: Person, present: boolean, extra: Partial<RollCallViewer> = {}): RollCallViewer => ({
  name: p.name,
  canRun: ['ordförande', 'vice ordförande', 'sekreterare'].includes(p.role),
  present,
  servingFor: null,
  fromItem: null,
  untilItem: null,
  ...extra,
});

describe('roll-call card', () => {
  for (const state of ['not-started', 'open', 'closed'] as const) {
    it(`${state}: shared card has the member buttons, start/close for clients without a personal view, no chair forms`, () => {
      const titles = check(`rollcall ${state} shared`, renderRollCall(rollCall(state)));
      const startOrClose = state === 'not-started' ? [CONTROLS.startRollCall] : state === 'open' ? [BUTTONS.closeRollCall] : [];
      expect([...titles].sort()).toEqual([BUTTONS.checkIn, BUTTONS.leave, ...startOrClose].sort());
      expect(titles).not.toContain('Ändra närvaro');
    });

    it(`${state}: a member's own view has no chair controls`, () => {
      const titles = check(`rollcall ${state} member`, renderRollCall(rollCall(state), rcViewer(PEOPLE[3]!, false)), PEOPLE[3]!);
      expect(titles).not.toContain(BUTTONS.closeRollCall);
      expect(titles).not.toContain(CONTROLS.startRollCall);
      expect(titles).not.toContain('Ändra närvaro');
    });

    it(`${state}: chair's view has the chair's controls`, () => {
      const card = renderRollCall(rollCall(state), rcViewer(CHAIR, true));
      const titles = check(`rollcall ${state} chair`, card, CHAIR);
      expect(titles).toContain(BUTTONS.leave);
      expect(titles).not.toContain(BUTTONS.checkIn); // already present
      expect(titles.includes(BUTTONS.closeRollCall)).toBe(state === 'open');
      expect(titles).toContain('Ändra närvaro');
      expect(titles).toContain('Lägg till gäst');
      expect(textOf(card)).toContain('Du är incheckad.');
      // the status form lists the roster and the seats an ersättare may serve in
      expect(JSON.stringify(card)).toContain(`"value":"serve:${PEOPLE[52]!.key}"`);
    });

    it(`${state}: a member who is not checked in sees Närvarande and no chair controls`, () => {
      const card = renderRollCall(rollCall(state), rcViewer(MEMBER, false));
      const titles = check(`rollcall ${state} member`, card, MEMBER);
      expect(titles).toEqual([BUTTONS.checkIn]);
      expect(textOf(card)).toContain('Du är inte incheckad.');
    });

    it(`${state}: a tjänsteperson sees their own line and no chair controls`, () => {
      const titles = check(`rollcall ${state} official`, renderRollCall(rollCall(state), rcViewer(OFFICIAL, true)), OFFICIAL);
      expect(titles).toEqual([BUTTONS.leave]);
    });
  }

  it('not started, nobody present: the whole roster fits, uncut, in the chair\'s view', () => {
    const view: RollCallView = {
      ...rollCall('not-started'),
      quorum: { seats: 60, filled: 0, quorate: false },
      present: [],
      absent: PEOPLE.map((p) => line(p)),
      vacantSeats: SEATS.map((p) => ({ person: p.key, name: p.name })),
    };
    const card = renderRollCall(view, rcViewer(SECRETARY, false));
    expect(check('rollcall nobody present secretary', card, SECRETARY)).toEqual([BUTTONS.checkIn, 'Starta upprop', 'Ändra närvaro', 'Spara', 'Lägg till gäst', 'Lägg till']);
    expect(textOf(card)).not.toContain('… och');
    expect(textOf(card)).toContain('Ej beslutsför (0 av 60)');
  });

  it('keeps Närvarande after the roll call is closed, for late arrivals', () => {
    expect(walk(renderRollCall(rollCall('closed'))).titles).toContain(BUTTONS.checkIn);
    expect(walk(renderRollCall(rollCall('closed'), rcViewer(MEMBER, false))).titles).toContain(BUTTONS.checkIn);
  });

  it('says who an ersättare serves for, and when someone joined or left', () => {
    const serving = renderRollCall(rollCall('closed'), rcViewer(SUBSTITUTE, true, { servingFor: PEOPLE[52]!.name, fromItem: 27 }));
    check('rollcall closed substitute', serving, SUBSTITUTE);
    expect(textOf(serving)).toContain(`Du tjänstgör som ersättare för ${PEOPLE[52]!.name}.`);
    expect(textOf(serving)).toContain('Du anslöt från punkt 27.');
    const left = renderRollCall(rollCall('closed'), rcViewer(MEMBER, false, { untilItem: 28 }));
    expect(textOf(left)).toContain('Du lämnade mötet efter punkt 28.');
    expect(walk(left).titles).toEqual([BUTTONS.checkIn]);
  });

  it('shows quorum in the normative words', () => {
    expect(textOf(renderRollCall({ ...rollCall('open'), quorum: { seats: 21, filled: 15, quorate: true } }))).toContain('Beslutsför (15 av 21)');
    expect(textOf(renderRollCall({ ...rollCall('open'), quorum: { seats: 7, filled: 3, quorate: false } }))).toContain('Ej beslutsför (3 av 7)');
  });

  it('lists 70 people in one element per section, not one per person, and cuts nothing', () => {
    const card = renderRollCall(rollCall('open'));
    const body = card.body as unknown[];
    expect(JSON.stringify(body).split('"type":"TextBlock"').length - 1).toBeLessThan(15);
    for (const p of PEOPLE) expect(textOf(card)).toContain(p.name);
    const chair = renderRollCall(rollCall('open'), rcViewer(CHAIR, true));
    expect(textOf(chair)).not.toContain('… och');
    const json = JSON.stringify(chair);
    for (const p of PEOPLE) expect(json).toContain(`"value":"${p.key}"`);
  });

  it('truncates with "… och N till" rather than exceed 28 KB for a huge roster', () => {
    const many = Array.from({ length: 600 }, (_, i) => ({ ...PEOPLE[i % 70]!, key: `p-extra-${i}`, name: `${PEOPLE[i % 70]!.name} ${i}` }));
    const view: RollCallView = {
      ...rollCall('open'),
      present: many.slice(0, 400).map((p) => line(p, ['anslöt från punkt 12', 'ersätter någon med ett mycket långt namn'])),
      absent: many.slice(400).map((p) => line(p)),
      roster: many.map((p) => ({ person: p.key, name: p.name })),
    };
    const card = renderRollCall(view, rcViewer(CHAIR, true));
    check('rollcall 600 people chair', card, CHAIR);
    expect(textOf(card)).toMatch(/… och \d+ till/);
  });
});

// ------------------------------------------------------------------ agenda

const ITEMS = Array.from({ length: 14 }, (_, i) => ({
  number: 25 + i,
  title: `Hantering och ansvarsfördelning gällande vaccinationer inom kommunal hälso- och sjukvård, del ${i + 1}`,
  kind: (i % 3 === 2 ? 'information' : 'beslut') as 'beslut' | 'information',
  decision: (i % 3 === 1 ? 'inriktningsbeslut' : i % 3 === 0 ? 'vote' : null) as 'vote' | 'inriktningsbeslut' | null,
  presenter: 'Arbetsutskottet genom regional samverkanskoordinator',
}));
const agenda = (state: AgendaView['state']): AgendaView => ({ ...header, state, currentItem: state === 'approved' ? 25 : null, items: ITEMS });

describe('agenda card', () => {
  it('draft, shared: approve and request change', () => {
    const card = renderAgenda(agenda('draft'));
    expect(check('agenda draft shared', card).sort()).toEqual([BUTTONS.approveAgenda, BUTTONS.requestChange].sort());
    expect(textOf(card)).toContain('**25.** Hantering');
  });
  it("draft, chair's view: only Godkänn föredragningslistan", () => {
    expect(check('agenda draft chair', renderAgenda(agenda('draft'), { name: CHAIR.name, canRun: true }), CHAIR)).toEqual([BUTTONS.approveAgenda]);
  });
  it("draft, member's and tjänsteperson's view: only Begär ändring", () => {
    expect(check('agenda draft member', renderAgenda(agenda('draft'), { name: MEMBER.name, canRun: false }), MEMBER)).toEqual([BUTTONS.requestChange]);
    expect(check('agenda draft official', renderAgenda(agenda('draft'), { name: OFFICIAL.name, canRun: false }), OFFICIAL)).toEqual([BUTTONS.requestChange]);
  });
  it('approved: no buttons for anyone, the current item marked', () => {
    const shared = renderAgenda(agenda('approved'));
    expect(check('agenda approved shared', shared)).toEqual([]);
    expect(check('agenda approved chair', renderAgenda(agenda('approved'), { name: CHAIR.name, canRun: true }), CHAIR)).toEqual([]);
    expect(check('agenda approved member', renderAgenda(agenda('approved'), { name: MEMBER.name, canRun: false }), MEMBER)).toEqual([]);
    expect(textOf(shared)).toContain('Behandlas nu');
    expect(textOf(shared)).toContain('Föredragningslistan är godkänd.');
  });
});

// ------------------------------------------------------------------ decisions

const voters = (choices: (Choice | null)[]): VoterLine[] =>
  choices.map((choice, i) => ({ person: SEATS[i]!.key, name: SEATS[i]!.name, organisation: SEATS[i]!.organisation, choice }));
const repeat = <T>(n: number, v: T): T[] => Array.from({ length: n }, () => v);

function decision(over: Partial<DecisionView>): DecisionView {
  return {
    ...header,
    item: 25,
    title: 'Hantering och ansvarsfördelning gällande vaccinationer inom kommunal hälso- och sjukvård',
    proposal: 'godkänna förslaget på fortsatt arbetsprocess och rekommendera respektive huvudman att anta förslaget',
    type: 'vote',
    status: 'open',
    quorum: { seats: 60, filled: 60, quorate: true },
    voters: voters(repeat(60, null)),
    result: null,
    sentence: null,
    reservations: [],
    ...over,
  };
}

const dViewer = (p: Person, over: Partial<DecisionViewer> = {}): DecisionViewer => ({
  name: p.name,
  canRun: ['ordförande', 'vice ordförande', 'sekreterare'].includes(p.role),
  role: p.role,
  elector: SEATS.includes(p),
  choice: null,
  servingFor: null,
  reserved: false,
  ...over,
});

const VOTE = [BUTTONS.bifall, BUTTONS.avslag, BUTTONS.avstar];
const CONSENT = [BUTTONS.bakom, BUTTONS.invandning, BUTTONS.avstar];
const sixty = voters([...repeat(40, 'bifall' as Choice), ...repeat(12, 'avslag' as Choice), ...repeat(8, 'avstar' as Choice)]);
const closedBifall = decision({ status: 'closed', voters: voters([...repeat(40, 'bifall' as Choice), ...repeat(12, 'avslag' as Choice), ...repeat(5, 'avstar' as Choice), ...repeat(3, null)]), result: 'bifall' });
const closedAvslag = decision({ status: 'closed', voters: voters([...repeat(10, 'bifall' as Choice), ...repeat(45, 'avslag' as Choice), ...repeat(5, 'avstar' as Choice)]), result: 'avslag' });
/** SEATS[45] voted avslag in both closed votes. */
const AGAINST = SEATS[45]!;

describe('decision card, ordinary vote', () => {
  for (const [label, view] of [
    ['0 ballots', decision({})],
    ['60 ballots', decision({ voters: sixty })],
  ] as const) {
    it(`open with ${label}: shared card has the voting buttons and the close, not the chair's forms`, () => {
      const titles = check(`vote open ${label} shared`, renderDecision(view));
      expect(titles).toEqual([...VOTE, BUTTONS.closeVote]);
    });
    it(`open with ${label}: chair votes, closes and records ballots for others`, () => {
      const card = renderDecision(view, dViewer(CHAIR, { choice: view.voters[0]!.choice }));
      const titles = check(`vote open ${label} chair`, card, CHAIR);
      expect(titles).toEqual([...VOTE, BUTTONS.closeVote, 'Rösta åt ledamot', 'Registrera rösten']);
    });
    it(`open with ${label}: member votes, cannot close`, () => {
      const titles = check(`vote open ${label} member`, renderDecision(view, dViewer(MEMBER, { choice: view.voters[7]!.choice })), MEMBER);
      expect(titles).toEqual(VOTE);
    });
    it(`open with ${label}: tjänsteperson has no vote and is told why`, () => {
      const card = renderDecision(view, dViewer(OFFICIAL));
      expect(check(`vote open ${label} official`, card, OFFICIAL)).toEqual([]);
      expect(textOf(card)).toContain('Som tjänsteperson har du inte rösträtt.');
    });
  }

  it('shows the running count in the normative words, and the viewer’s own ballot', () => {
    const view = decision({ voters: voters([...repeat(10, 'bifall' as Choice), ...repeat(2, 'avslag' as Choice), 'avstar', ...repeat(3, null)]) });
    expect(textOf(renderDecision(view))).toContain('Bifall 10 · Avslag 2 · Avstår 1 · 3 har inte röstat');
    expect(textOf(renderDecision(decision({ quorum: { seats: 21, filled: 15, quorate: true } })))).toContain('Beslutsför (15 av 21)');
    const mine = renderDecision(view, dViewer(MEMBER, { choice: 'bifall' }));
    expect(textOf(mine)).toContain('Du har röstat: Bifall');
    const notYet = renderDecision(view, dViewer(SEATS[14]!));
    expect(textOf(notYet)).toContain('Du har inte röstat än.');
    const serving = renderDecision(view, dViewer(SUBSTITUTE, { elector: true, servingFor: PEOPLE[52]!.name }));
    expect(textOf(serving)).toContain(`Du tjänstgör som ersättare för ${PEOPLE[52]!.name}.`);
    expect(walk(serving).titles).toEqual(VOTE);
  });

  it('the chair sees who has not voted; the shared card only the count', () => {
    const view = decision({ voters: voters([...repeat(57, 'bifall' as Choice), ...repeat(3, null)]) });
    expect(textOf(renderDecision(view, dViewer(CHAIR, { choice: 'bifall' })))).toContain(`Har inte röstat (3)`);
    expect(textOf(renderDecision(view))).not.toContain('Har inte röstat (3)');
  });

  it('closed (bifall): result, no voting buttons, Reservera mig on the shared card', () => {
    const card = renderDecision(closedBifall);
    expect(check('vote closed bifall shared', card)).toEqual([BUTTONS.reserve]);
    const text = textOf(card);
    expect(text).toContain('Beslut: Bifall');
    expect(text).toContain('Samråd hälsa, vård och omsorg beslutade att godkänna förslaget');
    expect(text).toContain('Bifall 40 · Avslag 12 · Avstår 5 · 3 har inte röstat');
    expect(text).toContain('Avslag (12)');
  });

  it('closed (bifall): the avslag voter may reserve; the chair may record a reservation; others have nothing to press', () => {
    const against = renderDecision(closedBifall, dViewer(AGAINST, { choice: 'avslag' }));
    expect(check('vote closed bifall avslag-voter', against, AGAINST)).toEqual([BUTTONS.reserve]);
    expect(textOf(against)).toContain('Du har röstat: Avslag');
    expect(JSON.stringify(against)).toContain('"id":"reservationText"');

    const chair = renderDecision(closedBifall, dViewer(CHAIR, { choice: 'bifall' }));
    const chairTitles = check('vote closed bifall chair', chair, CHAIR);
    expect(chairTitles).toEqual(['Anteckna reservation', 'Anteckna']);
    for (const t of [...VOTE, BUTTONS.closeVote, BUTTONS.reserve]) expect(chairTitles).not.toContain(t);

    expect(check('vote closed bifall member', renderDecision(closedBifall, dViewer(MEMBER, { choice: 'bifall' })), MEMBER)).toEqual([]);
    expect(check('vote closed bifall official', renderDecision(closedBifall, dViewer(OFFICIAL)), OFFICIAL)).toEqual([]);
  });

  it('closed but not yet counted: the chair can press Avsluta omröstning again, nobody can vote', () => {
    const view = decision({ status: 'closed', voters: sixty, result: null });
    expect(check('vote closing chair', renderDecision(view, dViewer(CHAIR, { choice: 'bifall' })), CHAIR)).toEqual([BUTTONS.closeVote]);
    expect(check('vote closing shared', renderDecision(view))).toEqual([BUTTONS.closeVote]);
  });

  it('closed (avslag): the avslag voter voted with the result and has no reservation to make', () => {
    const card = renderDecision(closedAvslag, dViewer(AGAINST, { choice: 'avslag' }));
    expect(check('vote closed avslag avslag-voter', card, AGAINST)).toEqual([]);
    expect(textOf(card)).toContain('Beslut: Avslag');
    expect(textOf(card)).toContain('beslutade att avslå förslaget');
    const bifallVoter = renderDecision(closedAvslag, dViewer(SEATS[2]!, { choice: 'bifall' }));
    expect(check('vote closed avslag bifall-voter', bifallVoter, SEATS[2])).toEqual([BUTTONS.reserve]);
    expect(check('vote closed avslag shared', renderDecision(closedAvslag))).toEqual([BUTTONS.reserve]);
  });

  it('after reserving: the reservation is listed and the reserved voter is not offered it again', () => {
    const view: DecisionView = { ...closedBifall, reservations: [AGAINST, SEATS[44]!, SEATS[46]!].map((p) => ({ person: p.key, name: p.name })) };
    const card = renderDecision(view, dViewer(AGAINST, { choice: 'avslag', reserved: true }));
    expect(check('vote closed reserved voter', card, AGAINST)).toEqual([]);
    expect(textOf(card)).toContain('Du har reserverat dig mot beslutet.');
    expect(textOf(card)).toContain(`Reservation: ${AGAINST.name}, ${SEATS[44]!.name}, ${SEATS[46]!.name} reserverar sig mot beslutet.`);
    check('vote closed reserved shared', renderDecision(view));
    // the chair's list of who may still reserve leaves out those who did
    const chair = JSON.stringify(renderDecision(view, dViewer(CHAIR, { choice: 'bifall' })));
    expect(chair).not.toContain(`"value":"${AGAINST.key}"`);
    expect(chair).toContain(`"value":"${SEATS[47]!.key}"`);
  });
});

describe('decision card, inriktningsbeslut', () => {
  const consent = (status: 'open' | 'closed', objection: boolean) =>
    decision({
      type: 'inriktningsbeslut',
      status,
      voters: voters(SEATS.map((_, i) => (i === 16 && objection ? 'invandning' : i % 16 === 15 ? null : i % 9 === 4 ? 'avstar' : 'bakom'))),
      result: status === 'closed' ? (objection ? 'ej-enig' : 'enig') : null,
    });

  it('open: consent buttons for members, per-huvudman tally for everyone', () => {
    const card = renderDecision(consent('open', true));
    expect(check('consent open shared', card)).toEqual([...CONSENT, BUTTONS.closeVote]);
    const text = textOf(card);
    expect(text).toContain('Per huvudman');
    expect(text).toMatch(/Ställer sig bakom \d+ · Invändning 1 · Avstår \d+ · 3 har inte röstat/);
    // Umeå kommun (index 11) had no objection; Region Västerbotten (index 0) has SEATS[16]
    const facts = (JSON.stringify(card).match(/"facts":\[[^\]]*\]/) ?? [''])[0];
    expect(facts).toContain('{"title":"Region Västerbotten","value":"Invändning"}');
    expect(facts).toContain('{"title":"Umeå kommun","value":"Ställer sig bakom"}');
    expect(facts).toContain('{"title":"Åsele kommun","value":"Har inte tagit ställning"}');
    expect(check('consent open chair', renderDecision(consent('open', true), dViewer(CHAIR, { choice: 'bakom' })), CHAIR)).toEqual([
      ...CONSENT,
      BUTTONS.closeVote,
      'Rösta åt ledamot',
      'Registrera rösten',
    ]);
    const member = renderDecision(consent('open', true), dViewer(MEMBER, { choice: 'bakom' }));
    expect(check('consent open member', member, MEMBER)).toEqual(CONSENT);
    expect(textOf(member)).toContain('Du har röstat: Ställer mig bakom');
    expect(check('consent open official', renderDecision(consent('open', true), dViewer(OFFICIAL)), OFFICIAL)).toEqual([]);
  });

  it('closed: result per huvudman, no consent buttons, Reservera mig for the objector only', () => {
    const shared = renderDecision(consent('closed', true));
    expect(check('consent closed shared', shared)).toEqual([BUTTONS.reserve]);
    expect(textOf(shared)).toContain('Ej enig');
    expect(textOf(shared)).toContain('kunde inte enas om förslaget');
    const objector = renderDecision(consent('closed', true), dViewer(SEATS[16]!, { choice: 'invandning' }));
    expect(check('consent closed objector', objector, SEATS[16])).toEqual([BUTTONS.reserve]);
    expect(check('consent closed member', renderDecision(consent('closed', true), dViewer(MEMBER, { choice: 'bakom' })), MEMBER)).toEqual([]);
    const unanimous = renderDecision(consent('closed', false), dViewer(CHAIR, { choice: 'bakom' }));
    expect(check('consent closed unanimous chair', unanimous, CHAIR)).toEqual([]);
    expect(textOf(unanimous)).toContain('Enig');
  });
});

describe('decision card, acklamation', () => {
  it('open: no ballots; the chair settles it', () => {
    const view = decision({ type: 'acklamation' });
    expect(check('acklamation open shared', renderDecision(view))).toEqual(['Fastställ beslutet']);
    expect(check('acklamation open chair', renderDecision(view, dViewer(CHAIR)), CHAIR)).toEqual(['Fastställ beslutet']);
    const closed = renderDecision({ ...view, status: 'closed', result: 'acklamation' });
    expect(check('acklamation closed shared', closed)).toEqual([]);
    expect(textOf(closed)).toContain('Beslutat med acklamation');
  });
});

// ------------------------------------------------------------------ link, help, protocol, notice

const protocol = (status: 'draft' | 'finalised' | 'signed') => ({
  ...header,
  status,
  version: status === 'draft' ? null : 2,
  signatures:
    status === 'draft'
      ? []
      : status === 'finalised'
        ? [{ name: SECRETARY.name, role: 'sekreterare' as const, signedAt: '2024-06-12T08:15:00Z' }]
        : (['sekreterare', 'justerare', 'ordförande'] as const).map((role) => ({ name: CHAIR.name, role, signedAt: '2024-06-12T08:15:00Z' })),
  protocolUrl: 'https://samverkan.example.org/tab#/protokoll/samrad-2024-06-11',
});

describe('other cards', () => {
  const meetings = Array.from({ length: 20 }, (_, i) => ({
    key: `m-${i}`,
    bodyName: i % 2 ? 'Länssamverkansgruppen' : 'Beredning för vuxna och äldre med behov av samordnade insatser',
    start: `2024-06-${String(10 + i).padStart(2, '0')}T08:00:00+02:00`,
    dnr: i % 5 === 4 ? null : `HSN ${49 + i}-3-2024`,
  }));

  it('link card: one Action.Execute per meeting titled "<body> <YYYY-MM-DD> <dnr>"', () => {
    const card = renderLinkMeeting({ meetings });
    const titles = check('link 20 meetings', card);
    expect(titles).toHaveLength(20);
    expect(titles[0]).toBe('Beredning för vuxna och äldre med behov av samordnade insatser 2024-06-10 HSN 49-3-2024');
    expect(titles[1]).toBe('Länssamverkansgruppen 2024-06-11 HSN 50-3-2024');
    expect(titles[4]).toBe('Beredning för vuxna och äldre med behov av samordnade insatser 2024-06-14');
    const links = walk(card).executes;
    expect(links.every((e) => e.verb === VERBS.linkMeeting)).toBe(true);
    expect(links[3]!.data).toEqual({ meeting: 'm-3' });
  });

  it('link card: a UTC start is shown as the Swedish date', () => {
    const card = renderLinkMeeting({ meetings: [{ key: 'x', bodyName: 'LSG', start: '2024-06-10T22:30:00Z', dnr: null }] });
    expect(walk(card).titles).toEqual(['LSG 2024-06-11']);
  });

  it('link card: hundreds of meetings are cut with "… och N till"', () => {
    const card = renderLinkMeeting({ meetings: Array.from({ length: 300 }, (_, i) => ({ ...meetings[i % 20]!, key: `k-${i}` })) });
    check('link 300 meetings', card);
    expect(textOf(card)).toMatch(/… och \d+ till/);
  });

  it('link card with no meetings says so', () => {
    const card = renderLinkMeeting({ meetings: [] });
    expect(check('link none', card)).toEqual([]);
    expect(textOf(card)).toContain('Det finns inga möten');
  });

  it('help lists every command, Swedish and English', () => {
    const card = renderHelp({ tabUrl: 'https://samverkan.example.org/tab' });
    expect(check('help', card)).toEqual(['Öppna Samverkan']);
    const text = textOf(card);
    for (const c of ['upprop', 'rollcall', 'dagordning', 'agenda', 'nästa', 'next', 'beslut', 'decide', 'protokoll', 'minutes', 'hjälp', 'help']) {
      expect(text).toContain(`${c}`);
    }
    expect(check('help without tab', renderHelp())).toEqual([]);
  });

  it('protocol status: draft, finalised (waiting for signers), signed', () => {
    expect(check('protocol draft', renderProtocolStatus(protocol('draft')))).toEqual(['Öppna protokollet']);
    const finalised = renderProtocolStatus(protocol('finalised'));
    expect(check('protocol finalised shared', finalised)).toEqual(['Underteckna protokollet', 'Öppna protokollet']);
    expect(textOf(finalised)).toContain('Väntar på: justerare, ordförande');
    expect(textOf(finalised)).toContain('2024-06-12 10:15');
    const chair = renderProtocolStatus(protocol('finalised'), { name: CHAIR.name, canRun: true, toSign: ['ordförande'] });
    expect(check('protocol finalised chair', chair, CHAIR)).toEqual(['Underteckna protokollet', 'Öppna protokollet']);
    expect(textOf(chair)).toContain('Du undertecknar som ordförande.');
    expect(walk(chair).executes.find((e) => e.verb === VERBS.signProtocol)!.data).toEqual({ meeting: header.meetingKey, version: 2 });
    expect(check('protocol finalised member', renderProtocolStatus(protocol('finalised'), { name: MEMBER.name, canRun: false, toSign: [] }), MEMBER)).toEqual([
      'Öppna protokollet',
    ]);
    expect(check('protocol signed', renderProtocolStatus(protocol('signed')))).toEqual(['Öppna protokollet']);
  });

  it('notice cards for every tone', () => {
    for (const tone of ['info', 'success', 'warning', 'error'] as const) {
      const card = renderNotice('Bara den som röstade emot beslutet (Avslag eller Invändning) kan reservera sig.', tone, 'Reservation');
      expect(check(`notice ${tone}`, card)).toEqual([]);
      expect(textOf(card)).toContain('kan reservera sig');
    }
  });

  it('a refusal is shown on top of the person’s own view, the card unchanged', () => {
    const card = renderDecision(closedBifall, dViewer(MEMBER, { choice: 'bifall' }), { text: 'Bara den som röstade emot beslutet kan reservera sig.', tone: 'error' });
    check('decision with refusal notice', card, MEMBER);
    expect((card.body as { type: string; style?: string }[])[0]).toMatchObject({ type: 'Container', style: 'attention' });
    expect(textOf(card)).toContain('Beslut: Bifall');
  });

  it('user data is shown as text, never evaluated as a binding', () => {
    const card = renderNotice('Hej ${meetingKey} och ${$root.text}');
    expect(textOf(card)).toContain('Hej ${meetingKey} och ${$root.text}');
  });
});

// ------------------------------------------------------------------ refresh and action data

describe('refresh and action data', () => {
  it('refresh.userIds: chair and secretary first, never more than 60', () => {
    const card = renderRollCall({ ...rollCall('open'), refreshUserIds: PEOPLE.map((p) => p.teamsId) });
    const ids = (card.refresh as { userIds: string[] }).userIds;
    expect(ids).toHaveLength(60);
    expect(header.refreshUserIds.slice(0, 2)).toEqual([CHAIR.teamsId, SECRETARY.teamsId]);
    expect(header.refreshUserIds).toHaveLength(60);
    expect(new Set(header.refreshUserIds).size).toBe(60);
  });

  it('every Execute carries only meeting, item, choice, card, version', () => {
    const cards = [
      renderRollCall(rollCall('open'), rcViewer(CHAIR, false)),
      renderAgenda(agenda('draft')),
      renderDecision(decision({ voters: sixty }), dViewer(CHAIR)),
      renderDecision(closedBifall, dViewer(CHAIR)),
      renderProtocolStatus(protocol('finalised')),
    ];
    for (const card of cards) {
      for (const e of walk(card).executes) {
        for (const k of Object.keys((e.data ?? {}) as object)) expect(['meeting', 'item', 'choice', 'card', 'version']).toContain(k);
      }
    }
  });

  it('parseCardAction reads presses and inputs, and ignores anything else', () => {
    expect(parseCardAction({ verb: 'decision.vote', data: { meeting: 'm', item: 25, choice: 'avslag' } })).toEqual({
      verb: 'decision.vote',
      meeting: 'm',
      item: 25,
      choice: 'avslag',
    });
    // ShowCard inputs arrive as strings; empty optional inputs are absent
    expect(parseCardAction({ verb: 'decision.proxyBallot', data: { meeting: 'm', item: '25', voter: 'p-1', proxyChoice: 'bifall' } })).toMatchObject({ item: 25 });
    expect(parseCardAction({ verb: 'decision.reserve', data: { meeting: 'm', item: 25, reservationText: '' } })).toEqual({
      verb: 'decision.reserve',
      meeting: 'm',
      item: 25,
    });
    expect(parseCardAction({ verb: 'rollcall.setStatus', data: { meeting: 'm', person: 'p-1', status: 'serve:p-2' } })).toMatchObject({ status: 'serve:p-2' });
    expect(parseCardAction({ verb: 'rollcall.setStatus', data: { meeting: 'm', person: 'p-1', status: 'gone' } })).toBeNull();
    expect(parseCardAction({ verb: 'decision.vote', data: { meeting: 'm', item: 25, choice: 'ja' } })).toBeNull();
    expect(parseCardAction({ verb: 'rollcall.addGuest', data: { meeting: 'm', guestName: '   ' } })).toBeNull();
    expect(parseCardAction({ verb: 'nope', data: {} })).toBeNull();
    expect(parseCardAction('refresh')).toBeNull();
    // data cannot change the verb
    expect(parseCardAction({ verb: 'rollcall.checkIn', data: { meeting: 'm', verb: 'rollcall.close' } })).toEqual({ verb: 'rollcall.checkIn', meeting: 'm' });
    expect(parseCardAction({ verb: 'refresh', data: { card: 'decision', meeting: 'm', item: 25 } })).toEqual({ verb: 'refresh', card: 'decision', meeting: 'm', item: 25 });
  });

});
