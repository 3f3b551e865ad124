/**
 * The agenda of a meeting: items built from open cases, with presenter, kind and decision form,
 * proposal, where the case goes next, and attachment links; reordered and removed with If-Match.
 */
import { useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import { Button, Field, Input, MessageBar, MessageBarBody, Select, Textarea } from '@fluentui/react-components';
import { ArrowDown16Regular, ArrowUp16Regular, Delete16Regular, Edit16Regular } from '@fluentui/react-icons';
import type { DecisionType, ItemKind } from '../../../core/domain/model.js';
import type { AgendaItemInput, AgendaItemView, CaseFlow, MeetingDetail } from '../../shared/api-types.js';
import { ApiFailure, call, describeError, enc } from '../api.js';
import { useResource } from '../hooks.js';
import { T } from '../texts.js';

type Editing = { mode: 'new' } | { mode: 'edit'; item: AgendaItemView } | null;

export function AgendaEditor({ detail, canEdit, reload }: { detail: MeetingDetail; canEdit: boolean; reload: () => Promise<void> }) {
  const [editing, setEditing] = useState<Editing>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const openCases = useResource<CaseFlow>(canEdit ? '/api/cases?status=%C3%B6ppet' : null);
  const base = `/api/meetings/${enc(detail.meeting.key)}/agenda`;
  const agenda = useMemo(() => [...detail.agenda].sort((a, b) => a.number - b.number), [detail.agenda]);

  const act = async (fn: () => Promise<unknown>) => {
    setNotice(null);
    try {
      await fn();
    } catch (err) {
      setNotice(err instanceof ApiFailure && err.status === 412 ? T.meetings.staleItem : describeError(err));
    }
    await reload();
  };

  const move = (item: AgendaItemView, to: number) =>
    act(() => call(`${base}/${item.number}`, { method: 'PATCH', body: { number: to }, etag: item.etag }));

  return (
    <section aria-labelledby="agenda-title" className="agenda">
      <h2 id="agenda-title">{T.agenda.title}</h2>
      <div aria-live="polite">
        {notice && (
          <MessageBar intent="warning">
            <MessageBarBody>{notice}</MessageBarBody>
          </MessageBar>
        )}
      </div>
      {agenda.length === 0 && <p>{T.agenda.empty}</p>}
      <ol className="agenda-list">
        {agenda.map((item, i) => (
          <li key={item.number} data-item={item.number}>
            <div className="agenda-item-head">
              <span className="agenda-title">
                {item.number}. {item.title}
              </span>
              {canEdit && (
                <span className="agenda-actions">
                  <Button size="small" appearance="subtle" icon={<Edit16Regular />} aria-label={T.agenda.editItem(item.number)} onClick={() => setEditing({ mode: 'edit', item })} />
                  <Button
                    size="small"
                    appearance="subtle"
                    icon={<ArrowUp16Regular />}
                    aria-label={T.agenda.moveUp(item.number)}
                    disabled={i === 0}
                    onClick={() => void move(item, agenda[i - 1]!.number)}
                  />
                  <Button
                    size="small"
                    appearance="subtle"
                    icon={<ArrowDown16Regular />}
                    aria-label={T.agenda.moveDown(item.number)}
                    disabled={i === agenda.length - 1}
                    onClick={() => void move(item, agenda[i + 1]!.number)}
                  />
                  <Button
                    size="small"
                    appearance="subtle"
                    icon={<Delete16Regular />}
                    aria-label={T.agenda.removeItem(item.number)}
                    onClick={() => {
                      if (window.confirm(T.agenda.confirmRemove(item.number, item.title))) {
                        void act(() => call(`${base}/${item.number}`, { method: 'DELETE', etag: item.etag }));
                      }
                    }}
                  />
                </span>
              )}
            </div>
            <div className="agenda-meta">
              {T.agenda.kinds[item.kind]}
              {item.decision && ` · ${T.agenda.decisions[item.decision]}`}
              {item.presenter && ` · ${T.agenda.presenter}: ${item.presenter}`}
              {item.caseKey && ` · ${T.agenda.caseLabel(item.caseKey)}`}
              {item.sendTo && ` · ${T.agenda.sendTo}: ${openCases.data?.bodies.find((b) => b.key === item.sendTo)?.name ?? item.sendTo}`}
            </div>
            {item.proposal && (
              <p className="agenda-proposal">
                {T.agenda.proposal}: {item.proposal}
              </p>
            )}
            {item.attachments.length > 0 && (
              <ul className="attachments" aria-label={T.agenda.attachments}>
                {item.attachments.map((a, j) => (
                  <li key={j}>
                    <a href={a.url} target="_blank" rel="noopener noreferrer">
                      {a.title}
                    </a>
                  </li>
                ))}
              </ul>
            )}
            {editing?.mode === 'edit' && editing.item.number === item.number && (
              <ItemForm
                heading={T.agenda.editItem(item.number)}
                initial={item}
                detail={detail}
                flow={openCases.data}
                onCancel={() => setEditing(null)}
                onSave={(input) =>
                  act(async () => {
                    await call(`${base}/${item.number}`, { method: 'PATCH', body: input, etag: item.etag });
                    setEditing(null);
                  })
                }
              />
            )}
          </li>
        ))}
      </ol>
      {canEdit &&
        (editing?.mode === 'new' ? (
          <ItemForm
            heading={T.agenda.newItem}
            initial={null}
            detail={detail}
            flow={openCases.data}
            onCancel={() => setEditing(null)}
            onSave={(input) =>
              act(async () => {
                await call(base, { method: 'POST', body: input });
                setEditing(null);
              })
            }
          />
        ) : (
          <Button appearance="primary" onClick={() => setEditing({ mode: 'new' })}>
            {T.agenda.add}
          </Button>
        ))}
    </section>
  );
}

function ItemForm({
  heading,
  initial,
  detail,
  flow,
  onCancel,
  onSave,
}: {
  heading: string;
  initial: AgendaItemView | null;
  detail: MeetingDetail;
  flow: CaseFlow | null;
  onCancel: () => void;
  onSave: (input: AgendaItemInput) => Promise<void>;
}) {
  const [caseKey, setCaseKey] = useState(initial?.caseKey ?? '');
  const [title, setTitle] = useState(initial?.title ?? '');
  const [kind, setKind] = useState<ItemKind>(initial?.kind ?? 'information');
  const [decision, setDecision] = useState<DecisionType | ''>(initial?.decision ?? '');
  const [presenter, setPresenter] = useState(initial?.presenter ?? '');
  const [proposal, setProposal] = useState(initial?.proposal ?? '');
  const [sendTo, setSendTo] = useState(initial?.sendTo ?? '');
  const [attachments, setAttachments] = useState(initial?.attachments ?? []);
  const [busy, setBusy] = useState(false);
  const [tried, setTried] = useState(false);
  const id = initial ? `item-${initial.number}` : 'item-new';

  const cases = useMemo(() => (flow?.cases ?? []).filter((c) => c.status === 'öppet').sort((a, b) => a.title.localeCompare(b.title, 'sv')), [flow]);
  const badUrl = attachments.some((a) => !/^https?:\/\/\S+$/.test(a.url));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (!title.trim() || badUrl) return;
    setBusy(true);
    try {
      await onSave({
        title: title.trim(),
        kind,
        decision: kind === 'beslut' ? decision || 'acklamation' : null,
        presenter: presenter.trim() || null,
        proposal: proposal.trim() || null,
        attachments: attachments.map((a) => ({ title: a.title.trim() || a.url, url: a.url.trim() })),
        caseKey: caseKey || null,
        sendTo: sendTo || null,
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="item-form form-grid" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{heading}</h3>
      <Field label={T.agenda.fromCase} hint={T.agenda.caseHint}>
        <Select
          value={caseKey}
          onChange={(_e, d) => {
            setCaseKey(d.value);
            const c = cases.find((x) => x.key === d.value);
            if (c) setTitle(c.title);
          }}
        >
          <option value="">{T.agenda.noCase}</option>
          {cases.map((c) => (
            <option key={c.key} value={c.key}>
              {c.title}
              {c.dnr ? ` (${c.dnr})` : ''}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={T.agenda.itemTitle} required validationMessage={tried && !title.trim() ? T.meetings.required : undefined}>
        <Input value={title} onChange={(_e, d) => setTitle(d.value)} />
      </Field>
      <Field label={T.agenda.kind}>
        <Select value={kind} onChange={(_e, d) => setKind(d.value as ItemKind)}>
          <option value="information">{T.agenda.kinds.information}</option>
          <option value="beslut">{T.agenda.kinds.beslut}</option>
        </Select>
      </Field>
      {kind === 'beslut' && (
        <Field label={T.agenda.decision}>
          <Select value={decision || 'acklamation'} onChange={(_e, d) => setDecision(d.value as DecisionType)}>
            <option value="acklamation">{T.agenda.decisions.acklamation}</option>
            <option value="vote">{T.agenda.decisions.vote}</option>
            <option value="inriktningsbeslut">{T.agenda.decisions.inriktningsbeslut}</option>
          </Select>
        </Field>
      )}
      <Field label={T.agenda.presenter}>
        <Input value={presenter} onChange={(_e, d) => setPresenter(d.value)} list={`${id}-presenters`} />
      </Field>
      <datalist id={`${id}-presenters`}>
        {detail.members.map((m) => (
          <option key={m.person} value={m.name} />
        ))}
      </datalist>
      <Field label={T.agenda.proposal} className="wide">
        <Textarea value={proposal} onChange={(_e, d) => setProposal(d.value)} resize="vertical" />
      </Field>
      <Field label={T.agenda.sendTo}>
        <Select value={sendTo} onChange={(_e, d) => setSendTo(d.value)}>
          <option value="">{T.agenda.noSendTo}</option>
          {(flow?.bodies ?? [])
            .filter((b) => b.key !== detail.meeting.body)
            .map((b) => (
              <option key={b.key} value={b.key}>
                {b.name}
              </option>
            ))}
        </Select>
      </Field>
      <fieldset className="attachments-edit wide">
        <legend>{T.agenda.attachments}</legend>
        {attachments.map((a, i) => (
          <div key={i} className="attachment-row">
            <Field label={T.agenda.attachmentTitle}>
              <Input value={a.title} onChange={(_e, d) => setAttachments(attachments.map((x, j) => (j === i ? { ...x, title: d.value } : x)))} />
            </Field>
            <Field label={T.agenda.attachmentUrl} validationMessage={tried && !/^https?:\/\/\S+$/.test(a.url) ? T.agenda.badUrl : undefined}>
              <Input type="url" value={a.url} onChange={(_e, d) => setAttachments(attachments.map((x, j) => (j === i ? { ...x, url: d.value } : x)))} />
            </Field>
            <Button
              appearance="subtle"
              icon={<Delete16Regular />}
              aria-label={T.agenda.removeAttachment(a.title)}
              onClick={() => setAttachments(attachments.filter((_x, j) => j !== i))}
            />
          </div>
        ))}
        <Button size="small" onClick={() => setAttachments([...attachments, { title: '', url: '' }])}>
          {T.agenda.addAttachment}
        </Button>
      </fieldset>
      <div className="form-actions wide">
        <Button type="submit" appearance="primary" disabled={busy}>
          {busy ? T.common.saving : T.agenda.saveItem}
        </Button>
        <Button onClick={onCancel}>{T.common.cancel}</Button>
      </div>
    </form>
  );
}
