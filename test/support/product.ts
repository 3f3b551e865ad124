/**
 * Runs the real product as `npm start` does (`server/main.ts` in its own process) on a free
 * port with a temporary DATA_DIR, for black-box tests; and the import command the same way.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** The environment without anything that would configure credentials from the developer's shell. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(MICROSOFT_APP_|AAD_|PORT$|DATA_DIR$|DEMO$|STORE$|PUBLIC_URL$|CARD_UPDATE_)/.test(k)) env[k] = v;
  }
  return { ...env, ...extra };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface RunningProduct {
  url: string;
  dataDir: string;
  logs: () => string;
  stop(): Promise<number | null>;
}

export function tempDataDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'samverkan-e2e-'));
}

/** Imports a document with `npm run import`'s command into `dataDir`. */
export async function importDocument(dataDir: string, doc: unknown): Promise<string> {
  const file = path.join(dataDir, 'import.json');
  writeFileSync(file, JSON.stringify(doc));
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'core/import/cli.ts', file], {
    cwd: ROOT,
    env: cleanEnv({ DATA_DIR: dataDir }),
  });
  return stdout;
}

export async function startProduct(env: Record<string, string> = {}, dataDir = tempDataDir()): Promise<RunningProduct> {
  const port = await freePort();
  let out = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: cleanEnv({ PORT: String(port), DATA_DIR: dataDir, DEMO: 'off', LOG_LEVEL: 'warn', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${out}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the server did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    dataDir,
    logs: () => out,
    stop: async () => {
      if (child.exitCode !== null) return child.exitCode;
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      const code = await exited;
      rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}
