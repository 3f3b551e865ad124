/**
 * Planning meetings and their agendas (SPEC §6 "Möten"): what a secretary does in the tab before
 * a meeting. Like the use cases in service.ts, each function either changes the store and writes
 * an audit entry, or throws a `Refusal` (Swedish) and changes nothing.
 *
 * Rules chosen here:
 * - only the body's sekreterare plans its meetings;
 * - a meeting ends after it starts; its justerare is a member of the body other than the
 *   ordförande and the sekreterare (they sign in their own right);
 * - a new meeting's key is `<body>-<YYYY-MM-DD>` (Swedish date of its start), `-2`, `-3` … when
 *   taken; keys never change afterwards, so links to the meeting keep working;
 * - an item number is used once per meeting; a new item gets one after the meeting's last, or
 *   (first item) one after the body's last item earlier that year (numbering runs through the
 *   year per body, SPEC §3);
 * - `decision` only for beslut items (default vote); `sendTo` only for beslut items, another body;
 * - an item already dealt with (taken up or decided) keeps its number, kind and decision type
 *   and cannot be removed;
 * - once a protocol version exists, the meeting and its agenda are frozen; corrections go
 *   through the item texts and a new protocol version.
 */
import { randomUUID } from 'node:crypto';
import {
  DECISION_TYPES,
  ITEM_KINDS,
  itemKey,
  membershipKey,
  type AgendaItem,
  type Attachment,
  type DecisionType,
  type ItemKind,
  type Meeting,
  type Membership,
} from './model.js';
import { Refusal } from './errors.js';
import type { Actor, Samverkan } from './service.js';
import { swedishDate } from './swedish-time.js';
import { AlreadyExistsError, type Stored } from '../store/store.js';

/** What the planning functions say to people. */
export const PT = {
  bodyNotFound: (key: string) => `Gruppen "${key}" finns inte.`,
  meetingNotFound: (key: string) => `Mötet "${key}" finns inte.`,
  itemNotFound: (n: number) => `Punkt ${n} finns inte på föredragningslistan.`,
  notMember: (body: string) => `Du finns inte med i deltagarlistan för ${body}.`,
  onlySecretary: (body: string) => `Bara sekreteraren för ${body} kan planera gruppens möten.`,
  startInvalid: 'Ange starttid som datum och tid med tidszon, t.ex. 2026-03-12T08:00:00+01:00.',
  endInvalid: 'Ange sluttid som datum och tid med tidszon, t.ex. 2026-03-12T09:30:00+01:00.',
  endBeforeStart: 'Mötet måste sluta efter att det börjar.',
  placeMissing: 'Ange plats, t.ex. Teams.',
  justerareNotMember: (body: string) => `Justeraren ska vara med i deltagarlistan för ${body}.`,
  justerareOwnRole: 'Justeraren ska vara en annan person än ordföranden och sekreteraren, som undertecknar ändå.',
  bodyFixed: 'Ett möte kan inte flyttas till en annan grupp. Skapa ett nytt möte i stället.',
  frozen: 'Protokollet för mötet är fastställt, så mötet och föredragningslistan kan inte längre ändras. Rätta texten under respektive punkt och fastställ protokollet på nytt.',
  titleMissing: 'Ange en rubrik för punkten.',
  numberInvalid: 'Punktens nummer ska vara ett heltal, minst 1.',
  numberTaken: (n: number) => `Punkt ${n} finns redan på föredragningslistan.`,
  kindInvalid: 'Ange om punkten är ett beslutsärende eller ett informationsärende.',
  decisionInvalid: 'Okänt beslutssätt; välj omröstning, inriktningsbeslut eller acklamation.',
  decisionOnInformation: 'Beslutssätt anges bara för beslutsärenden.',
  sendToOnInformation: 'Ett informationsärende skickas inte vidare; välj beslutsärende för att skicka ärendet till en annan grupp.',
  sendToSelf: 'Ärendet kan inte skickas vidare till samma grupp.',
  caseNotFound: (key: string) => `Ärendet "${key}" finns inte.`,
  attachmentTitle: 'Ange en rubrik för bilagan.',
  attachmentUrl: 'Bilagan ska vara en webbadress (https://…).',
  itemDealtWith: (n: number) => `Punkt ${n} har redan behandlats på mötet; nummer, typ och beslutssätt kan inte ändras och punkten kan inte tas bort.`,
};

