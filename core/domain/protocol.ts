/**
 * The protocol: assembled live from the records (roll call, agenda, decisions), frozen as a
 * version with the SHA-256 of its canonical content, then signed by sekreterare, justerare and
 * ordförande. The shape follows SPEC §7 (normative).
 */
import { createHash, randomUUID } from 'node:crypto';
import { protocolKey, SIGNER_ROLES, type Choice, type Meeting, type ProtocolVersion, type Role, type Signature, type SignerRole } from './model.js';
import { Refusal } from './errors.js';
import { presenceSummary } from './rules/presence.js';
import { byPrincipal, informationSentence, tally, type PrincipalChoice } from './rules/results.js';
import { isSeatHolder } from './rules/seating.js';
import type { Actor, Samverkan } from './service.js';
import { AlreadyExistsError, mutate } from '../store/store.js';

export type AttendanceStatus = 'present' | 'absent' | 'guest';

export interface ProtocolAttendance {
  name: string;
  party: string | null;
  organisation: string | null;
  role: Role | 'gäst';
  title: string | null;
  status: AttendanceStatus;
  substituteFor: string | null;
  fromItem: number | null;
  untilItem: number | null;
  justerare: boolean;
}

export interface ProtocolDecision {
  type: 'vote' | 'inriktningsbeslut' | 'acklamation';
  status: 'open' | 'closed';
  sentence: string | null;
  result: string | null;
  tally: Record<string, number>;
  ballots: { name: string; choice: Choice }[];
  byPrincipal: { organisation: string; choice: PrincipalChoice }[];
  reservations: string[];
}

export interface ProtocolItem {
  number: number;
  title: string;
  kind: 'beslut' | 'information';
  presenter: string | null;
  text: string;
  /** What the body decided, as written in the protocol ("… godkände informationen."). */
  sentence: string | null;
  decision: ProtocolDecision | null;
}

export interface ProtocolSignature {
  name: string;
  role: SignerRole;
  signedAt: string;
  identity: string;
  identityId: string;
}

export interface ProtocolDocument {
  meeting: { key: string; body: string; bodyName: string; dnr: string | null; start: string; end: string; place: string };
  status: 'draft' | 'finalised' | 'signed';
  version: number | null;
  sha256: string | null;
  attendance: ProtocolAttendance[];
  items: ProtocolItem[];
  signatures: ProtocolSignature[];
}

/** The content that is frozen and hashed: everything but status, version, hash and signatures. */
export type ProtocolContent = Omit<ProtocolDocument, 'status' | 'version' | 'sha256' | 'signatures'>;

const ROLE_ORDER: Record<Role, number> = {
  ordförande: 0,
  'vice ordförande': 1,
  ledamot: 2,
  ersättare: 3,
  adjungerad: 4,
  tjänsteperson: 5,
  sekreterare: 6,
};

