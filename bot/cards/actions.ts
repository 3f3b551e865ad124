/**
 * The contract between the cards and the bot's activity handling: every `Action.Execute` verb
 * the cards send, and the shape of its `data` (merged by Teams with the card's input values).
 * The data identifies only the card and its target (meeting, item, choice, a person picked in
 * a chair's form); never the presser, who is always the activity's `from.aadObjectId`.
 */
import { z } from 'zod';

export const VERBS = {
  refresh: 'refresh',
  startRollCall: 'rollcall.start',
  checkIn: 'rollcall.checkIn',
  leave: 'rollcall.leave',
  closeRollCall: 'rollcall.close',
  setStatus: 'rollcall.setStatus',
  addGuest: 'rollcall.addGuest',
  approveAgenda: 'agenda.approve',
  requestChange: 'agenda.requestChange',
  vote: 'decision.vote',
  closeDecision: 'decision.close',
  proxyBallot: 'decision.proxyBallot',
  reserve: 'decision.reserve',
  reserveFor: 'decision.reserveFor',
  linkMeeting: 'meeting.link',
  signProtocol: 'protocol.sign',
} as const;
export type Verb = (typeof VERBS)[keyof typeof VERBS];

/** The cards that refresh into a per-user view. */
export const REFRESH_CARDS = ['rollcall', 'agenda', 'decision', 'protocol'] as const;
export type RefreshCard = (typeof REFRESH_CARDS)[number];

/** Teams runs automatic refresh for at most 60 listed users per card. */
export const MAX_REFRESH_USERS = 60;

const meeting = z.string().min(1).max(200);
// Input values arrive as strings; numbers from `data` arrive as numbers.
const item = z.coerce.number().int();
const text = (max: number) => z.string().trim().max(max).optional();
/** `status` of the chair's form: present, absent, or serving for a seat holder ("serve:<person>"). */
const status = z.union([z.literal('present'), z.literal('absent'), z.string().regex(/^serve:.+$/)]);

export const cardActionSchema = z.discriminatedUnion('verb', [
  z.object({ verb: z.literal(VERBS.refresh), card: z.enum(REFRESH_CARDS), meeting, item: item.optional() }),
  z.object({ verb: z.literal(VERBS.startRollCall), meeting }),
  z.object({ verb: z.literal(VERBS.checkIn), meeting }),
  z.object({ verb: z.literal(VERBS.leave), meeting }),
  z.object({ verb: z.literal(VERBS.closeRollCall), meeting }),
  z.object({ verb: z.literal(VERBS.setStatus), meeting, person: z.string().min(1), status }),
  z.object({ verb: z.literal(VERBS.addGuest), meeting, guestName: z.string().trim().min(1).max(200), guestOrganisation: text(200) }),
  z.object({ verb: z.literal(VERBS.approveAgenda), meeting }),
  z.object({ verb: z.literal(VERBS.requestChange), meeting, change: text(2000) }),
  z.object({ verb: z.literal(VERBS.vote), meeting, item, choice: z.enum(['bifall', 'avslag', 'avstar', 'bakom', 'invandning']) }),
  z.object({ verb: z.literal(VERBS.closeDecision), meeting, item }),
  z.object({
    verb: z.literal(VERBS.proxyBallot),
    meeting,
    item,
    voter: z.string().min(1),
    proxyChoice: z.enum(['bifall', 'avslag', 'avstar', 'bakom', 'invandning']),
  }),
  z.object({ verb: z.literal(VERBS.reserve), meeting, item, reservationText: text(2000) }),
  z.object({ verb: z.literal(VERBS.reserveFor), meeting, item, reserveFor: z.string().min(1) }),
  z.object({ verb: z.literal(VERBS.linkMeeting), meeting }),
  z.object({ verb: z.literal(VERBS.signProtocol), meeting, version: z.coerce.number().int().positive() }),
]);
export type CardAction = z.infer<typeof cardActionSchema>;

/**
 * Reads an `adaptiveCard/action` invoke's `action` ({ verb, data }) into a typed action, or
 * null when it is not one of ours. Empty optional inputs ("") are treated as absent.
 */
export function parseCardAction(action: unknown): CardAction | null {
  const outer = z.object({ verb: z.string(), data: z.record(z.string(), z.unknown()).optional() }).safeParse(action);
  if (!outer.success) return null;
  const data = Object.fromEntries(Object.entries(outer.data.data ?? {}).filter(([, v]) => v !== '' && v !== null));
  const parsed = cardActionSchema.safeParse({ ...data, verb: outer.data.verb });
  return parsed.success ? parsed.data : null;
}

/** The refresh userIds: the chair and secretary first, then others, at most 60 (Teams' limit). */
export function refreshUserIds(first: readonly string[], rest: readonly string[] = []): string[] {
  return [...new Set([...first, ...rest].filter(Boolean))].slice(0, MAX_REFRESH_USERS);
}
