/**
 * The bot, ready to mount at `POST /api/messages`. The only entry into `bot/` the server uses;
 * botbuilder stays inside this folder.
 */
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { ActivityTypes, CardFactory, type ConversationReference } from 'botbuilder';
import { Samverkan } from '../core/domain/service.js';
import type { PostedCard } from '../core/domain/model.js';
import type { Store } from '../core/store/store.js';
import { createAdapter, type BotCredentialSettings } from './adapter.js';
import { SamverkanBot } from './bot.js';
import { CardUpdater } from './card-updates.js';
import type { BotDeps } from './deps.js';
import type { ProtocolNotifier } from '../core/domain/notifications.js';
import { createProtocolNotifier } from './protocol-notice.js';
import { TeamsIdDirectory } from './identity.js';
import { renderShared } from './shared-cards.js';
import { z } from 'zod';

/**
 * What every activity from the Bot Framework carries (Bot Framework Activity schema); anything
 * less is refused before it reaches the adapter. Other fields are checked where they are used.
 */
const activitySchema = z.object({
  type: z.string().min(1).max(100),
  id: z.string().max(500).optional(),
  serviceUrl: z.url({ protocol: /^https?$/ }),
  channelId: z.string().min(1).max(100),
  from: z.object({ id: z.string().min(1).max(500), aadObjectId: z.string().max(100).optional() }).loose(),
  conversation: z.object({ id: z.string().min(1).max(1000) }).loose(),
  text: z.string().max(10_000).optional(),
}).loose();

export interface BotOptions {
  store: Store;
  logger: Logger;
  credentials: BotCredentialSettings | null;
  publicUrl: string | null;
  /** Least time between two updates of one shared card (SPEC §5, Teams' rate limits). */
  cardUpdateIntervalMs: number;
  now?: () => Date;
}

export interface Bot {
  handler: RequestHandler;
  /** Sends pending card updates (on shutdown). */
  flush(): Promise<void>;
  /** Tells the meeting chat that a protocol version awaits signatures (used by the tab). */
  notifier: ProtocolNotifier;
}

export function createBot(options: BotOptions): Bot {
  const log = options.logger.child({ component: 'bot' });
  const adapter = createAdapter(options.credentials, log);
  const appId = options.credentials?.appId ?? '';
  const now = options.now ?? (() => new Date());
  const svc = new Samverkan(options.store, now);

  const send = async (card: PostedCard, content: object) => {
    const reference: Partial<ConversationReference> = {
      channelId: 'msteams',
      serviceUrl: card.serviceUrl,
      conversation: { id: card.conversation, isGroup: true, conversationType: 'groupChat', name: '' },
    };
    await adapter.continueConversationAsync(appId, reference, async (context) => {
      await context.updateActivity({
        type: ActivityTypes.Message,
        id: card.message,
        conversation: reference.conversation,
        attachments: [CardFactory.adaptiveCard(content)],
      });
    });
  };

  const updater: CardUpdater = new CardUpdater({
    intervalMs: options.cardUpdateIntervalMs,
    render: (card) => renderShared(deps, card),
    send,
    log,
  });
  const deps: BotDeps = { svc, store: options.store, log, updater, teamsIds: new TeamsIdDirectory(), publicUrl: options.publicUrl, now };
  const bot = new SamverkanBot(deps);

  const handler: RequestHandler = async (req, res, next) => {
    // With credentials, no token means 401 whatever the body; the adapter validates real tokens.
    if (options.credentials && !req.get('authorization')) {
      res.status(401).json({ error: 'Saknar giltig Bot Framework-token' });
      return;
    }
    const valid = activitySchema.safeParse(req.body);
    if (!valid.success) {
      const problems = valid.error.issues.map((i) => `${i.path.join('.') || 'aktivitet'}: ${i.message}`);
      res.status(400).json({ error: 'Ogiltig aktivitet', problems });
      return;
    }
    // CloudAdapter writes its own error responses, with the internal error text as the body
    // (e.g. when the token's signing keys cannot be fetched). People get a plain message; the
    // real error goes to the log.
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      if (res.statusCode < 500) return send(body);
      log.error({ status: res.statusCode, detail: typeof body === 'string' ? body.slice(0, 500) : body }, 'bot adapter failed the request');
      res.type('application/json');
      return send(JSON.stringify({ error: 'Internt serverfel' }));
    };
    try {
      await adapter.process(req, res, (context) => bot.run(context));
    } catch (err) {
      next(err);
    }
  };
  return { handler, flush: () => updater.flush(), notifier: createProtocolNotifier(deps, adapter, appId) };
}