/** Assembles the live draft from the store. */
export async function assembleProtocol(svc: Samverkan, meetingKey: string): Promise<ProtocolContent> {
  const ctx = await svc.context(meetingKey);
  const { meeting, roster, bodyName } = ctx;
  const [items, attendance, decisions, reservations, organisations] = await Promise.all([
    svc.agenda(meetingKey),
    svc.attendance(meetingKey),
    svc.store.decisions.list({ field: 'meeting', equals: meetingKey }),
    svc.store.reservations.list({ field: 'meeting', equals: meetingKey }),
    svc.store.organisations.list(),
  ]);
  const orgName = new Map(organisations.map((o) => [o.value.key, o.value.name]));
  const person = (key: string) => roster.people.get(key);
  const nameOf = (key: string) => person(key)?.name ?? key;
  const order = [...meeting.itemsTaken, ...items.map((i) => i.number).filter((n) => !meeting.itemsTaken.includes(n))];
  const byPerson = new Map(attendance.map((a) => [a.person, a]));

  const rows: ProtocolAttendance[] = [];
  for (const m of roster.memberships) {
    const p = person(m.person);
    const spans = byPerson.get(m.person)?.spans ?? [];
    const present = spans.length > 0;
    // Absent ersättare, secretaries and officials without a seat are not listed, as in the seeds.
    if (!present && !isSeatHolder(m) && m.role !== 'adjungerad') continue;
    const served = meeting.serving.find((s) => s.substitute === m.person);
    const { fromItem, untilItem } = presenceSummary(spans, order);
    rows.push({
      name: p?.name ?? m.person,
      party: p?.party ?? null,
      organisation: p?.organisation ? (orgName.get(p.organisation) ?? p.organisation) : null,
      role: m.role,
      title: m.title,
      status: present ? 'present' : 'absent',
      substituteFor: served ? nameOf(served.seatOf) : null,
      fromItem: present ? fromItem : null,
      untilItem: present ? untilItem : null,
      justerare: meeting.justerare === m.person,
    });
  }
  rows.sort((a, b) => ROLE_ORDER[a.role as Role] - ROLE_ORDER[b.role as Role]);
  for (const g of meeting.guests) {
    rows.push({
      name: g.name,
      party: null,
      organisation: g.organisation ? (orgName.get(g.organisation) ?? g.organisation) : null,
      role: 'gäst',
      title: g.title,
      status: 'guest',
      substituteFor: null,
      fromItem: null,
      untilItem: null,
      justerare: false,
    });
  }

  const decisionOf = new Map(decisions.map((d) => [d.value.item, d.value]));
  const protocolItems: ProtocolItem[] = items.map((item) => {
    const d = decisionOf.get(item.number);
    let decision: ProtocolDecision | null = null;
    if (d) {
      const counted = d.counted ?? [];
      const t = tally(d.electorate, counted);
      const orgOf = (o: string) => orgName.get(o) ?? o;
      decision = {
        type: d.type,
        status: d.status,
        sentence: d.sentence,
        result: d.result,
        tally:
          d.type === 'inriktningsbeslut'
            ? { bakom: t.bakom, invandning: t.invandning, avstar: t.avstar }
            : d.type === 'vote'
              ? { bifall: t.bifall, avslag: t.avslag, avstar: t.avstar }
              : {},
        ballots: counted.map((c) => ({ name: nameOf(c.person), choice: c.choice })),
        byPrincipal: d.type === 'inriktningsbeslut' ? byPrincipal(d.electorate, counted).map((p) => ({ ...p, organisation: orgOf(p.organisation) })) : [],
        reservations: reservations.filter((r) => r.value.decision === d.key).map((r) => nameOf(r.value.person)),
      };
    }
    const taken = meeting.itemsTaken.includes(item.number);
    return {
      number: item.number,
      title: item.title,
      kind: item.kind,
      presenter: item.presenter,
      text: item.text,
      sentence: item.kind === 'information' ? (taken ? informationSentence(bodyName) : null) : (d?.sentence ?? null),
      decision,
    };
  });

  return {
    meeting: { key: meeting.key, body: meeting.body, bodyName, dnr: meeting.dnr, start: meeting.start, end: meeting.end, place: meeting.place },
    attendance: rows,
    items: protocolItems,
  };
}

/** JSON with keys sorted at every level, so equal content always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

export const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

async function versions(svc: Samverkan, meetingKey: string): Promise<ProtocolVersion[]> {
  return (await svc.store.protocols.list({ field: 'meeting', equals: meetingKey })).map((p) => p.value).sort((a, b) => a.version - b.version);
}

/** What the protocol URLs serve: the latest finalised version, else the live draft. */
export async function currentProtocol(svc: Samverkan, meetingKey: string): Promise<ProtocolDocument> {
  const latest = (await versions(svc, meetingKey)).at(-1);
  if (!latest) return { ...(await assembleProtocol(svc, meetingKey)), status: 'draft', version: null, sha256: null, signatures: [] };
  return {
    ...(JSON.parse(latest.content) as ProtocolContent),
    status: latest.status,
    version: latest.version,
    sha256: latest.sha256,
    signatures: latest.signatures.map(({ name, role, signedAt, identity, identityId }) => ({ name, role, signedAt, identity, identityId })),
  };
}

