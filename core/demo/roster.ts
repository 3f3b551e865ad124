/**
 * The fictional demo data as an import document (SPEC §4): Region Västerbotten and its 15
 * municipalities, the Samråd, LSG and two beredningar with their rosters, and the meetings of
 * 2026 with agendas whose case items come from the case plan (cases.ts).
 *
 * Every person is invented: names are drawn from lists of common Swedish names by a seeded
 * PRNG, e-mail addresses are at example.org and Entra object ids are derived from the key.
 * Same seed, same document, byte for byte.
 */
import type { ImportAgendaItem, ImportDocument, ImportMeeting, ImportMembership, ImportPerson } from '../import/schema.js';
import type { Role } from '../domain/model.js';
import { itemKey } from '../domain/model.js';
import { BODY_KEYS, BODY_NAMES, DEMO_YEAR, demoCalendar, type DemoBodyKey, type MeetingSlot } from './calendar.js';
import { planCaseSteps, type CasePlan, type PlannedStep } from './cases.js';
import { createRng, stableUuid, type Rng } from './random.js';

export const DEMO_SEED = 20260101;

export const MUNICIPALITIES: readonly { key: string; name: string }[] = [
  { key: 'bjurholm', name: 'Bjurholms kommun' },
  { key: 'dorotea', name: 'Dorotea kommun' },
  { key: 'lycksele', name: 'Lycksele kommun' },
  { key: 'mala', name: 'Malå kommun' },
  { key: 'nordmaling', name: 'Nordmalings kommun' },
  { key: 'norsjo', name: 'Norsjö kommun' },
  { key: 'robertsfors', name: 'Robertsfors kommun' },
  { key: 'skelleftea', name: 'Skellefteå kommun' },
  { key: 'sorsele', name: 'Sorsele kommun' },
  { key: 'storuman', name: 'Storumans kommun' },
  { key: 'umea', name: 'Umeå kommun' },
  { key: 'vilhelmina', name: 'Vilhelmina kommun' },
  { key: 'vindeln', name: 'Vindelns kommun' },
  { key: 'vannas', name: 'Vännäs kommun' },
  { key: 'asele', name: 'Åsele kommun' },
];

export const REGION = { key: 'region-vb', name: 'Region Västerbotten' } as const;
const FOU = 'fou-soc';
const SKR = 'skr';

// Invented people: common Swedish first names and (mostly northern) surnames.
const FIRST_NAMES = [
  'Agneta', 'Annelie', 'Birgitta', 'Britt-Marie', 'Cecilia', 'Ebba', 'Elin', 'Elsa', 'Emma', 'Frida',
  'Gunnel', 'Hedvig', 'Irene', 'Josefin', 'Kristina', 'Linnea', 'Lotta', 'Louise', 'Lovisa', 'Maja',
  'Margareta', 'Marie', 'Matilda', 'Moa', 'Nina', 'Petra', 'Ronja', 'Sanna', 'Siv', 'Susanne',
  'Therese', 'Tove', 'Veronica', 'Viktoria', 'Wilma', 'Ylva', 'Yvonne', 'Åsa', 'Amira', 'Leyla',
  'Anders', 'Arvid', 'Björn', 'Emil', 'Erik', 'Gustav', 'Hampus', 'Henrik', 'Jesper', 'Joakim',
  'Jonas', 'Kenneth', 'Kjell', 'Lars', 'Leif', 'Lennart', 'Mattias', 'Mikael', 'Niklas', 'Nils',
  'Olof', 'Oskar', 'Per-Olof', 'Peter', 'Pontus', 'Rasmus', 'Rickard', 'Stefan', 'Sven', 'Tobias',
  'Tomas', 'Torbjörn', 'Ulf', 'Viktor', 'Örjan', 'Emir',
];
const SURNAMES = [
  'Marklund', 'Nordlund', 'Burman', 'Sehlstedt', 'Lidström', 'Granström', 'Öhman', 'Holmgren', 'Lindgren', 'Sandström',
  'Bäckström', 'Hedlund', 'Lundmark', 'Degerman', 'Åström', 'Stenmark', 'Brännström', 'Renström', 'Ekman', 'Grahn',
  'Hägglund', 'Lindmark', 'Nyström', 'Boström', 'Sjölund', 'Wiklund', 'Forsgren', 'Dahlgren', 'Lindfors', 'Rönnqvist',
  'Nordin', 'Sundqvist', 'Backman', 'Hellström', 'Berglund', 'Strömberg', 'Lindholm', 'Häggström', 'Holmström', 'Sundberg',
  'Engström', 'Hammarström', 'Åkerlund', 'Brändström', 'Söderlund', 'Wallin', 'Zackrisson', 'Abrahamsson', 'Bergqvist', 'Lejon',
  'Nordenmark', 'Hassan', 'Yilmaz', 'Nieminen', 'Fjällström', 'Granberg', 'Tjärnlund', 'Vesterlund', 'Olofsson', 'Lantto',
];

