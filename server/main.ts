/**
 * `npm start`: the one server process (SPEC §9). Reads the environment, says which mode it runs
 * in, opens the store, loads the demo data into an empty store, listens, and shuts down
 * gracefully on SIGTERM/SIGINT.
 */
import path from 'node:path';
import { pino } from 'pino';
import { loadDemo } from '../core/demo/load.js';
import { openStore, STORE_FILE_NAME } from '../core/store/open.js';
import { StoreSetupError } from '../core/store/graph/graph-store.js';
import type { Store } from '../core/store/store.js';
import { createApp, VERSION } from './app.js';
import { createBot } from '../bot/index.js';
import { createTabApi } from '../tab/api/index.js';
import { createTabStatic, tabIsBuilt } from '../tab/static.js';
import { ConfigError, describeDemo, describeMode, loadConfig, type Config } from './config.js';
import { startServer, type RunningServer } from './lifecycle.js';

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  // No logger yet (LOG_LEVEL itself may be the problem): plain text for the person starting it.
  process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
  process.exit(1);
}

const logger = pino({
  level: config.logLevel,
  timestamp: pino.stdTimeFunctions.isoTime,
  // Belt and braces: nothing logs these, but if an object carrying them ever is, hide them.
  redact: ['authorization', '*.authorization', 'headers', '*.headers', 'appPassword', '*.appPassword', 'body', '*.body'],
});

let running: RunningServer | null = null;
let store: Store | null = null;

async function fatal(err: unknown, what: string): Promise<never> {
  logger.fatal({ err }, what);
  // Try to leave the database closed cleanly; the shutdown itself is bounded by its timeout.
  const hardStop = setTimeout(() => process.exit(1), 15_000);
  hardStop.unref();
  try {
    if (running) await running.shutdown(what);
    else if (store) await store.close();
  } catch (closeErr) {
    logger.error({ err: closeErr }, 'cleanup after a fatal error failed');
  }
  process.exit(1);
}

process.on('uncaughtException', (err) => void fatal(err, 'uncaught exception'));
process.on('unhandledRejection', (reason) => void fatal(reason, 'unhandled promise rejection'));

async function closeAndExit(opened: Store): Promise<void> {
  await opened.close();
  logger.info({ reason: stopSignal }, 'stopped');
  process.exit(0);
}

async function main(config: Config): Promise<void> {
  const storeFile = path.join(config.dataDir, STORE_FILE_NAME);
  logger.info({ version: VERSION }, `Samverkan i Teams ${VERSION} starting`);
  const facts = config.store === 'sqlite' ? { storeLocation: storeFile } : {};
  for (const line of describeMode(config, facts)) logger.info(line);

  try {
    // The Graph store checks the site, its lists and write access first (StoreSetupError says what is missing).
    store = config.graph ? await openStore({ kind: 'graph', settings: config.graph }) : await openStore({ kind: 'sqlite', dataDir: config.dataDir });
  } catch (err) {
    if (!(err instanceof StoreSetupError)) throw err;
    logger.fatal(err.message);
    process.exit(1);
  }
  if (stopSignal) return closeAndExit(store);

  if (config.demo) {
    // loadDemo checks for an empty store itself and writes nothing otherwise.
    const { loaded, ...counts } = await loadDemo(store, logger);
    logger.info(counts, describeDemo(loaded ? 'loaded' : 'not-needed'));
    if (stopSignal) return closeAndExit(store);
  }

  const openedStore = store;
  const bot = createBot({
    store: openedStore,
    logger,
    credentials: config.bot,
    publicUrl: config.publicUrl,
    cardUpdateIntervalMs: config.cardUpdateIntervalMs,
  });
  running = await startServer({
    app: ({ draining }) =>
      createApp({
        config,
        store: openedStore,
        logger,
        draining,
        bot: bot.handler,
        tab: createTabApi({ store: openedStore, config, logger, notifier: bot.notifier }),
        tabStatic: createTabStatic(),
      }),
    beforeStoreClose: () => bot.flush(),
    port: config.port,
    store: openedStore,
    logger,
  });
  logger.info(
    { port: running.port },
    `listening on http://localhost:${running.port} (tab: /tab/, bot: POST /api/messages, health: GET /healthz)`,
  );
  if (!tabIsBuilt()) logger.warn('the tab is not built: run "npm run build" (npm start does it first)');

  if (stopSignal) stop(stopSignal);
}

// Installed before the store opens, so a signal during start-up (demo loading takes a moment)
// still ends with the database closed instead of the default abrupt termination.
let stopSignal: NodeJS.Signals | null = null;
function stop(signal: NodeJS.Signals) {
  stopSignal = signal;
  if (running) {
    void running.shutdown(signal).then((ok) => process.exit(ok ? 0 : 1));
  } else {
    logger.info({ signal }, 'stop requested while starting: stopping once start-up reaches a safe point');
  }
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

main(config).catch((err: unknown) => {
  const inUse = err instanceof Error && 'code' in err && err.code === 'EADDRINUSE';
  return fatal(err, inUse ? `PORT=${config.port}: the port is already in use` : 'start failed');
});
