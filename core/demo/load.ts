/**
 * Loads the fictional demo data into an empty store (SPEC §9): the roster and meetings through
 * the ordinary import, the cases and their events, and then every meeting held before the
 * reference date played through the domain service — roll call, agenda, votes, reservations,
 * protocol texts — so that the store holds exactly what the bot would have recorded, audit
 * trail included, with timestamps that follow each meeting's own clock.
 */
import { SEAT_ROLES, type Choice, type DecisionType, type Elector } from '../domain/model.js';
import { Samverkan, type Actor } from '../domain/service.js';
import { importDocument } from '../import/importer.js';
import type { ImportAgendaItem, ImportMeeting, ImportMembership } from '../import/schema.js';
import type { Store } from '../store/store.js';
import { DEMO_REFERENCE_DATE } from './calendar.js';
import { buildCases } from './cases.js';
import { createRng, type Rng } from './random.js';
import { buildDemoData, DEMO_SEED, type DemoData } from './roster.js';

export interface DemoSummary {
  /** False when the store already held data and nothing was written. */
  loaded: boolean;
  referenceDate: string;
  organisations: number;
  bodies: number;
  people: number;
  memberships: number;
  meetings: number;
  /** Meetings before the reference date, played through the service. */
  heldMeetings: number;
  agendaItems: number;
  cases: number;
  caseEvents: number;
  attendance: number;
  decisions: number;
  ballots: number;
  reservations: number;
  durationMs: number;
}

export interface DemoOptions {
  /** YYYY-MM-DD: meetings before this day have been held (default 2026-11-22). */
  referenceDate?: string;
  seed?: number;
}

type Log = { info: (msg: string) => void };

const MINUTE = 60_000;

export async function loadDemo(store: Store, log?: Log, options: DemoOptions = {}): Promise<DemoSummary> {
  const began = Date.now();
  const referenceDate = options.referenceDate ?? DEMO_REFERENCE_DATE;
  const info = (msg: string) => log?.info(msg);

  if ((await store.organisations.list()).length > 0 || (await store.meetings.list()).length > 0) {
    info('Demodata: lagret innehåller redan data, inget läses in');
    return { ...(await count(store, referenceDate, 0, Date.now() - began)), loaded: false };
  }

  const data = buildDemoData(options.seed ?? DEMO_SEED);
  const doc = data.document;
  const meetings = doc.meetings ?? [];
  info(
    `Demodata: läser in ${doc.organisations?.length ?? 0} organisationer, ${doc.bodies?.length ?? 0} samverkansgrupper, ` +
      `${doc.people?.length ?? 0} personer och ${meetings.length} möten`,
  );
  const report = await importDocument(store, doc, { actor: 'system', source: 'import', label: 'demodata' });
  if (!report.ok) {
    const first = report.errors.slice(0, 5).map((e) => `${e.path}: ${e.message}`);
    throw new Error(`Demodata: importen underkändes (${report.errors.length} fel): ${first.join('; ')}`);
  }

  const items = meetings.flatMap((m) => (m.agenda ?? []).filter((i) => i.case).map((i) => ({ meeting: m.key, number: i.number, case: i.case! })));
  const { cases, events } = buildCases(items, { asOf: referenceDate, plan: data.plan, calendar: data.calendar });
  for (const c of cases) await store.cases.create(c);
  for (const e of events) await store.caseEvents.create(e);
  info(`Demodata: ${cases.length} ärenden med ${events.length} händelser`);

  const held = meetings.filter((m) => m.start.slice(0, 10) < referenceDate);
  info(`Demodata: spelar upp ${held.length} hållna möten före ${referenceDate}; ${meetings.length - held.length} möten är planerade`);
  for (const meeting of held) {
    try {
      await playMeeting(store, data, meeting);
    } catch (err) {
      throw new Error(`Demodata: mötet ${meeting.key} kunde inte spelas upp: ${err instanceof Error ? err.message : String(err)}`, {
        cause: err,
      });
    }
  }

  const summary = await count(store, referenceDate, held.length, Date.now() - began);
  info(
    `Demodata: ${summary.meetings} möten (${summary.heldMeetings} hållna), ${summary.agendaItems} punkter, ` +
      `${summary.cases} ärenden, ${summary.caseEvents} ärendehändelser, ${summary.decisions} beslut, ` +
      `${summary.ballots} röster, ${summary.reservations} reservationer (${summary.durationMs} ms)`,
  );
  return summary;
}

