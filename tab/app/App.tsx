/**
 * The shell: theme (Teams or ?theme=), sign-in (Teams SSO, or the demo user picker in local
 * mode), the navigation and the page for the current pathname.
 */
import { useEffect, useMemo, useState } from 'react';
import {
  Button,
  FluentProvider,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  teamsDarkTheme,
  teamsHighContrastTheme,
  teamsLightTheme,
} from '@fluentui/react-components';
import type { Theme } from '@fluentui/react-components';
import type { DevUser, Me, TabConfig } from '../shared/api-types.js';
import { tabPageFor, TAB_PAGES, type TabPage } from '../shared/routes.js';
import { ApiFailure, describeError, get, setIdentity } from './api.js';
import { ConfigPage } from './ConfigPage.js';
import { CasesPage } from './cases/CasesPage.js';
import type { Host, ThemeName } from './host.js';
import { useMediaQuery } from './hooks.js';
import { InfoPage } from './InfoPage.js';
import { MeetingsPage } from './meetings/MeetingsPage.js';
import { ProtocolPage } from './protocol/ProtocolPage.js';
import { hrefFor, routeLink, useLocation } from './router.js';
import { SessionContext, storeDevUser, storedDevUser, useSession, type Session } from './session.js';
import { T } from './texts.js';
import { UserPicker } from './UserPicker.js';

const THEMES: Record<ThemeName, Theme> = { light: teamsLightTheme, dark: teamsDarkTheme, contrast: teamsHighContrastTheme };

type Gate =
  | { state: 'loading' }
  | { state: 'pick-user'; users: DevUser[] }
  | { state: 'open-in-teams' }
  | { state: 'failed'; message: string }
  | { state: 'ready'; mode: 'local' | 'entra'; me: Me };

export function App({ host }: { host: Host }) {
  const [theme, setTheme] = useState<ThemeName>(host.theme);
  useEffect(() => {
    if (host.inTeams) host.onThemeChange(setTheme);
  }, [host]);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  const location = useLocation();
  const page = tabPageFor(location.pathname);
  const publicPage = page === 'privacy' || page === 'terms';

  return (
    <FluentProvider theme={THEMES[theme]} className="app-root" applyStylesToPortals>
      {publicPage ? <PublicShell page={page} /> : <SignedIn host={host} page={page} location={location} />}
    </FluentProvider>
  );
}

function PublicShell({ page }: { page: 'privacy' | 'terms' }) {
  return (
    <div className="shell">
      <header className="app-header">
        <a className="app-name" href={hrefFor(TAB_PAGES.cases)} onClick={routeLink(TAB_PAGES.cases)}>
          {T.appName}
        </a>
      </header>
      <main id="main" className="page">
        <InfoPage page={page} />
      </main>
    </div>
  );
}

