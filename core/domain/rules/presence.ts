/**
 * Presence over the agenda: "anslöt från punkt N", "lämnade efter punkt N". Pure functions
 * over a person's spans; item positions are compared in the order the meeting took the items.
 */
import type { PresenceSpan } from '../model.js';

export const isPresentNow = (spans: readonly PresenceSpan[]) => spans.some((s) => s.until === null);

/**
 * Checking in. Before the first item is current the person is present from the start; after
 * that from the current item. Already present: no change (null).
 */
export function arrive(spans: readonly PresenceSpan[], currentItem: number | null): PresenceSpan[] | null {
  if (isPresentNow(spans)) return null;
  return [...spans, { from: currentItem, until: null }];
}

/**
 * Leaving. After the current item N the person "lämnade efter punkt N". Leaving before any
 * item was taken up means the person was not present for any of the meeting's business.
 * Not present: no change (null).
 */
export function depart(spans: readonly PresenceSpan[], currentItem: number | null): PresenceSpan[] | null {
  if (!isPresentNow(spans)) return null;
  const open = spans.find((s) => s.until === null)!;
  const rest = spans.filter((s) => s !== open);
  if (currentItem === null) return rest;
  return [...rest, { ...open, until: currentItem }];
}

/** Rank of an item in the order taken; items not yet taken come after all taken ones. */
function rank(order: readonly number[], item: number): number {
  const i = order.indexOf(item);
  return i === -1 ? order.length + item : i;
}

/** Was the person present for `item`? `order` is the meeting's itemsTaken (then the agenda order). */
export function presentAt(spans: readonly PresenceSpan[], item: number, order: readonly number[]): boolean {
  const r = rank(order, item);
  return spans.some(
    (s) => (s.from === null || rank(order, s.from) <= r) && (s.until === null || r <= rank(order, s.until)),
  );
}

/** The protocol's summary of a person's presence: first arrival after the start, last leave. */
export function presenceSummary(spans: readonly PresenceSpan[], order: readonly number[]): { fromItem: number | null; untilItem: number | null } {
  if (spans.length === 0) return { fromItem: null, untilItem: null };
  const sorted = [...spans].sort((a, b) => (a.from === null ? -1 : b.from === null ? 1 : rank(order, a.from) - rank(order, b.from)));
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]!;
  return { fromItem: first.from, untilItem: last.until };
}
