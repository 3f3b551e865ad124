/**
 * Roster and meeting import (SPEC §4, normative): validates everything first — shape, then every
 * reference, against the document and the records already in the store — and writes nothing
 * when anything is invalid. Idempotent by key: a re-import of the same file changes nothing.
 *
 * Merge rules on re-import (the file is the source of the *planned* data only):
 * - a field left out of the document keeps the stored value; an explicit null clears it;
 * - `Person.aadObjectId` and `Meeting.teamsMeetingId` are also filled at run time (matching a
 *   Teams user, linking a Teams meeting), so null in the file never clears them;
 * - a meeting's run-time state (rollCall, agenda, currentItem, itemsTaken, serving, chatId) is never
 *   touched, and an agenda item's protocol `text` is only filled while it is still empty;
 * - nothing is ever deleted: records missing from the file stay as they are.
 */
import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  SEAT_ROLES,
  itemKey,
  membershipKey,
  type AgendaItem,
  type AuditEntry,
  type Body,
  type Guest,
  type Meeting,
  type Membership,
  type Organisation,
  type Person,
  type Role,
} from '../domain/model.js';
import { upsert, type Collection, type Records, type Store } from '../store/store.js';
import { readCsvFiles, type CsvConversion } from './csv.js';
import {
  IMPORT_SECTIONS,
  compareErrorPaths,
  formatPath,
  parseImportDocument,
  type ImportAgendaItem,
  type ImportBody,
  type ImportError,
  type ImportGuest,
  type ImportMeeting,
  type ImportMembership,
  type ImportOrganisation,
  type ImportPerson,
  type ParsedDocument,
} from './schema.js';

export type { ImportError } from './schema.js';

export const IMPORT_COLLECTIONS = ['organisations', 'bodies', 'people', 'memberships', 'meetings', 'agendaItems'] as const;
export type ImportCollection = (typeof IMPORT_COLLECTIONS)[number];
export type ImportCounts = Record<ImportCollection, number>;

export interface ImportReport {
  ok: boolean;
  errors: ImportError[];
  created: ImportCounts;
  updated: ImportCounts;
  unchanged: ImportCounts;
}

export interface ImportOptions {
  /** Person key of the secretary, or "import" for the command line. */
  actor: string;
  source?: 'import' | 'tab';
  /** Validate and count what would change, without writing (the tab's preview). */
  dryRun?: boolean;
  /** What was imported (file name), kept in the audit entry. */
  label?: string;
}

const zeroCounts = (): ImportCounts => ({
  organisations: 0,
  bodies: 0,
  people: 0,
  memberships: 0,
  meetings: 0,
  agendaItems: 0,
});

const emptyReport = (errors: ImportError[]): ImportReport => ({
  ok: false,
  errors,
  created: zeroCounts(),
  updated: zeroCounts(),
  unchanged: zeroCounts(),
});

// ---------------------------------------------------------------------------------------------
// Mapping to model records. Each builder takes the stored record (if any) and returns the record
// as it should be after the import; `...current` first keeps fields this file does not know.

/** A field left out of the document (undefined) keeps the stored value. */
function keep<T>(value: T | undefined, current: T | undefined, fallback: T): T {
  if (value !== undefined) return value;
  return current !== undefined ? current : fallback;
}

function buildOrganisation(d: ImportOrganisation, current?: Organisation): Organisation {
  return { ...current, key: d.key, name: d.name, kind: d.kind };
}

function buildBody(d: ImportBody, current?: Body): Body {
  return { ...current, key: d.key, name: d.name, kind: d.kind, reportsTo: keep(d.reportsTo, current?.reportsTo, null) };
}

function buildPerson(d: ImportPerson, current?: Person): Person {
  return {
    ...current,
    key: d.key,
    name: d.name,
    organisation: keep(d.organisation, current?.organisation, null),
    email: keep(d.email, current?.email, null),
    aadObjectId: d.aadObjectId ?? current?.aadObjectId ?? null,
    party: keep(d.party, current?.party, null),
  };
}

