/**
 * The one server process (SPEC §9): the real `server/main.ts` spawned as `npm start` would run
 * it, over real HTTP; plus the same app and shutdown code in-process where a test needs a
 * request it controls (slow, failing) or a store in a given state.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import express, { type RequestHandler } from 'express';
import { pino, type Logger } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, STORE_FILE_NAME } from '../core/store/open.js';
import type { Store } from '../core/store/store.js';
import { createApp, VERSION } from '../server/app.js';
import { ConfigError, describeMode, loadConfig, type Config } from '../server/config.js';
import { startServer, type RunningServer } from '../server/lifecycle.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PACKAGE_VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const CONFIG_VARIABLES = [
  'PORT',
  'DATA_DIR',
  'DEMO',
  'LOG_LEVEL',
  'STORE',
  'PUBLIC_URL',
  'MICROSOFT_APP_ID',
  'MICROSOFT_APP_PASSWORD',
  'MICROSOFT_APP_TENANT_ID',
  'MICROSOFT_APP_TYPE',
  'AAD_CLIENT_ID',
  'AAD_TENANT_ID',
];

/** The test runner's environment without any of the server's variables, so the defaults apply. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of CONFIG_VARIABLES) delete env[name];
  return env;
}

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

function parseLines(text: string): LogLine[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as LogLine);
}

interface Spawned {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function spawnServer(env: Record<string, string>): Spawned {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...cleanEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

const tempDirs: string[] = [];
const children: ChildProcess[] = [];

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'samverkan-server-'));
  tempDirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A closed SQLite file in WAL mode leaves no -wal file behind and passes its integrity check. */
function expectClosedCleanly(dataDir: string) {
  const file = path.join(dataDir, STORE_FILE_NAME);
  expect(existsSync(file)).toBe(true);
  expect(existsSync(`${file}-wal`)).toBe(false);
  const db = new Database(file, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    db.close();
  }
}

