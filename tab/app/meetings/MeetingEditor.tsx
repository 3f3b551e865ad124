/** One meeting: its details (If-Match on save) and its agenda; or the form for a new meeting. */
import { useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import { Button, Field, Input, MessageBar, MessageBarBody, Select, Spinner } from '@fluentui/react-components';
import type { MeetingDetail, MeetingInput } from '../../shared/api-types.js';
import { TAB_PAGES } from '../../shared/routes.js';
import { ApiFailure, call, describeError, enc } from '../api.js';
import { useResource } from '../hooks.js';
import { hrefFor, navigate, routeLink } from '../router.js';
import { secretaryBodies, useSession } from '../session.js';
import { T } from '../texts.js';
import { fromLocalInput, swedishDateTime, toLocalInput } from '../time.js';
import { AgendaEditor } from './AgendaEditor.js';

type Notice = { intent: 'success' | 'error' | 'warning'; text: string } | null;

function BackLink() {
  return (
    <p>
      <a href={hrefFor(TAB_PAGES.meetings)} onClick={routeLink(TAB_PAGES.meetings)}>
        ← {T.meetings.back}
      </a>
    </p>
  );
}

export function NewMeeting({ body }: { body: string }) {
  const { me } = useSession();
  const bodies = me.memberships.filter((m) => m.tabRole === 'secretary');
  const [notice, setNotice] = useState<Notice>(null);
  const initial: MeetingInput = { body: body || bodies[0]?.body || '', start: '', end: '', place: '', dnr: null, justerare: null };
  return (
    <section aria-labelledby="new-meeting-title">
      <BackLink />
      <h1 id="new-meeting-title">{T.meetings.create}</h1>
      {notice && (
        <MessageBar intent={notice.intent}>
          <MessageBarBody>{notice.text}</MessageBarBody>
        </MessageBar>
      )}
      <MeetingForm
        initial={initial}
        bodies={bodies.map((b) => ({ key: b.body, name: b.bodyName }))}
        members={[]}
        submitLabel={T.meetings.createMeeting}
        onSubmit={async (input) => {
          try {
            const res = await call<MeetingDetail>('/api/meetings', { method: 'POST', body: input });
            navigate(`${TAB_PAGES.meetings}?meeting=${enc(res.data.meeting.key)}`, { replace: true });
          } catch (err) {
            setNotice({ intent: 'error', text: describeError(err) });
          }
        }}
      />
    </section>
  );
}

export function MeetingEditor({ meetingKey }: { meetingKey: string }) {
  const { me } = useSession();
  const res = useResource<MeetingDetail>(`/api/meetings/${enc(meetingKey)}`);
  const [notice, setNotice] = useState<Notice>(null);
  const detail = res.data;
  const canEdit = detail?.tabRole === 'secretary' || (detail ? secretaryBodies(me).has(detail.meeting.body) : false);

  return (
    <section aria-labelledby="meeting-title">
      <BackLink />
      {res.loading && !detail && <Spinner label={T.common.loading} />}
      {res.error !== null && (
        <MessageBar intent="error">
          <MessageBarBody>{describeError(res.error)}</MessageBarBody>
        </MessageBar>
      )}
      {detail && (
        <>
          <h1 id="meeting-title">
            {detail.meeting.bodyName}, {swedishDateTime(detail.meeting.start)}
          </h1>
          <p className="meeting-meta">
            {T.meetingState[detail.meeting.state]} · {T.protocolStatus[detail.meeting.protocolStatus]} ·{' '}
            <a
              href={hrefFor(`${TAB_PAGES.protocol}?meeting=${enc(detail.meeting.key)}`)}
              onClick={routeLink(`${TAB_PAGES.protocol}?meeting=${enc(detail.meeting.key)}`)}
            >
              {T.meetings.protocol}
            </a>
          </p>
          <div aria-live="polite">
            {notice && (
              <MessageBar intent={notice.intent}>
                <MessageBarBody>{notice.text}</MessageBarBody>
              </MessageBar>
            )}
          </div>
          {!canEdit && <p>{T.meetings.readOnly}</p>}
          <h2>{T.meetings.details}</h2>
          <MeetingForm
            key={detail.etag}
            initial={{
              body: detail.meeting.body,
              start: detail.meeting.start,
              end: detail.meeting.end,
              place: detail.meeting.place,
              dnr: detail.meeting.dnr,
              justerare: detail.meeting.justerare,
            }}
            bodies={[{ key: detail.meeting.body, name: detail.meeting.bodyName }]}
            members={detail.members}
            readOnly={!canEdit}
            submitLabel={T.meetings.saveMeeting}
            onSubmit={async (input) => {
              const { body: _body, ...changes } = input;
              try {
                await call<MeetingDetail>(`/api/meetings/${enc(meetingKey)}`, { method: 'PATCH', body: changes, etag: detail.etag });
                setNotice({ intent: 'success', text: T.meetings.savedMeeting });
              } catch (err) {
                if (err instanceof ApiFailure && err.status === 412) setNotice({ intent: 'warning', text: T.meetings.stale });
                else setNotice({ intent: 'error', text: describeError(err) });
              }
              await res.reload(true);
            }}
          />
          <AgendaEditor detail={detail} canEdit={canEdit} reload={() => res.reload(true)} />
        </>
      )}
    </section>
  );
}

function MeetingForm({
  initial,
  bodies,
  members,
  readOnly = false,
  submitLabel,
  onSubmit,
}: {
  initial: MeetingInput;
  bodies: { key: string; name: string }[];
  members: MeetingDetail['members'];
  readOnly?: boolean;
  submitLabel: string;
  onSubmit: (input: MeetingInput) => Promise<void>;
}) {
  const [body, setBody] = useState(initial.body);
  const [start, setStart] = useState(initial.start ? toLocalInput(initial.start) : '');
  const [end, setEnd] = useState(initial.end ? toLocalInput(initial.end) : '');
  const [place, setPlace] = useState(initial.place);
  const [dnr, setDnr] = useState(initial.dnr ?? '');
  const [justerare, setJusterare] = useState(initial.justerare ?? '');
  const [busy, setBusy] = useState(false);
  const [tried, setTried] = useState(false);
  const candidates = useMemo(() => members.filter((m) => m.role !== 'sekreterare' && m.role !== 'tjänsteperson'), [members]);

  const startIso = fromLocalInput(start);
  const endIso = fromLocalInput(end);
  const endError = startIso && endIso && endIso <= startIso ? T.meetings.endBeforeStart : undefined;
  const missing = (v: string | null) => (tried && !v ? T.meetings.required : undefined);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (!startIso || !endIso || !place.trim() || !body || endError) return;
    setBusy(true);
    try {
      await onSubmit({ body, start: startIso, end: endIso, place: place.trim(), dnr: dnr.trim() || null, justerare: justerare || null });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form-grid" onSubmit={submit} noValidate>
      <Field label={T.meetings.body} required>
        <Select value={body} onChange={(_e, d) => setBody(d.value)} disabled={readOnly || bodies.length < 2}>
          {bodies.map((b) => (
            <option key={b.key} value={b.key}>
              {b.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={T.meetings.start} required validationMessage={missing(startIso)}>
        <Input type="datetime-local" value={start} onChange={(_e, d) => setStart(d.value)} readOnly={readOnly} />
      </Field>
      <Field label={T.meetings.end} required validationMessage={endError ?? missing(endIso)}>
        <Input type="datetime-local" value={end} onChange={(_e, d) => setEnd(d.value)} readOnly={readOnly} />
      </Field>
      <Field label={T.meetings.place} required validationMessage={missing(place.trim())}>
        <Input value={place} onChange={(_e, d) => setPlace(d.value)} readOnly={readOnly} />
      </Field>
      <Field label={T.meetings.dnr}>
        <Input value={dnr} onChange={(_e, d) => setDnr(d.value)} readOnly={readOnly} />
      </Field>
      {members.length > 0 && (
        <Field label={T.meetings.justerare}>
          <Select value={justerare} onChange={(_e, d) => setJusterare(d.value)} disabled={readOnly}>
            <option value="">{T.meetings.noJusterare}</option>
            {candidates.map((m) => (
              <option key={m.person} value={m.person}>
                {m.name} ({T.roles[m.role]})
              </option>
            ))}
          </Select>
        </Field>
      )}
      {!readOnly && (
        <div className="form-actions">
          <Button type="submit" appearance="primary" disabled={busy}>
            {busy ? T.common.saving : submitLabel}
          </Button>
        </div>
      )}
    </form>
  );
}