async function count(store: Store, referenceDate: string, heldMeetings: number, durationMs: number): Promise<DemoSummary> {
  const n = async (c: { list(): Promise<unknown[]> }) => (await c.list()).length;
  return {
    loaded: true,
    referenceDate,
    organisations: await n(store.organisations),
    bodies: await n(store.bodies),
    people: await n(store.people),
    memberships: await n(store.memberships),
    meetings: await n(store.meetings),
    heldMeetings,
    agendaItems: await n(store.agendaItems),
    cases: await n(store.cases),
    caseEvents: await n(store.caseEvents),
    attendance: await n(store.attendance),
    decisions: await n(store.decisions),
    ballots: await n(store.ballots),
    reservations: await n(store.reservations),
    durationMs,
  };
}

interface Script {
  /** Present from the roll call, in check-in order. */
  onTime: string[];
  /** Checks in while the item at this agenda index is current ("anslöt från punkt N"). */
  late: { person: string; atIndex: number } | null;
  /** Leaves after the item at this agenda index ("lämnade efter punkt N"). */
  early: { person: string; afterIndex: number } | null;
  /** Checked in by the secretary rather than by themselves (Teams trouble). */
  byProxy: string | null;
  chair: string;
  secretary: string;
}

/**
 * Who comes, who is away and who sends an ersättare: 75–90 % of the seat holders check in, an
 * ersättare or two serve for absent members, and now and then someone is late or leaves early.
 */
function attendanceScript(rng: Rng, meeting: ImportMeeting, roster: ImportMembership[], orgOf: Map<string, string | null>, objector: string | null): Script {
  const seats = roster.filter((m) => SEAT_ROLES.includes(m.role));
  const ordf = seats.find((m) => m.role === 'ordförande')!;
  const vice = seats.find((m) => m.role === 'vice ordförande');
  const forced = new Set<string>();
  if (meeting.justerare) forced.add(meeting.justerare);
  if (objector) for (const s of seats) if (orgOf.get(s.person) === objector) forced.add(s.person);

  // Now and then the chair is away and the vice chair runs the meeting.
  const chairAway = vice !== undefined && !forced.has(ordf.person) && rng.chance(0.1);
  const chair = chairAway ? vice.person : ordf.person;
  forced.add(chair);

  const hasSubstitute = (holder: string) =>
    roster.some(
      (m) =>
        m.role === 'ersättare' &&
        (m.substituteFor === holder || (!m.substituteFor && orgOf.get(m.person) === orgOf.get(holder))),
    );
  // 10–25 % of the seats are away (the chair included, when away), at least one.
  const fewest = Math.max(1, Math.ceil(seats.length * 0.1));
  const most = Math.max(fewest, Math.floor(seats.length * 0.25));
  const absentCount = rng.int(fewest, most);
  const candidates = rng.shuffle(seats.map((s) => s.person).filter((p) => !forced.has(p)));
  // In the Samråd the first one away always sends an ersättare, so that every year has one.
  const withSub = candidates.filter(hasSubstitute);
  const absent = new Set<string>(chairAway ? [ordf.person] : []);
  if (meeting.body === 'samrad' && withSub[0]) absent.add(withSub[0]);
  for (const p of candidates) if (absent.size < absentCount) absent.add(p);

  const present = seats.map((s) => s.person).filter((p) => !absent.has(p));
  const substitutes: string[] = [];
  const used = new Set<string>();
  for (const holder of seats.map((s) => s.person).filter((p) => absent.has(p))) {
    if (substitutes.length >= 2) break;
    const personal = roster.find((m) => m.role === 'ersättare' && m.substituteFor === holder && !used.has(m.person));
    const pool = roster.find(
      (m) => m.role === 'ersättare' && !m.substituteFor && !used.has(m.person) && orgOf.get(m.person) === orgOf.get(holder),
    );
    const sub = personal ?? pool;
    const first = substitutes.length === 0 && meeting.body === 'samrad';
    if (sub && (first || rng.chance(0.7))) {
      used.add(sub.person);
      substitutes.push(sub.person);
    }
  }
  const others = roster
    .filter((m) => !SEAT_ROLES.includes(m.role) && m.role !== 'ersättare')
    .filter((m) => m.role === 'sekreterare' || rng.chance(m.role === 'adjungerad' ? 0.85 : 0.7))
    .map((m) => m.person);
  const secretary = roster.find((m) => m.role === 'sekreterare')!.person;

  const n = meeting.agenda?.length ?? 0;
  const movable = rng.shuffle(present.filter((p) => !forced.has(p)));
  const late = n >= 5 && movable[0] && rng.chance(0.45) ? { person: movable[0], atIndex: rng.int(1, Math.min(3, n - 2)) } : null;
  const early = n >= 5 && movable[1] && rng.chance(0.35) ? { person: movable[1], afterIndex: n - rng.int(2, 3) } : null;
  const onTime = rng.shuffle([...present.filter((p) => p !== late?.person), ...substitutes, ...others]);
  const byProxy = rng.chance(0.3) ? (onTime.find((p) => p !== secretary && p !== chair) ?? null) : null;
  return { onTime, late, early, byProxy, chair, secretary };
}