/** A refusal of input, naming every field that is wrong (the tab shows each beside its field). */
export class PlanRefusal extends Refusal {
  constructor(readonly issues: { path: string; message: string }[]) {
    super('invalid', issues.map((i) => i.message).join(' '));
    this.name = 'PlanRefusal';
  }
}

export interface MeetingPlan {
  start: string;
  end: string;
  place: string;
  dnr: string | null;
  justerare: string | null;
}

export interface AgendaItemPlan {
  /** Default: one after the last item. */
  number?: number;
  title: string;
  kind: ItemKind;
  decision?: DecisionType | null;
  presenter?: string | null;
  proposal?: string | null;
  attachments?: Attachment[];
  caseKey?: string | null;
  sendTo?: string | null;
}

type Clock = () => Date;
const systemClock: Clock = () => new Date();

class Issues {
  readonly list: { path: string; message: string }[] = [];
  add(path: string, message: string) {
    this.list.push({ path, message });
  }
  throwIfAny() {
    if (this.list.length > 0) throw new PlanRefusal(this.list);
  }
}

const blankToNull = (s: string | null | undefined): string | null => {
  const t = s?.trim() ?? '';
  return t === '' ? null : t;
};

async function audit(svc: Samverkan, actor: Actor, action: string, meeting: string, target: string, details: Record<string, unknown>, now: Clock) {
  await svc.store.audit.create({
    key: randomUUID(),
    at: now().toISOString(),
    actor: actor.person,
    source: actor.source,
    action,
    meeting,
    target,
    details,
  });
}

/** The body's name and the actor's membership, refusing anyone but its sekreterare. */
async function requireSecretary(svc: Samverkan, body: string, actor: Actor): Promise<{ bodyName: string; memberships: Membership[] }> {
  const found = await svc.store.bodies.get(body);
  if (!found) throw new Refusal('not-found', PT.bodyNotFound(body));
  const memberships = (await svc.store.memberships.list({ field: 'body', equals: body })).map((m) => m.value);
  const mine = memberships.find((m) => m.key === membershipKey(body, actor.person));
  if (!mine) throw new Refusal('not-member', PT.notMember(found.value.name));
  if (mine.role !== 'sekreterare') throw new Refusal('not-permitted', PT.onlySecretary(found.value.name));
  return { bodyName: found.value.name, memberships };
}

async function refuseIfFrozen(svc: Samverkan, meetingKey: string) {
  const versions = await svc.store.protocols.list({ field: 'meeting', equals: meetingKey });
  if (versions.length > 0) throw new Refusal('wrong-state', PT.frozen);
}

