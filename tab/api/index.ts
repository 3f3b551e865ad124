/**
 * The tab's HTTP API, mounted by the server at `/api` (shapes: `tab/shared/api-types.ts`).
 *
 *   GET  /config, /dev/users                          no sign-in (the second in local mode only)
 *   GET  /me
 *   GET  /cases, /cases/<key>
 *   GET  /meetings, POST /meetings, GET|PATCH /meetings/<key>
 *   POST /meetings/<key>/agenda, PATCH|DELETE …/agenda/<n>, PUT …/agenda/<n>/text
 *   GET  /meetings/<key>/protocol[.html|.pdf|.docx], GET …/protocol/versions
 *   POST /meetings/<key>/protocol/finalise, …/protocol/sign
 *   POST /import
 *
 * Every answer is JSON (or a protocol file), never cached; every error is an `ApiError`.
 */
import express, { type Router } from 'express';
import type { JWTVerifyGetKey } from 'jose';
import type { Logger } from 'pino';
import type { ProtocolNotifier } from '../../core/domain/notifications.js';
import { Samverkan } from '../../core/domain/service.js';
import { CollectionMirror } from '../../core/store/mirror.js';
import type { Store } from '../../core/store/store.js';
import { JSON_BODY_LIMIT } from '../../server/app.js';
import { isLocalMode, type Config } from '../../server/config.js';
import { createAuthenticator } from './auth.js';
import type { ApiContext } from './context.js';
import { apiErrorHandler, notFound } from './errors.js';
import { agendaRoutes } from './routes/agenda.js';
import { caseRoutes } from './routes/cases.js';
import { configRoutes } from './routes/config.js';
import { devUserRoutes } from './routes/dev-users.js';
import { importRoutes } from './routes/import.js';
import { meetingRoutes } from './routes/meetings.js';
import { meRoutes } from './routes/me.js';
import { protocolRoutes } from './routes/protocol.js';

export interface TabApiDeps {
  store: Store;
  config: Config;
  logger: Logger;
  /** Tells the signers in the chat that a version awaits them; optional (the tab works without). */
  notifier?: ProtocolNotifier;
  now?: () => Date;
  /**
   * The keys Teams SSO tokens are checked against. Tests pass a local key set; by default the
   * tenant's published keys (https://login.microsoftonline.com/<tenant>/discovery/v2.0/keys).
   */
  jwks?: JWTVerifyGetKey;
}

export function createTabApi(deps: TabApiDeps): Router {
  const now = deps.now ?? (() => new Date());
  const ctx: ApiContext = {
    store: deps.store,
    svc: new Samverkan(deps.store, now),
    config: deps.config,
    logger: deps.logger,
    notifier: deps.notifier,
    now,
    caseFlow: { cases: new CollectionMirror(deps.store, 'cases'), events: new CollectionMirror(deps.store, 'caseEvents') },
  };
  // Tokens are checked against the real clock: `now` only places meetings in time.
  const authenticate = createAuthenticator({ store: deps.store, entra: deps.config.entra, jwks: deps.jwks, logger: deps.logger, allowDevUser: isLocalMode(deps.config) });
  const router = express.Router();

  router.use((req, res, next) => {
    // Personal data: never kept by a browser or a proxy.
    res.setHeader('Cache-Control', 'no-store');
    // Nothing is cached, so nothing is revalidated: an ETag header here names a record's version
    // (for If-Match), and must never turn an answer into a 304.
    delete req.headers['if-none-match'];
    delete req.headers['if-modified-since'];
    next();
  });
  // The server parses JSON already (a no-op then); kept so the API stands on its own. The import
  // has its own, larger limit.
  const parseJson = express.json({ limit: JSON_BODY_LIMIT });
  router.use((req, res, next) => (req.path === '/import' ? next() : parseJson(req, res, next)));

  router.use(configRoutes(ctx));
  router.use(devUserRoutes(ctx));
  router.use('/me', authenticate, meRoutes(ctx));
  router.use('/cases', authenticate, caseRoutes(ctx));
  router.use('/meetings', authenticate, meetingRoutes(ctx), agendaRoutes(ctx), protocolRoutes(ctx));
  router.use('/import', authenticate, importRoutes(ctx));

  router.use(() => {
    throw notFound();
  });
  router.use(apiErrorHandler(deps.logger));
  return router;
}