/** "Britt-Marie Åström" → "britt-marie.astrom" */
function emailLocal(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\s+/g, '.');
}

const slug = (name: string) => emailLocal(name).replace(/\./g, '-');

interface Seat {
  org: string;
  role: Role;
  title?: string | null;
  party?: string | null;
  /** Key of the seat holder a personal ersättare serves for. */
  substituteFor?: string;
  /** Reuse a person already on another roster (a LSG member chairing a beredning). */
  person?: string;
}

class PeopleFactory {
  readonly people: ImportPerson[] = [];
  private readonly used = new Set<string>();
  private surnames: string[];
  private firstNames: string[];

  constructor(private readonly rng: Rng) {
    this.surnames = rng.shuffle(SURNAMES);
    this.firstNames = rng.shuffle(FIRST_NAMES);
  }

  create(org: string, party: string | null): string {
    for (;;) {
      if (this.surnames.length === 0) this.surnames = this.rng.shuffle(SURNAMES);
      if (this.firstNames.length === 0) this.firstNames = this.rng.shuffle(FIRST_NAMES);
      const name = `${this.firstNames.pop()!} ${this.surnames.pop()!}`;
      if (this.used.has(name)) continue;
      this.used.add(name);
      const key = `p-${slug(name)}`;
      this.people.push({
        key,
        name,
        organisation: org,
        email: `${emailLocal(name)}@example.org`,
        aadObjectId: stableUuid(key),
        party,
      });
      return key;
    }
  }
}

export interface DemoRoster {
  people: ImportPerson[];
  memberships: ImportMembership[];
}

/** Who holds the named posts that agendas and presenters refer to. */
interface Posts {
  lsgChair: string;
  barnChair: string;
  vuxnaChair: string;
  secretary: Record<DemoBodyKey, string>;
  chair: Record<DemoBodyKey, string>;
  experts: Record<'ber-barn' | 'ber-vuxna', { person: string; title: string }[]>;
}

const SAMRAD_PARTY: Record<string, string> = {
  umea: 's',
  'region-vb': 'm',
  bjurholm: 'c',
  dorotea: 's',
  lycksele: 's',
  mala: 's',
  nordmaling: 'm',
  norsjo: 's',
  robertsfors: 'c',
  skelleftea: 's',
  sorsele: 'kd',
  storuman: 'm',
  vilhelmina: 'v',
  vindeln: 'l',
  vannas: 'm',
  asele: 'c',
};

/** Personal ersättare (substituteFor the principal's ledamot) and principal-seat ersättare. */
const SAMRAD_PERSONAL: Record<string, string> = {
  'region-vb': 's',
  umea: 'mp',
  skelleftea: 'sd',
  lycksele: 'v',
  vilhelmina: 's',
  storuman: 'c',
};
const SAMRAD_POOL: Record<string, string> = { dorotea: 'm', mala: 'c', norsjo: 'kd', vannas: 's', asele: 's' };

const SOCIAL_TITLES = ['socialchef', 'förvaltningschef socialtjänst', 'omsorgschef', 'socialchef', 'chef vård och omsorg'];

