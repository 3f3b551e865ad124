/**
 * Opens the store an installation is configured for. The config is a union on `kind` so that
 * a Microsoft Graph store can be added beside SQLite without changing callers.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Store } from './store.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';
import { openGraphStore, type OpenGraphOptions } from './graph/graph-store.js';
import type { GraphSettings } from './graph/settings.js';

export const STORE_FILE_NAME = 'samverkan.db';

export const StoreConfigSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sqlite'), dataDir: z.string().min(1) }),
  // Read and checked from the environment by readGraphEnv (core/store/graph/settings.ts).
  z.object({ kind: z.literal('graph'), settings: z.custom<GraphSettings>((v) => typeof v === 'object' && v !== null && 'site' in v) }),
]);
export type StoreConfig = z.infer<typeof StoreConfigSchema>;

export async function openStore(config: StoreConfig, graphOptions: OpenGraphOptions = {}): Promise<Store> {
  const parsed = StoreConfigSchema.parse(config);
  switch (parsed.kind) {
    case 'sqlite': {
      mkdirSync(parsed.dataDir, { recursive: true });
      return openSqliteStore(path.join(parsed.dataDir, STORE_FILE_NAME));
    }
    case 'graph':
      // Checks the site, lists and write access first; throws StoreSetupError naming what is missing.
      return openGraphStore(parsed.settings, graphOptions);
  }
}
