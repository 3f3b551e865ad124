/** Roster import: upload JSON or CSV sheets, see every error (with its path) in a preview, then import. */
import { useState } from 'react';
import type { FormEvent } from 'react';
import { Button, MessageBar, MessageBarBody } from '@fluentui/react-components';
import type { ImportRequest, ImportResult } from '../../shared/api-types.js';
import { call, describeError } from '../api.js';
import { T } from '../texts.js';

async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function ImportPanel({ onImported }: { onImported: () => void }) {
  const [files, setFiles] = useState<ImportRequest['files']>([]);
  const [preview, setPreview] = useState<ImportResult | null>(null);
  const [done, setDone] = useState<ImportResult | null>(null);
  const [busy, setBusy] = useState<'check' | 'run' | null>(null);
  const [error, setError] = useState<string | null>(null);

  const send = async (dryRun: boolean) => {
    setError(null);
    setBusy(dryRun ? 'check' : 'run');
    try {
      const res = await call<ImportResult>('/api/import', { method: 'POST', body: { files, dryRun } satisfies ImportRequest });
      if (dryRun) setPreview(res.data);
      else {
        setDone(res.data);
        setPreview(res.data.ok ? null : res.data);
        if (res.data.ok) onImported();
      }
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(null);
    }
  };

  const check = (e: FormEvent) => {
    e.preventDefault();
    if (!files.length) {
      setError(T.import.noFiles);
      return;
    }
    void send(true);
  };

  const result = done?.ok ? done : preview;
  return (
    <section aria-labelledby="import-title" className="import">
      <h2 id="import-title">{T.import.title}</h2>
      <p>{T.import.intro}</p>
      <form onSubmit={check} className="import-form">
        <label htmlFor="import-files">{T.import.file}</label>
        <input
          id="import-files"
          type="file"
          multiple
          accept=".json,.csv,application/json,text/csv"
          onChange={async (e) => {
            const chosen = [...(e.currentTarget.files ?? [])];
            setPreview(null);
            setDone(null);
            setError(null);
            setFiles(await Promise.all(chosen.map(async (f) => ({ name: f.name, contentBase64: await toBase64(f) }))));
          }}
        />
        <Button type="submit" disabled={busy !== null}>
          {busy === 'check' ? T.import.checking : T.import.check}
        </Button>
      </form>
      <div aria-live="polite" className="import-result">
        {error && (
          <MessageBar intent="error">
            <MessageBarBody>{error}</MessageBarBody>
          </MessageBar>
        )}
        {done?.ok && (
          <MessageBar intent="success">
            <MessageBarBody>{T.import.done}</MessageBarBody>
          </MessageBar>
        )}
        {result && !result.ok && (
          <>
            <MessageBar intent="error">
              <MessageBarBody>{T.import.invalid(result.errors.length)}</MessageBarBody>
            </MessageBar>
            <h3>{T.import.errors}</h3>
            <ul className="import-errors">
              {result.errors.map((e, i) => (
                <li key={i}>
                  <code>{e.path}</code>: {e.message}
                </li>
              ))}
            </ul>
          </>
        )}
        {result && result.ok && (
          <>
            {result.dryRun && <p>{T.import.valid}</p>}
            <table className="simple-table">
              <thead>
                <tr>
                  <th scope="col">{T.import.collection}</th>
                  <th scope="col">{T.import.created}</th>
                  <th scope="col">{T.import.updated}</th>
                  <th scope="col">{T.import.unchanged}</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(result.summary).map(([name, s]) => (
                  <tr key={name}>
                    <th scope="row">{name}</th>
                    <td>{s.created}</td>
                    <td>{s.updated}</td>
                    <td>{s.unchanged}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {result.dryRun && (
              <Button appearance="primary" disabled={busy !== null} onClick={() => void send(false)}>
                {busy === 'run' ? T.import.running : T.import.run}
              </Button>
            )}
          </>
        )}
      </div>
    </section>
  );
}
