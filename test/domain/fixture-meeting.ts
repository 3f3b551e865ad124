/**
 * A small LSG meeting written straight into a store: 7 seats, ersättare (one personal, two of a
 * principal's pool), a secretary, an official, an adjungerad. Used by the service tests.
 */
import { itemKey, membershipKey, type AgendaItem, type Meeting, type Role } from '../../core/domain/model.js';
import type { Store } from '../../core/store/store.js';

export const MEETING = 'lsg-2026-03-12';

const people: [key: string, name: string, org: string, role: Role, extra?: { substituteFor?: string; title?: string; party?: string }][] = [
  ['ordf', 'Maja Lindqvist', 'region', 'ordförande'],
  ['vice', 'Nils Berglund', 'umea', 'vice ordförande'],
  ['led-dor', 'Tove Sandberg', 'dorotea', 'ledamot'],
  ['led-reg', 'Ove Nyström', 'region', 'ledamot', { title: 'ordförande Beredning vuxna och äldre' }],
  ['led-sk', 'Kerstin Holm', 'skelleftea', 'ledamot'],
  ['led-ly', 'Arvid Eklund', 'lycksele', 'ledamot'],
  ['led-as', 'Sanna Wiklund', 'asele', 'ledamot'],
  ['ers-reg', 'Ebba Forsberg', 'region', 'ersättare', { substituteFor: 'led-reg' }],
  ['ers-dor-1', 'Jonas Öberg', 'dorotea', 'ersättare'],
  ['ers-dor-2', 'Lisa Åkerlund', 'dorotea', 'ersättare'],
  ['sekr', 'Hanna Strömberg', 'region', 'sekreterare', { title: 'regional samverkanskoordinator' }],
  ['tj', 'Per Lundmark', 'region', 'tjänsteperson'],
  ['adj', 'Greta Vikström', 'fou', 'adjungerad', { title: 'ständigt adjungerad' }],
];

const orgs: [string, string, 'region' | 'kommun' | 'other'][] = [
  ['region', 'Region Västerbotten', 'region'],
  ['umea', 'Umeå kommun', 'kommun'],
  ['dorotea', 'Dorotea kommun', 'kommun'],
  ['skelleftea', 'Skellefteå kommun', 'kommun'],
  ['lycksele', 'Lycksele kommun', 'kommun'],
  ['asele', 'Åsele kommun', 'kommun'],
  ['fou', 'FoU Socialtjänst', 'other'],
];

export async function seedMeeting(store: Store, overrides: Partial<Meeting> = {}) {
  for (const [key, name, kind] of orgs) await store.organisations.create({ key, name, kind });
  await store.bodies.create({ key: 'samrad', name: 'Samråd hälsa, vård och omsorg', kind: 'politisk', reportsTo: null });
  await store.bodies.create({ key: 'lsg', name: 'Länssamverkansgruppen', kind: 'tjänsteperson', reportsTo: 'samrad' });
  let order = 0;
  for (const [key, name, org, role, extra] of people) {
    await store.people.create({ key, name, organisation: org, email: `${key}@example.org`, aadObjectId: `aad-${key}`, party: extra?.party ?? null });
    await store.memberships.create({
      key: membershipKey('lsg', key),
      body: 'lsg',
      person: key,
      role,
      title: extra?.title ?? null,
      substituteFor: extra?.substituteFor ?? null,
      order: order++,
    });
  }
  await store.meetings.create({
    key: MEETING,
    body: 'lsg',
    dnr: 'HSN 12-3-2026',
    start: '2026-03-12T08:00:00+01:00',
    end: '2026-03-12T09:30:00+01:00',
    place: 'Teams',
    teamsMeetingId: null,
    chatId: null,
    justerare: 'vice',
    guests: [{ name: 'Rut Almgren', organisation: null, title: 'SKR' }],
    rollCall: 'not-started',
    agenda: 'draft',
    currentItem: null,
    itemsTaken: [],
    serving: [],
    ...overrides,
  });
  const items: Omit<AgendaItem, 'key' | 'meeting' | 'attachments' | 'text' | 'caseKey'>[] = [
    { number: 14, title: 'Aktuellt i samverkan', kind: 'information', decision: null, presenter: 'Maja Lindqvist', proposal: null },
    { number: 15, title: 'Vårdhygienavtal', kind: 'beslut', decision: 'vote', presenter: 'AU', proposal: 'godkänna förslaget till nytt vårdhygienavtal' },
    { number: 16, title: 'Gemensam plan för primärvården', kind: 'beslut', decision: 'inriktningsbeslut', presenter: 'AU', proposal: 'rekommendera respektive huvudman att anta planen' },
    { number: 17, title: 'Nästa möte', kind: 'information', decision: null, presenter: null, proposal: null },
  ];
  for (const i of items) {
    await store.agendaItems.create({ ...i, key: itemKey(MEETING, i.number), meeting: MEETING, attachments: [], text: '', caseKey: null });
  }
}
