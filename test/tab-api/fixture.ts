/**
 * A small, fictional structure shaped like the seeds: Länssamverkansgruppen with its roster (two
 * secretaries), a beredning with its own secretary, the Samråd, a person in no body, cases with
 * their steps, and one LSG meeting already held — roll call, a vote with a reservation, an
 * inriktningsbeslut — played through the domain service as the bot would.
 */
import { Samverkan, type Actor } from '../../core/domain/service.js';
import type { Case, CaseEvent } from '../../core/domain/model.js';
import { importDocument } from '../../core/import/importer.js';
import type { Store } from '../../core/store/store.js';

/** "Now" for the API in these tests: the Samråd is meeting, LSG met in March. */
export const NOW = new Date('2026-06-01T12:00:00+02:00');
export const HELD = 'lsg-2026-03-12';
export const PLANNED = 'lsg-2026-12-10';
export const ONGOING = 'samrad-2026-06-01';
export const BEREDNING_MEETING = 'ber-vuxna-2026-02-20';

const person = (key: string, name: string, organisation: string, extra: { party?: string; aad?: boolean } = {}) => ({
  key,
  name,
  organisation,
  email: `${key}@example.org`,
  aadObjectId: extra.aad === false ? null : `aad-${key}`,
  party: extra.party ?? null,
});

export const ROSTER = {
  organisations: [
    { key: 'region', name: 'Region Västerbotten', kind: 'region' },
    { key: 'umea', name: 'Umeå kommun', kind: 'kommun' },
    { key: 'dorotea', name: 'Dorotea kommun', kind: 'kommun' },
    { key: 'skelleftea', name: 'Skellefteå kommun', kind: 'kommun' },
    { key: 'lycksele', name: 'Lycksele kommun', kind: 'kommun' },
    { key: 'fou', name: 'FoU Socialtjänst', kind: 'other' },
  ],
  bodies: [
    { key: 'samrad', name: 'Samråd hälsa, vård och omsorg', kind: 'politisk' },
    { key: 'lsg', name: 'Länssamverkansgruppen', kind: 'tjänsteperson', reportsTo: 'samrad' },
    { key: 'ber-vuxna', name: 'Beredning vuxna och äldre', kind: 'beredning', reportsTo: 'lsg' },
  ],
  people: [
    person('ordf', 'Maja Lindqvist', 'region'),
    person('vice', 'Nils Berglund', 'umea'),
    person('led-dor', 'Tove Sandberg', 'dorotea'),
    person('led-reg', 'Ove Nyström', 'region'),
    person('led-sk', 'Kerstin Holm', 'skelleftea'),
    person('led-ly', 'Arvid Eklund', 'lycksele'),
    person('ers-dor', 'Jonas Öberg', 'dorotea'),
    person('sekr', 'Hanna Strömberg', 'region'),
    person('sekr2', 'Johan Berg', 'region'),
    person('adj', 'Greta Vikström', 'fou'),
    person('sekr-ber', 'Lina Ek', 'region'),
    person('led-ber', 'Pia Rask', 'umea'),
    person('ordf-samrad', 'Carin Nilsson', 'umea', { party: 's' }),
    person('outsider', 'Olof Utter', 'region'),
    person('noaad', 'Berit Utan', 'region', { aad: false }),
  ],
  memberships: [
    { body: 'lsg', person: 'ordf', role: 'ordförande' },
    { body: 'lsg', person: 'vice', role: 'vice ordförande' },
    { body: 'lsg', person: 'led-dor', role: 'ledamot' },
    { body: 'lsg', person: 'led-reg', role: 'ledamot', title: 'ordförande Beredning vuxna och äldre' },
    { body: 'lsg', person: 'led-sk', role: 'ledamot' },
    { body: 'lsg', person: 'led-ly', role: 'ledamot' },
    { body: 'lsg', person: 'ers-dor', role: 'ersättare' },
    { body: 'lsg', person: 'sekr', role: 'sekreterare', title: 'regional samverkanskoordinator' },
    { body: 'lsg', person: 'sekr2', role: 'sekreterare' },
    { body: 'lsg', person: 'adj', role: 'adjungerad', title: 'ständigt adjungerad' },
    { body: 'ber-vuxna', person: 'sekr-ber', role: 'sekreterare' },
    { body: 'ber-vuxna', person: 'led-ber', role: 'ledamot' },
    { body: 'ber-vuxna', person: 'led-reg', role: 'ordförande' },
    { body: 'samrad', person: 'ordf-samrad', role: 'ordförande' },
  ],
  meetings: [
    {
      key: HELD,
      body: 'lsg',
      dnr: 'HSN 12-3-2026',
      start: '2026-03-12T08:00:00+01:00',
      end: '2026-03-12T09:30:00+01:00',
      place: 'Teams',
      justerare: 'vice',
      guests: [{ name: 'Rut Almgren', organisation: null, title: 'SKR' }],
      agenda: [
        { number: 14, title: 'Aktuellt i samverkan', kind: 'information', presenter: 'Maja Lindqvist' },
        {
          number: 15,
          title: 'Vårdhygienavtal',
          kind: 'beslut',
          decision: 'vote',
          presenter: 'AU',
          proposal: 'godkänna förslaget till nytt vårdhygienavtal',
          case: 'c-hygien',
        },
        {
          number: 16,
          title: 'Gemensam plan för primärvården',
          kind: 'beslut',
          decision: 'inriktningsbeslut',
          presenter: 'AU',
          proposal: 'rekommendera respektive huvudman att anta planen',
        },
        { number: 17, title: 'Nästa möte', kind: 'information' },
      ],
    },
    {
      key: PLANNED,
      body: 'lsg',
      dnr: null,
      start: '2026-12-10T08:00:00+01:00',
      end: '2026-12-10T10:00:00+01:00',
      place: 'Teams',
      justerare: 'led-dor',
      agenda: [{ number: 40, title: 'Vårdhygienavtal, uppföljning', kind: 'information' }],
    },
    {
      key: ONGOING,
      body: 'samrad',
      start: '2026-06-01T11:00:00+02:00',
      end: '2026-06-01T13:00:00+02:00',
      place: 'Regionens hus, Umeå',
      justerare: null,
    },
    {
      key: BEREDNING_MEETING,
      body: 'ber-vuxna',
      start: '2026-02-20T13:00:00+01:00',
      end: '2026-02-20T15:00:00+01:00',
      place: 'Teams',
      justerare: 'led-ber',
      agenda: [
        {
          number: 3,
          title: 'Förslag till nytt vårdhygienavtal',
          kind: 'beslut',
          proposal: 'överlämna förslaget till Länssamverkansgruppen',
          case: 'c-hygien',
        },
      ],
    },
  ],
};

