/**
 * Builds the tab with Vite, but only when tab/dist is missing or older than any of its sources
 * (tab/app, tab/index.html, tab/shared, tab/vite.config.ts), so `npm start` and the browser
 * tests can call it every time. `npx tsx tab/build.ts [--force]`.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TAB = path.dirname(fileURLToPath(import.meta.url));
const DIST = path.join(TAB, 'dist');
const SOURCES = ['app', 'index.html', 'shared', 'vite.config.ts'].map((p) => path.join(TAB, p));
/** The app also imports pure helpers from the domain (protocol lines, Swedish time). */
const SHARED_DOMAIN = ['protocol-text.ts', 'swedish-time.ts'].map((f) => path.join(TAB, '..', 'core', 'domain', f));

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

export interface BuildOutcome {
  built: boolean;
  reason: string;
}

/** Why the tab must be built, or null when tab/dist is up to date. */
export function staleReason(): string | null {
  const index = path.join(DIST, 'index.html');
  if (!existsSync(index)) return 'tab/dist saknas';
  const builtAt = statSync(index).mtimeMs;
  for (const source of [...SOURCES, ...SHARED_DOMAIN]) {
    if (newestMtime(source) > builtAt) return `${path.relative(path.join(TAB, '..'), source)} är nyare än tab/dist`;
  }
  return null;
}

export async function buildTab(options: { force?: boolean; log?: (line: string) => void } = {}): Promise<BuildOutcome> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const reason = options.force ? 'byggs om på begäran (--force)' : staleReason();
  if (!reason) {
    log('tab: tab/dist är aktuell, inget att bygga');
    return { built: false, reason: 'up to date' };
  }
  // Several processes (parallel test files, a server start) may ask at once: one builds, the
  // others wait for it and then find dist up to date.
  const release = await lock(log);
  try {
    const stillStale = options.force ? reason : staleReason();
    if (!stillStale) {
      log('tab: byggd av en annan process under tiden');
      return { built: false, reason: 'built by another process' };
    }
    log(`tab: bygger fliken (${stillStale}) …`);
    const began = Date.now();
    // Imported lazily so that an up-to-date start does not load Vite at all.
    const { build } = await import('vite');
    const tmp = path.join(TAB, '..', 'node_modules', '.cache', 'samverkan-tab', `dist-${process.pid}`);
    // Always React's production build, also when called from vitest (which sets NODE_ENV=test).
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({ configFile: path.join(TAB, 'vite.config.ts'), mode: 'production', logLevel: 'warn', build: { outDir: tmp, emptyOutDir: true } });
    } finally {
      if (nodeEnv === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = nodeEnv;
    }
    // Swap whole directories so a running server never serves a half-written dist.
    const old = `${tmp}-old`;
    if (existsSync(DIST)) renameSync(DIST, old);
    renameSync(tmp, DIST);
    rmSync(old, { recursive: true, force: true });
    log(`tab: klar på ${((Date.now() - began) / 1000).toFixed(1)} s → ${path.relative(process.cwd(), DIST) || DIST}`);
    return { built: true, reason: stillStale };
  } finally {
    release();
  }
}

const LOCK = path.join(TAB, '..', 'node_modules', '.cache', 'samverkan-tab.lock');
const STALE_LOCK_MS = 180_000;

async function lock(log: (line: string) => void): Promise<() => void> {
  let told = false;
  for (;;) {
    try {
      mkdirSync(path.dirname(LOCK), { recursive: true });
      mkdirSync(LOCK);
      return () => rmSync(LOCK, { recursive: true, force: true });
    } catch {
      // A lock left by a killed process must not block forever.
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
      if (!told) log('tab: en annan process bygger fliken, väntar …');
      told = true;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  buildTab({ force: process.argv.includes('--force') }).catch((err: unknown) => {
    process.stderr.write(`tab: bygget misslyckades: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exit(1);
  });
}
