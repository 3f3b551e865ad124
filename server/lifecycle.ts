/**
 * Listening and graceful shutdown, apart from `main.ts` so tests can drive the same code
 * in-process (a slow request in flight during shutdown) without spawning and signalling.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestListener } from 'node:http';
import type { Logger } from 'pino';
import type { Store } from '../core/store/store.js';

export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

export interface RunningServer {
  server: http.Server;
  /** The bound port (differs from the configured one when that was 0). */
  port: number;
  /** True from the first shutdown call on; the app uses it to fail health checks while draining. */
  draining(): boolean;
  /**
   * Stops accepting connections, lets in-flight requests finish (forcing them closed after the
   * timeout), then closes the store. Calling it again while it runs forces the close at once.
   * Resolves to false when something failed on the way (already logged).
   */
  shutdown(reason: string): Promise<boolean>;
}

export interface StartOptions {
  /** Built lazily so it can read `draining()` from the server it runs on. */
  app: (server: { draining(): boolean }) => RequestListener;
  port: number;
  host?: string;
  store: Store;
  logger: Logger;
  shutdownTimeoutMs?: number;
  /** Runs after the last request and before the store closes (e.g. sending pending card updates). */
  beforeStoreClose?: () => Promise<void>;
}

export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { store, logger } = options;
  const timeoutMs = options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  let closing = false;
  let inFlight = 0;
  let shutdownPromise: Promise<boolean> | null = null;
  const draining = () => closing;

  const server = http.createServer();
  // Registered before the app so the Connection header is set before the app can respond.
  server.on('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
    inFlight++;
    if (closing && !res.headersSent) res.setHeader('Connection', 'close');
    res.on('close', () => {
      inFlight--;
      // A keep-alive connection that just went idle would otherwise hold `close` open until
      // its keep-alive timeout: drop idle connections as soon as each response is done.
      if (closing) setImmediate(() => server.closeIdleConnections());
    });
  });
  server.on('request', options.app({ draining }));

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(options.port, options.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  server.on('error', (err) => logger.error({ err }, 'server error'));
  const port = (server.address() as AddressInfo).port;

  const shutdown = (reason: string): Promise<boolean> => {
    if (shutdownPromise) {
      logger.warn({ reason, inFlight }, 'shutdown requested again: closing open connections now');
      server.closeAllConnections();
      return shutdownPromise;
    }
    closing = true;
    shutdownPromise = (async () => {
      let ok = true;
      logger.info({ reason, inFlight, timeoutMs }, 'shutting down: no new connections, letting in-flight requests finish');
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          logger.warn({ inFlight, timeoutMs }, 'in-flight requests did not finish in time: closing their connections');
          server.closeAllConnections();
        }, timeoutMs);
        server.close((err) => {
          clearTimeout(force);
          if (err) {
            ok = false;
            logger.error({ err }, 'closing the HTTP server failed');
          }
          resolve();
        });
        server.closeIdleConnections();
      });
      try {
        await options.beforeStoreClose?.();
      } catch (err) {
        logger.warn({ err }, 'finishing pending work before closing the store failed');
      }
      try {
        await store.close();
        logger.info({ store: store.kind }, 'store closed');
      } catch (err) {
        ok = false;
        logger.error({ err }, 'closing the store failed');
      }
      logger.info({ reason }, 'stopped');
      return ok;
    })();
    return shutdownPromise;
  };

  return { server, port, draining, shutdown };
}