/** Ballots of one decision: mostly for, now and then one against or abstaining, one who forgets. */
function ballotsFor(
  rng: Rng,
  type: Exclude<DecisionType, 'acklamation'>,
  electorate: Elector[],
  chair: string,
  objector: string | null,
  partyOf: Map<string, string | null>,
): Map<string, Choice> {
  const choices = new Map<string, Choice>();
  const others = rng.shuffle(electorate.filter((e) => e.person !== chair));
  const dissenter = rng.chance(0.15) ? others[0] : undefined;
  const abstainer = rng.chance(0.1) ? others[1] : undefined;
  const forgetful = rng.chance(0.1) ? others[2] : undefined;
  for (const e of electorate) {
    if (type === 'inriktningsbeslut' && objector && e.organisation === objector) {
      choices.set(e.person, 'invandning');
      continue;
    }
    if (e.person === forgetful?.person) continue;
    if (type === 'inriktningsbeslut') {
      choices.set(e.person, e.person === abstainer?.person ? 'avstar' : 'bakom');
      continue;
    }
    const party = partyOf.get(e.person);
    // In the Samråd the smallest opposition parties sometimes vote against an uppdrag.
    const opposes = e.person === dissenter?.person || ((party === 'sd' || party === 'v') && rng.chance(0.3));
    choices.set(e.person, opposes ? 'avslag' : e.person === abstainer?.person ? 'avstar' : 'bifall');
  }
  return choices;
}

const RESERVATION_TEXTS = [
  'Jag anser att förslaget behöver beredas vidare innan beslut fattas.',
  'Konsekvenserna för de mindre kommunerna är inte tillräckligt belysta.',
  'Finansieringen av förslaget är inte klarlagd.',
];