export const CASES: Case[] = [
  { key: 'c-hygien', title: 'Nytt vårdhygienavtal', dnr: 'HSN 2026/12', originBody: 'ber-vuxna', status: 'öppet', openedAt: '2026-01-10T12:00:00+01:00' },
  { key: 'c-digital', title: 'Digital vård i hemmet', dnr: null, originBody: 'lsg', status: 'öppet', openedAt: '2025-11-05T12:00:00+01:00' },
  { key: 'c-klar', title: 'Hjälpmedel i hemtjänsten', dnr: 'HSN 2025/3', originBody: 'samrad', status: 'avslutat', openedAt: '2025-03-01T12:00:00+01:00' },
];

export const EVENTS: CaseEvent[] = [
  {
    key: 'c-hygien|2026-01-10|inkommet',
    case: 'c-hygien',
    body: 'ber-vuxna',
    meeting: null,
    item: null,
    date: '2026-01-10T12:00:00+01:00',
    outcome: 'inkommet',
    toBody: null,
    summary: 'Skrivelse från Vårdhygien inkom till Beredning vuxna och äldre.',
  },
  {
    key: `c-hygien|${BEREDNING_MEETING}|3`,
    case: 'c-hygien',
    body: 'ber-vuxna',
    meeting: BEREDNING_MEETING,
    item: 3,
    date: '2026-02-20T13:00:00+01:00',
    outcome: 'uppdrag',
    toBody: 'lsg',
    summary: 'Beredning vuxna och äldre beslutade att överlämna förslaget till Länssamverkansgruppen.',
  },
  {
    key: 'c-klar|2025-03-01|inkommet',
    case: 'c-klar',
    body: 'samrad',
    meeting: null,
    item: null,
    date: '2025-03-01T12:00:00+01:00',
    outcome: 'inkommet',
    toBody: null,
    summary: 'Frågan om hjälpmedel i hemtjänsten väcktes i Samrådet.',
  },
  {
    key: 'c-klar|2025-09-01|avslutat',
    case: 'c-klar',
    body: 'samrad',
    meeting: null,
    item: null,
    date: '2025-09-01T12:00:00+02:00',
    outcome: 'avslutat',
    toBody: null,
    summary: 'Ärendet avslutades efter återrapport.',
  },
];

export async function seedFixture(store: Store): Promise<void> {
  for (const c of CASES) await store.cases.create(c);
  const report = await importDocument(store, ROSTER, { actor: 'system', source: 'import', label: 'tab-api-fixture' });
  if (!report.ok) throw new Error(`fixture import failed: ${JSON.stringify(report.errors)}`);
  for (const e of EVENTS) await store.caseEvents.create(e);
  await playHeldMeeting(store);
}

/** The LSG meeting of March, run as the chat would run it. */
async function playHeldMeeting(store: Store): Promise<void> {
  const svc = new Samverkan(store, () => new Date('2026-03-12T08:05:00+01:00'));
  const sekr: Actor = { person: 'sekr', source: 'chat' };
  const self = (person: string): Actor => ({ person, source: 'chat' });
  await svc.startRollCall(HELD, sekr);
  for (const p of ['ordf', 'vice', 'led-dor', 'led-reg', 'led-sk', 'sekr', 'adj']) await svc.checkIn(HELD, p, self(p));
  await svc.closeRollCall(HELD, sekr);
  await svc.approveAgenda(HELD, sekr);
  await svc.nextItem(HELD, sekr);
  await svc.openDecision(HELD, 15, sekr);
  const votes: [string, 'bifall' | 'avslag' | 'avstar'][] = [
    ['ordf', 'bifall'],
    ['vice', 'bifall'],
    ['led-dor', 'bifall'],
    ['led-reg', 'avslag'],
    ['led-sk', 'avstar'],
  ];
  for (const [p, choice] of votes) await svc.castBallot(HELD, 15, p, choice, self(p));
  await svc.closeDecision(HELD, 15, sekr);
  await svc.reserve(HELD, 15, 'led-reg', self('led-reg'));
  await svc.nextItem(HELD, sekr);
  await svc.openDecision(HELD, 16, sekr);
  for (const p of ['ordf', 'vice', 'led-dor', 'led-reg', 'led-sk']) await svc.castBallot(HELD, 16, p, 'bakom', self(p));
  await svc.closeDecision(HELD, 16, sekr);
  await svc.nextItem(HELD, sekr);
  await svc.setItemText(HELD, 15, 'AU presenterade förslaget till nytt vårdhygienavtal.', { person: 'sekr', source: 'tab' });
}
