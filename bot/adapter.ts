/**
 * botbuilder's CloudAdapter, configured from the environment. Without an app id it accepts
 * unauthenticated traffic (Agents Playground, tests: SPEC §9); with one, every request must
 * carry a valid Bot Framework token or is refused with 401 by the adapter.
 */
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';

export interface BotCredentialSettings {
  appId: string;
  appPassword: string | null;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  tenantId: string | null;
}

export function createAdapter(credentials: BotCredentialSettings | null, log: Logger): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: credentials?.appId ?? '',
    MicrosoftAppPassword: credentials?.appPassword ?? '',
    MicrosoftAppType: credentials?.appType ?? 'MultiTenant',
    MicrosoftAppTenantId: credentials?.tenantId ?? '',
  });
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    log.error({ err: error, activityType: context.activity.type }, 'bot turn failed');
    if (context.activity.type === 'message') {
      await context.sendActivity('Något gick fel hos oss. Försök igen om en stund.').catch(() => undefined);
    }
  };
  return adapter;
}
