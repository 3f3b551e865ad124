/**
 * The activity handler: routes each kind of activity to its file in ./routes, once per
 * activity id (a repeated delivery changes nothing and gets the same answer).
 */
import { TeamsActivityHandler, type TurnContext } from 'botbuilder';
import type { AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue } from 'botbuilder';
import { once } from '../core/domain/idempotency.js';
import type { BotDeps } from './deps.js';
import { onCardAction } from './routes/card-action.js';
import { onMessage } from './routes/message.js';
import { onMeetingEnd, onMeetingStart, onParticipants } from './routes/meeting-events.js';

/** Activity ids are unique within a conversation. */
const activityKey = (context: TurnContext) =>
  context.activity.id ? `${context.activity.conversation?.id ?? ''}|${context.activity.id}` : null;

export class SamverkanBot extends TeamsActivityHandler {
  constructor(private readonly deps: BotDeps) {
    super();
    this.onMessage(async (context, next) => {
      await this.once(context, () => onMessage(deps, context));
      await next();
    });
    this.onTeamsMeetingStartEvent(async (_details, context, next) => {
      await this.once(context, () => onMeetingStart(deps, context));
      await next();
    });
    this.onTeamsMeetingEndEvent(async (_details, context, next) => {
      await this.once(context, () => onMeetingEnd(deps, context));
      await next();
    });
    this.onTeamsMeetingParticipantsJoinEvent(async (details, context, next) => {
      await this.once(context, () => onParticipants(deps, context, details, true));
      await next();
    });
    this.onTeamsMeetingParticipantsLeaveEvent(async (details, context, next) => {
      await this.once(context, () => onParticipants(deps, context, details, false));
      await next();
    });
  }

  private async once<T>(context: TurnContext, work: () => Promise<T>): Promise<T> {
    const key = activityKey(context);
    if (!key) return work();
    return (await once(this.deps.store, key, work)).answer;
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const card = await this.once(context, () => onCardAction(this.deps, context, value));
    return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card };
  }
}
