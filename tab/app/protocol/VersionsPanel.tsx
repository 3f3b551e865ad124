/** Finalising, the frozen versions with their SHA-256, signing, and the downloads. */
import { useState } from 'react';
import { Button, MessageBar, MessageBarBody } from '@fluentui/react-components';
import { ArrowDownload16Regular } from '@fluentui/react-icons';
import type { SignerRole } from '../../../core/domain/model.js';
import type { ProtocolVersions, ProtocolVersionView } from '../../shared/api-types.js';
import { call, describeError, download, enc } from '../api.js';
import { Modal } from '../Modal.js';
import { T } from '../texts.js';
import { swedishDateTime } from '../time.js';

const FORMATS = [
  { ext: 'pdf', label: T.protocol.pdf },
  { ext: 'docx', label: T.protocol.docx },
  { ext: 'html', label: T.protocol.html },
] as const;

export function VersionsPanel({
  meetingKey,
  versions,
  isSecretary,
  correcting,
  onCorrect,
  onChanged,
  status,
}: {
  meetingKey: string;
  versions: ProtocolVersions | null;
  isSecretary: boolean;
  correcting: boolean;
  onCorrect: () => void;
  onChanged: () => Promise<void>;
  status: 'draft' | 'finalised' | 'signed';
}) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ intent: 'success' | 'error'; text: string } | null>(null);
  const base = `/api/meetings/${enc(meetingKey)}/protocol`;

  const run = async (what: string, fn: () => Promise<string>) => {
    setBusy(what);
    setNotice(null);
    try {
      setNotice({ intent: 'success', text: await fn() });
      await onChanged();
    } catch (err) {
      setNotice({ intent: 'error', text: describeError(err) });
    } finally {
      setBusy(null);
    }
  };

  const finalise = () =>
    run('finalise', async () => {
      setConfirming(false);
      const v = (await call<ProtocolVersionView>(`${base}/finalise`, { method: 'POST', body: {} })).data;
      return T.protocol.finalised(v.version);
    });

  const sign = (role: SignerRole) =>
    run(`sign-${role}`, async () => {
      await call<ProtocolVersionView>(`${base}/sign`, { method: 'POST', body: { role } });
      return T.protocol.signed;
    });

  const list = [...(versions?.versions ?? [])].sort((a, b) => b.version - a.version);
  const canFinalise = !!versions?.canFinalise && (versions.draftChanged || list.length === 0);
  const fileBase = `protokoll-${meetingKey.replace(/[^\w-]+/g, '-')}`;

  return (
    <section aria-labelledby="versions-title" className="versions">
      <h2 id="versions-title">{T.protocol.versions}</h2>
      <div aria-live="polite">
        {notice && (
          <MessageBar intent={notice.intent}>
            <MessageBarBody>{notice.text}</MessageBarBody>
          </MessageBar>
        )}
      </div>
      {versions?.draftChanged && list.length > 0 && <p className="note">{T.protocol.draftChanged}</p>}
      <div className="protocol-actions">
        {canFinalise && (status === 'draft' || correcting) && (
          <Button appearance="primary" onClick={() => setConfirming(true)} disabled={busy !== null}>
            {T.protocol.finalise}
          </Button>
        )}
        {(versions?.canSign ?? []).map((role) => (
          <Button key={role} appearance="primary" onClick={() => void sign(role)} disabled={busy !== null} data-sign-role={role}>
            {T.protocol.sign} {T.protocol.signAs(role)}
          </Button>
        ))}
        {isSecretary && status !== 'draft' && !correcting && <Button onClick={onCorrect}>{T.protocol.correct}</Button>}
      </div>
      {list.length === 0 ? (
        <p>{T.protocol.noVersions}</p>
      ) : (
        <ol className="version-list" reversed>
          {list.map((v) => (
            <li key={v.version} data-version={v.version}>
              <h3>
                {T.protocol.version(v.version)} – {T.protocolStatus[v.status]}
                {v.corrects !== null && ` (${T.protocol.corrects(v.corrects)})`}
              </h3>
              <p>{T.protocol.finalisedAt(swedishDateTime(v.finalisedAt), v.finalisedBy)}</p>
              <p className="sha">
                {T.protocol.sha}: <code>{v.sha256}</code>
              </p>
              <h4>{T.protocol.signatures}</h4>
              {v.signatures.length === 0 ? (
                <p>{T.protocol.noSignatures}</p>
              ) : (
                <ul>
                  {v.signatures.map((s, i) => (
                    <li key={i}>{T.protocol.signedBy(s.name, T.protocol.signatureRole[s.role], swedishDateTime(s.signedAt))}</li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      )}
      <h3>{T.protocol.download}</h3>
      <div className="downloads">
        {FORMATS.map((f) => (
          <Button
            key={f.ext}
            icon={<ArrowDownload16Regular />}
            aria-label={T.protocol.downloadLabel(f.label)}
            disabled={busy !== null}
            onClick={() => {
              setBusy(f.ext);
              download(`/api/meetings/${enc(meetingKey)}/protocol.${f.ext}`, `${fileBase}.${f.ext}`)
                .catch((err: unknown) => setNotice({ intent: 'error', text: describeError(err) }))
                .finally(() => setBusy(null));
            }}
          >
            {f.label}
          </Button>
        ))}
      </div>
      <Modal
        open={confirming}
        onClose={() => setConfirming(false)}
        variant="dialog"
        titleId="finalise-title"
        title={T.protocol.finaliseConfirmTitle}
        actions={
          <>
            <Button appearance="primary" onClick={() => void finalise()}>
              {T.protocol.finalise}
            </Button>
            <Button onClick={() => setConfirming(false)}>{T.common.cancel}</Button>
          </>
        }
      >
        <p>{T.protocol.finaliseConfirmBody}</p>
      </Modal>
    </section>
  );
}