function buildMembership(d: ImportMembership, order: number, current?: Membership): Membership {
  // A kept substituteFor would be wrong once the role is no longer ersättare.
  const substituteFor =
    d.role === 'ersättare' ? keep(d.substituteFor, current?.substituteFor, null) : (d.substituteFor ?? null);
  return {
    ...current,
    key: membershipKey(d.body, d.person),
    body: d.body,
    person: d.person,
    role: d.role,
    title: keep(d.title, current?.title, null),
    substituteFor,
    order,
  };
}

const buildGuest = (g: ImportGuest): Guest => ({
  name: g.name,
  organisation: g.organisation ?? null,
  title: g.title ?? null,
});

function buildMeeting(d: ImportMeeting, current?: Meeting): Meeting {
  return {
    ...current,
    key: d.key,
    body: d.body,
    dnr: keep(d.dnr, current?.dnr, null),
    start: d.start,
    end: d.end,
    place: d.place ?? current?.place ?? 'Teams',
    teamsMeetingId: d.teamsMeetingId ?? current?.teamsMeetingId ?? null,
    justerare: keep(d.justerare, current?.justerare, null),
    guests: d.guests ? d.guests.map(buildGuest) : (current?.guests ?? []),
    // Run-time state: set on create, never overwritten by an import.
    chatId: current ? current.chatId : null,
    rollCall: current ? current.rollCall : 'not-started',
    agenda: current ? current.agenda : 'draft',
    currentItem: current ? current.currentItem : null,
    itemsTaken: current ? current.itemsTaken : [],
    serving: current ? current.serving : [],
  };
}

function buildAgendaItem(meeting: string, d: ImportAgendaItem, current?: AgendaItem): AgendaItem {
  let decision: AgendaItem['decision'] = null;
  if (d.kind === 'beslut') {
    // Default 'vote' (SPEC §4); left out, a beslut item keeps the type it has.
    decision = d.decision !== undefined ? (d.decision ?? 'vote') : current?.kind === 'beslut' && current.decision ? current.decision : 'vote';
  }
  return {
    ...current,
    key: itemKey(meeting, d.number),
    meeting,
    number: d.number,
    title: d.title,
    kind: d.kind,
    decision,
    presenter: keep(d.presenter, current?.presenter, null),
    proposal: keep(d.proposal, current?.proposal, null),
    attachments: d.attachments ? d.attachments.map((a) => ({ title: a.title, url: a.url })) : (current?.attachments ?? []),
    // The secretary owns the protocol text: the file only fills an item that has none yet.
    text: current?.text ? current.text : (d.text ?? current?.text ?? ''),
    caseKey: keep(d.case, current?.caseKey, null),
  };
}

// ---------------------------------------------------------------------------------------------
// What the store holds that the document may refer to or change.

interface Snapshot {
  organisations: Map<string, Organisation>;
  bodies: Map<string, Body>;
  people: Map<string, Person>;
  memberships: Map<string, Membership>;
  /** The document's meetings that already exist. */
  meetings: Map<string, Meeting>;
  /** Stored meetings carrying one of the document's teamsMeetingIds. */
  meetingsByTeamsId: Map<string, Meeting[]>;
  /** Stored agenda items of the document's meetings. */
  agendaItems: Map<string, AgendaItem>;
}

async function byKey<C extends keyof Records>(collection: Collection<C>): Promise<Map<string, Records[C]>> {
  const all = await collection.list();
  return new Map(all.map((s) => [s.value.key, s.value]));
}

async function loadSnapshot(store: Store, parsed: ParsedDocument): Promise<Snapshot> {
  const meetingKeys = new Set<string>();
  const teamsIds = new Set<string>();
  for (const m of parsed.meetings) {
    if (!m) continue;
    meetingKeys.add(m.key);
    if (m.teamsMeetingId) teamsIds.add(m.teamsMeetingId);
  }
  const [organisations, bodies, people, memberships] = await Promise.all([
    byKey(store.organisations),
    byKey(store.bodies),
    byKey(store.people),
    byKey(store.memberships),
  ]);
  const meetings = new Map<string, Meeting>();
  const agendaItems = new Map<string, AgendaItem>();
  for (const key of meetingKeys) {
    const stored = await store.meetings.get(key);
    if (!stored) continue;
    meetings.set(key, stored.value);
    for (const item of await store.agendaItems.list({ field: 'meeting', equals: key })) {
      agendaItems.set(item.value.key, item.value);
    }
  }
  const meetingsByTeamsId = new Map<string, Meeting[]>();
  for (const id of teamsIds) {
    const found = await store.meetings.list({ field: 'teamsMeetingId', equals: id });
    meetingsByTeamsId.set(
      id,
      found.map((s) => s.value),
    );
  }
  return { organisations, bodies, people, memberships, meetings, meetingsByTeamsId, agendaItems };
}