async function storedMeeting(svc: Samverkan, key: string): Promise<Stored<Meeting>> {
  const m = await svc.store.meetings.get(key);
  if (!m) throw new Refusal('not-found', PT.meetingNotFound(key));
  return m;
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const validInstant = (s: string) => ISO_WITH_OFFSET.test(s) && !Number.isNaN(Date.parse(s));

function checkMeetingPlan(plan: MeetingPlan, bodyName: string, memberships: Membership[], issues: Issues): MeetingPlan {
  const startOk = validInstant(plan.start);
  const endOk = validInstant(plan.end);
  if (!startOk) issues.add('start', PT.startInvalid);
  if (!endOk) issues.add('end', PT.endInvalid);
  if (startOk && endOk && Date.parse(plan.end) <= Date.parse(plan.start)) issues.add('end', PT.endBeforeStart);
  const place = plan.place.trim();
  if (!place) issues.add('place', PT.placeMissing);
  if (plan.justerare !== null) {
    const m = memberships.find((x) => x.person === plan.justerare);
    if (!m) issues.add('justerare', PT.justerareNotMember(bodyName));
    else if (m.role === 'ordförande' || m.role === 'sekreterare') issues.add('justerare', PT.justerareOwnRole);
  }
  return { ...plan, place, dnr: blankToNull(plan.dnr) };
}

/** Plans a new meeting of `body`. */
export async function createMeeting(
  svc: Samverkan,
  input: MeetingPlan & { body: string },
  actor: Actor,
  now: Clock = systemClock,
): Promise<Stored<Meeting>> {
  const { bodyName, memberships } = await requireSecretary(svc, input.body, actor);
  const issues = new Issues();
  const plan = checkMeetingPlan(input, bodyName, memberships, issues);
  issues.throwIfAny();
  const base = `${input.body}-${swedishDate(plan.start)}`;
  for (let n = 1; ; n++) {
    const key = n === 1 ? base : `${base}-${n}`;
    const meeting: Meeting = {
      key,
      body: input.body,
      dnr: plan.dnr,
      start: plan.start,
      end: plan.end,
      place: plan.place,
      teamsMeetingId: null,
      chatId: null,
      justerare: plan.justerare,
      guests: [],
      rollCall: 'not-started',
      agenda: 'draft',
      currentItem: null,
      itemsTaken: [],
      serving: [],
    };
    try {
      const saved = await svc.store.meetings.create(meeting);
      await audit(svc, actor, 'create-meeting', key, key, { body: input.body, start: plan.start, end: plan.end }, now);
      return saved;
    } catch (err) {
      // Two meetings of a body on one day: the second gets "-2", and so on.
      if (!(err instanceof AlreadyExistsError)) throw err;
    }
  }
}

/** Changes a planned meeting; `etag` is the one the secretary's view was built from. */
export async function updateMeeting(
  svc: Samverkan,
  key: string,
  patch: Partial<MeetingPlan> & { body?: string },
  actor: Actor,
  etag: string,
  now: Clock = systemClock,
): Promise<Stored<Meeting>> {
  const current = await storedMeeting(svc, key);
  const m = current.value;
  const { bodyName, memberships } = await requireSecretary(svc, m.body, actor);
  const issues = new Issues();
  if (patch.body !== undefined && patch.body !== m.body) issues.add('body', PT.bodyFixed);
  const plan = checkMeetingPlan(
    {
      start: patch.start ?? m.start,
      end: patch.end ?? m.end,
      place: patch.place ?? m.place,
      dnr: patch.dnr !== undefined ? patch.dnr : m.dnr,
      justerare: patch.justerare !== undefined ? patch.justerare : m.justerare,
    },
    bodyName,
    memberships,
    issues,
  );
  issues.throwIfAny();
  await refuseIfFrozen(svc, key);
  const next: Meeting = { ...m, ...plan };
  const saved = await svc.store.meetings.update(next, etag);
  const changed = (Object.keys(plan) as (keyof MeetingPlan)[]).filter((f) => plan[f] !== m[f]);
  await audit(svc, actor, 'update-meeting', key, key, { changed }, now);
  return saved;
}

function itemIsDealtWith(meeting: Meeting, number: number, decided: boolean): boolean {
  return decided || meeting.itemsTaken.includes(number) || meeting.currentItem === number;
}

/** The number a new item gets: after the meeting's last, else after the body's last that year. */
async function nextNumber(svc: Samverkan, meeting: Meeting, items: AgendaItem[]): Promise<number> {
  const last = items.reduce((max, i) => Math.max(max, i.number), 0);
  if (last > 0) return last + 1;
  const year = swedishDate(meeting.start).slice(0, 4);
  const earlier = (await svc.store.meetings.list({ field: 'body', equals: meeting.body }))
    .map((x) => x.value)
    .filter((x) => x.key !== meeting.key && swedishDate(x.start).slice(0, 4) === year && x.start < meeting.start);
  let max = 0;
  for (const e of earlier) {
    for (const i of await svc.store.agendaItems.list({ field: 'meeting', equals: e.key })) max = Math.max(max, i.value.number);
  }
  return max + 1;
}

interface CheckedItem {
  title: string;
  kind: ItemKind;
  decision: DecisionType | null;
  presenter: string | null;
  proposal: string | null;
  attachments: Attachment[];
  caseKey: string | null;
  sendTo: string | null;
}

async function checkItem(svc: Samverkan, meeting: Meeting, item: CheckedItem, issues: Issues): Promise<CheckedItem> {
  const title = item.title.trim();
  if (!title) issues.add('title', PT.titleMissing);
  if (!ITEM_KINDS.includes(item.kind)) issues.add('kind', PT.kindInvalid);
  let decision = item.decision;
  if (item.kind === 'information') {
    if (decision !== null) issues.add('decision', PT.decisionOnInformation);
    if (item.sendTo !== null) issues.add('sendTo', PT.sendToOnInformation);
  } else {
    decision ??= 'vote';
    if (!DECISION_TYPES.includes(decision)) issues.add('decision', PT.decisionInvalid);
  }
  const attachments = item.attachments.map((a, k) => {
    const t = a.title.trim();
    if (!t) issues.add(`attachments[${k}].title`, PT.attachmentTitle);
    let ok = false;
    try {
      ok = ['http:', 'https:'].includes(new URL(a.url).protocol);
    } catch {
      ok = false;
    }
    if (!ok) issues.add(`attachments[${k}].url`, PT.attachmentUrl);
    return { title: t, url: a.url.trim() };
  });
  const caseKey = blankToNull(item.caseKey);
  if (caseKey !== null && !(await svc.store.cases.get(caseKey))) issues.add('caseKey', PT.caseNotFound(caseKey));
  const sendTo = blankToNull(item.sendTo);
  if (sendTo !== null && item.kind !== 'information') {
    if (sendTo === meeting.body) issues.add('sendTo', PT.sendToSelf);
    else if (!(await svc.store.bodies.get(sendTo))) issues.add('sendTo', PT.bodyNotFound(sendTo));
  }
  return {
    title,
    kind: item.kind,
    decision: item.kind === 'information' ? null : decision,
    presenter: blankToNull(item.presenter),
    proposal: blankToNull(item.proposal),
    attachments,
    caseKey,
    sendTo: item.kind === 'information' ? null : sendTo,
  };
}

const validNumber = (n: number) => Number.isInteger(n) && n >= 1 && n <= 1_000_000;

/** Adds an item to a meeting's agenda. */
export async function addAgendaItem(
  svc: Samverkan,
  meetingKey: string,
  input: AgendaItemPlan,
  actor: Actor,
  now: Clock = systemClock,
): Promise<Stored<AgendaItem>> {
  const meeting = (await storedMeeting(svc, meetingKey)).value;
  await requireSecretary(svc, meeting.body, actor);
  const items = await svc.agenda(meetingKey);
  const issues = new Issues();
  const number = input.number ?? (await nextNumber(svc, meeting, items));
  if (!validNumber(number)) issues.add('number', PT.numberInvalid);
  else if (items.some((i) => i.number === number)) issues.add('number', PT.numberTaken(number));
  const checked = await checkItem(
    svc,
    meeting,
    {
      title: input.title,
      kind: input.kind,
      decision: input.decision ?? null,
      presenter: input.presenter ?? null,
      proposal: input.proposal ?? null,
      attachments: input.attachments ?? [],
      caseKey: input.caseKey ?? null,
      sendTo: input.sendTo ?? null,
    },
    issues,
  );
  issues.throwIfAny();
  await refuseIfFrozen(svc, meetingKey);
  const record: AgendaItem = { key: itemKey(meetingKey, number), meeting: meetingKey, number, text: '', ...checked };
  let saved: Stored<AgendaItem>;
  try {
    saved = await svc.store.agendaItems.create(record);
  } catch (err) {
    // Another secretary added the same number a moment ago.
    if (err instanceof AlreadyExistsError) throw new PlanRefusal([{ path: 'number', message: PT.numberTaken(number) }]);
    throw err;
  }
  await audit(svc, actor, 'add-agenda-item', meetingKey, String(number), { title: checked.title, kind: checked.kind, caseKey: checked.caseKey }, now);
  return saved;
}

/** Changes an agenda item (not its protocol text: that is `Samverkan.setItemText`). */
export async function updateAgendaItem(
  svc: Samverkan,
  meetingKey: string,
  number: number,
  patch: Partial<AgendaItemPlan>,
  actor: Actor,
  etag: string,
  now: Clock = systemClock,
): Promise<Stored<AgendaItem>> {
  const meeting = (await storedMeeting(svc, meetingKey)).value;
  await requireSecretary(svc, meeting.body, actor);
  const current = await svc.store.agendaItems.get(itemKey(meetingKey, number));
  if (!current) throw new Refusal('not-found', PT.itemNotFound(number));
  const item = current.value;
  const issues = new Issues();
  const kind = patch.kind ?? item.kind;
  // Switching to information clears the decision type unless one is given (then it is refused).
  const decision = patch.decision !== undefined ? patch.decision : kind === 'information' ? null : item.decision;
  const sendTo = patch.sendTo !== undefined ? patch.sendTo : kind === 'information' ? null : (item.sendTo ?? null);
  const checked = await checkItem(
    svc,
    meeting,
    {
      title: patch.title ?? item.title,
      kind,
      decision,
      presenter: patch.presenter !== undefined ? patch.presenter : item.presenter,
      proposal: patch.proposal !== undefined ? patch.proposal : item.proposal,
      attachments: patch.attachments ?? item.attachments,
      caseKey: patch.caseKey !== undefined ? patch.caseKey : item.caseKey,
      sendTo,
    },
    issues,
  );
  const newNumber = patch.number ?? number;
  const renumber = newNumber !== number;
  if (renumber) {
    if (!validNumber(newNumber)) issues.add('number', PT.numberInvalid);
    else if (await svc.store.agendaItems.get(itemKey(meetingKey, newNumber))) issues.add('number', PT.numberTaken(newNumber));
  }
  issues.throwIfAny();
  await refuseIfFrozen(svc, meetingKey);
  const decided = (await svc.decision(meetingKey, number)) !== null;
  const structural = renumber || checked.kind !== item.kind || checked.decision !== item.decision;
  if (structural && itemIsDealtWith(meeting, number, decided)) throw new Refusal('wrong-state', PT.itemDealtWith(number));

  let saved: Stored<AgendaItem>;
  if (!renumber) {
    saved = await svc.store.agendaItems.update({ ...item, ...checked }, etag);
  } else {
    // The number is part of the key: the item moves to a new record, the old one goes (only if
    // nobody changed it meanwhile, else the new record is taken back).
    const moved: AgendaItem = { ...item, ...checked, key: itemKey(meetingKey, newNumber), number: newNumber };
    try {
      saved = await svc.store.agendaItems.create(moved);
    } catch (err) {
      if (err instanceof AlreadyExistsError) throw new PlanRefusal([{ path: 'number', message: PT.numberTaken(newNumber) }]);
      throw err;
    }
    try {
      await svc.store.agendaItems.remove(item.key, etag);
    } catch (err) {
      await svc.store.agendaItems.remove(moved.key, saved.etag);
      throw err;
    }
  }
  await audit(svc, actor, 'update-agenda-item', meetingKey, String(number), { number: newNumber, title: checked.title }, now);
  return saved;
}

/** Takes an item off the agenda (only one not yet dealt with). */
export async function removeAgendaItem(
  svc: Samverkan,
  meetingKey: string,
  number: number,
  actor: Actor,
  etag: string,
  now: Clock = systemClock,
): Promise<void> {
  const meeting = (await storedMeeting(svc, meetingKey)).value;
  await requireSecretary(svc, meeting.body, actor);
  const current = await svc.store.agendaItems.get(itemKey(meetingKey, number));
  if (!current) throw new Refusal('not-found', PT.itemNotFound(number));
  await refuseIfFrozen(svc, meetingKey);
  const decided = (await svc.decision(meetingKey, number)) !== null;
  if (itemIsDealtWith(meeting, number, decided)) throw new Refusal('wrong-state', PT.itemDealtWith(number));
  await svc.store.agendaItems.remove(current.value.key, etag);
  await audit(svc, actor, 'remove-agenda-item', meetingKey, String(number), { title: current.value.title }, now);
}
