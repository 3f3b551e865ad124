/**
 * Sends activities to the bot's `POST /api/messages` exactly as Teams shapes them: a message
 * in a meeting chat, an `adaptiveCard/action` invoke (Universal Actions), and meeting events.
 * https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/work-with-universal-actions-for-adaptive-cards
 * https://learn.microsoft.com/microsoftteams/platform/apps-in-teams-meetings/meeting-apps-apis#receive-meeting-participant-events
 */
import { randomUUID } from 'node:crypto';

export interface TeamsUser {
  /** Teams user id (29:…). */
  id: string;
  name: string;
  aadObjectId: string;
}

export const teamsUser = (aadObjectId: string, name = aadObjectId): TeamsUser => ({ id: `29:${aadObjectId}`, name, aadObjectId });

export class BotClient {
  constructor(
    readonly botUrl: string,
    readonly serviceUrl: string,
    readonly conversationId = `19:meeting_${randomUUID()}@thread.v2`,
    readonly teamsMeetingId: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {}

  private base(from: TeamsUser, extra: Record<string, unknown>) {
    return {
      id: `f:${randomUUID()}`,
      channelId: 'msteams',
      serviceUrl: this.serviceUrl,
      timestamp: new Date().toISOString(),
      from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
      recipient: { id: '28:bot-id', name: 'Samverkan' },
      conversation: { id: this.conversationId, conversationType: 'groupChat', isGroup: true, tenantId: 'tenant-1' },
      channelData: {
        tenant: { id: 'tenant-1' },
        ...(this.teamsMeetingId ? { meeting: { id: this.teamsMeetingId } } : {}),
      },
      locale: 'sv-SE',
      ...extra,
    };
  }

  async post(activity: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
    const res = await fetch(this.botUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...this.headers }, body: JSON.stringify(activity) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  message(from: TeamsUser, text: string, opts: { mention?: boolean; id?: string } = {}) {
    const mentionText = '<at>Samverkan</at>';
    const activity = this.base(from, {
      type: 'message',
      text: opts.mention ? `${mentionText} ${text}` : text,
      textFormat: 'plain',
      entities: opts.mention ? [{ type: 'mention', text: mentionText, mentioned: { id: '28:bot-id', name: 'Samverkan' } }] : [],
    });
    if (opts.id) activity.id = opts.id;
    return activity;
  }

  /** A press on a card button: `adaptiveCard/action` with the button's verb and data. */
  action(from: TeamsUser, verb: string, data: Record<string, unknown>, opts: { id?: string; replyToId?: string } = {}) {
    const activity = this.base(from, {
      type: 'invoke',
      name: 'adaptiveCard/action',
      replyToId: opts.replyToId,
      value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    });
    if (opts.id) activity.id = opts.id;
    return activity;
  }

  meetingEvent(from: TeamsUser, name: 'application/vnd.microsoft.meetingStart' | 'application/vnd.microsoft.meetingEnd', value: Record<string, unknown> = {}) {
    return this.base(from, { type: 'event', name, value });
  }

  participants(joined: boolean, users: TeamsUser[]) {
    return this.base(users[0]!, {
      type: 'event',
      name: joined ? 'application/vnd.microsoft.meetingParticipantJoin' : 'application/vnd.microsoft.meetingParticipantLeave',
      value: { members: users.map((u) => ({ user: { id: u.id, name: u.name, aadObjectId: u.aadObjectId }, meeting: { inMeeting: joined, role: 'Attendee' } })) },
    });
  }

  /** The card Teams would show the presser: the invoke response's card. */
  static card(res: { status: number; body: unknown }): Record<string, unknown> {
    const b = res.body as { statusCode?: number; type?: string; value?: Record<string, unknown> };
    if (res.status !== 200 || b?.type !== 'application/vnd.microsoft.card.adaptive' || !b.value) {
      throw new Error(`expected a card answer, got ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    }
    return b.value;
  }
}

/** All text of a card, for assertions ("Du är incheckad", error notices). */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      for (const [k, v] of Object.entries(n)) {
        if ((k === 'text' || k === 'title') && typeof v === 'string') out.push(v);
        else walk(v);
      }
    }
  };
  walk(card);
  return out.join('\n');
}

/** Titles of the card's buttons (including those inside ShowCards). */
export function buttonTitles(card: unknown): string[] {
  const out: string[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (typeof o.type === 'string' && o.type.startsWith('Action.') && typeof o.title === 'string') out.push(o.title);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}
