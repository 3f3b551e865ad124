/**
 * The HTTP surface of the one server process (SPEC §9). Mount points:
 *
 *   GET  /healthz        liveness + store health, for probes and the tests
 *   POST /api/messages   the bot endpoint (Bot Framework activities), filled by the bot module
 *   /api/*               the tab's API, filled by the tab module
 *   /tab, /              the tab's static pages, filled by the tab module
 *
 * The bot and tab are passed in rather than imported so this file stays free of their
 * dependencies and the process still starts (and says what is missing) without them.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import express from 'express';
import type { ErrorRequestHandler, Request, RequestHandler, Response, Router } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Store, StoreHealth } from '../core/store/store.js';
import type { Config } from './config.js';

export const JSON_BODY_LIMIT = '1mb';
const DEFAULT_HEALTH_TIMEOUT_MS = 5_000;

export const VERSION: string = z
  .object({ version: z.string() })
  .parse(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))).version;

export interface AppOptions {
  config: Config;
  store: Store;
  logger: Logger;
  /** Handles `POST /api/messages`; absent until the bot is configured (503). */
  bot?: RequestHandler;
  /** The tab API, mounted at `/api`; absent → 503 for every `/api/*` path. */
  tab?: Router;
  /** Serves the tab's built pages under `/tab` (and `/` redirects there); absent → 503. */
  tabStatic?: RequestHandler;
  /** True once the process is shutting down: health turns 503 so probes stop routing here. */
  draining?: () => boolean;
  healthTimeoutMs?: number;
}

/** Per-request context, kept in `res.locals` so other modules need no Express type augmentation. */
export interface RequestContext {
  requestId: string;
  log: Logger;
}

export function requestContext(res: Response): RequestContext {
  return res.locals as unknown as RequestContext;
}

// Accept a caller's id (from a proxy) only when it is short and harmless to log.
const INCOMING_REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

export function createApp(options: AppOptions): express.Express {
  const { store, logger } = options;
  const healthTimeoutMs = options.healthTimeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS;
  const app = express();
  app.disable('x-powered-by');

  app.use((req, res, next) => {
    const incoming = req.get('x-request-id');
    const requestId = incoming && INCOMING_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const started = process.hrtime.bigint();
    const log = logger.child({ reqId: requestId });
    Object.assign(res.locals, { requestId, log } satisfies RequestContext);
    res.setHeader('X-Request-Id', requestId);
    // Only method, path (no query string: it may carry tokens), status and time; never headers or bodies.
    const fields = () => ({
      method: req.method,
      path: req.originalUrl.split('?')[0],
      status: res.statusCode,
      ms: Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10,
    });
    res.on('finish', () => {
      const f = fields();
      const level = f.status >= 500 ? 'warn' : f.path === '/healthz' && f.status === 200 ? 'debug' : 'info';
      log[level](f, 'request');
    });
    res.on('close', () => {
      if (!res.writableFinished) log.warn(fields(), 'request aborted before the response was sent');
    });
    next();
  });

  // The tab API parses its own bodies: its import takes larger files, and it answers a bad body
  // in its own error shape. Everything else (the bot endpoint included) is parsed here.
  const json = express.json({ limit: JSON_BODY_LIMIT });
  app.use((req, res, next) => (options.tab && req.path.startsWith('/api/') && req.path !== '/api/messages' ? next() : json(req, res, next)));

  app.get('/healthz', async (_req, res) => {
    const health = await checkHealth(store, healthTimeoutMs);
    const uptimeSeconds = Math.floor(process.uptime());
    res.setHeader('Cache-Control', 'no-store');
    if (options.draining?.()) {
      res.status(503).json({ status: 'unavailable', version: VERSION, store: store.kind, uptimeSeconds, reason: 'shutting down' });
    } else if (health.ok) {
      res.status(200).json({ status: 'ok', version: VERSION, store: store.kind, uptimeSeconds });
    } else {
      res.status(503).json({
        status: 'unavailable',
        version: VERSION,
        store: store.kind,
        uptimeSeconds,
        reason: health.detail ?? 'the store reports that it is not healthy',
      });
    }
  });

  // Bot endpoint first, so the tab API router never sees it.
  app.post('/api/messages', options.bot ?? notConfigured('Boten är inte konfigurerad'));
  app.use('/api', options.tab ?? notConfigured('Flikens API är inte konfigurerat'));
  if (options.tabStatic) {
    app.use('/tab', options.tabStatic);
    app.get('/', (_req, res) => res.redirect(302, '/tab/'));
  } else {
    app.use('/tab', notConfigured('Fliken är inte konfigurerad'));
    app.get('/', notConfigured('Fliken är inte konfigurerad'));
  }

  app.use((req, res) => {
    res.status(404).json({ error: 'Resursen finns inte', path: req.path, requestId: requestContext(res).requestId });
  });

  app.use(errorHandler);
  return app;
}

function notConfigured(message: string): RequestHandler {
  return (_req, res) => {
    res.status(503).json({ error: message, requestId: requestContext(res).requestId });
  };
}

async function checkHealth(store: Store, timeoutMs: number): Promise<StoreHealth> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<StoreHealth>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, kind: store.kind, detail: `the store did not answer within ${timeoutMs} ms` }),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([
      store.health().catch(
        (err: unknown): StoreHealth => ({ ok: false, kind: store.kind, detail: err instanceof Error ? err.message : String(err) }),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Client errors raised by middleware (body-parser) carry a 4xx `status` and `expose: true`. */
const clientError = z.object({ status: z.number().int().min(400).max(499), expose: z.literal(true), type: z.string().optional() });

const CLIENT_MESSAGES: Record<string, string> = {
  'entity.parse.failed': 'Begäran innehåller ogiltig JSON',
  'entity.too.large': 'Begäran är för stor (högst 1 MB)',
  'encoding.unsupported': 'Begärans teckenkodning stöds inte',
  'charset.unsupported': 'Begärans teckenuppsättning stöds inte',
};

const errorHandler: ErrorRequestHandler = (err: unknown, req: Request, res: Response, next) => {
  const ctx = requestContext(res);
  const log = ctx.log;
  const client = clientError.safeParse(err);
  if (client.success) {
    log.info({ status: client.data.status, type: client.data.type }, 'rejected request');
    if (res.headersSent) return next(err);
    res.status(client.data.status).json({
      error: CLIENT_MESSAGES[client.data.type ?? ''] ?? 'Ogiltig begäran',
      requestId: ctx.requestId,
    });
    return;
  }
  log.error({ err, method: req.method, path: req.originalUrl.split('?')[0] }, 'request failed');
  // Headers already sent: Express's default handler closes the connection, the only honest option.
  if (res.headersSent) return next(err);
  res.status(500).json({ error: 'Internt serverfel', requestId: ctx.requestId });
};
