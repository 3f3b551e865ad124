/**
 * Tab sign-in (SPEC §9): the Teams SSO token (an Entra ID access token for the tab's app) is
 * validated here — signature through the tenant's keys, issuer, audience, expiry, scope, tenant —
 * and its `oid` names a roster person. Only in local mode (no Entra settings) does the
 * `X-Dev-User: <aadObjectId>` header name the user; with Entra configured it is refused.
 *
 * Tokens are never logged: only why one was refused.
 */
import type { RequestHandler, Response } from 'express';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Membership, Person } from '../../core/domain/model.js';
import type { Store } from '../../core/store/store.js';
import type { EntraSettings } from '../../server/config.js';
import { forbidden, requestLog, unauthenticated } from './errors.js';
import { TX } from './texts.js';

/** Entra and the server clocks differ a little; a token this far past `exp` still counts. */
export const CLOCK_TOLERANCE_SECONDS = 60;
/** The scope the tab's app exposes for Teams SSO. */
export const REQUIRED_SCOPE = 'access_as_user';
export const DEV_USER_HEADER = 'x-dev-user';

/** The tenant's signing keys, fetched (and cached, and refreshed on an unknown `kid`) by jose. */
export function microsoftJwks(tenantId: string): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(`https://login.microsoftonline.com/${encodeURIComponent(tenantId)}/discovery/v2.0/keys`));
}

export interface TokenSettings extends EntraSettings {
  jwks: JWTVerifyGetKey;
  clockToleranceSeconds?: number;
  now?: () => Date;
}

/** Why a token was refused, in words safe to log (never the token itself). */
export class TokenRejected extends Error {
  constructor(
    readonly reason: string,
    readonly expired = false,
  ) {
    super(`token rejected: ${reason}`);
    this.name = 'TokenRejected';
  }
}

export interface TeamsIdentity {
  /** Entra object id of the user: the roster's `aadObjectId`. */
  oid: string;
  tid: string;
}

const claimsSchema = z.object({
  oid: z.string().min(1),
  tid: z.string().min(1),
  scp: z.string(),
  aud: z.union([z.string(), z.array(z.string())]),
});

/** The audiences a Teams SSO token for this app may carry: the client id, or its App ID URI. */
export function audienceMatches(aud: string, clientId: string): boolean {
  if (aud === clientId) return true;
  const prefix = 'api://';
  const suffix = `/${clientId}`;
  return aud.startsWith(prefix) && aud.endsWith(suffix) && aud.length > prefix.length + suffix.length;
}

/** Validates a Teams SSO token; throws `TokenRejected` saying why. */
export async function verifyTeamsToken(token: string, settings: TokenSettings): Promise<TeamsIdentity> {
  const { clientId, tenantId } = settings;
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, settings.jwks, {
      // v2.0 tokens, and v1 tokens when the app's manifest asks for those.
      issuer: [`https://login.microsoftonline.com/${tenantId}/v2.0`, `https://sts.windows.net/${tenantId}/`],
      algorithms: ['RS256'],
      clockTolerance: settings.clockToleranceSeconds ?? CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['exp', 'iss', 'aud'],
      ...(settings.now ? { currentDate: settings.now() } : {}),
    }));
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) throw new TokenRejected('expired', true);
    if (err instanceof joseErrors.JWTClaimValidationFailed) throw new TokenRejected(`claim ${err.claim}: ${err.reason}`);
    if (err instanceof joseErrors.JOSEError) throw new TokenRejected(err.code);
    throw new TokenRejected('unreadable token');
  }
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) throw new TokenRejected(`missing claims: ${claims.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  const { oid, tid, scp, aud } = claims.data;
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.some((a) => audienceMatches(a, clientId))) throw new TokenRejected('audience');
  if (!scp.split(' ').includes(REQUIRED_SCOPE)) throw new TokenRejected('scope');
  if (tid !== tenantId) throw new TokenRejected('tenant');
  return { oid, tid };
}

/** The signed-in roster person of a request. */
export interface SignedIn {
  person: Person;
  aadObjectId: string;
  /** The person's memberships in every body. */
  memberships: Membership[];
}

const LOCALS_KEY = 'tabUser';

export function signedIn(res: Response): SignedIn {
  const user = (res.locals as Record<string, unknown>)[LOCALS_KEY] as SignedIn | undefined;
  if (!user) throw unauthenticated();
  return user;
}

export interface AuthOptions {
  store: Store;
  entra: EntraSettings | null;
  /** Required with `entra`. */
  jwks?: JWTVerifyGetKey;
  logger: Logger;
  /**
   * Local mode only (no bot credentials and no Entra settings, SPEC §9): `X-Dev-User` names the
   * user. A deployment with bot credentials but no Entra settings must not fall back to it, or
   * anyone could act as anyone: there every request is refused until Entra is configured.
   */
  allowDevUser: boolean;
}

const bearer = z.string().regex(/^Bearer [A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/).max(16_384);
const devUser = z.string().trim().min(1).max(200);

/** Middleware: resolves the signed-in person or answers 401 (not signed in) / 403 (not in the roster). */
export function createAuthenticator(options: AuthOptions): RequestHandler {
  const { store, entra } = options;
  const jwks = entra ? (options.jwks ?? microsoftJwks(entra.tenantId)) : null;

  async function resolve(aadObjectId: string, unknownMessage: string): Promise<SignedIn> {
    const found = await store.people.list({ field: 'aadObjectId', equals: aadObjectId });
    const person = found[0]?.value;
    if (!person) throw forbidden(unknownMessage);
    const memberships = (await store.memberships.list({ field: 'person', equals: person.key })).map((m) => m.value);
    return { person, aadObjectId, memberships };
  }

  return async (req, res, next) => {
    const log = requestLog(res, options.logger);
    const header = req.get(DEV_USER_HEADER);
    let user: SignedIn;
    if (!entra || !jwks) {
      if (!options.allowDevUser) {
        log.warn({ reason: 'no Entra settings outside local mode' }, 'tab sign-in refused');
        throw unauthenticated(TX.signInNotConfigured);
      }
      const parsed = devUser.safeParse(header);
      if (!parsed.success) throw unauthenticated();
      user = await resolve(parsed.data, TX.devUserUnknown);
    } else {
      if (header !== undefined) {
        log.warn({ reason: 'X-Dev-User with Entra configured' }, 'tab sign-in refused');
        throw unauthenticated(TX.devUserRefused);
      }
      const authorization = req.get('authorization');
      if (authorization === undefined) throw unauthenticated();
      const parsed = bearer.safeParse(authorization);
      if (!parsed.success) {
        log.info({ reason: 'malformed Authorization header' }, 'tab sign-in refused');
        throw unauthenticated(TX.tokenInvalid, true);
      }
      let identity: TeamsIdentity;
      try {
        identity = await verifyTeamsToken(parsed.data.slice('Bearer '.length), { ...entra, jwks });
      } catch (err) {
        if (!(err instanceof TokenRejected)) throw err;
        log.info({ reason: err.reason }, 'tab sign-in refused');
        throw unauthenticated(err.expired ? TX.tokenExpired : TX.tokenInvalid, true);
      }
      user = await resolve(identity.oid, TX.notInRoster);
    }
    (res.locals as Record<string, unknown>)[LOCALS_KEY] = user;
    next();
  };
}