/** Justera och fastställ: freezes the draft as the next version. Unchanged content is not frozen twice. */
export async function finaliseProtocol(svc: Samverkan, meetingKey: string, actor: Actor, at: string): Promise<ProtocolVersion> {
  const ctx = await svc.context(meetingKey);
  const m = ctx.roster.memberships.find((x) => x.person === actor.person);
  if (!m) throw new Refusal('not-member', `Du finns inte med i deltagarlistan för ${ctx.bodyName}.`);
  if (m.role !== 'sekreterare' && m.role !== 'ordförande') throw new Refusal('not-permitted', 'Bara sekreteraren eller ordföranden kan fastställa protokollet.');
  const content = canonicalJson(await assembleProtocol(svc, meetingKey));
  const hash = sha256(content);
  const all = await versions(svc, meetingKey);
  const latest = all.at(-1);
  if (latest && latest.sha256 === hash) return latest;
  const version = (latest?.version ?? 0) + 1;
  const record: ProtocolVersion = {
    key: protocolKey(meetingKey, version),
    meeting: meetingKey,
    version,
    status: 'finalised',
    content,
    sha256: hash,
    finalisedAt: at,
    finalisedBy: actor.person,
    signatures: [],
    corrects: latest?.version ?? null,
  };
  try {
    await svc.store.protocols.create(record);
  } catch (err) {
    if (err instanceof AlreadyExistsError) throw new Refusal('wrong-state', 'Någon annan fastställde protokollet samtidigt. Ladda om och försök igen.');
    throw err;
  }
  await svc.store.audit.create({
    key: randomUUID(),
    at,
    actor: actor.person,
    source: actor.source,
    action: 'finalise-protocol',
    meeting: meetingKey,
    target: record.key,
    details: { version, sha256: hash },
  });
  return record;
}

/** The signer roles a person holds for this meeting, in signing order. */
export function signerRoles(meeting: Meeting, role: Role | undefined, person: string): SignerRole[] {
  const roles: SignerRole[] = [];
  if (role === 'sekreterare') roles.push('sekreterare');
  if (meeting.justerare === person) roles.push('justerare');
  if (role === 'ordförande') roles.push('ordförande');
  return roles;
}

/** Signs the latest finalised version. Signed by all three roles, it becomes `signed` and never changes. */
export async function signProtocol(
  svc: Samverkan,
  meetingKey: string,
  actor: Actor,
  identity: { email: string | null; aadObjectId: string },
  at: string,
): Promise<ProtocolVersion> {
  const ctx = await svc.context(meetingKey);
  const latest = (await versions(svc, meetingKey)).at(-1);
  if (!latest) throw new Refusal('wrong-state', 'Protokollet är inte fastställt än.');
  if (latest.status === 'signed') throw new Refusal('wrong-state', 'Protokollet är redan undertecknat och kan inte ändras.');
  const membership = ctx.roster.memberships.find((x) => x.person === actor.person);
  const roles = signerRoles(ctx.meeting, membership?.role, actor.person);
  if (roles.length === 0) throw new Refusal('not-permitted', 'Bara sekreteraren, justeraren och ordföranden undertecknar protokollet.');
  const saved = await mutate(svc.store.protocols, latest.key, (p) => {
    if (p.status === 'signed') return null;
    const role = roles.find((r) => !p.signatures.some((s) => s.role === r));
    if (!role) return null;
    const signature: Signature = {
      person: actor.person,
      name: ctx.roster.people.get(actor.person)?.name ?? actor.person,
      role,
      signedAt: at,
      identity: `Microsoft Entra ID (${identity.email ?? identity.aadObjectId})`,
      identityId: identity.aadObjectId,
    };
    const signatures = [...p.signatures, signature];
    const complete = SIGNER_ROLES.every((r) => signatures.some((s) => s.role === r));
    return { ...p, signatures, status: complete ? 'signed' : 'finalised' };
  });
  await svc.store.audit.create({
    key: randomUUID(),
    at,
    actor: actor.person,
    source: actor.source,
    action: 'sign-protocol',
    meeting: meetingKey,
    target: latest.key,
    details: { roles: saved.value.signatures.filter((s) => s.person === actor.person).map((s) => s.role) },
  });
  return saved.value;
}
