/**
 * Fictional import documents (SPEC §4) of any size, for the bot's black-box tests and the
 * benchmarks: one body ("Länssamverkansgruppen Norrfjäll") with `members` voting seats
 * (ordförande, vice ordförande, ledamöter), a personal ersättare, a pool ersättare, a
 * sekreterare, a tjänsteperson and a person who sits on another body only. Every name,
 * organisation and id is made up. The meeting is dated relative to now, so that it is always
 * inside the bot's "7 days back to 60 days ahead" window.
 */
import path from 'node:path';
import { swedishIso } from '../../core/domain/swedish-time.js';
import { openSqliteStore } from '../../core/store/sqlite/sqlite-store.js';
import { COLLECTIONS, type Store } from '../../core/store/store.js';
import { BotClient, teamsUser, type TeamsUser } from './bot-client.js';
import { FakeConnector } from './fake-connector.js';
import { importDocument, startProduct, tempDataDir, type RunningProduct } from './product.js';

const FIRST = [
  'Astrid', 'Bertil', 'Cecilia', 'Dag', 'Ebba', 'Fredrik', 'Gunilla', 'Hampus', 'Ingrid', 'Johan',
  'Kerstin', 'Lars', 'Malin', 'Nils', 'Oskar', 'Pia', 'Ragnar', 'Sigrid', 'Tord', 'Ulla',
  'Viktor', 'Wilma', 'Åsa', 'Östen', 'Agneta', 'Björn', 'Linnea', 'Maj', 'Sune', 'Vera',
];
const LAST = [
  'Lindqvist', 'Öberg', 'Sjöström', 'Nyström', 'Berglund', 'Holmgren', 'Vikström', 'Marklund',
  'Lundmark', 'Burström', 'Näslund', 'Hedlund', 'Granström', 'Åström', 'Forsberg', 'Sandström',
  'Wallin', 'Byström', 'Lidström', 'Öhman', 'Strömgren', 'Renström', 'Jonsson', 'Nordin',
  'Sehlstedt', 'Fjällström', 'Hällgren', 'Norberg', 'Degerman', 'Rönnqvist',
];

/** A unique made-up name for index i (FIRST × LAST gives 900). */
export function fictionalName(i: number): string {
  return `${FIRST[i % FIRST.length]} ${LAST[(Math.floor(i / FIRST.length) + i) % LAST.length]}`;
}

/** Entra object ids of the fixture: recognisably fake, unique per index. */
export const fakeAad = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

export const ORGANISATIONS = [
  { key: 'region-nf', name: 'Region Norrfjäll', kind: 'region' },
  { key: 'alvby', name: 'Älvby kommun', kind: 'kommun' },
  { key: 'granas', name: 'Granås kommun', kind: 'kommun' },
  { key: 'sjovik', name: 'Sjöviks kommun', kind: 'kommun' },
  { key: 'tallmo', name: 'Tallmo kommun', kind: 'kommun' },
] as const;

export interface FixtureAgendaItem {
  number: number;
  title: string;
  kind: 'beslut' | 'information';
  decision?: 'vote' | 'inriktningsbeslut' | 'acklamation';
  presenter?: string;
  proposal?: string;
}

/** 31 information, 32 information, 33 vote, 34 inriktningsbeslut, 35 information. */
export const DEFAULT_AGENDA: FixtureAgendaItem[] = [
  { number: 31, title: 'Föregående mötesprotokoll', kind: 'information' },
  { number: 32, title: 'Rapport från Beredning barn och unga', kind: 'information', presenter: 'Beredningens ordförande' },
  {
    number: 33,
    title: 'Gemensam rutin för samordnad individuell plan',
    kind: 'beslut',
    decision: 'vote',
    presenter: 'AU',
    proposal: 'godkänna förslaget till gemensam rutin',
  },
  {
    number: 34,
    title: 'Inriktning för nära vård 2026',
    kind: 'beslut',
    decision: 'inriktningsbeslut',
    presenter: 'AU',
    proposal: 'rekommendera respektive huvudman att anta inriktningen',
  },
  { number: 35, title: 'Nästa möte', kind: 'information' },
];

export interface RosterFixture {
  /** The import document (SPEC §4). */
  doc: Record<string, unknown>;
  meetingKey: string;
  bodyKey: string;
  bodyName: string;
  dnr: string;
  /** YYYY-MM-DD of the meeting (local date in Sweden, as on the pick card). */
  date: string;
  teamsMeetingId: string | null;
  /** Seat holders in roster order: [0] ordförande, [1] vice ordförande, the rest ledamöter. */
  members: Seat[];
  chair: Seat;
  vice: Seat;
  /** Personal ersättare of `members[absentWithSubstitute]`. */
  substitute: Seat;
  /** Pool ersättare of the region (serves for any absent region member). */
  poolSubstitute: Seat;
  secretary: Seat;
  official: Seat;
  /** On the roster of another body only. */
  outsider: Seat;
  /** An Entra user that is on no roster at all. */
  stranger: TeamsUser;
  agenda: FixtureAgendaItem[];
}

export interface Seat {
  key: string;
  name: string;
  organisation: string;
  user: TeamsUser;
}

export interface RosterOptions {
  /** Voting seats (ordförande + vice ordförande + ledamöter); at least 3. */
  members: number;
  /** The member whose personal ersättare the fixture adds (index into members). */
  absentWithSubstitute?: number;
  /** Set to link the chat by the Teams meeting id instead of the pick card. */
  teamsMeetingId?: string | null;
  agenda?: FixtureAgendaItem[];
  /** Start of the meeting relative to now, in minutes (negative: already started). */
  startsInMinutes?: number;
}

