/**
 * The configuration page of the configurable tab (Teams frame context "settings"): the person
 * chooses which view the tab shows, and for Protokoll which meeting; Teams saves it as the
 * tab's contentUrl.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Field, Radio, RadioGroup, Select } from '@fluentui/react-components';
import type { MeetingList } from '../shared/api-types.js';
import { TAB_PAGES } from '../shared/routes.js';
import { useResource } from './hooks.js';
import { useSession } from './session.js';
import { T } from './texts.js';
import { swedishDateTime } from './time.js';

type View = 'cases' | 'meetings' | 'protocol';
const FROM_TEAMS = '';

export function ConfigPage() {
  const { host } = useSession();
  const [view, setView] = useState<View>(host.inTeams && host.teamsMeetingId ? 'protocol' : 'cases');
  const [meeting, setMeeting] = useState(FROM_TEAMS);
  const meetings = useResource<MeetingList>(view === 'protocol' ? '/api/meetings' : null);
  const inMeeting = host.inTeams && host.teamsMeetingId !== null;
  const valid = view !== 'protocol' || meeting !== FROM_TEAMS || inMeeting;

  const choice = useRef({ view, meeting });
  choice.current = { view, meeting };

  useEffect(() => {
    if (!host.inTeams) return;
    void import('@microsoft/teams-js').then(({ pages }) => pages.config.registerOnSaveHandler((saveEvent) => {
      const { view: v, meeting: m } = choice.current;
      const path = v === 'protocol' && m ? `${TAB_PAGES.protocol}?meeting=${encodeURIComponent(m)}` : TAB_PAGES[v];
      pages.config
        .setConfig({
          contentUrl: new URL(path, window.location.origin).href,
          entityId: v === 'protocol' && m ? `protocol:${m}` : v,
          suggestedDisplayName: T.config.names[v],
        })
        .then(
          () => saveEvent.notifySuccess(),
          (err: unknown) => saveEvent.notifyFailure(err instanceof Error ? err.message : String(err)),
        );
    }));
  }, [host]);

  useEffect(() => {
    if (host.inTeams) void import('@microsoft/teams-js').then(({ pages }) => pages.config.setValidityState(valid));
  }, [host, valid]);

  const sorted = useMemo(() => [...(meetings.data?.meetings ?? [])].sort((a, b) => b.start.localeCompare(a.start)), [meetings.data]);

  return (
    <section aria-labelledby="config-title" className="config">
      <h1 id="config-title">{T.config.title}</h1>
      <p>{T.config.intro}</p>
      <Field label={T.config.view}>
        <RadioGroup value={view} onChange={(_e, d) => setView(d.value as View)}>
          <Radio value="cases" label={T.config.names.cases} />
          <Radio value="meetings" label={T.config.names.meetings} />
          <Radio value="protocol" label={T.config.names.protocol} />
        </RadioGroup>
      </Field>
      {view === 'protocol' && (
        <Field label={T.config.meeting}>
          <Select value={meeting} onChange={(_e, d) => setMeeting(d.value)}>
            <option value={FROM_TEAMS}>{inMeeting ? T.config.meetingFromTeams : T.protocol.pick}</option>
            {sorted.map((m) => (
              <option key={m.key} value={m.key}>
                {m.bodyName}, {swedishDateTime(m.start)}
              </option>
            ))}
          </Select>
        </Field>
      )}
    </section>
  );
}
