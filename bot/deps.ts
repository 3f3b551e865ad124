/** What the bot's routes share: the domain, the store, the card updater, a logger. */
import type { Logger } from 'pino';
import type { Samverkan } from '../core/domain/service.js';
import type { Store } from '../core/store/store.js';
import type { CardUpdater } from './card-updates.js';
import type { TeamsIdDirectory } from './identity.js';

export interface BotDeps {
  svc: Samverkan;
  store: Store;
  log: Logger;
  updater: CardUpdater;
  teamsIds: TeamsIdDirectory;
  /** Public base URL of this server (links to the protocol), when known. */
  publicUrl: string | null;
  now: () => Date;
}

export const protocolUrl = (deps: BotDeps, meetingKey: string) =>
  `${deps.publicUrl ?? ''}/api/meetings/${encodeURIComponent(meetingKey)}/protocol.html`;
