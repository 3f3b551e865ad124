/**
 * Protokoll: the live draft (polled while it is a draft, and on focus), the secretary's text
 * editing, "Justera och fastställ", the versions with their SHA-256, signing, and downloads.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Field, MessageBar, MessageBarBody, Select, Spinner } from '@fluentui/react-components';
import type { ProtocolAttendance, ProtocolDocument, ProtocolItem } from '../../../core/domain/protocol.js';
import { attendanceLine, itemLines, swedishClock, swedishDate, swedishTimestamp } from '../../../core/domain/protocol-text.js';
import type { MeetingDetail, MeetingList, ProtocolVersions } from '../../shared/api-types.js';
import { TAB_PAGES } from '../../shared/routes.js';
import { ApiFailure, describeError, enc, get } from '../api.js';
import { usePolling, useResource } from '../hooks.js';
import { navigate, scrollToHash } from '../router.js';
import { useSession } from '../session.js';
import { T } from '../texts.js';
import { swedishDateTime } from '../time.js';
import { ItemTextEditor } from './ItemTextEditor.js';
import { VersionsPanel } from './VersionsPanel.js';

const POLL_MS = 4000;

export function ProtocolPage({ meetingKey }: { meetingKey: string | null }) {
  if (!meetingKey) return <MeetingChooser />;
  return <Protocol key={meetingKey} meetingKey={meetingKey} />;
}

/** No meeting in the URL: the meeting this tab sits in (Teams), else let the person choose. */
function MeetingChooser() {
  const { host } = useSession();
  const res = useResource<MeetingList>('/api/meetings');
  const [matching, setMatching] = useState(host.inTeams && (host.teamsMeetingId !== null || host.chatId !== null));

  useEffect(() => {
    if (!host.inTeams || (!host.teamsMeetingId && !host.chatId)) return;
    let cancelled = false;
    const params = new URLSearchParams();
    if (host.teamsMeetingId) params.set('teamsMeetingId', host.teamsMeetingId);
    if (host.chatId) params.set('chatId', host.chatId);
    void get<MeetingList>(`/api/meetings?${params.toString()}`)
      .then((found) => {
        const only = found.meetings.length === 1 ? found.meetings[0] : undefined;
        if (cancelled) return;
        if (only) navigate(`${TAB_PAGES.protocol}?meeting=${enc(only.key)}`, { replace: true });
        else setMatching(false);
      })
      .catch(() => {
        if (!cancelled) setMatching(false);
      });
    return () => {
      cancelled = true;
    };
  }, [host]);

  const meetings = useMemo(() => [...(res.data?.meetings ?? [])].sort((a, b) => b.start.localeCompare(a.start)), [res.data]);
  return (
    <section aria-labelledby="protocol-title">
      <h1 id="protocol-title">{T.protocol.title}</h1>
      {(res.loading || matching) && <Spinner label={T.common.loading} />}
      {res.error !== null && (
        <MessageBar intent="error">
          <MessageBarBody>{describeError(res.error)}</MessageBarBody>
        </MessageBar>
      )}
      {res.data && !matching && (
        <>
          <p>{T.protocol.pick}</p>
          <Field label={T.protocol.meeting}>
            <Select defaultValue="" onChange={(_e, d) => d.value && navigate(`${TAB_PAGES.protocol}?meeting=${enc(d.value)}`)}>
              <option value="" disabled>
                {T.protocol.pick}
              </option>
              {meetings.map((m) => (
                <option key={m.key} value={m.key}>
                  {m.bodyName}, {swedishDateTime(m.start)} ({T.protocolStatus[m.protocolStatus]})
                </option>
              ))}
            </Select>
          </Field>
        </>
      )}
    </section>
  );
}

