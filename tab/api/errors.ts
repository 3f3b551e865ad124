/**
 * Every failure of the tab's API becomes one `ApiError` JSON answer: domain refusals, store
 * conflicts, invalid input (zod), body-parser errors. Unexpected errors are logged and answered
 * 500 without their text (it may hold internals).
 */
import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { sv } from 'zod/locales';
import { Refusal, type RefusalCode } from '../../core/domain/errors.js';
import { PlanRefusal } from '../../core/domain/planning.js';
import { AlreadyExistsError, NotFoundError, PreconditionFailedError } from '../../core/store/store.js';
import { formatPath } from '../../core/import/schema.js';
import type { ApiError } from '../shared/api-types.js';
import { requestContext } from '../../server/app.js';
import { TX } from './texts.js';

export type Issue = { path: string; message: string };

/** An answer decided by the API itself (auth, permissions, preconditions). */
export class ApiHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiHttpError';
  }
}

export const unauthenticated = (message: string = TX.signInRequired, tokenGiven = false) =>
  new ApiHttpError(401, 'unauthenticated', message, {}, {
    // RFC 6750: say that a bearer token is wanted, and whether the one given was bad.
    'WWW-Authenticate': tokenGiven ? 'Bearer error="invalid_token"' : 'Bearer',
  });
export const forbidden = (message: string = TX.forbidden) => new ApiHttpError(403, 'forbidden', message);
export const notFound = (message: string = TX.notFound) => new ApiHttpError(404, 'not-found', message);
export const ifMatchRequired = () => new ApiHttpError(428, 'precondition-required', TX.ifMatchRequired);
export const invalid = (issues: Issue[]) => new ApiHttpError(400, 'invalid', TX.invalid, { issues });

const REFUSAL_STATUS: Record<RefusalCode, [number, string]> = {
  'not-found': [404, 'not-found'],
  'not-member': [403, 'forbidden'],
  'not-permitted': [403, 'forbidden'],
  'not-eligible': [403, 'forbidden'],
  'wrong-state': [409, 'conflict'],
  invalid: [400, 'invalid'],
};

/** Zod issues as `{ path, message }`, in Swedish, with `where` ('query', 'headers', …) before the path. */
export function zodIssues(error: z.ZodError, where: string | null): Issue[] {
  return error.issues.map((issue) => {
    const path = formatPath(issue.path);
    return { path: where ? (path ? `${where}.${path}` : where) : path, message: issue.message };
  });
}

/** Per-parse Swedish messages, so the process-wide zod config (used by others) stays as it is. */
export const swedishErrors = sv().localeError;

interface Answer {
  status: number;
  body: ApiError | (ApiError & Record<string, unknown>);
  headers: Record<string, string>;
}

const bodyParserError = z.object({
  status: z.number().int().min(400).max(499),
  expose: z.literal(true),
  type: z.string().optional(),
  /** body-parser's limit in bytes, on entity.too.large. */
  limit: z.number().optional(),
});

/** Maps a thrown error to its answer; null for the unexpected (a 500). */
export function answerFor(err: unknown): Answer | null {
  if (err instanceof ApiHttpError) {
    return { status: err.status, body: { error: err.code, message: err.message, ...err.extra }, headers: err.headers };
  }
  if (err instanceof Refusal) {
    const [status, code] = REFUSAL_STATUS[err.code];
    const body: ApiError = { error: code, message: err.message };
    if (err.code === 'invalid') body.issues = err instanceof PlanRefusal ? err.issues : [{ path: '', message: err.message }];
    return { status, body, headers: {} };
  }
  if (err instanceof z.ZodError) {
    return { status: 400, body: { error: 'invalid', message: TX.invalid, issues: zodIssues(err, null) }, headers: {} };
  }
  if (err instanceof PreconditionFailedError) return { status: 412, body: { error: 'precondition-failed', message: TX.staleEtag }, headers: {} };
  if (err instanceof NotFoundError) return { status: 404, body: { error: 'not-found', message: TX.notFound }, headers: {} };
  if (err instanceof AlreadyExistsError) return { status: 409, body: { error: 'conflict', message: TX.conflict }, headers: {} };
  const client = bodyParserError.safeParse(err);
  if (client.success) {
    const { status, type, limit } = client.data;
    if (type === 'entity.too.large') {
      return { status, body: { error: 'too-large', message: TX.tooLarge(Math.round((limit ?? 1024 * 1024) / (1024 * 1024))) }, headers: {} };
    }
    if (type === 'entity.parse.failed') return { status, body: { error: 'invalid', message: TX.invalidJson }, headers: {} };
    return { status, body: { error: 'invalid', message: TX.invalid }, headers: {} };
  }
  return null;
}

export function sendAnswer(res: Response, answer: Answer) {
  for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
  res.setHeader('Cache-Control', 'no-store');
  res.status(answer.status).json(answer.body);
}

/** The request's logger (with its request id) when the server set one, else `fallback`. */
export function requestLog(res: Response, fallback: Logger): Logger {
  return (requestContext(res) as Partial<ReturnType<typeof requestContext>>).log ?? fallback;
}

/** The API's error handler: known failures as ApiError, the rest logged and answered 500. */
export function apiErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    const answer = answerFor(err);
    if (answer) return sendAnswer(res, answer);
    requestLog(res, logger).error({ err, method: req.method, path: req.originalUrl.split('?')[0] }, 'tab API request failed');
    sendAnswer(res, { status: 500, body: { error: 'internal', message: TX.internal }, headers: {} });
  };
}