// ---------------------------------------------------------------------------------------------
// Reference check, on the records as they would be after the import.

const rawString = (raw: unknown, field: string): string | undefined => {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const value = (raw as Record<string, unknown>)[field];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};

interface EffectiveMembership {
  role: Role;
  person: string;
  substituteFor: string | null;
  /** Index in the document's memberships, or null for a stored one the document leaves alone. */
  index: number | null;
  /** The document states substituteFor itself (not kept from the store). */
  explicitSubstitute: boolean;
}

const seatRoleList = SEAT_ROLES.join(', ').replace(/, ([^,]*)$/, ' eller $1');

function validateReferences(parsed: ParsedDocument, snap: Snapshot): ImportError[] {
  const errors: ImportError[] = [];
  const err = (p: PropertyKey[], message: string) => errors.push({ path: formatPath(p), message });

  // Keys unique within the document; broken records still declare their key, so that a
  // record's shape error is not followed by "does not exist" errors wherever it is referenced.
  const declared = {} as Record<'organisations' | 'bodies' | 'people' | 'meetings', Set<string>>;
  for (const section of ['organisations', 'bodies', 'people', 'meetings'] as const) {
    const seen = new Set<string>();
    parsed.raw[section].forEach((raw, i) => {
      const k = rawString(raw, 'key');
      if (k === undefined) return;
      if (seen.has(k)) err([section, i, 'key'], `"${k}" förekommer mer än en gång i ${section}`);
      seen.add(k);
    });
    declared[section] = new Set([...snap[section].keys(), ...seen]);
  }
  const mustExist = (set: Set<string>, value: string | null | undefined, section: string, p: PropertyKey[]) => {
    if (value == null) return true;
    if (set.has(value)) return true;
    err(p, `"${value}" finns inte bland ${section}`);
    return false;
  };

  // People: organisation, and the identities people are matched to Teams users by.
  const plannedPeople: Array<Person | null> = parsed.people.map((d) => (d ? buildPerson(d, snap.people.get(d.key)) : null));
  parsed.people.forEach((d, i) => {
    if (d) mustExist(declared.organisations, d.organisation, 'organisations', ['people', i, 'organisation']);
  });
  for (const field of ['email', 'aadObjectId'] as const) {
    const owner = new Map<string, string>();
    const docKeys = new Set(plannedPeople.filter((p) => p).map((p) => p!.key));
    const norm = (v: string) => (field === 'email' ? v.toLowerCase() : v);
    for (const p of snap.people.values()) {
      const v = p[field];
      if (v && !docKeys.has(p.key) && !owner.has(norm(v))) owner.set(norm(v), p.key);
    }
    plannedPeople.forEach((p, i) => {
      const v = p?.[field];
      if (!p || !v) return;
      const first = owner.get(norm(v));
      if (first !== undefined && first !== p.key) err(['people', i, field], `"${v}" används redan av "${first}"`);
      else owner.set(norm(v), p.key);
    });
  }

  // Bodies: reportsTo resolves and never leads back to the body itself.
  const reportsTo = new Map<string, string | null>();
  for (const b of snap.bodies.values()) reportsTo.set(b.key, b.reportsTo);
  parsed.bodies.forEach((d) => {
    if (d) reportsTo.set(d.key, buildBody(d, snap.bodies.get(d.key)).reportsTo);
  });
  const inReportedCycle = new Set<string>();
  parsed.bodies.forEach((d, i) => {
    if (!d || inReportedCycle.has(d.key)) return;
    const next = reportsTo.get(d.key) ?? null;
    if (d.reportsTo != null && !mustExist(declared.bodies, d.reportsTo, 'bodies', ['bodies', i, 'reportsTo'])) return;
    const chain = [d.key];
    let at = next;
    while (at !== null && !chain.includes(at)) {
      chain.push(at);
      at = reportsTo.get(at) ?? null;
    }
    if (at === d.key) {
      // One error per cycle, at its first body in the document.
      for (const b of chain) inReportedCycle.add(b);
      err(['bodies', i, 'reportsTo'], `"${next}" ger en cirkel: ${[...chain, d.key].join(' → ')}`);
    }
  });

  // Memberships: one per person and body; references; personal substitutes.
  const effective = new Map<string, EffectiveMembership>();
  for (const m of snap.memberships.values()) {
    effective.set(m.key, { role: m.role, person: m.person, substituteFor: m.substituteFor, index: null, explicitSubstitute: false });
  }
  const declaredMemberships = new Set<string>();
  const seenMemberships = new Set<string>();
  parsed.raw.memberships.forEach((raw, i) => {
    const body = rawString(raw, 'body');
    const person = rawString(raw, 'person');
    if (body === undefined || person === undefined) return;
    const key = membershipKey(body, person);
    if (seenMemberships.has(key)) {
      err(['memberships', i, 'person'], `"${person}" finns redan som medlem i "${body}" tidigare i listan; en person kan bara ha en roll per grupp`);
    }
    seenMemberships.add(key);
    declaredMemberships.add(key);
  });
  parsed.memberships.forEach((d, i) => {
    if (!d) return;
    const m = buildMembership(d, i, snap.memberships.get(membershipKey(d.body, d.person)));
    effective.set(m.key, {
      role: m.role,
      person: m.person,
      substituteFor: m.substituteFor,
      index: i,
      explicitSubstitute: d.substituteFor != null,
    });
  });
  // A membership whose record is broken still counts as existing (its own error is reported).
  const isMember = (body: string, person: string) =>
    effective.has(membershipKey(body, person)) || declaredMemberships.has(membershipKey(body, person));

  parsed.memberships.forEach((d, i) => {
    if (!d) return;
    const bodyOk = mustExist(declared.bodies, d.body, 'bodies', ['memberships', i, 'body']);
    mustExist(declared.people, d.person, 'people', ['memberships', i, 'person']);
    const substitute = effective.get(membershipKey(d.body, d.person))?.substituteFor ?? null;
    if (substitute === null) return;
    const p = ['memberships', i, 'substituteFor'];
    if (d.role !== 'ersättare') {
      err(p, `anges bara för ersättare (rollen är "${d.role}")`);
      return;
    }
    if (!mustExist(declared.people, substitute, 'people', p) || !bodyOk) return;
    if (substitute === d.person) {
      err(p, 'en ersättare kan inte ersätta sig själv');
      return;
    }
    const target = effective.get(membershipKey(d.body, substitute));
    if (!target) {
      if (!declaredMemberships.has(membershipKey(d.body, substitute))) err(p, `"${substitute}" är inte medlem i "${d.body}"`);
      return;
    }
    if (!SEAT_ROLES.includes(target.role)) {
      err(p, `"${substitute}" har rollen "${target.role}" i "${d.body}"; en personlig ersättare kan bara ersätta ${seatRoleList}`);
    }
  });
  // A stored personal substitute whose member this file moves to a non-voting role.
  for (const [key, m] of effective) {
    if (m.substituteFor === null || m.explicitSubstitute) continue;
    const body = key.slice(0, key.length - m.person.length - 1);
    const target = effective.get(membershipKey(body, m.substituteFor));
    if (target && target.index !== null && !SEAT_ROLES.includes(target.role)) {
      err(
        ['memberships', target.index, 'role'],
        `"${m.substituteFor}" har en personlig ersättare ("${m.person}") i "${body}" och måste vara ${seatRoleList}`,
      );
    }
  }

  // Meetings: body, justerare, guests, agenda numbers, Teams meeting id.
  const teamsOwner = new Map<string, string>();
  for (const [id, stored] of snap.meetingsByTeamsId) {
    const docKeys = new Set(parsed.meetings.filter((m) => m).map((m) => m!.key));
    const other = stored.find((m) => !docKeys.has(m.key));
    if (other) teamsOwner.set(id, other.key);
  }
  parsed.meetings.forEach((d, i) => {
    if (!d) return;
    const planned = buildMeeting(d, snap.meetings.get(d.key));
    const bodyOk = mustExist(declared.bodies, d.body, 'bodies', ['meetings', i, 'body']);
    const j = planned.justerare;
    if (j !== null && mustExist(declared.people, j, 'people', ['meetings', i, 'justerare']) && bodyOk) {
      if (!isMember(d.body, j)) err(['meetings', i, 'justerare'], `"${j}" är inte medlem i "${d.body}"`);
    }
    d.guests?.forEach((g, k) => {
      mustExist(declared.organisations, g.organisation, 'organisations', ['meetings', i, 'guests', k, 'organisation']);
    });
    const id = planned.teamsMeetingId;
    if (id !== null) {
      const owner = teamsOwner.get(id);
      if (owner !== undefined && owner !== d.key) err(['meetings', i, 'teamsMeetingId'], `"${id}" hör redan till mötet "${owner}"`);
      else teamsOwner.set(id, d.key);
    }
  });
  // Agenda numbers from the raw document, so that a meeting with another error is checked too.
  parsed.raw.meetings.forEach((raw, i) => {
    const agenda = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>).agenda : undefined;
    if (!Array.isArray(agenda)) return;
    const seen = new Set<number>();
    agenda.forEach((item: unknown, a) => {
      const n = typeof item === 'object' && item !== null ? (item as Record<string, unknown>).number : undefined;
      if (typeof n !== 'number') return;
      if (seen.has(n)) err(['meetings', i, 'agenda', a, 'number'], `punkt ${n} finns redan tidigare i mötets föredragningslista`);
      seen.add(n);
    });
  });

  return errors;
}