function Protocol({ meetingKey }: { meetingKey: string }) {
  const base = `/api/meetings/${enc(meetingKey)}`;
  const protocol = useResource<ProtocolDocument>(`${base}/protocol`);
  const detail = useResource<MeetingDetail>(base);
  const versions = useResource<ProtocolVersions>(`${base}/protocol/versions`);
  const [correcting, setCorrecting] = useState(false);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const doc = protocol.data;

  const refresh = useCallback(async () => {
    await Promise.all([protocol.reload(true), detail.reload(true), versions.reload(true)]);
    setUpdatedAt(new Date());
  }, [protocol, detail, versions]);
  const refreshRef = useRef(refresh);
  refreshRef.current = refresh;
  const quietRefresh = useCallback(() => void refreshRef.current(), []);

  usePolling(quietRefresh, POLL_MS, doc?.status === 'draft' || correcting);

  // Arriving from a case timeline (#punkt-17): bring the paragraph into view once it is there.
  const scrolled = useRef(false);
  useEffect(() => {
    if (!doc || scrolled.current || !window.location.hash) return;
    scrolled.current = true;
    requestAnimationFrame(() => scrollToHash(window.location.hash));
  }, [doc]);

  const isSecretary = detail.data?.tabRole === 'secretary';
  const editable = isSecretary && (doc?.status === 'draft' || correcting);
  const agendaByNumber = useMemo(() => new Map((detail.data?.agenda ?? []).map((a) => [a.number, a])), [detail.data]);

  const failed = protocol.error ?? null;
  return (
    <article aria-labelledby="protocol-title" className="protocol">
      {protocol.loading && !doc && <Spinner label={T.common.loading} />}
      {failed !== null && (
        <MessageBar intent="error">
          <MessageBarBody>{failed instanceof ApiFailure && failed.status === 404 ? T.protocol.notFound : describeError(failed)}</MessageBarBody>
        </MessageBar>
      )}
      {doc && (
        <>
          <header className="protocol-head">
            <h1 id="protocol-title">{T.protocol.heading(doc.meeting.bodyName)}</h1>
            <p className="protocol-status">
              <span className={`status-badge st-${doc.status}`}>{T.protocolStatus[doc.status]}</span>
              {doc.version !== null && ` ${T.protocol.version(doc.version)}`}
              {updatedAt && doc.status === 'draft' && <span className="updated"> · {T.protocol.lastUpdated(updatedAt.toLocaleTimeString('sv-SE'))}</span>}
            </p>
            {doc.status === 'draft' && <p className="note">{T.protocol.draftNote}</p>}
            <dl className="protocol-facts">
              <dt>Dnr:</dt>
              <dd>{doc.meeting.dnr ?? T.common.none}</dd>
              <dt>Datum och tid:</dt>
              <dd>
                {swedishDate(doc.meeting.start)} kl {swedishClock(doc.meeting.start)}–{swedishClock(doc.meeting.end)}
              </dd>
              <dt>Plats:</dt>
              <dd>{doc.meeting.place}</dd>
              <dt>Ärenden:</dt>
              <dd>{itemRange(doc.items)}</dd>
            </dl>
          </header>
          <Attendance attendance={doc.attendance} />
          <section aria-labelledby="items-title" className="protocol-items">
            <h2 id="items-title" className="visually-hidden-heading">
              {T.agenda.title}
            </h2>
            {doc.items.length === 0 && <p>{T.protocol.noItems}</p>}
            {doc.items.map((item) => {
              const agendaItem = agendaByNumber.get(item.number);
              return (
                <section key={item.number} id={`punkt-${item.number}`} className="protocol-item" aria-labelledby={`punkt-${item.number}-title`} tabIndex={-1}>
                  <h3 id={`punkt-${item.number}-title`}>
                    {item.number}. {item.title}
                  </h3>
                  <p className="item-kind">{T.protocol.kind[item.kind]}</p>
                  {item.presenter && <p>{T.protocol.presenter(item.presenter)}</p>}
                  {editable && agendaItem ? (
                    <ItemTextEditor
                      meetingKey={meetingKey}
                      number={item.number}
                      serverText={agendaItem.text}
                      serverEtag={agendaItem.etag}
                      onSaved={quietRefresh}
                    />
                  ) : (
                    item.text
                      .trim()
                      .split(/\n+/)
                      .filter(Boolean)
                      .map((line, i) => <p key={i}>{line}</p>)
                  )}
                  <DecisionLines item={item} />
                </section>
              );
            })}
          </section>
          {doc.signatures.length > 0 && (
            <section aria-labelledby="signatures-title" className="signature-page">
              <h2 id="signatures-title">{T.protocol.signatures}</h2>
              <ul>
                {doc.signatures.map((s, i) => (
                  <li key={i}>
                    {s.name}, {T.protocol.signatureRole[s.role]}, {swedishTimestamp(s.signedAt)} – {s.identity}
                  </li>
                ))}
              </ul>
            </section>
          )}
          <VersionsPanel
            meetingKey={meetingKey}
            versions={versions.data}
            isSecretary={isSecretary}
            correcting={correcting}
            onCorrect={() => setCorrecting(true)}
            onChanged={async () => {
              setCorrecting(false);
              await refresh();
            }}
            status={doc.status}
          />
          {correcting && <p className="note">{T.protocol.correcting}</p>}
        </>
      )}
    </article>
  );
}

function itemRange(items: ProtocolItem[]): string {
  if (!items.length) return T.common.none;
  const n = items.map((i) => i.number);
  return `${Math.min(...n)}–${Math.max(...n)}`;
}

/** The lines after the text: the decision sentence, the vote, reservations (SPEC §7 wording). */
function DecisionLines({ item }: { item: ProtocolItem }) {
  const lines = itemLines({ ...item, presenter: null, text: '' }).slice(2);
  if (!lines.length) return null;
  return (
    <div className="decision">
      {lines.map((line, i) => (
        <p key={i} className={i === 0 && item.sentence ? 'sentence' : undefined}>
          {line}
        </p>
      ))}
    </div>
  );
}

// The same grouping as the protocol text (core/domain/protocol-text.ts).
const isOther = (a: ProtocolAttendance) => a.status === 'guest' || ['adjungerad', 'tjänsteperson', 'sekreterare'].includes(a.role);

function Attendance({ attendance }: { attendance: ProtocolAttendance[] }) {
  const groups: [string, string, ProtocolAttendance[]][] = [
    ['present', T.protocol.present, attendance.filter((a) => a.status === 'present' && !isOther(a))],
    ['absent', T.protocol.absent, attendance.filter((a) => a.status === 'absent')],
    ['others', T.protocol.others, attendance.filter((a) => a.status !== 'absent' && isOther(a))],
  ];
  return (
    <section className="attendance" aria-label={T.protocol.present}>
      {groups.map(([id, title, list]) => (
        <div key={id}>
          <h2 id={`att-${id}`}>{title}</h2>
          {list.length === 0 ? (
            <p>{T.protocol.noneListed}</p>
          ) : (
            <ul aria-labelledby={`att-${id}`}>
              {list.map((a, i) => (
                <li key={i}>{attendanceLine(a)}</li>
              ))}
            </ul>
          )}
        </div>
      ))}
    </section>
  );
}
