/**
 * Keeps the shared cards in the chat current without flooding Teams (SPEC §5: 7 messages a
 * second, 60 per 30 seconds per conversation, updates included). Presses are answered at once
 * in the presser's own view; the shared card is updated at most once per interval per card,
 * always with the latest state, and the final state is always sent.
 */
import type { PostedCard } from '../core/domain/model.js';

export interface CardUpdaterOptions {
  /** Least time between two updates of one card. */
  intervalMs: number;
  /** Renders the card's shared view from the current state; null when there is nothing to show. */
  render: (card: PostedCard) => Promise<object | null>;
  /** Replaces the posted card in the chat. Throws with `statusCode` 429 when throttled. */
  send: (card: PostedCard, content: object) => Promise<void>;
  log?: { warn: (obj: object, msg: string) => void };
  /** Give up on a card update after this much total waiting for Retry-After. */
  maxThrottleWaitMs?: number;
  now?: () => number;
}

interface CardState {
  card: PostedCard;
  lastSent: number;
  dirty: boolean;
  timer: NodeJS.Timeout | null;
  running: Promise<void> | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Retry-After of a throttled request, in ms (seconds or an HTTP date), when the error says so. */
export function retryAfterMs(err: unknown): number | null {
  const e = err as { statusCode?: number; status?: number; response?: { headers?: unknown } };
  if ((e?.statusCode ?? e?.status) !== 429) return null;
  const headers = e.response?.headers as { get?: (n: string) => string | null | undefined } | Record<string, string> | undefined;
  const raw = typeof headers?.get === 'function' ? headers.get('retry-after') : (headers as Record<string, string> | undefined)?.['retry-after'];
  if (!raw) return 1000;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? 1000 : Math.max(0, at - Date.now());
}

export class CardUpdater {
  private readonly cards = new Map<string, CardState>();
  private readonly now: () => number;
  /** Updates sent, per card key (for logs and tests). */
  readonly sent = new Map<string, number>();

  constructor(private readonly options: CardUpdaterOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The card's state changed: schedule an update of its shared view. */
  touch(card: PostedCard): void {
    const st = this.cards.get(card.key) ?? { card, lastSent: 0, dirty: false, timer: null, running: null };
    st.card = card;
    st.dirty = true;
    this.cards.set(card.key, st);
    if (st.timer || st.running) return;
    this.schedule(st);
  }

  private schedule(st: CardState) {
    const wait = Math.max(0, st.lastSent + this.options.intervalMs - this.now());
    st.timer = setTimeout(() => {
      st.timer = null;
      st.dirty = false;
      st.lastSent = this.now();
      st.running = this.sendLatest(st.card).finally(() => {
        st.running = null;
        if (st.dirty) this.schedule(st);
      });
    }, wait);
  }

  private async sendLatest(card: PostedCard): Promise<void> {
    let waited = 0;
    const budget = this.options.maxThrottleWaitMs ?? 60_000;
    for (;;) {
      try {
        const content = await this.options.render(card);
        if (!content) return;
        await this.options.send(card, content);
        this.sent.set(card.key, (this.sent.get(card.key) ?? 0) + 1);
        return;
      } catch (err) {
        const wait = retryAfterMs(err);
        if (wait === null || waited + wait > budget) {
          this.options.log?.warn({ err, card: card.key }, 'could not update the shared card');
          return;
        }
        waited += wait;
        await sleep(wait);
      }
    }
  }

  /** Sends every pending update now and waits for them (shutdown, tests). */
  async flush(): Promise<void> {
    for (const st of this.cards.values()) {
      if (st.timer) {
        clearTimeout(st.timer);
        st.timer = null;
        st.dirty = false;
        st.lastSent = this.now();
        st.running = this.sendLatest(st.card).finally(() => {
          st.running = null;
        });
      }
    }
    await Promise.all([...this.cards.values()].map((st) => st.running));
  }

  /** True while any update is waiting or in flight. */
  get busy(): boolean {
    return [...this.cards.values()].some((st) => st.timer !== null || st.running !== null);
  }
}
