import { describe, expect, it } from 'vitest';
import { CardUpdater, retryAfterMs } from '../../bot/card-updates.js';
import type { PostedCard } from '../../core/domain/model.js';

const card: PostedCard = {
  key: 'm|decision|5',
  meeting: 'm',
  kind: 'decision',
  item: 5,
  conversation: 'c',
  message: 'a-1',
  serviceUrl: 'http://127.0.0.1/',
  postedAt: '2026-01-01T00:00:00Z',
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function harness(intervalMs: number, failures: unknown[] = []) {
  let state = 0;
  const sent: { state: number; at: number }[] = [];
  const updater = new CardUpdater({
    intervalMs,
    render: async () => ({ state }),
    send: async (_card, content) => {
      const err = failures.shift();
      if (err) throw err;
      sent.push({ state: (content as { state: number }).state, at: Date.now() });
    },
  });
  return { updater, sent, bump: () => (state += 1), get state() { return state; } };
}

describe('CardUpdater (coalesced shared-card updates)', () => {
  it('sends the first change at once and coalesces a burst into one more update with the final state', async () => {
    const h = harness(300);
    const began = Date.now();
    for (let i = 0; i < 60; i++) {
      h.bump();
      h.updater.touch(card);
      await sleep(5);
    }
    const burst = Date.now() - began;
    await sleep(800);
    // One at once, then at most one per interval while clicks keep coming, then the final one.
    expect(h.sent.length).toBeGreaterThanOrEqual(2);
    expect(h.sent.length).toBeLessThanOrEqual(Math.floor(burst / 300) + 2);
    expect(h.sent.at(-1)!.state).toBe(60);
    for (let i = 1; i < h.sent.length; i++) expect(h.sent[i]!.at - h.sent[i - 1]!.at).toBeGreaterThanOrEqual(290);
    expect(h.updater.busy).toBe(false);
  });

  it('retries a throttled update after its Retry-After, still ending with the latest state', async () => {
    const throttled = Object.assign(new Error('Too Many Requests'), { statusCode: 429, response: { headers: { get: (n: string) => (n === 'retry-after' ? '0.2' : null) } } });
    const h = harness(50, [throttled]);
    h.bump();
    const started = Date.now();
    h.updater.touch(card);
    await sleep(100);
    expect(h.sent).toHaveLength(0); // still waiting for Retry-After
    h.bump();
    h.updater.touch(card);
    await sleep(400);
    expect(h.sent.at(-1)!.state).toBe(2);
    expect(h.sent[0]!.at - started).toBeGreaterThanOrEqual(190);
  });

  it('gives up on errors other than throttling without stopping later updates', async () => {
    const h = harness(20, [Object.assign(new Error('gone'), { statusCode: 404 })]);
    h.bump();
    h.updater.touch(card);
    await sleep(50);
    expect(h.sent).toHaveLength(0);
    h.bump();
    h.updater.touch(card);
    await sleep(80);
    expect(h.sent.map((s) => s.state)).toEqual([2]);
  });

  it('flush sends what is pending at once (shutdown)', async () => {
    const h = harness(10_000);
    h.bump();
    h.updater.touch(card); // sent at once
    await sleep(20);
    h.bump();
    h.updater.touch(card); // would wait 10 s
    await h.updater.flush();
    expect(h.sent.map((s) => s.state)).toEqual([1, 2]);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const err = (v: string | null) => ({ statusCode: 429, response: { headers: { 'retry-after': v } } });
    expect(retryAfterMs(err('3'))).toBe(3000);
    expect(retryAfterMs(err(new Date(Date.now() + 5000).toUTCString()))).toBeGreaterThan(3000);
    expect(retryAfterMs({ statusCode: 500 })).toBeNull();
  });
});