async function playMeeting(store: Store, data: DemoData, meeting: ImportMeeting): Promise<void> {
  const doc = data.document;
  const rng = createRng(`play|${meeting.key}`);
  const roster = (doc.memberships ?? []).filter((m) => m.body === meeting.body);
  const orgOf = new Map((doc.people ?? []).map((p) => [p.key, p.organisation ?? null]));
  const partyOf = new Map((doc.people ?? []).map((p) => [p.key, p.party ?? null]));
  const agenda: ImportAgendaItem[] = [...(meeting.agenda ?? [])].sort((a, b) => a.number - b.number);
  const objection = data.plan.steps.find((s) => s.meeting === meeting.key && s.objector);
  const script = attendanceScript(rng, meeting, roster, orgOf, objection?.objector ?? null);

  // The service stamps every record and audit entry with this clock, which follows the meeting.
  const start = Date.parse(meeting.start);
  const end = Date.parse(meeting.end);
  let now = start - 4 * MINUTE;
  const at = (t: number) => {
    now = Math.max(now, Math.round(t / 1000) * 1000);
  };
  const tick = (ms: number) => {
    now += ms;
  };
  const svc = new Samverkan(store, () => new Date(now));
  const self = (person: string): Actor => ({ person, source: 'chat' });
  const chair = self(script.chair);
  const secretary = self(script.secretary);

  await svc.startRollCall(meeting.key, secretary);
  for (const person of script.onTime) {
    tick(rng.int(2, 15) * 1000);
    await svc.checkIn(meeting.key, person, person === script.byProxy ? secretary : self(person));
  }
  at(start + 2 * MINUTE);
  await svc.closeRollCall(meeting.key, secretary);
  at(start + 3 * MINUTE);
  await svc.approveAgenda(meeting.key, chair);

  const slot = (end - start - 5 * MINUTE) / Math.max(1, agenda.length);
  for (const [index, item] of agenda.entries()) {
    const itemStart = start + 3 * MINUTE + index * slot;
    at(itemStart);
    if (index > 0) await svc.nextItem(meeting.key, chair);
    if (script.late?.atIndex === index) {
      tick(rng.int(20, 90) * 1000);
      await svc.checkIn(meeting.key, script.late.person, self(script.late.person));
    }
    if (item.kind === 'beslut') {
      at(itemStart + slot * 0.6);
      const type: DecisionType = item.decision ?? 'vote';
      const decision = await svc.openDecision(meeting.key, item.number, chair, type);
      if (type !== 'acklamation') {
        const objector = objection && objection.caseKey === item.case ? objection.objector : null;
        const choices = ballotsFor(rng, type, decision.electorate, decision.chair ?? script.chair, objector, partyOf);
        for (const [voter, choice] of choices) {
          tick(rng.int(3, 25) * 1000);
          await svc.castBallot(meeting.key, item.number, voter, choice, self(voter));
        }
        at(itemStart + slot * 0.85);
        const closed = await svc.closeDecision(meeting.key, item.number, chair);
        const carried = closed.result === 'bifall' || closed.result === 'bifall-utslagsrost' || closed.result === 'enig';
        for (const [voter, choice] of choices) {
          // Only those who voted against the outcome may reserve themselves (SPEC §5).
          const against = (choice === 'avslag' && carried) || choice === 'invandning';
          if (!against || !(objector || rng.chance(0.35))) continue;
          tick(rng.int(20, 60) * 1000);
          const text = objector
            ? `${nameOfOrg(doc, objector)} kan inte ställa sig bakom förslaget med den föreslagna kostnadsfördelningen.`
            : rng.pick(RESERVATION_TEXTS);
          await svc.reserve(meeting.key, item.number, voter, self(voter), text);
        }
      } else {
        tick(30_000);
        await svc.closeDecision(meeting.key, item.number, chair);
      }
    }
    const text = data.texts.get(`${meeting.key}|${item.number}`);
    if (text) {
      at(itemStart + slot * 0.95);
      await svc.setItemText(meeting.key, item.number, text, { person: script.secretary, source: 'tab' });
    }
    if (script.early?.afterIndex === index) {
      tick(15_000);
      await svc.leave(meeting.key, script.early.person, self(script.early.person));
    }
  }
}

function nameOfOrg(doc: DemoData['document'], key: string): string {
  return doc.organisations?.find((o) => o.key === key)?.name ?? key;
}
