/**
 * The store contract (core/store/contract.ts), unchanged, on the Graph store against the fake
 * Graph: the same cases as SQLite, the concurrency ones included.
 */
import { afterAll, beforeAll } from 'vitest';
import { describeStoreContract } from '../../core/store/contract.js';
import type { FakeGraph } from '../support/fake-graph/fake-graph.js';
import { graphStore, startFake } from './graph-fixture.js';

let fake: FakeGraph;
beforeAll(async () => {
  fake = await startFake();
});
afterAll(async () => {
  await fake.stop();
});

describeStoreContract('graph (fake Graph)', async () => {
  const { store } = await graphStore(fake);
  return { store, cleanup: () => store.close() };
});