// ---------------------------------------------------------------------------------------------
// Writing.

/** JSON with sorted keys: stored records need not keep the order in which fields were built. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = canonical(v);
    }
    return out;
  }
  return value;
}
const sameRecord = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

type Outcome = 'created' | 'updated' | 'unchanged';

interface Planned<C extends ImportCollection> {
  collection: C;
  key: string;
  build: (current?: Records[C]) => Records[C];
}

function plan(parsed: ParsedDocument): Planned<ImportCollection>[] {
  const steps: Planned<ImportCollection>[] = [];
  const add = <C extends ImportCollection>(collection: C, key: string, build: (current?: Records[C]) => Records[C]) =>
    steps.push({ collection, key, build } as unknown as Planned<ImportCollection>);
  // Dependency order, so that an interrupted import that is run again completes cleanly.
  for (const d of parsed.organisations) if (d) add('organisations', d.key, (c) => buildOrganisation(d, c));
  for (const d of parsed.bodies) if (d) add('bodies', d.key, (c) => buildBody(d, c));
  for (const d of parsed.people) if (d) add('people', d.key, (c) => buildPerson(d, c));
  parsed.memberships.forEach((d, i) => {
    if (d) add('memberships', membershipKey(d.body, d.person), (c) => buildMembership(d, i, c));
  });
  for (const d of parsed.meetings) if (d) add('meetings', d.key, (c) => buildMeeting(d, c));
  for (const m of parsed.meetings) {
    for (const d of m?.agenda ?? []) add('agendaItems', itemKey(m!.key, d.number), (c) => buildAgendaItem(m!.key, d, c));
  }
  return steps;
}

function snapshotRecord(snap: Snapshot, collection: ImportCollection, key: string): unknown {
  switch (collection) {
    case 'organisations':
    case 'bodies':
    case 'people':
    case 'memberships':
    case 'meetings':
    case 'agendaItems':
      return snap[collection].get(key);
  }
}

async function write<C extends ImportCollection>(store: Store, step: Planned<C>): Promise<Outcome> {
  let outcome: Outcome = 'unchanged';
  await upsert(
    store[step.collection] as unknown as Collection<C>,
    step.key,
    () => {
      outcome = 'created';
      return step.build(undefined);
    },
    (current) => {
      const next = step.build(current);
      outcome = sameRecord(next, current) ? 'unchanged' : 'updated';
      return outcome === 'unchanged' ? null : next;
    },
  );
  return outcome;
}

/**
 * Imports a document (already parsed JSON, or the output of the CSV reader). Never throws for
 * invalid input: the report carries every error with its path, and then nothing was written.
 */
