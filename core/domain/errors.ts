/**
 * A request the domain turns down: the person gets `message` (Swedish, shown as is) and
 * nothing changes. `code` lets the edges map it (HTTP status, card view) without parsing text.
 */
export type RefusalCode =
  | 'not-found'
  | 'not-member'
  | 'not-permitted'
  | 'not-eligible'
  | 'wrong-state'
  | 'invalid';

export class Refusal extends Error {
  constructor(
    readonly code: RefusalCode,
    message: string,
  ) {
    super(message);
    this.name = 'Refusal';
  }
}

export const isRefusal = (err: unknown): err is Refusal => err instanceof Refusal;
