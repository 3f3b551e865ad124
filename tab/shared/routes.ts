/**
 * The tab's pages, shared by the React app (client-side routing), the server (which serves the
 * app's index.html only for these paths) and the Teams manifest (whose URLs must be pages the
 * server serves). A URL outside this list is a 404, so a typo in the manifest is caught.
 */
export const TAB_BASE = '/tab';

export const TAB_PAGES = {
  /** Ärendeflöde: the default page of a channel tab. */
  cases: '/tab/cases',
  /** Möten: planning meetings and their agendas. */
  meetings: '/tab/meetings',
  /** Protokoll: the live draft, finalisation and signing (`?meeting=<key>`). */
  protocol: '/tab/protocol',
  /** The configuration page of a configurable tab (channel, meeting chat, side panel, stage). */
  config: '/tab/config',
  /** Integritet (the manifest's privacyUrl). */
  privacy: '/tab/privacy',
  /** Användarvillkor (the manifest's termsOfUseUrl). */
  terms: '/tab/terms',
} as const;

export type TabPage = keyof typeof TAB_PAGES;

/** `/tab` and `/tab/` open the case flow. */
export function tabPageFor(pathname: string): TabPage | null {
  const clean = pathname.replace(/\/+$/, '');
  if (clean === TAB_BASE) return 'cases';
  for (const [page, path] of Object.entries(TAB_PAGES) as [TabPage, string][]) if (clean === path) return page;
  return null;
}
