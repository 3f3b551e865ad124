/** Records → the shapes of `shared/api-types.ts` and the protocol JSON of SPEC §7. */
import type { AgendaItem, Body, Meeting, ProtocolVersion } from '../../core/domain/model.js';
import type { ProtocolDocument } from '../../core/domain/protocol.js';
import type { Stored } from '../../core/store/store.js';
import type { AgendaItemView, BodyView, MeetingState, MeetingSummary, ProtocolVersionView } from '../shared/api-types.js';

export const bodyView = (b: Body): BodyView => ({ key: b.key, name: b.name, kind: b.kind, reportsTo: b.reportsTo });

/** planerat before the start, pågår until the end, hållet after. */
export function meetingState(meeting: Pick<Meeting, 'start' | 'end'>, now: Date): MeetingState {
  const t = now.getTime();
  if (t < Date.parse(meeting.start)) return 'planerat';
  if (t < Date.parse(meeting.end)) return 'pågår';
  return 'hållet';
}

/** The protocol's status for lists: that of the latest version, else draft. */
export function protocolStatusOf(versions: readonly ProtocolVersion[]): MeetingSummary['protocolStatus'] {
  const latest = versions.reduce<ProtocolVersion | undefined>((a, v) => (!a || v.version > a.version ? v : a), undefined);
  return latest?.status ?? 'draft';
}

export function meetingSummary(
  meeting: Meeting,
  bodyName: string,
  items: number,
  versions: readonly ProtocolVersion[],
  now: Date,
): MeetingSummary {
  return {
    key: meeting.key,
    body: meeting.body,
    bodyName,
    dnr: meeting.dnr,
    start: meeting.start,
    end: meeting.end,
    place: meeting.place,
    justerare: meeting.justerare,
    state: meetingState(meeting, now),
    protocolStatus: protocolStatusOf(versions),
    items,
  };
}

export const agendaItemView = ({ value: i, etag }: Stored<AgendaItem>): AgendaItemView => ({
  number: i.number,
  title: i.title,
  kind: i.kind,
  decision: i.decision,
  presenter: i.presenter,
  proposal: i.proposal,
  attachments: i.attachments,
  caseKey: i.caseKey,
  text: i.text,
  sendTo: i.sendTo ?? null,
  etag,
});

/**
 * GET /api/meetings/<key>/protocol (SPEC §7, normative): the SPEC's fields, named as in
 * `ProtocolDocument` so a client typed on either reads it. Beyond the SPEC: the body's name, the
 * item's own sentence (information items have no decision), a decision's open/closed status and
 * the signer's Entra object id (IDENTIFIKATIONS-ID of the signature page).
 */
// The same shape as the domain's document; `protocolJson` still copies field by field, so that
// a field added to the document for internal use is not published without a decision.
export type ProtocolJson = ProtocolDocument;

export function protocolJson(doc: ProtocolDocument): ProtocolJson {
  return {
    meeting: {
      key: doc.meeting.key,
      body: doc.meeting.body,
      bodyName: doc.meeting.bodyName,
      dnr: doc.meeting.dnr,
      start: doc.meeting.start,
      end: doc.meeting.end,
      place: doc.meeting.place,
    },
    status: doc.status,
    version: doc.version,
    sha256: doc.sha256,
    attendance: doc.attendance.map((a) => ({
      name: a.name,
      party: a.party,
      organisation: a.organisation,
      role: a.role,
      title: a.title,
      status: a.status,
      substituteFor: a.substituteFor,
      fromItem: a.fromItem,
      untilItem: a.untilItem,
      justerare: a.justerare,
    })),
    items: doc.items.map((i) => ({
      number: i.number,
      title: i.title,
      kind: i.kind,
      presenter: i.presenter,
      text: i.text,
      sentence: i.sentence,
      decision: i.decision && {
        type: i.decision.type,
        status: i.decision.status,
        sentence: i.decision.sentence,
        result: i.decision.result,
        tally: i.decision.tally,
        ballots: i.decision.ballots.map((b) => ({ name: b.name, choice: b.choice })),
        byPrincipal: i.decision.byPrincipal.map((p) => ({ organisation: p.organisation, choice: p.choice })),
        reservations: [...i.decision.reservations],
      },
    })),
    signatures: doc.signatures.map((s) => ({ name: s.name, role: s.role, signedAt: s.signedAt, identity: s.identity, identityId: s.identityId })),
  };
}

export function versionView(v: ProtocolVersion, nameOf: (person: string) => string): ProtocolVersionView {
  return {
    version: v.version,
    status: v.status,
    sha256: v.sha256,
    finalisedAt: v.finalisedAt,
    finalisedBy: nameOf(v.finalisedBy),
    corrects: v.corrects,
    signatures: v.signatures.map((s) => ({ name: s.name, role: s.role, signedAt: s.signedAt })),
  };
}