describe('configuration', () => {
  it('applies the SPEC §9 defaults and resolves DATA_DIR against the working directory', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config).toEqual({
      port: 3978,
      dataDir: '/srv/app/data',
      demo: true,
      logLevel: 'info',
      store: 'sqlite',
      publicUrl: null,
      bot: null,
      entra: null,
      cardUpdateIntervalMs: 2000,
    });
    expect(loadConfig({ PORT: '', DEMO: ' OFF ', DATA_DIR: '/var/samverkan' }, '/srv/app')).toMatchObject({
      port: 3978,
      demo: false,
      dataDir: '/var/samverkan',
    });
  });

  it('names every invalid variable and what is wrong with it', () => {
    let caught: unknown;
    try {
      loadConfig({ PORT: '80a', DEMO: 'maybe', LOG_LEVEL: 'loud', STORE: 'excel', PUBLIC_URL: 'not a url', MICROSOFT_APP_TYPE: 'Other' });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems;
    expect(problems).toHaveLength(6);
    expect(problems.find((p) => p.startsWith('PORT:'))).toMatch(/whole number.*"80a"/);
    expect(problems.find((p) => p.startsWith('DEMO:'))).toMatch(/'on' or 'off'/);
    expect(problems.find((p) => p.startsWith('LOG_LEVEL:'))).toMatch(/info/);
    expect(problems.find((p) => p.startsWith('STORE:'))).toMatch(/sqlite, graph/);
    expect(problems.find((p) => p.startsWith('PUBLIC_URL:'))).toMatch(/URL/);
    expect(problems.find((p) => p.startsWith('MICROSOFT_APP_TYPE:'))).toMatch(/MultiTenant/);
    expect(() => loadConfig({ PORT: '65536' })).toThrow(/PORT/);
  });

  it('refuses half a bot credential or half the Entra settings, without echoing the secret', () => {
    expect(() => loadConfig({ MICROSOFT_APP_ID: 'app' })).toThrow(/MICROSOFT_APP_PASSWORD: is required/);
    // A certificate replaces the password; half a certificate is refused.
    expect(loadConfig({ MICROSOFT_APP_ID: 'app', MICROSOFT_APP_CERT_THUMBPRINT: 'AB12', MICROSOFT_APP_CERT_KEY_FILE: 'keys/bot.pem' }, '/srv/app').bot).toMatchObject({
      appPassword: null,
      certificate: { thumbprint: 'AB12', keyFile: '/srv/app/keys/bot.pem' },
    });
    expect(() => loadConfig({ MICROSOFT_APP_ID: 'app', MICROSOFT_APP_CERT_THUMBPRINT: 'AB12' })).toThrow(/MICROSOFT_APP_CERT_KEY_FILE: is required/);
    expect(() => loadConfig({ MICROSOFT_APP_CERT_KEY_FILE: 'k.pem' })).toThrow(/MICROSOFT_APP_CERT_KEY_FILE: is set but MICROSOFT_APP_ID is not/);
    expect(() => loadConfig({ MICROSOFT_APP_PASSWORD: 'hunter2-secret' })).toThrow(/MICROSOFT_APP_PASSWORD: is set but MICROSOFT_APP_ID is not/);
    try {
      loadConfig({ MICROSOFT_APP_PASSWORD: 'hunter2-secret' });
    } catch (err) {
      expect(String(err)).not.toContain('hunter2-secret');
    }
    expect(() => loadConfig({ MICROSOFT_APP_ID: 'app', MICROSOFT_APP_PASSWORD: 'pw', MICROSOFT_APP_TYPE: 'SingleTenant' })).toThrow(
      /MICROSOFT_APP_TENANT_ID: is required when MICROSOFT_APP_TYPE=SingleTenant/,
    );
    expect(() => loadConfig({ AAD_CLIENT_ID: 'tab' })).toThrow(/AAD_TENANT_ID/);
    // A user-assigned managed identity has no password.
    expect(loadConfig({ MICROSOFT_APP_ID: 'app', MICROSOFT_APP_TYPE: 'UserAssignedMSI', MICROSOFT_APP_TENANT_ID: 't' }).bot).toEqual({
      appId: 'app',
      appPassword: null,
      certificate: null,
      appType: 'UserAssignedMSI',
      tenantId: 't',
    });
  });

  it('describes local mode, and a configured mode without printing secrets', () => {
    const local = describeMode(loadConfig({ DEMO: 'off' }, '/d')).join('\n');
    expect(local).toMatch(/mode: local/);
    expect(local).toMatch(/store: embedded SQLite in \/d\/data/);
    expect(local).toMatch(/demo data: off/);
    expect(local).toMatch(/bot: no credentials.*unauthenticated/);
    expect(local).toMatch(/tab sign-in: .*X-Dev-User/);

    const connected: Config = loadConfig({
      MICROSOFT_APP_ID: 'bot-app-id',
      MICROSOFT_APP_PASSWORD: 'very-secret-password',
      AAD_CLIENT_ID: 'tab-client',
      AAD_TENANT_ID: 'tenant-1',
    });
    const lines = describeMode(connected, { demo: 'loaded', storeLocation: '/x/samverkan.db' }).join('\n');
    expect(lines).not.toContain('very-secret-password');
    expect(lines).toMatch(/password set/);
    expect(lines).toMatch(/mode: Microsoft 365 \(bot authentication on, Entra sign-in on\)/);
    expect(lines).toMatch(/store: embedded SQLite in \/x\/samverkan.db/);
    expect(lines).toMatch(/demo data: loaded/);
    expect(lines).toMatch(/X-Dev-User refused/);
  });
});

