/** What every route of the tab's API shares: its dependencies, input checks and role rules. */
import type { CollectionMirror } from '../../core/store/mirror.js';
import type { Request } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Meeting, Membership, Role } from '../../core/domain/model.js';
import type { ProtocolNotifier } from '../../core/domain/notifications.js';
import type { Actor, Samverkan } from '../../core/domain/service.js';
import type { Store, Stored } from '../../core/store/store.js';
import type { Config } from '../../server/config.js';
import type { TabRole } from '../shared/api-types.js';
import type { SignedIn } from './auth.js';
import { forbidden, ifMatchRequired, invalid, notFound, swedishErrors, zodIssues } from './errors.js';
import { TX } from './texts.js';

export interface ApiContext {
  store: Store;
  svc: Samverkan;
  config: Config;
  logger: Logger;
  notifier: ProtocolNotifier | undefined;
  now: () => Date;
  /** The case flow's records, followed by delta where the store offers it (SharePoint). */
  caseFlow: { cases: CollectionMirror<'cases'>; events: CollectionMirror<'caseEvents'> };
}

/** sekreterare → secretary; ordförande, vice ordförande → chair; any other membership → member. */
export function tabRoleOf(role: Role | undefined): TabRole {
  if (role === undefined) return 'reader';
  if (role === 'sekreterare') return 'secretary';
  if (role === 'ordförande' || role === 'vice ordförande') return 'chair';
  return 'member';
}

export function membershipIn(user: SignedIn, body: string): Membership | undefined {
  return user.memberships.find((m) => m.body === body);
}

export const tabRoleIn = (user: SignedIn, body: string): TabRole => tabRoleOf(membershipIn(user, body)?.role);

/** Meetings and protocols are read by the body's members and secretaries (SPEC §7). */
export function requireBodyReader(user: SignedIn, body: string, bodyName: string): TabRole {
  const role = tabRoleIn(user, body);
  if (role === 'reader') throw forbidden(TX.readOnlyMembers(bodyName));
  return role;
}

export function requireSecretary(user: SignedIn, body: string, bodyName: string): void {
  if (tabRoleIn(user, body) !== 'secretary') throw forbidden(TX.onlySecretary(bodyName));
}

export const actorOf = (user: SignedIn): Actor => ({ person: user.person.key, source: 'tab' });

/** Parses input with Swedish messages; 400 with every issue's path on failure. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'params' | 'headers'): z.output<S> {
  const result = schema.safeParse(value, { error: swedishErrors });
  if (!result.success) throw invalid(zodIssues(result.error, where === 'body' ? null : where));
  return result.data;
}

/** Keys are composed into other keys with `|`, so a key never holds one. */
export const keySchema = z
  .string()
  .min(1)
  .max(200)
  .refine((s) => !s.includes('|') && s.trim() === s, TX.keyInvalid);

export const itemNumberSchema = z.coerce.number().int().min(1).max(1_000_000);

const ifMatchSchema = z.object({ 'if-match': z.string().trim().min(1).max(200) });

/** The If-Match a change needs: 428 when absent (a blind overwrite is never what is meant). */
export function requireIfMatch(req: Request): string {
  const value = req.get('if-match');
  if (value === undefined) throw ifMatchRequired();
  return parseInput(ifMatchSchema, { 'if-match': value }, 'headers')['if-match'];
}

/** The meeting of a URL and its body's name; 404 when there is none. */
export async function meetingOr404(ctx: ApiContext, key: string): Promise<{ stored: Stored<Meeting>; bodyName: string }> {
  const stored = await ctx.store.meetings.get(key);
  if (!stored) throw notFound(TX.meetingNotFound(key));
  const body = await ctx.store.bodies.get(stored.value.body);
  return { stored, bodyName: body?.value.name ?? stored.value.body };
}

export const meetingParams = z.object({ key: keySchema });
export const itemParams = z.object({ key: keySchema, n: itemNumberSchema });