function buildRoster(rng: Rng): { roster: DemoRoster; posts: Posts } {
  const factory = new PeopleFactory(rng);
  const memberships: ImportMembership[] = [];
  const add = (body: DemoBodyKey, seats: Seat[]) => {
    const keys: string[] = [];
    for (const s of seats) {
      const person = s.person ?? factory.create(s.org, s.party ?? null);
      keys.push(person);
      memberships.push({
        body,
        person,
        role: s.role,
        title: s.title ?? null,
        substituteFor: s.substituteFor ?? null,
      });
    }
    return keys;
  };

  // Officials first, so the LSG members exist when the beredningar reuse them.
  const principals = [REGION.key, ...MUNICIPALITIES.map((m) => m.key)];
  const lsgChair = factory.create(REGION.key, null);
  const lsgVice = factory.create('skelleftea', null);
  const vuxnaChair = factory.create(REGION.key, null);
  const barnChair = factory.create('lycksele', null);
  const coordinatorA = factory.create(REGION.key, null);
  const coordinatorB = factory.create(REGION.key, null);
  const lsgMember: Record<string, string> = { skelleftea: lsgVice, lycksele: barnChair };

  const lsgSeats: Seat[] = [
    { org: REGION.key, role: 'ordförande', title: 'hälso- och sjukvårdsdirektör', person: lsgChair },
    { org: 'skelleftea', role: 'vice ordförande', title: 'socialdirektör', person: lsgVice },
    { org: REGION.key, role: 'ledamot', title: 'ordförande Beredning vuxna och äldre', person: vuxnaChair },
    { org: REGION.key, role: 'ledamot', title: 'områdeschef närsjukvård' },
  ];
  MUNICIPALITIES.forEach((m, i) => {
    if (m.key === 'skelleftea') return;
    if (m.key === 'lycksele') {
      lsgSeats.push({ org: m.key, role: 'ledamot', title: 'ordförande Beredning barn och unga', person: barnChair });
      return;
    }
    const title = m.key === 'umea' ? 'ordförande Hjälpmedelsrådet' : i % 4 === 0 ? SOCIAL_TITLES[i % SOCIAL_TITLES.length]! : null;
    lsgSeats.push({ org: m.key, role: 'ledamot', title });
  });
  const lsgKeys = add(BODY_KEYS.lsg, lsgSeats);
  lsgSeats.forEach((s, i) => {
    if (s.org !== REGION.key) lsgMember[s.org] = lsgKeys[i]!;
  });
  const smittskydd = factory.create(REGION.key, null);
  add(BODY_KEYS.lsg, [
    { org: 'umea', role: 'ersättare', title: 'verksamhetschef äldreomsorg', substituteFor: lsgMember.umea },
    { org: REGION.key, role: 'ersättare', title: 'biträdande hälso- och sjukvårdsdirektör' },
    { org: REGION.key, role: 'sekreterare', title: 'regional samverkanskoordinator', person: coordinatorA },
    { org: REGION.key, role: 'sekreterare', title: 'regional samverkanskoordinator', person: coordinatorB },
    { org: FOU, role: 'adjungerad', title: 'ständigt adjungerad' },
    { org: REGION.key, role: 'tjänsteperson', title: 'smittskyddsläkare', person: smittskydd },
  ]);

  // Samråd: one politician per principal, the chair from Umeå and the vice from the region.
  const samradOrder = ['umea', REGION.key, ...principals.filter((p) => p !== 'umea' && p !== REGION.key)];
  const samradKeys = add(
    BODY_KEYS.samrad,
    samradOrder.map((org, i) => ({
      org,
      role: i === 0 ? 'ordförande' : i === 1 ? 'vice ordförande' : 'ledamot',
      party: SAMRAD_PARTY[org] ?? 's',
    })),
  );
  const samradMember = new Map(samradOrder.map((org, i) => [org, samradKeys[i]!]));
  add(BODY_KEYS.samrad, [
    ...Object.entries(SAMRAD_PERSONAL).map(([org, party]) => ({
      org,
      role: 'ersättare' as const,
      party,
      substituteFor: samradMember.get(org),
    })),
    ...Object.entries(SAMRAD_POOL).map(([org, party]) => ({ org, role: 'ersättare' as const, party })),
    { org: REGION.key, role: 'sekreterare', title: 'regional samverkanskoordinator', person: coordinatorA },
    { org: REGION.key, role: 'tjänsteperson', title: 'ordförande Länssamverkansgruppen', person: lsgChair },
    { org: 'skelleftea', role: 'tjänsteperson', title: 'vice ordförande Länssamverkansgruppen', person: lsgVice },
  ]);

  // Beredningar: a LSG member chairs, the rest are managers close to the services.
  const barnExpertA = factory.create(FOU, null);
  const barnExpertB = factory.create(REGION.key, null);
  const barnKeys = add(BODY_KEYS.barn, [
    { org: 'lycksele', role: 'ordförande', person: barnChair },
    { org: REGION.key, role: 'vice ordförande', title: 'verksamhetschef barn- och ungdomspsykiatrin' },
    { org: REGION.key, role: 'ledamot', title: 'verksamhetschef barn- och ungdomsmedicin' },
    { org: 'umea', role: 'ledamot', title: 'enhetschef elevhälsa' },
    { org: 'skelleftea', role: 'ledamot', title: 'verksamhetschef individ- och familjeomsorg' },
    { org: 'vilhelmina', role: 'ledamot', title: 'socialchef' },
    { org: 'nordmaling', role: 'ledamot', title: 'chef individ- och familjeomsorg' },
    { org: 'vannas', role: 'ledamot', title: 'elevhälsochef' },
    { org: REGION.key, role: 'ledamot', title: 'primärvårdschef' },
  ]);
  add(BODY_KEYS.barn, [
    { org: 'umea', role: 'ersättare', title: 'utvecklingsledare barn och unga' },
    { org: REGION.key, role: 'sekreterare', title: 'regional samverkanskoordinator', person: coordinatorB },
    { org: FOU, role: 'tjänsteperson', title: 'utvecklingsledare', person: barnExpertA },
    { org: REGION.key, role: 'tjänsteperson', title: 'barnhälsovårdsöverläkare', person: barnExpertB },
  ]);

  const vuxnaExpert = factory.create(REGION.key, null);
  const vuxnaKeys = add(BODY_KEYS.vuxna, [
    { org: REGION.key, role: 'ordförande', person: vuxnaChair },
    { org: 'umea', role: 'vice ordförande', title: 'verksamhetschef äldreomsorg' },
    { org: REGION.key, role: 'ledamot', title: 'verksamhetschef geriatrik' },
    { org: REGION.key, role: 'ledamot', title: 'primärvårdschef Södra Lappland' },
    { org: 'skelleftea', role: 'ledamot', title: 'medicinskt ansvarig sjuksköterska' },
    { org: 'lycksele', role: 'ledamot', title: 'äldreomsorgschef' },
    { org: 'storuman', role: 'ledamot', title: 'enhetschef hemsjukvård' },
    { org: 'robertsfors', role: 'ledamot', title: 'socialchef' },
  ]);
  add(BODY_KEYS.vuxna, [
    { org: 'umea', role: 'ersättare', title: 'enhetschef hemtjänst', substituteFor: vuxnaKeys[1] },
    { org: 'skelleftea', role: 'ersättare', title: 'medicinskt ansvarig för rehabilitering' },
    { org: REGION.key, role: 'sekreterare', title: 'regional samverkanskoordinator', person: coordinatorA },
    { org: REGION.key, role: 'tjänsteperson', title: 'hygiensjuksköterska', person: vuxnaExpert },
    { org: REGION.key, role: 'tjänsteperson', title: 'smittskyddsläkare', person: smittskydd },
  ]);

  const posts: Posts = {
    lsgChair,
    barnChair,
    vuxnaChair,
    secretary: { samrad: coordinatorA, lsg: coordinatorA, 'ber-barn': coordinatorB, 'ber-vuxna': coordinatorA },
    chair: { samrad: samradKeys[0]!, lsg: lsgChair, 'ber-barn': barnKeys[0]!, 'ber-vuxna': vuxnaKeys[0]! },
    experts: {
      'ber-barn': [
        { person: barnExpertA, title: 'utvecklingsledare, FoU Socialtjänst' },
        { person: barnExpertB, title: 'barnhälsovårdsöverläkare' },
        { person: barnKeys[1]!, title: 'verksamhetschef barn- och ungdomspsykiatrin' },
      ],
      'ber-vuxna': [
        { person: vuxnaExpert, title: 'hygiensjuksköterska' },
        { person: smittskydd, title: 'smittskyddsläkare' },
        { person: vuxnaKeys[4]!, title: 'medicinskt ansvarig sjuksköterska, Skellefteå kommun' },
        { person: vuxnaKeys[2]!, title: 'verksamhetschef geriatrik' },
      ],
    },
  };
  return { roster: { people: factory.people, memberships }, posts };
}

