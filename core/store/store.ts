/**
 * The storage contract. Small on purpose: each collection is a set of records keyed by `key`,
 * each carrying an opaque version tag (eTag). It asks nothing a SharePoint list behind
 * Microsoft Graph cannot do: no joins, no cross-record transactions, filters on one indexed
 * field at a time, creates that fail on an existing key (unique column), and updates that
 * fail on a stale eTag (If-Match → 412). Everything else is done by the domain.
 */
import type {
  AgendaItem,
  Attendance,
  AuditEntry,
  Ballot,
  Body,
  Case,
  CaseEvent,
  Decision,
  Meeting,
  Membership,
  Organisation,
  Person,
  PostedCard,
  ProcessedActivity,
  ProtocolVersion,
  Reservation,
} from '../domain/model.js';

export interface Stored<T> {
  value: T;
  /** Opaque version tag; pass it back to `update`/`remove` to detect concurrent writes. */
  etag: string;
}

/** Fields a collection can be filtered on (each is an indexed column in every store). */
export const INDEXED_FIELDS = {
  organisations: [],
  bodies: [],
  people: ['aadObjectId', 'email'],
  memberships: ['body', 'person'],
  meetings: ['body', 'teamsMeetingId', 'chatId'],
  agendaItems: ['meeting', 'caseKey'],
  attendance: ['meeting', 'person'],
  decisions: ['meeting'],
  ballots: ['decision', 'meeting'],
  reservations: ['decision', 'meeting'],
  protocols: ['meeting'],
  cases: ['originBody'],
  caseEvents: ['case', 'meeting'],
  audit: ['meeting', 'actor'],
  activities: [],
  postedCards: ['meeting'],
} as const;

export interface Records {
  organisations: Organisation;
  bodies: Body;
  people: Person;
  memberships: Membership;
  meetings: Meeting;
  agendaItems: AgendaItem;
  attendance: Attendance;
  decisions: Decision;
  ballots: Ballot;
  reservations: Reservation;
  protocols: ProtocolVersion;
  cases: Case;
  caseEvents: CaseEvent;
  audit: AuditEntry;
  activities: ProcessedActivity;
  postedCards: PostedCard;
}

export type CollectionName = keyof Records;
export const COLLECTIONS = Object.keys(INDEXED_FIELDS) as CollectionName[];

export type IndexedField<C extends CollectionName> = (typeof INDEXED_FIELDS)[C][number];

export interface Collection<C extends CollectionName> {
  readonly name: C;
  get(key: string): Promise<Stored<Records[C]> | null>;
  /** All records, or those whose indexed `field` equals `value`. Order is unspecified. */
  list(filter?: { field: IndexedField<C>; equals: string }): Promise<Stored<Records[C]>[]>;
  /** Creates a record; throws `AlreadyExistsError` when the key (or another unique field) exists. */
  create(value: Records[C]): Promise<Stored<Records[C]>>;
  /** Replaces a record; throws `PreconditionFailedError` when `etag` is stale, `NotFoundError` when gone. */
  update(value: Records[C], etag: string): Promise<Stored<Records[C]>>;
  /** Removes a record; with `etag`, only if unchanged. Removing a missing record is not an error. */
  remove(key: string, etag?: string): Promise<void>;
}

export type StoreCollections = { [C in CollectionName]: Collection<C> };

export interface StoreHealth {
  ok: boolean;
  kind: string;
  detail?: string;
}

/** What changed in a collection since a cursor (see `Store.changes`). */
export interface Changes<C extends CollectionName> {
  /** Records created or changed since the cursor, in their latest state. */
  changed: Stored<Records[C]>[];
  /** Keys of records removed since the cursor. */
  removed: string[];
  /** Pass it back to get the changes after these. */
  cursor: string;
  /** True: `changed` is the whole collection (replace what you hold), not a difference. */
  full: boolean;
}

export interface Store extends StoreCollections {
  readonly kind: string;
  health(): Promise<StoreHealth>;
  close(): Promise<void>;
  /**
   * Optional: follows a collection without re-reading it (a delta query on SharePoint).
   * `cursor` null (or one the store can no longer serve) answers the whole collection, `full`.
   */
  changes?<C extends CollectionName>(name: C, cursor: string | null): Promise<Changes<C>>;
}

export class StoreError extends Error {}

export class AlreadyExistsError extends StoreError {
  constructor(
    readonly collection: CollectionName,
    readonly key: string,
  ) {
    super(`${collection}: a record with key "${key}" already exists`);
    this.name = 'AlreadyExistsError';
  }
}

export class PreconditionFailedError extends StoreError {
  constructor(
    readonly collection: CollectionName,
    readonly key: string,
  ) {
    super(`${collection}: record "${key}" was changed by someone else (stale eTag)`);
    this.name = 'PreconditionFailedError';
  }
}

export class NotFoundError extends StoreError {
  constructor(
    readonly collection: CollectionName,
    readonly key: string,
  ) {
    super(`${collection}: no record with key "${key}"`);
    this.name = 'NotFoundError';
  }
}

/** How many times a read-modify-write is retried after losing a race (412 / unique conflict). */
export const DEFAULT_ATTEMPTS = 100;

/**
 * Waits a little before retrying a lost race, with jitter so that writers who collided do not
 * collide again in lock step; grows with the attempt, capped so a burst stays fast.
 */
const backoff = (attempt: number) => new Promise((r) => setTimeout(r, Math.random() * Math.min(2 * attempt, 50)));

/**
 * Read-modify-write with optimistic concurrency: re-reads and retries when another writer got
 * there first (412). `change` returns the new value, or null to leave the record as it is.
 */
export async function mutate<C extends CollectionName>(
  collection: Collection<C>,
  key: string,
  change: (current: Records[C]) => Records[C] | null,
  attempts = DEFAULT_ATTEMPTS,
): Promise<Stored<Records[C]>> {
  for (let attempt = 1; ; attempt++) {
    const current = await collection.get(key);
    if (!current) throw new NotFoundError(collection.name, key);
    const next = change(current.value);
    if (next === null) return current;
    try {
      return await collection.update(next, current.etag);
    } catch (err) {
      if (!(err instanceof PreconditionFailedError) || attempt >= attempts) throw err;
      await backoff(attempt);
    }
  }
}

/**
 * Create-or-update by key: creates when missing, otherwise applies `change` under eTag.
 * A concurrent create of the same key (unique-key conflict) turns into an update.
 */
export async function upsert<C extends CollectionName>(
  collection: Collection<C>,
  key: string,
  create: () => Records[C],
  change: (current: Records[C]) => Records[C] | null,
  attempts = DEFAULT_ATTEMPTS,
): Promise<Stored<Records[C]>> {
  for (let attempt = 1; ; attempt++) {
    const current = await collection.get(key);
    try {
      if (!current) return await collection.create(create());
      const next = change(current.value);
      if (next === null) return current;
      return await collection.update(next, current.etag);
    } catch (err) {
      const retriable = err instanceof PreconditionFailedError || err instanceof AlreadyExistsError || err instanceof NotFoundError;
      if (!retriable || attempt >= attempts) throw err;
      await backoff(attempt);
    }
  }
}
