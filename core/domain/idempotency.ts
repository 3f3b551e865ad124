/**
 * "The same activity delivered twice changes nothing and gets the same answer" (SPEC §5).
 * The activity id is claimed by creating a record under a unique key; the first delivery does
 * the work and stores its answer; a repeat waits for that answer and returns it unchanged.
 */
import { AlreadyExistsError, type Store } from '../store/store.js';

export interface OnceOptions {
  /** How long a repeat waits for the first delivery's answer. */
  waitMs?: number;
  /** A claim older than this is taken to be from a process that died mid-way and is taken over. */
  staleMs?: number;
  now?: () => Date;
}

export class StillProcessingError extends Error {
  constructor(readonly activityId: string) {
    super(`Activity ${activityId} is still being handled by another delivery`);
    this.name = 'StillProcessingError';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function once<T>(
  store: Store,
  activityId: string,
  handle: () => Promise<T>,
  options: OnceOptions = {},
): Promise<{ answer: T; repeated: boolean }> {
  const { waitMs = 10_000, staleMs = 120_000, now = () => new Date() } = options;
  const claim = { key: activityId, state: 'processing' as const, at: now().toISOString(), answer: null };
  try {
    await store.activities.create(claim);
  } catch (err) {
    if (!(err instanceof AlreadyExistsError)) throw err;
    const deadline = Date.now() + waitMs;
    for (;;) {
      const seen = await store.activities.get(activityId);
      if (!seen) return once(store, activityId, handle, options); // the first delivery failed and let go
      if (seen.value.state === 'done') return { answer: seen.value.answer as T, repeated: true };
      if (now().getTime() - Date.parse(seen.value.at) > staleMs) {
        await store.activities.remove(activityId, seen.etag).catch(() => undefined);
        continue;
      }
      if (Date.now() > deadline) throw new StillProcessingError(activityId);
      await sleep(25);
    }
  }
  let answer: T;
  try {
    answer = await handle();
  } catch (err) {
    // Nothing was answered: let a redelivery try again.
    await store.activities.remove(activityId).catch(() => undefined);
    throw err;
  }
  const current = await store.activities.get(activityId);
  if (current) await store.activities.update({ ...current.value, state: 'done', answer }, current.etag);
  return { answer, repeated: false };
}
