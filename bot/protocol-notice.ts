/**
 * The protocol status card: the reply to `protokoll`, and the card the bot posts in the meeting
 * chat when the tab finalises a version (the request to sign it, SPEC §6).
 */
import { ActivityTypes, CardFactory, type ConversationReference } from 'botbuilder';
import type { Meeting } from '../core/domain/model.js';
import type { ProtocolNotifier } from '../core/domain/notifications.js';
import { currentProtocol, signerRoles } from '../core/domain/protocol.js';
import { renderProtocolStatus, type AdaptiveCardJson } from './cards/render.js';
import type { CloudAdapter } from 'botbuilder';
import { protocolUrl, type BotDeps } from './deps.js';
import { snapshot, type Snapshot } from './views.js';

export async function protocolStatusCard(deps: BotDeps, meeting: Meeting, refreshUserIds: string[], read?: Snapshot): Promise<AdaptiveCardJson> {
  const doc = await currentProtocol(deps.svc, meeting.key);
  const s = read ?? (await snapshot(deps.svc, meeting.key));
  return renderProtocolStatus({
    meetingKey: meeting.key,
    bodyName: s.ctx.bodyName,
    start: meeting.start,
    dnr: meeting.dnr,
    refreshUserIds,
    status: doc.status,
    version: doc.version,
    signatures: doc.signatures.map((x) => ({ name: x.name, role: x.role, signedAt: x.signedAt })),
    protocolUrl: protocolUrl(deps, meeting.key),
  });
}

/**
 * Posts the status card, with its Signera button, in the chat the meeting is linked to. The chat's
 * service URL is known from the cards the bot posted there; a meeting never run in a chat has
 * none, and then there is nobody to post to (the tab's buttons still work).
 */
export function createProtocolNotifier(deps: BotDeps, adapter: CloudAdapter, appId: string): ProtocolNotifier {
  return {
    async protocolFinalised(meetingKey: string) {
      const meeting = await deps.svc.meeting(meetingKey);
      const posted = (await deps.store.postedCards.list({ field: 'meeting', equals: meetingKey })).map((c) => c.value);
      const where = posted.find((c) => c.conversation === meeting.chatId) ?? posted[0];
      if (!where) {
        deps.log.info({ meeting: meetingKey }, 'protocol finalised; the meeting has no chat to post the signing card in');
        return;
      }
      const s = await snapshot(deps.svc, meetingKey);
      const signers = s.ctx.roster.memberships.filter((m) => signerRoles(meeting, m.role, m.person).length > 0).map((m) => m.person);
      const refreshUserIds = signers.map((p) => deps.teamsIds.view.get(p)).filter((id): id is string => id !== undefined);
      const card = await protocolStatusCard(deps, meeting, refreshUserIds, s);
      const reference: Partial<ConversationReference> = {
        channelId: 'msteams',
        serviceUrl: where.serviceUrl,
        conversation: { id: where.conversation, isGroup: true, conversationType: 'groupChat', name: '' },
      };
      await adapter.continueConversationAsync(appId, reference, async (context) => {
        await context.sendActivity({ type: ActivityTypes.Message, attachments: [CardFactory.adaptiveCard(card)] });
      });
    },
  };
}
