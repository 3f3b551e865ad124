/** Möten: the meetings per body, a meeting's details and agenda, and the roster import. */
import { useMemo, useState } from 'react';
import { Button, MessageBar, MessageBarBody, Spinner } from '@fluentui/react-components';
import { FilterSelect } from '../FilterSelect.js';
import type { MeetingList, MeetingState, MeetingSummary } from '../../shared/api-types.js';
import { TAB_PAGES } from '../../shared/routes.js';
import { describeError } from '../api.js';
import { useResource } from '../hooks.js';
import { hrefFor, navigate, routeLink, useLocation } from '../router.js';
import { secretaryBodies, useSession } from '../session.js';
import { T } from '../texts.js';
import { swedishDateTime } from '../time.js';
import { ImportPanel } from './ImportPanel.js';
import { MeetingEditor, NewMeeting } from './MeetingEditor.js';

const STATES: MeetingState[] = ['pågår', 'planerat', 'hållet'];

export function MeetingsPage() {
  const location = useLocation();
  const key = location.searchParams.get('meeting');
  const creating = location.searchParams.get('new');
  if (key) return <MeetingEditor meetingKey={key} />;
  if (creating !== null) return <NewMeeting body={creating} />;
  return <MeetingOverview />;
}

function MeetingOverview() {
  const { me, compact } = useSession();
  const [year, setYear] = useState('');
  const [body, setBody] = useState('');
  const res = useResource<MeetingList>('/api/meetings');
  const secretaryOf = useMemo(() => secretaryBodies(me), [me]);

  const all = res.data?.meetings ?? [];
  const years = useMemo(() => [...new Set(all.map((m) => m.start.slice(0, 4)))].sort().reverse(), [all]);
  const bodies = useMemo(() => {
    const names = new Map<string, string>();
    for (const m of all) names.set(m.body, m.bodyName);
    for (const m of me.memberships) names.set(m.body, m.bodyName);
    return [...names].sort((a, b) => a[1].localeCompare(b[1], 'sv'));
  }, [all, me]);
  const groups = useMemo(() => {
    const shown = all.filter((m) => (!year || m.start.startsWith(year)) && (!body || m.body === body));
    const byBody = new Map<string, MeetingSummary[]>();
    for (const m of shown) byBody.set(m.body, [...(byBody.get(m.body) ?? []), m]);
    return [...byBody].sort((a, b) => (a[1][0]!.bodyName).localeCompare(b[1][0]!.bodyName, 'sv'));
  }, [all, year, body]);

  return (
    <section aria-labelledby="meetings-title">
      <h1 id="meetings-title">{T.meetings.title}</h1>
      {!compact && <p className="intro">{T.meetings.intro}</p>}
      <div className="filters">
        <FilterSelect label={T.meetings.body} all={T.meetings.allBodies} value={body} onChange={setBody} options={bodies.map(([k, name]) => ({ value: k, label: name }))} />
        <FilterSelect label={T.meetings.year} all={T.meetings.allYears} value={year} onChange={setYear} options={years.map((y) => ({ value: y, label: y }))} />
        {secretaryOf.size > 0 && (
          <div className="filter-action">
            <Button appearance="primary" onClick={() => navigate(`${TAB_PAGES.meetings}?new=${encodeURIComponent(body && secretaryOf.has(body) ? body : '')}`)}>
              {T.meetings.create}
            </Button>
          </div>
        )}
      </div>
      {res.loading && <Spinner label={T.common.loading} />}
      {res.error !== null && (
        <MessageBar intent="error">
          <MessageBarBody>{describeError(res.error)}</MessageBarBody>
        </MessageBar>
      )}
      {res.data && groups.length === 0 && <p>{T.meetings.none}</p>}
      {groups.map(([bodyKey, meetings]) => (
        <section key={bodyKey} className="body-meetings" aria-labelledby={`body-${bodyKey}`}>
          <h2 id={`body-${bodyKey}`}>{meetings[0]!.bodyName}</h2>
          {STATES.map((state) => {
            const list = meetings.filter((m) => m.state === state).sort((a, b) => (state === 'hållet' ? b.start.localeCompare(a.start) : a.start.localeCompare(b.start)));
            if (!list.length) return null;
            return (
              <div key={state} className="state-group">
                <h3>{T.meetingState[state]}</h3>
                <ul className="meeting-list">
                  {list.map((m) => (
                    <li key={m.key} data-meeting={m.key}>
                      <a href={hrefFor(`${TAB_PAGES.meetings}?meeting=${encodeURIComponent(m.key)}`)} onClick={routeLink(`${TAB_PAGES.meetings}?meeting=${encodeURIComponent(m.key)}`)}>
                        {swedishDateTime(m.start)}
                      </a>
                      <span className="meeting-meta">
                        {m.place} · {T.meetings.items(m.items)} · {T.protocolStatus[m.protocolStatus]}
                      </span>
                      <a
                        className="meeting-protocol"
                        href={hrefFor(`${TAB_PAGES.protocol}?meeting=${encodeURIComponent(m.key)}`)}
                        onClick={routeLink(`${TAB_PAGES.protocol}?meeting=${encodeURIComponent(m.key)}`)}
                        aria-label={`${T.meetings.protocol} ${swedishDateTime(m.start)}`}
                      >
                        {T.meetings.protocol}
                      </a>
                    </li>
                  ))}
                </ul>
              </div>
            );
          })}
        </section>
      ))}
      {secretaryOf.size > 0 && <ImportPanel onImported={() => void res.reload(true)} />}
    </section>
  );
}