function SignedIn({ host, page, location }: { host: Host; page: TabPage | null; location: URL }) {
  const [gate, setGate] = useState<Gate>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const narrow = useMediaQuery('(max-width: 600px)');
  const compact = host.frame === 'sidePanel' || narrow;

  useEffect(() => {
    let cancelled = false;
    const set = (g: Gate) => !cancelled && setGate(g);
    (async () => {
      set({ state: 'loading' });
      if (host.inTeams) {
        setIdentity(async () => ({ Authorization: `Bearer ${await host.token()}` }));
        try {
          set({ state: 'ready', mode: 'entra', me: await get<Me>('/api/me') });
        } catch (err) {
          set({ state: 'failed', message: describeError(err) });
        }
        return;
      }
      let config: TabConfig;
      try {
        config = await get<TabConfig>('/api/config');
      } catch (err) {
        set({ state: 'failed', message: `${T.start.configFailed} ${describeError(err)}` });
        return;
      }
      if (config.mode === 'entra') {
        set({ state: 'open-in-teams' });
        return;
      }
      const devUser = storedDevUser();
      if (devUser) {
        setIdentity(async () => ({ 'X-Dev-User': devUser }));
        try {
          set({ state: 'ready', mode: 'local', me: await get<Me>('/api/me') });
          return;
        } catch (err) {
          // A remembered user that no longer exists (a new data directory): pick again.
          if (!(err instanceof ApiFailure && (err.status === 401 || err.status === 403))) {
            set({ state: 'failed', message: describeError(err) });
            return;
          }
          storeDevUser(null);
        }
      }
      setIdentity(async () => ({}));
      try {
        set({ state: 'pick-user', users: await get<DevUser[]>('/api/dev/users') });
      } catch (err) {
        set({ state: 'failed', message: describeError(err) });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [host, attempt]);

  const session = useMemo<Session | null>(
    () =>
      gate.state === 'ready'
        ? {
            host,
            mode: gate.mode,
            me: gate.me,
            compact,
            switchUser:
              gate.mode === 'local'
                ? () => {
                    storeDevUser(null);
                    setAttempt((a) => a + 1);
                  }
                : null,
          }
        : null,
    [gate, host, compact],
  );

  if (gate.state === 'loading') {
    return (
      <main id="main" className="page center">
        <Spinner label={T.common.loading} />
      </main>
    );
  }
  if (gate.state === 'open-in-teams') {
    return (
      <main id="main" className="page">
        <h1>{T.appName}</h1>
        <MessageBar intent="info">
          <MessageBarBody>
            <MessageBarTitle>{T.start.openInTeams}</MessageBarTitle>
            {T.start.openInTeamsBody}
          </MessageBarBody>
        </MessageBar>
      </main>
    );
  }
  if (gate.state === 'failed') {
    return (
      <main id="main" className="page">
        <h1>{T.appName}</h1>
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>{T.start.signInFailed}</MessageBarTitle>
            {gate.message}
          </MessageBarBody>
        </MessageBar>
        <Button onClick={() => setAttempt((a) => a + 1)}>{T.common.retry}</Button>
      </main>
    );
  }
  if (gate.state === 'pick-user') {
    return (
      <main id="main" className="page">
        <UserPicker
          users={gate.users}
          onPick={(id) => {
            storeDevUser(id);
            setAttempt((a) => a + 1);
          }}
        />
      </main>
    );
  }
  return (
    <SessionContext.Provider value={session}>
      <Shell page={page} location={location} />
    </SessionContext.Provider>
  );
}

const NAV: { page: 'cases' | 'meetings' | 'protocol'; label: string }[] = [
  { page: 'cases', label: T.nav.cases },
  { page: 'meetings', label: T.nav.meetings },
  { page: 'protocol', label: T.nav.protocol },
];

function Shell({ page, location }: { page: TabPage | null; location: URL }) {
  const session = useSession();
  const navPage = page === 'cases' || page === 'meetings' || page === 'protocol' ? page : null;
  const meeting = location.searchParams.get('meeting');
  if (page === 'config') {
    return (
      <main id="main" className="page">
        <ConfigPage />
      </main>
    );
  }
  return (
    <div className={session.compact ? 'shell compact' : 'shell'}>
      <a className="skip-link" href="#main">
        {T.common.skipToContent}
      </a>
      <header className="app-header">
        <span className="app-name">{T.appName}</span>
        <nav aria-label={T.nav.label} className="main-nav">
          <ul>
            {NAV.map((n) => {
              const to = n.page === 'protocol' && meeting ? `${TAB_PAGES.protocol}?meeting=${encodeURIComponent(meeting)}` : TAB_PAGES[n.page];
              return (
                <li key={n.page}>
                  <a href={hrefFor(to)} onClick={routeLink(to)} aria-current={navPage === n.page ? 'page' : undefined}>
                    {n.label}
                  </a>
                </li>
              );
            })}
          </ul>
        </nav>
        <div className="user">
          {session.mode === 'local' ? <span>{T.users.current(session.me.name)}</span> : <span>{session.me.name}</span>}
          {session.switchUser && (
            <Button size="small" appearance="subtle" onClick={session.switchUser}>
              {T.users.switch}
            </Button>
          )}
        </div>
      </header>
      <main id="main" className="page" tabIndex={-1}>
        {page === 'cases' && <CasesPage />}
        {page === 'meetings' && <MeetingsPage />}
        {page === 'protocol' && <ProtocolPage meetingKey={meeting} />}
        {page === null && <p>{T.common.notFound}</p>}
      </main>
      {!session.compact && (
        <footer className="app-footer">
          <nav aria-label={T.nav.footer}>
            <a href={hrefFor(TAB_PAGES.privacy)} onClick={routeLink(TAB_PAGES.privacy)}>
              {T.nav.privacy}
            </a>
            <a href={hrefFor(TAB_PAGES.terms)} onClick={routeLink(TAB_PAGES.terms)}>
              {T.nav.terms}
            </a>
          </nav>
        </footer>
      )}
    </div>
  );
}

