/**
 * Where the tab runs: inside Teams (SSO, Teams theme, frame context) or in a plain browser
 * (local mode with a demo user, or a hint to open it in Teams). Detected quickly so a plain
 * browser never waits on the Teams SDK. The SDK is loaded only when we may be in Teams: it
 * fetches its list of valid host domains from a CDN as soon as it is loaded.
 */

export type ThemeName = 'light' | 'dark' | 'contrast';
export type FrameKind = 'content' | 'sidePanel' | 'meetingStage' | 'settings' | 'other';

export interface TeamsHost {
  inTeams: true;
  theme: ThemeName;
  frame: FrameKind;
  locale: string;
  teamsMeetingId: string | null;
  /** The chat the tab sits in (a meeting chat is linked to our meeting by the bot). */
  chatId: string | null;
  onThemeChange(handler: (theme: ThemeName) => void): void;
  token(): Promise<string>;
}

export interface BrowserHost {
  inTeams: false;
  theme: ThemeName;
  frame: 'content';
  locale: string;
}

export type Host = TeamsHost | BrowserHost;

const INIT_TIMEOUT_MS = 1500;

export function teamsTheme(theme: string | undefined): ThemeName {
  if (theme === 'dark') return 'dark';
  if (theme === 'contrast') return 'contrast';
  return 'light';
}

/** `?theme=dark|light|contrast` (used by the screenshots) or the browser's preference. */
export function browserTheme(search: string): ThemeName {
  const asked = new URLSearchParams(search).get('theme');
  if (asked === 'dark' || asked === 'light' || asked === 'contrast') return asked;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function frameKind(frame: string | undefined): FrameKind {
  switch (frame) {
    case 'content':
    case 'sidePanel':
    case 'meetingStage':
    case 'settings':
      return frame;
    default:
      return frame ? 'other' : 'content';
  }
}

/** A top-level window with no opener and no native host is certainly not Teams. */
function certainlyPlainBrowser(): boolean {
  const w = window as Window & { nativeInterface?: unknown };
  return window.parent === window && !window.opener && !w.nativeInterface;
}

export async function detectHost(): Promise<Host> {
  const plain: BrowserHost = { inTeams: false, theme: browserTheme(window.location.search), frame: 'content', locale: 'sv-SE' };
  if (certainlyPlainBrowser()) return plain;
  try {
    const { app, authentication } = await import('@microsoft/teams-js');
    await withTimeout(app.initialize(), INIT_TIMEOUT_MS);
    const ctx = await withTimeout(app.getContext(), INIT_TIMEOUT_MS);
    return {
      inTeams: true,
      theme: teamsTheme(ctx.app.theme),
      frame: frameKind(ctx.page.frameContext),
      locale: ctx.app.locale || 'sv-SE',
      teamsMeetingId: ctx.meeting?.id ?? null,
      chatId: ctx.chat?.id ?? null,
      onThemeChange: (handler) => app.registerOnThemeChangeHandler((t) => handler(teamsTheme(t))),
      token: () => authentication.getAuthToken(),
    };
  } catch {
    return plain;
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}
