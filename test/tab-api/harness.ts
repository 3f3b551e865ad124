/**
 * The tab's API over real HTTP: the server's app (createApp) with `createTabApi` mounted at /api,
 * on a real SQLite store in a temporary directory, listening on a free loopback port.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { JWTVerifyGetKey } from 'jose';
import { pino, type Logger } from 'pino';
import type { ProtocolNotifier } from '../../core/domain/notifications.js';
import { openStore } from '../../core/store/open.js';
import type { Store } from '../../core/store/store.js';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { createTabApi } from '../../tab/api/index.js';

export interface ApiHarness {
  url: string;
  store: Store;
  /** A roster person's X-Dev-User value (the fixture's people have `aad-<key>`). */
  call(path: string, options?: CallOptions): Promise<Answer>;
  close(): Promise<void>;
}

export interface CallOptions {
  /** Person key: sends `X-Dev-User: aad-<key>`. */
  as?: string;
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Answer {
  status: number;
  headers: Headers;
  /** Parsed JSON when the answer is JSON, else null. */
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test assertions read any shape
  bytes: Buffer;
}

export interface HarnessOptions {
  entra?: { clientId: string; tenantId: string };
  jwks?: JWTVerifyGetKey;
  notifier?: ProtocolNotifier;
  now?: () => Date;
  seed?: (store: Store) => Promise<void>;
  /** Default: silent. */
  logger?: Logger;
  /** What the API sees of the store (e.g. a proxy that counts queries). */
  wrapStore?: (store: Store) => Store;
  /** More environment settings (e.g. bot credentials). */
  env?: Record<string, string>;
}

export const aad = (person: string) => `aad-${person}`;

export async function startApi(options: HarnessOptions = {}): Promise<ApiHarness> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tab-api-'));
  const store = await openStore({ kind: 'sqlite', dataDir: dir });
  if (options.seed) await options.seed(store);
  const env: NodeJS.ProcessEnv = { DATA_DIR: dir, DEMO: 'off', LOG_LEVEL: 'silent', ...options.env };
  if (options.entra) Object.assign(env, { AAD_CLIENT_ID: options.entra.clientId, AAD_TENANT_ID: options.entra.tenantId });
  const config = loadConfig(env, dir);
  const logger = options.logger ?? pino({ level: 'silent' });
  const tab = createTabApi({ store: options.wrapStore ? options.wrapStore(store) : store, config, logger, notifier: options.notifier, now: options.now, jwks: options.jwks });
  const app = createApp({ config, store, logger, tab });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function call(p: string, o: CallOptions = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.as) headers['X-Dev-User'] = aad(o.as);
    let body: string | undefined;
    if (o.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(o.body);
    }
    const res = await fetch(url + p, { method: o.method ?? 'GET', headers, body });
    const bytes = Buffer.from(await res.arrayBuffer());
    const isJson = (res.headers.get('content-type') ?? '').includes('application/json');
    return { status: res.status, headers: res.headers, json: isJson && bytes.length > 0 ? JSON.parse(bytes.toString('utf8')) : null, bytes };
  }

  return {
    url,
    store,
    call,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