describe('the server process (npm start)', () => {
  it('starts in local mode, says so first, serves /healthz and JSON errors, and stops cleanly on SIGTERM', async () => {
    const dataDir = tempDir();
    const port = await freePort();
    const proc = spawnServer({ PORT: String(port), DATA_DIR: dataDir, DEMO: 'off', LOG_LEVEL: 'info' });
    children.push(proc.child);
    const base = `http://127.0.0.1:${port}`;

    const health = await waitFor('/healthz to answer 200', async () => {
      if (proc.child.exitCode !== null) throw new Error(`server exited early: ${proc.stderr()}${proc.stdout()}`);
      const res = await fetch(`${base}/healthz`).catch(() => undefined);
      return res?.status === 200 ? res : undefined;
    });
    expect(health.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await health.json()) as Record<string, unknown>;
    expect(body).toEqual({ status: 'ok', version: PACKAGE_VERSION, store: 'sqlite', uptimeSeconds: expect.any(Number) });
    expect(body.uptimeSeconds as number).toBeGreaterThanOrEqual(0);

    // The first log lines state the mode (SPEC §9), before any request is logged.
    const lines = parseLines(proc.stdout());
    const listening = lines.findIndex((l) => l.msg.startsWith('listening on'));
    expect(listening).toBeGreaterThan(0);
    expect(lines[listening]?.msg).toContain(`http://localhost:${port}`);
    const first = lines.slice(0, listening).map((l) => l.msg);
    expect(first.some((m) => m === 'mode: local (no bot credentials, no Microsoft Entra settings)')).toBe(true);
    expect(first.some((m) => m === `store: embedded SQLite in ${path.join(dataDir, STORE_FILE_NAME)}`)).toBe(true);
    expect(first.some((m) => m.startsWith('demo data: off'))).toBe(true);
    expect(first.some((m) => m.startsWith('bot: no credentials'))).toBe(true);
    expect(first.some((m) => m.startsWith('tab sign-in: no Entra settings'))).toBe(true);

    // Unknown routes: 404 JSON with the request id that the response header carries.
    const missing = await fetch(`${base}/no/such/thing?token=query-secret-123`, {
      headers: { Authorization: 'Bearer header-secret-456' },
    });
    expect(missing.status).toBe(404);
    const missingBody = (await missing.json()) as { error: string; requestId: string };
    expect(missingBody.error).toBe('Resursen finns inte');
    expect(missingBody.requestId).toBe(missing.headers.get('x-request-id'));

    // The bot is mounted: an activity without what every activity has (conversation, serviceUrl)
    // is refused as a bad request, not a 404 or a 500.
    const bot = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'body-secret-789' }),
    });
    expect(bot.status).toBe(400);

    // Malformed JSON: 400 JSON, not an HTML page and not a 500.
    const malformed = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type": ',
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: 'Begäran innehåller ogiltig JSON' });

    // Requests are logged with method, path, status, time and id; never headers, bodies or queries.
    const logged = await waitFor('the 404 request to be logged', () =>
      parseLines(proc.stdout()).find((l) => l.msg === 'request' && l.status === 404),
    );
    expect(logged).toMatchObject({ method: 'GET', path: '/no/such/thing', reqId: missingBody.requestId });
    expect(typeof logged.ms).toBe('number');
    for (const secret of ['query-secret-123', 'header-secret-456', 'body-secret-789', 'Bearer']) {
      expect(proc.stdout()).not.toContain(secret);
    }

    proc.child.kill('SIGTERM');
    const { code } = await proc.exited;
    expect(code).toBe(0);
    const after = parseLines(proc.stdout()).map((l) => l.msg);
    expect(after).toContain('store closed');
    expect(after.at(-1)).toBe('stopped');
    expectClosedCleanly(dataDir);
  });

  it('exits 1 with a message naming PORT when PORT is invalid', async () => {
    const proc = spawnServer({ PORT: 'eighty', DATA_DIR: tempDir(), DEMO: 'off' });
    children.push(proc.child);
    const { code } = await proc.exited;
    expect(code).toBe(1);
    expect(proc.stderr()).toMatch(/PORT: must be a whole number from 0 to 65535 \(got "eighty"\)/);
  });

  it('exits 1 naming the port when it is already taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, resolve));
    try {
      const port = (blocker.address() as net.AddressInfo).port;
      const dataDir = tempDir();
      const proc = spawnServer({ PORT: String(port), DATA_DIR: dataDir, DEMO: 'off' });
      children.push(proc.child);
      const { code } = await proc.exited;
      expect(code).toBe(1);
      expect(proc.stdout()).toContain(`PORT=${port}: the port is already in use`);
      expectClosedCleanly(dataDir);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});