export async function importDocument(store: Store, doc: unknown, opts: ImportOptions): Promise<ImportReport> {
  const parsed = parseImportDocument(doc);
  const snap = await loadSnapshot(store, parsed);
  // Stable sort: for one field, the shape error comes before the reference error.
  const errors = [...parsed.errors, ...validateReferences(parsed, snap)].sort(compareErrorPaths);
  if (errors.length > 0) return emptyReport(errors);

  const report: ImportReport = { ok: true, errors: [], created: zeroCounts(), updated: zeroCounts(), unchanged: zeroCounts() };
  for (const step of plan(parsed)) {
    let outcome: Outcome;
    if (opts.dryRun) {
      const current = snapshotRecord(snap, step.collection, step.key) as never;
      outcome = current === undefined ? 'created' : sameRecord(step.build(current), current) ? 'unchanged' : 'updated';
    } else {
      outcome = await write(store, step);
    }
    report[outcome][step.collection]++;
  }

  const changed = IMPORT_COLLECTIONS.some((c) => report.created[c] + report.updated[c] > 0);
  if (!opts.dryRun && changed) {
    // One entry per import that changed something; a re-import of the same file writes nothing.
    const entry: AuditEntry = {
      key: randomUUID(),
      at: new Date().toISOString(),
      actor: opts.actor,
      source: opts.source ?? 'import',
      action: 'import',
      meeting: null,
      target: opts.label ?? 'import',
      details: {
        sections: IMPORT_SECTIONS.filter((s) => parsed.present.has(s)),
        created: report.created,
        updated: report.updated,
        unchanged: report.unchanged,
      },
    };
    await store.audit.create(entry);
  }
  return report;
}