const MONTHS = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];

/** "2026-04-24" → "24 april 2026" */
export function swedishDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

const hhmm = (iso: string) => iso.slice(11, 16).replace(':', '.');

const listing = (xs: string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} och ${xs[xs.length - 1]}`);

export interface DemoData {
  document: ImportDocument;
  /** Protocol text of every agenda item, by item key (`meeting|number`). */
  texts: Map<string, string>;
  plan: CasePlan;
  calendar: MeetingSlot[];
}

/** Builds the whole demo: the import document, the item texts and the case plan. */
export function buildDemoData(seed: number = DEMO_SEED): DemoData {
  const rng = createRng(seed);
  const calendar = demoCalendar();
  const plan = planCaseSteps(calendar);
  const { roster, posts } = buildRoster(rng);
  const nameOf = new Map(roster.people.map((p) => [p.key, p.name]));
  const name = (key: string) => nameOf.get(key) ?? key;
  const texts = new Map<string, string>();
  const next: Record<DemoBodyKey, number> = { samrad: 1, lsg: 1, 'ber-barn': 1, 'ber-vuxna': 1 };

  const seatHolders = (body: DemoBodyKey) =>
    roster.memberships.filter((m) => m.body === body && ['vice ordförande', 'ledamot'].includes(m.role)).map((m) => m.person);

  const presenterOf = (step: PlannedStep): string => {
    const berName = BODY_NAMES[step.beredning];
    const berChair = step.beredning === BODY_KEYS.barn ? posts.barnChair : posts.vuxnaChair;
    switch (step.presenter) {
      case 'beredning-ordförande':
        return step.body === step.beredning ? name(berChair) : `${name(berChair)}, ordförande ${berName}`;
      case 'lsg-ordförande':
        return step.body === BODY_KEYS.lsg ? name(posts.lsgChair) : `${name(posts.lsgChair)}, ordförande ${BODY_NAMES.lsg}`;
      case 'expert': {
        const experts = posts.experts[step.beredning as 'ber-barn' | 'ber-vuxna'];
        const e = createRng(`presenter|${step.caseKey}`).pick(experts);
        return `${name(e.person)}, ${e.title}`;
      }
    }
  };

  const meetings: ImportMeeting[] = calendar.map((slot, slotIndex) => {
    const body = slot.body;
    const mrng = createRng(`meeting|${slot.key}`);
    const sameBody = calendar.filter((s) => s.body === body);
    const previous = sameBody[slot.ordinal - 2];
    const following = sameBody[slot.ordinal];
    const steps = plan.steps.filter((s) => s.meeting === slot.key);
    const chairName = name(posts.chair[body]);
    const items: Array<{ item: Omit<ImportAgendaItem, 'number'>; text: string }> = [];

    items.push({
      item: {
        title: body === BODY_KEYS.samrad || body === BODY_KEYS.lsg ? 'Godkännande av föredragningslista' : 'Godkännande av dagordning',
        kind: 'beslut',
        decision: 'acklamation',
        presenter: chairName,
        proposal: body === BODY_KEYS.samrad || body === BODY_KEYS.lsg ? 'godkänna föredragningslistan' : 'godkänna dagordningen',
      },
      text: `Ordföranden hälsade alla välkomna och öppnade mötet. Upprop genomfördes i mötets chatt. ${mrng.pick([
        'Föredragningslistan godkändes utan ändringar.',
        'Föredragningslistan godkändes med tillägget att övriga frågor tas upp under punkten Nästa möte.',
        'Föredragningslistan godkändes.',
      ])}`,
    });
    items.push({
      item: {
        title: 'Föregående protokoll',
        kind: 'beslut',
        decision: 'acklamation',
        presenter: chairName,
        proposal: 'lägga föregående protokoll till handlingarna',
      },
      text: previous
        ? `Protokollet från mötet den ${swedishDate(previous.date)} är justerat och publicerat på samverkanswebben. Inga synpunkter framfördes.`
        : `Protokollet från det sista mötet ${DEMO_YEAR - 1} är justerat och publicerat. Inga synpunkter framfördes.`,
    });

    if (body === BODY_KEYS.samrad) {
      const since = previous?.date ?? `${DEMO_YEAR}-01-01`;
      const lsgTitles = [...new Set(plan.steps.filter((s) => s.body === BODY_KEYS.lsg && s.date > since && s.date < slot.date).map((s) => s.title))];
      items.push({
        item: {
          title: 'Aktuellt i samverkan',
          kind: 'information',
          presenter: `${name(posts.lsgChair)}, ordförande ${BODY_NAMES.lsg}`,
        },
        text:
          lsgTitles.length > 0
            ? `Information gavs om ärenden som Länssamverkansgruppen har behandlat sedan förra samrådet, bland annat ${listing(lsgTitles.slice(0, 3).map((t) => t.charAt(0).toLowerCase() + t.slice(1)))}. Nulägesrapport gavs från beredningarna. Utvecklingen av den regionala samverkansstrukturen fortgår enligt plan.`
            : 'Information gavs om arbetet i Länssamverkansgruppen och beredningarna. Utvecklingen av den regionala samverkansstrukturen fortgår enligt plan.',
      });
    } else if (body === BODY_KEYS.lsg) {
      const since = previous?.date ?? `${DEMO_YEAR - 1}-12-31`;
      const berSteps = plan.steps.filter((s) => (s.body === BODY_KEYS.barn || s.body === BODY_KEYS.vuxna) && s.date > since && s.date < slot.date);
      const about = (b: DemoBodyKey) => [...new Set(berSteps.filter((s) => s.body === b).map((s) => s.title.charAt(0).toLowerCase() + s.title.slice(1)))];
      const parts = [BODY_KEYS.barn, BODY_KEYS.vuxna]
        .filter((b) => about(b).length > 0)
        .map((b) => `${BODY_NAMES[b]} har sedan förra mötet arbetat med ${listing(about(b).slice(0, 2))}.`);
      items.push({
        item: {
          title: 'Aktuellt från beredningarna',
          kind: 'information',
          presenter: `${name(posts.barnChair)} och ${name(posts.vuxnaChair)}`,
        },
        text:
          parts.length > 0
            ? `Ordförandena i beredningarna informerade om pågående arbete. ${parts.join(' ')}`
            : 'Beredningarna har inte haft möten sedan förra mötet. Ordförandena informerade om planeringen inför kommande period.',
      });
    }

    for (const step of steps) {
      const attachments =
        step.kind === 'beslut' && step.decision !== 'acklamation'
          ? [
              {
                title: `Förslag – ${step.title}`,
                url: `https://example.org/samverkan/${DEMO_YEAR}/${slot.key}/${step.caseKey}.pdf`,
              },
            ]
          : undefined;
      items.push({
        item: {
          title: step.title,
          kind: step.kind,
          ...(step.kind === 'beslut' ? { decision: step.decision } : {}),
          presenter: presenterOf(step),
          proposal: step.proposal,
          ...(attachments ? { attachments } : {}),
          case: step.caseKey,
        },
        text: step.text,
      });
    }

    if (body === BODY_KEYS.samrad) {
      const toLsg = steps.filter((s) => s.toBody === BODY_KEYS.lsg);
      items.push({
        item: { title: 'Ärenden till Länssamverkansgruppen', kind: 'information', presenter: chairName },
        text:
          toLsg.length > 0
            ? `Samrådet sammanfattade de uppdrag som går till Länssamverkansgruppen från dagens möte: ${listing(toLsg.map((s) => s.title.charAt(0).toLowerCase() + s.title.slice(1)))}. Länssamverkansgruppen återrapporterar till samrådet när uppdragen är genomförda.`
            : 'Inga nya ärenden överlämnades till Länssamverkansgruppen. Samrådet önskar en lägesrapport om pågående uppdrag vid nästa möte.',
      });
    }

    items.push({
      item: { title: 'Nästa möte', kind: 'information', presenter: name(posts.secretary[body]) },
      text: following
        ? `Nästa möte hålls den ${swedishDate(following.date)} kl ${hhmm(following.start)}–${hhmm(following.end)} på Teams. Ärenden anmäls till sekreteraren senast två veckor före mötet.`
        : `Mötesplanen för ${DEMO_YEAR + 1} skickas ut av sekreteraren före årsskiftet. Ordföranden tackade för ett gott samarbete under året.`,
    });

    const agenda: ImportAgendaItem[] = items.map(({ item, text }) => {
      const number = next[body]++;
      texts.set(itemKey(slot.key, number), text);
      return { number, ...item };
    });

    // The justerare is a member with a seat, never the chair, taking turns through the year.
    const candidates = seatHolders(body);
    const justerare = candidates[(slot.ordinal * 5 + slotIndex) % candidates.length]!;
    const guests =
      slot.key === 'samrad-2026-04-24'
        ? [{ name: 'Tove Lindqvist Abrahamsson', organisation: SKR, title: 'handläggare, avdelningen för vård och omsorg' }]
        : slot.key === 'lsg-2026-09-08'
          ? [{ name: 'Kjell Nordenmark', organisation: FOU, title: 'forskningsledare' }]
          : [];

    return {
      key: slot.key,
      body,
      dnr: slot.dnr,
      start: slot.start,
      end: slot.end,
      place: 'Teams',
      teamsMeetingId: null,
      justerare,
      guests,
      agenda,
    };
  });

  const document: ImportDocument = {
    organisations: [
      { key: REGION.key, name: REGION.name, kind: 'region' },
      ...MUNICIPALITIES.map((m) => ({ key: m.key, name: m.name, kind: 'kommun' as const })),
      { key: FOU, name: 'FoU Socialtjänst', kind: 'other' },
      { key: SKR, name: 'SKR', kind: 'other' },
    ],
    bodies: [
      { key: BODY_KEYS.samrad, name: BODY_NAMES.samrad, kind: 'politisk', reportsTo: null },
      { key: BODY_KEYS.lsg, name: BODY_NAMES.lsg, kind: 'tjänsteperson', reportsTo: BODY_KEYS.samrad },
      { key: BODY_KEYS.barn, name: BODY_NAMES['ber-barn'], kind: 'beredning', reportsTo: BODY_KEYS.lsg },
      { key: BODY_KEYS.vuxna, name: BODY_NAMES['ber-vuxna'], kind: 'beredning', reportsTo: BODY_KEYS.lsg },
    ],
    people: roster.people,
    memberships: roster.memberships,
    meetings,
  };
  return { document, texts, plan, calendar };
}

/** The demo as an import document (SPEC §4). */
export function buildDemoDocument(seed: number = DEMO_SEED): ImportDocument {
  return buildDemoData(seed).document;
}