describe('the app and its shutdown, in-process', () => {
  let dataDir: string;
  let store: Store;
  let logLines: string[];
  let logger: Logger;
  let running: RunningServer | null;

  beforeEach(async () => {
    dataDir = tempDir();
    store = await openStore({ kind: 'sqlite', dataDir });
    logLines = [];
    logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
    running = null;
  });

  afterEach(async () => {
    await running?.shutdown('test over');
    await store.close();
  });

  const config = () => loadConfig({ DATA_DIR: dataDir, DEMO: 'off' });

  interface StartOptions {
    tab?: express.Router;
    bot?: RequestHandler;
    shutdownTimeoutMs?: number;
    appStore?: Store;
    healthTimeoutMs?: number;
  }

  async function start(options: StartOptions = {}) {
    running = await startServer({
      app: ({ draining }) =>
        createApp({
          config: config(),
          store: options.appStore ?? store,
          logger,
          tab: options.tab,
          bot: options.bot,
          draining,
          healthTimeoutMs: options.healthTimeoutMs,
        }),
      port: 0,
      host: '127.0.0.1',
      store,
      logger,
      shutdownTimeoutMs: options.shutdownTimeoutMs,
    });
    return `http://127.0.0.1:${running.port}`;
  }

  it('lets a slow in-flight request finish with 200, refuses new connections, then closes the store', async () => {
    let entered!: () => void;
    const slowEntered = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const tab = express.Router();
    tab.get('/slow', async (_req, res) => {
      entered();
      await released;
      res.json({ done: true });
    });
    const base = await start({ tab });

    const slow = fetch(`${base}/api/slow`);
    await slowEntered;
    const stopping = running!.shutdown('SIGTERM');

    // No new connections once shutdown has begun.
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
    let stopped = false;
    void stopping.then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(stopped).toBe(false);

    release();
    const releasedAt = Date.now();
    const res = await slow;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ done: true });
    expect(await stopping).toBe(true);
    // The kept-alive connection is dropped once idle, not after the 5 s keep-alive timeout.
    expect(Date.now() - releasedAt).toBeLessThan(2_000);
    expect((await store.health()).ok).toBe(false);
    expectClosedCleanly(dataDir);
    const messages = logLines.map((l) => (JSON.parse(l) as LogLine).msg);
    expect(messages.indexOf('store closed')).toBeGreaterThan(messages.indexOf('shutting down: no new connections, letting in-flight requests finish'));
  });

  it('forces a request that outlasts the shutdown bound closed, and still closes the store', async () => {
    let entered!: () => void;
    const arrived = new Promise<void>((resolve) => (entered = resolve));
    const tab = express.Router();
    tab.get('/forever', () => {
      entered(); // and never answers
    });
    const base = await start({ tab, shutdownTimeoutMs: 300 });
    const hanging = fetch(`${base}/api/forever`);
    await arrived;
    const started = Date.now();
    expect(await running!.shutdown('SIGTERM')).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    await expect(hanging).rejects.toThrow();
    expectClosedCleanly(dataDir);
    expect(logLines.some((l) => l.includes('in-flight requests did not finish in time'))).toBe(true);
  });

  it('answers 500 JSON with a request id and logs the full error, never a stack to the client', async () => {
    const tab = express.Router();
    tab.get('/boom', async () => {
      throw new Error('database exploded at line 42');
    });
    const base = await start({ tab });
    const res = await fetch(`${base}/api/boom`, { headers: { 'X-Request-Id': 'trace-abc.1' } });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: 'Internt serverfel', requestId: 'trace-abc.1' });
    expect(text).not.toContain('exploded');
    expect(text).not.toContain('at ');
    const failure = logLines.map((l) => JSON.parse(l) as LogLine).find((l) => l.msg === 'request failed');
    expect(failure).toMatchObject({ reqId: 'trace-abc.1', path: '/api/boom' });
    expect((failure?.err as { stack: string }).stack).toContain('database exploded at line 42');
  });

  it('rejects a JSON body over 1 MB to the bot endpoint with 413 JSON, and leaves the tab API its own bodies', async () => {
    const bot: RequestHandler = (req, res) => {
      res.json({ size: JSON.stringify(req.body).length });
    };
    const tab = express.Router();
    // The tab API parses its own bodies (server/app.ts): the app must not have consumed this one.
    tab.post('/echo', express.text({ type: '*/*', limit: '2mb' }), (req, res) => {
      res.json({ size: typeof req.body === 'string' ? req.body.length : -1 });
    });
    const base = await start({ bot, tab });
    const post = (path: string, text: string) =>
      fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
    const ok = await post('/api/messages', 'x'.repeat(900_000));
    expect(ok.status).toBe(200);
    const big = await post('/api/messages', 'x'.repeat(1_100_000));
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ error: 'Begäran är för stor (högst 1 MB)' });
    const tabBig = await post('/api/echo', 'x'.repeat(1_100_000));
    expect(tabBig.status).toBe(200);
    expect(await tabBig.json()).toEqual({ size: 1_100_000 + '{"text":""}'.length });
  });

  it('reports an unhealthy or unresponsive store as 503 with the reason', async () => {
    const closedStore = await openStore({ kind: 'sqlite', dataDir: tempDir() });
    await closedStore.close();
    const base = await start({ appStore: closedStore });
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      status: 'unavailable',
      store: 'sqlite',
      version: VERSION,
      reason: expect.stringMatching(/not open/),
    });
    await running!.shutdown('next');

    const hung = Object.create(closedStore, { health: { value: () => new Promise(() => {}) } }) as Store;
    const hungBase = await start({ appStore: hung, healthTimeoutMs: 100 });
    const slow = await fetch(`${hungBase}/healthz`);
    expect(slow.status).toBe(503);
    expect(await slow.json()).toMatchObject({ reason: 'the store did not answer within 100 ms' });
  });
});
