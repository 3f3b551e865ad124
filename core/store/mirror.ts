/**
 * A copy of one collection kept current through `Store.changes` (a delta query on SharePoint), so
 * the case flow is refreshed with what changed instead of re-reading thousands of records. A
 * store without `changes` is simply re-read. One refresh runs at a time; callers arriving while
 * it runs wait for the next one, so a write made before a call is always seen by it.
 */
import type { CollectionName, Records, Store } from './store.js';

export class CollectionMirror<C extends CollectionName> {
  private readonly records = new Map<string, Records[C]>();
  private cursor: string | null = null;
  /** The last refresh asked for; the next one starts after it. */
  private tail: Promise<unknown> = Promise.resolve();
  /** A refresh asked for but not yet started: later callers join it (it will see their writes). */
  private queued: Promise<Records[C][]> | null = null;

  constructor(
    private readonly store: Store,
    private readonly name: C,
  ) {}

  /** Every record of the collection as it is now. */
  values(): Promise<Records[C][]> {
    if (this.queued) return this.queued;
    const next = this.tail
      .catch(() => undefined)
      .then(async () => {
        this.queued = null;
        await this.refresh();
        return [...this.records.values()];
      });
    this.queued = next;
    this.tail = next;
    return next;
  }

  private async refresh(): Promise<void> {
    if (!this.store.changes) {
      this.replace((await this.store[this.name].list()).map((s) => s.value as Records[C]));
      return;
    }
    let changes;
    try {
      changes = await this.store.changes(this.name, this.cursor);
    } catch (err) {
      // A cursor the store no longer serves, or a failed call: start over from the whole collection next time.
      this.cursor = null;
      throw err;
    }
    if (changes.full) this.replace(changes.changed.map((s) => s.value as Records[C]));
    else {
      for (const key of changes.removed) this.records.delete(key);
      for (const s of changes.changed) this.records.set((s.value as { key: string }).key, s.value as Records[C]);
    }
    this.cursor = changes.cursor;
  }

  private replace(values: Records[C][]) {
    this.records.clear();
    for (const v of values) this.records.set((v as { key: string }).key, v);
  }
}
