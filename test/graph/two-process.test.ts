/**
 * Two server processes writing to the same SharePoint site at once (through the fake Graph,
 * which also throttles some of their requests): every voter ends with one ballot, and every
 * change to one shared ballot is counted once.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixtures } from '../../core/store/contract.js';
import { openGraphStore } from '../../core/store/graph/graph-store.js';
import type { FakeGraph } from '../support/fake-graph/fake-graph.js';
import { freshSite, graphEnv, settingsFor, startFake } from './graph-fixture.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
let fake: FakeGraph;
beforeAll(async () => {
  fake = await startFake();
});
afterAll(async () => {
  await fake.stop();
});

it('two processes on one site: nothing lost or doubled, also when throttled', async () => {
  const site = await freshSite(fake);
  const store = await openGraphStore(settingsFor(fake, site.url));
  const shared = await store.ballots.create(fixtures.ballots(999, { key: 'shared', decision: 'other-decision' }));
  const voters = 60;
  const bumps = 20;
  const url = (p: string) => JSON.stringify(pathToFileURL(path.join(REPO, p)).href);
  const child = `
    const { openGraphStore } = await import(${url('core/store/graph/graph-store.ts')});
    const { readGraphEnv } = await import(${url('core/store/graph/settings.ts')});
    const { upsert, mutate } = await import(${url('core/store/store.ts')});
    const { fixtures } = await import(${url('core/store/contract.ts')});
    const store = await openGraphStore(readGraphEnv(process.env).settings);
    await new Promise((r) => setTimeout(r, Math.max(0, Number(process.env.START_AT) - Date.now())));
    const bump = (c) => ({ ...c, changes: c.changes + 1 });
    await Promise.all([
      ...Array.from({ length: ${voters} }, (_, i) => { const b = fixtures.ballots(i + 1); return upsert(store.ballots, b.key, () => b, bump); }),
      (async () => { for (let i = 0; i < ${bumps}; i++) await mutate(store.ballots, 'shared', bump); })(),
    ]);
  `;
  fake.injectFault({ method: 'POST', path: '/items', status: 429, retryAfterSeconds: 1, times: 10 });
  fake.injectFault({ method: 'PATCH', path: '/fields', status: 503, retryAfterSeconds: 1, times: 5 });
  const startAt = Date.now() + 3_000;
  const run = promisify(execFile);
  await Promise.all(
    [1, 2].map(() =>
      run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', child], {
        cwd: REPO,
        env: { ...process.env, ...graphEnv(fake, site.url), START_AT: String(startAt) },
      }),
    ),
  );
  expect(fake.meter.throttled).toBe(15);
  const ballots = await store.ballots.list({ field: 'decision', equals: 'meeting-1|1' });
  expect(ballots).toHaveLength(voters);
  // Each voter: created by one process, changed once by the other.
  expect(ballots.every((b) => b.value.changes === 1)).toBe(true);
  expect((await store.ballots.get(shared.value.key))?.value.changes).toBe(2 * bumps);
}, 60_000);