export function rosterFixture(options: RosterOptions): RosterFixture {
  const n = options.members;
  if (n < 3) throw new Error('a roster needs at least 3 voting seats');
  const absentWithSubstitute = options.absentWithSubstitute ?? Math.min(5, n - 1);
  let index = 0;
  const seat = (prefix: string, organisation: string): Seat => {
    const i = index++;
    const name = fictionalName(i);
    return { key: `${prefix}-${i}`, name, organisation, user: teamsUser(fakeAad(i), name) };
  };
  const orgOf = (i: number) => ORGANISATIONS[i % ORGANISATIONS.length]!.key;
  const members = Array.from({ length: n }, (_, i) => seat('p', orgOf(i)));
  const substitute = seat('p-ers', members[absentWithSubstitute]!.organisation);
  const poolSubstitute = seat('p-ers', 'region-nf');
  const secretary = seat('p-sekr', 'region-nf');
  const official = seat('p-tj', 'alvby');
  const outsider = seat('p-ber', 'granas');
  const stranger = teamsUser(fakeAad(900_000), 'Okänd Besökare');

  const roleOf = (i: number) => (i === 0 ? 'ordförande' : i === 1 ? 'vice ordförande' : 'ledamot');
  const all = [...members, substitute, poolSubstitute, secretary, official, outsider];
  const start = new Date(Date.now() + (options.startsInMinutes ?? -5) * 60_000);
  start.setSeconds(0, 0);
  const end = new Date(start.getTime() + 2 * 3_600_000);
  const startIso = swedishIso(start);
  const agenda = options.agenda ?? DEFAULT_AGENDA;
  const meetingKey = `lsg-${startIso.slice(0, 10)}`;
  const dnr = `HSN ${n}-3-${startIso.slice(0, 4)}`;
  const doc = {
    $comment: 'Fictional roster generated by test/support/roster-fixture.ts.',
    organisations: ORGANISATIONS,
    bodies: [
      { key: 'lsg', name: 'Länssamverkansgruppen Norrfjäll', kind: 'tjänsteperson', reportsTo: null },
      { key: 'ber-barn', name: 'Beredning barn och unga', kind: 'beredning', reportsTo: 'lsg' },
    ],
    people: all.map((p) => ({
      key: p.key,
      name: p.name,
      organisation: p.organisation,
      email: `${p.key}@example.org`,
      aadObjectId: p.user.aadObjectId,
      party: null,
    })),
    memberships: [
      ...members.map((m, i) => ({ body: 'lsg', person: m.key, role: roleOf(i), title: null })),
      { body: 'lsg', person: substitute.key, role: 'ersättare', substituteFor: members[absentWithSubstitute]!.key },
      { body: 'lsg', person: poolSubstitute.key, role: 'ersättare' },
      { body: 'lsg', person: secretary.key, role: 'sekreterare', title: 'regional samverkanskoordinator' },
      { body: 'lsg', person: official.key, role: 'tjänsteperson', title: 'utvecklingsledare' },
      { body: 'ber-barn', person: outsider.key, role: 'ordförande' },
    ],
    meetings: [
      {
        key: meetingKey,
        body: 'lsg',
        dnr,
        start: startIso,
        end: swedishIso(end),
        place: 'Teams',
        teamsMeetingId: options.teamsMeetingId ?? null,
        justerare: members[1]!.key,
        guests: [],
        agenda,
      },
    ],
  };
  return {
    doc,
    meetingKey,
    bodyKey: 'lsg',
    bodyName: 'Länssamverkansgruppen Norrfjäll',
    dnr,
    date: startIso.slice(0, 10),
    teamsMeetingId: options.teamsMeetingId ?? null,
    members,
    chair: members[0]!,
    vice: members[1]!,
    substitute,
    poolSubstitute,
    secretary,
    official,
    outsider,
    stranger,
    agenda,
  };
}

// ------------------------------------------------------------------ the running product

/** Polls `check` until it returns a value (not undefined/false), or fails after `ms`. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface E2E {
  fixture: RosterFixture;
  connector: FakeConnector;
  product: RunningProduct;
  client: BotClient;
  /** Opens the product's SQLite file (shared with the running process), runs `read`, closes it. */
  readStore<T>(read: (store: Store) => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

/**
 * The fake connector, the fixture imported with the real import command, the real server
 * process, and a client posting to its /api/messages with the connector as serviceUrl.
 */
export async function startE2E(options: RosterOptions, env: Record<string, string> = {}): Promise<E2E> {
  const fixture = rosterFixture(options);
  const connector = await new FakeConnector().start();
  const dataDir = tempDataDir();
  await importDocument(dataDir, fixture.doc);
  const product = await startProduct(env, dataDir);
  const client = new BotClient(`${product.url}/api/messages`, connector.url, undefined, fixture.teamsMeetingId);
  const readStore = async <T>(read: (store: Store) => Promise<T>) => {
    const store = openSqliteStore(path.join(dataDir, 'samverkan.db'));
    try {
      return await read(store);
    } finally {
      await store.close();
    }
  };
  return {
    fixture,
    connector,
    product,
    client,
    readStore,
    stop: async () => {
      await product.stop();
      await connector.stop();
    },
  };
}

/**
 * Everything the store holds that a press could change: every collection but the record of
 * processed activities (which a repeated or refused delivery legitimately adds to).
 */
export async function storeSnapshot(store: Store): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const name of COLLECTIONS) {
    if (name === 'activities') continue;
    const rows = await store[name].list();
    out[name] = rows.map((r) => ({ value: r.value, etag: r.etag })).sort((a, b) => ((a.value as { key: string }).key < (b.value as { key: string }).key ? -1 : 1));
  }
  return out;
}