/** Imports CSV sheets: errors of the sheets themselves and of the content, all with file and row. */
export async function importCsv(store: Store, conversion: CsvConversion, opts: ImportOptions): Promise<ImportReport> {
  const broken = conversion.errors.length > 0;
  const report = await importDocument(store, conversion.doc, { ...opts, dryRun: opts.dryRun || broken });
  const errors = [
    ...conversion.errors,
    ...report.errors.map((e) => ({ path: conversion.locate(e.path), message: e.message })),
  ];
  return broken ? emptyReport(errors) : { ...report, errors };
}

/**
 * Imports from disk: one .json file, a directory of CSV sheets, or one or more .csv files
 * (named after their sheet: people.csv, memberships.csv, …).
 */
export async function importFile(store: Store, paths: string | string[], opts: ImportOptions): Promise<ImportReport> {
  const list = Array.isArray(paths) ? paths : [paths];
  if (list.length === 0) return emptyReport([{ path: '', message: 'ingen fil angiven' }]);
  const label = opts.label ?? list.map((p) => path.basename(p)).join(', ');
  const kinds: Array<'dir' | 'json' | 'csv'> = [];
  for (const p of list) {
    let isDir: boolean;
    try {
      isDir = (await stat(p)).isDirectory();
    } catch {
      return emptyReport([{ path: '', message: `"${p}" finns inte` }]);
    }
    const ext = path.extname(p).toLowerCase();
    if (isDir) kinds.push('dir');
    else if (ext === '.json') kinds.push('json');
    else if (ext === '.csv') kinds.push('csv');
    else return emptyReport([{ path: '', message: `"${p}": okänd filtyp; ange en .json-fil, .csv-filer eller en katalog med .csv-filer` }]);
  }
  if (kinds.length > 1 && kinds.some((k) => k !== 'csv')) {
    return emptyReport([{ path: '', message: 'ange en .json-fil, en katalog, eller en eller flera .csv-filer' }]);
  }
  if (kinds[0] === 'json') {
    const text = (await readFile(list[0]!, 'utf8')).replace(/^\uFEFF/, '');
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      return emptyReport([{ path: '', message: `${path.basename(list[0]!)} är inte giltig JSON: ${(e as Error).message}` }]);
    }
    return importDocument(store, doc, { ...opts, label });
  }
  const conversion = await readCsvFiles(list);
  return importCsv(store, conversion, { ...opts, label });
}
