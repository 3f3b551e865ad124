/**
 * The contract between the tab (React) and its API under `/api` (express). Types only: the API
 * validates what it receives with zod and answers these shapes; the app reads them.
 *
 * Identity: `Authorization: Bearer <Entra token>` (Teams SSO), or only in local mode (no Entra
 * settings) `X-Dev-User: <aadObjectId>`. Every error answer is `ApiError` with a Swedish message.
 */
import type { AgendaItemPlan, MeetingPlan } from '../../core/domain/planning.js';
import type { AgendaItem, CaseOutcome, CaseStatus, Role, SignerRole } from '../../core/domain/model.js';

export interface ApiError {
  /** Machine-readable: 'unauthenticated' | 'forbidden' | 'not-found' | 'invalid' | 'conflict' | 'precondition-failed' | … */
  error: string;
  /** For people, in Swedish. */
  message: string;
  /** For invalid input: where (JSON path or "rad 3") and what. */
  issues?: { path: string; message: string }[];
}

/** GET /api/config (no sign-in needed). */
export interface TabConfig {
  mode: 'local' | 'entra';
  /** The tab's Entra app (client) id, for SSO; null in local mode. */
  clientId: string | null;
  version: string;
}

/** GET /api/dev/users, local mode only (404 when Entra is configured): the demo user picker. */
export interface DevUser {
  aadObjectId: string;
  name: string;
  organisation: string | null;
  roles: { body: string; bodyName: string; role: Role }[];
}

/** What a person may do in a body's tab views. */
export type TabRole = 'secretary' | 'chair' | 'member' | 'reader';

/** GET /api/me */
export interface Me {
  person: string;
  name: string;
  email: string | null;
  memberships: { body: string; bodyName: string; role: Role; tabRole: TabRole }[];
}

export interface BodyView {
  key: string;
  name: string;
  kind: string;
  reportsTo: string | null;
}

export interface CaseStep {
  body: string;
  meeting: string | null;
  item: number | null;
  date: string;
  outcome: CaseOutcome;
  toBody: string | null;
  summary: string;
}

export interface CaseSummary {
  key: string;
  title: string;
  dnr: string | null;
  originBody: string;
  status: CaseStatus;
  openedAt: string;
  /** The body the case is at now. */
  location: string;
  /** Oldest first. */
  steps: CaseStep[];
}

/** GET /api/cases?body=&year=&status=&q= — `total` counts all cases before filtering. */
export interface CaseFlow {
  bodies: BodyView[];
  cases: CaseSummary[];
  total: number;
}

/** GET /api/cases/<key> */
export interface CaseDetail {
  case: CaseSummary;
  timeline: (CaseStep & {
    bodyName: string;
    itemTitle: string | null;
    /** The protocol paragraph in the tab: `/tab/protocol?meeting=<key>#punkt-<n>`, null outside meetings. */
    protocolLink: string | null;
  })[];
}

export type MeetingState = 'planerat' | 'pågår' | 'hållet';

export interface MeetingSummary {
  key: string;
  body: string;
  bodyName: string;
  dnr: string | null;
  start: string;
  end: string;
  place: string;
  justerare: string | null;
  state: MeetingState;
  protocolStatus: 'draft' | 'finalised' | 'signed';
  items: number;
}

export type AgendaItemView = Pick<AgendaItem, 'number' | 'title' | 'kind' | 'decision' | 'presenter' | 'proposal' | 'attachments' | 'caseKey' | 'text'> & {
  /** The body a carried decision sends the case on to (an uppdrag, "till Länssamverkansgruppen"). */
  sendTo: string | null;
  etag: string;
};

/** GET /api/meetings/<key> */
export interface MeetingDetail {
  meeting: MeetingSummary & { teamsMeetingId: string | null; guests: { name: string; organisation: string | null; title: string | null }[] };
  etag: string;
  agenda: AgendaItemView[];
  /** The body's roster, for picking justerare and föredragande. */
  members: { person: string; name: string; role: Role }[];
  /** The caller's role in this meeting's body. */
  tabRole: TabRole;
}

/** GET /api/meetings?body=&year= (or ?teamsMeetingId=&chatId=: the meeting a tab in Teams sits in) */
export interface MeetingList {
  meetings: MeetingSummary[];
}

/** POST /api/meetings (201 → MeetingDetail); PATCH /api/meetings/<key> with If-Match (all but body optional). */
export interface MeetingInput extends MeetingPlan {
  body: string;
}

/** POST /api/meetings/<key>/agenda (201 → AgendaItemView); PATCH …/agenda/<n> with If-Match. */
export type AgendaItemInput = AgendaItemPlan;

/** PUT /api/meetings/<key>/agenda/<n>/text with If-Match: 200 → ItemTextSaved, 409 → ItemTextConflict. */
export interface ItemTextInput {
  text: string;
}
export interface ItemTextSaved {
  text: string;
  etag: string;
}
export interface ItemTextConflict extends ApiError {
  error: 'conflict';
  /** What is stored now, so the second editor loses nothing: they see both texts. */
  current: { text: string; etag: string; editedBy: string | null };
}

/**
 * POST /api/import (secretaries): one JSON document (SPEC §4) or one or more CSV sheets named
 * after the sheet (`people.csv`, …), each file's bytes in base64 so any encoding survives.
 */
export interface ImportRequest {
  files: { name: string; contentBase64: string }[];
  /** Validate and count only (the preview). */
  dryRun: boolean;
}

/** 200 whether or not the file was valid: `ok: false` lists every error and nothing was written. */
export interface ImportResult {
  ok: boolean;
  dryRun: boolean;
  errors: { path: string; message: string }[];
  /** Per collection: how many were (or would be) created, changed, unchanged. */
  summary: Record<string, { created: number; updated: number; unchanged: number }>;
}

export interface ProtocolVersionView {
  version: number;
  status: 'finalised' | 'signed';
  sha256: string;
  finalisedAt: string;
  finalisedBy: string;
  corrects: number | null;
  signatures: { name: string; role: SignerRole; signedAt: string }[];
}

/** GET /api/meetings/<key>/protocol/versions */
export interface ProtocolVersions {
  versions: ProtocolVersionView[];
  /** The draft differs from the latest version (or there is none): finalising makes a new version. */
  draftChanged: boolean;
  canFinalise: boolean;
  /** Roles the caller may still sign the latest version in. */
  canSign: SignerRole[];
}

/*
 * Further endpoints (SPEC §7, normative URLs):
 *   GET  /api/meetings/<key>/protocol          → the protocol JSON of SPEC §7
 *   GET  /api/meetings/<key>/protocol.html|.pdf|.docx
 *   POST /api/meetings/<key>/protocol/finalise → ProtocolVersionView (secretary or chair; 403 otherwise)
 *   POST /api/meetings/<key>/protocol/sign     → ProtocolVersionView
 */
