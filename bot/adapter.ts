/**
 * botbuilder's CloudAdapter, configured from the environment. Without an app id it accepts
 * unauthenticated traffic (Agents Playground, tests: SPEC §9); with one, every request must
 * carry a valid Bot Framework token or is refused with 401 by the adapter.
 */
import { readFileSync } from 'node:fs';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import { CertificateServiceClientCredentialsFactory } from 'botframework-connector';
import type { Logger } from 'pino';

export interface BotCredentialSettings {
  appId: string;
  appPassword: string | null;
  certificate: { thumbprint: string; keyFile: string } | null;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  tenantId: string | null;
}

export function createAdapter(credentials: BotCredentialSettings | null, log: Logger): CloudAdapter {
  const settings = {
    MicrosoftAppId: credentials?.appId ?? '',
    MicrosoftAppPassword: credentials?.appPassword ?? '',
    MicrosoftAppType: credentials?.appType ?? 'MultiTenant',
    MicrosoftAppTenantId: credentials?.tenantId ?? '',
  };
  // A certificate replaces the client secret; the managed identity and secret cases are read
  // from the settings by botbuilder's own credential factory.
  const certificate = credentials?.certificate
    ? new CertificateServiceClientCredentialsFactory(
        credentials.appId,
        credentials.certificate.thumbprint,
        readFileSync(credentials.certificate.keyFile, 'utf8'),
        credentials.tenantId ?? undefined,
      )
    : undefined;
  const auth = new ConfigurationBotFrameworkAuthentication(settings, certificate);
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    log.error({ err: error, activityType: context.activity.type }, 'bot turn failed');
    if (context.activity.type === 'message') {
      await context.sendActivity('Något gick fel hos oss. Försök igen om en stund.').catch(() => undefined);
    }
  };
  return adapter;
}
