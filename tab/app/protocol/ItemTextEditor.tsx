/**
 * The secretary's editor for one item's protocol text: autosaves about a second after typing
 * stops (PUT with If-Match), keeps the unsaved text in localStorage until the server has it, and
 * on a conflict shows both texts so the secretary chooses or merges — nothing is lost.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Button, Field, Textarea } from '@fluentui/react-components';
import type { ItemTextConflict, ItemTextSaved } from '../../shared/api-types.js';
import { ApiFailure, call, enc } from '../api.js';
import { T } from '../texts.js';

const AUTOSAVE_MS = 1000;

type SaveState = 'idle' | 'dirty' | 'saving' | 'saved' | 'error' | 'conflict';

const storageKey = (meeting: string, n: number) => `samverkan.text.${meeting}.${n}`;

function readLocal(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeLocal(key: string, text: string | null): void {
  try {
    if (text === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, text);
  } catch {
    // No storage: the text is still on screen and is saved as usual.
  }
}

export function ItemTextEditor({
  meetingKey,
  number,
  serverText,
  serverEtag,
  onSaved,
}: {
  meetingKey: string;
  number: number;
  serverText: string;
  serverEtag: string;
  onSaved: () => void;
}) {
  const key = storageKey(meetingKey, number);
  const [text, setText] = useState(() => readLocal(key) ?? serverText);
  const [state, setState] = useState<SaveState>(() => (readLocal(key) !== null && readLocal(key) !== serverText ? 'dirty' : 'idle'));
  const [conflict, setConflict] = useState<ItemTextConflict['current'] | null>(null);
  const etag = useRef(serverEtag);
  const saved = useRef(serverText);
  const latest = useRef(text);
  latest.current = text;
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inFlight = useRef(false);

  const save = useCallback(async () => {
    if (inFlight.current) {
      // One save at a time; the newest text goes when this one returns.
      timer.current = setTimeout(() => void save(), 200);
      return;
    }
    const sending = latest.current;
    if (sending === saved.current) {
      writeLocal(key, null);
      setState((s) => (s === 'dirty' ? 'saved' : s));
      return;
    }
    inFlight.current = true;
    setState('saving');
    try {
      const res = await call<ItemTextSaved>(`/api/meetings/${enc(meetingKey)}/agenda/${number}/text`, {
        method: 'PUT',
        body: { text: sending },
        etag: etag.current,
      });
      etag.current = res.data.etag;
      saved.current = res.data.text;
      if (latest.current === sending) {
        writeLocal(key, null);
        setState('saved');
      } else {
        setState('dirty');
        timer.current = setTimeout(() => void save(), AUTOSAVE_MS);
      }
      onSaved();
    } catch (err) {
      if (err instanceof ApiFailure && (err.status === 409 || err.status === 412) && err.body && 'current' in err.body) {
        setConflict((err.body as unknown as ItemTextConflict).current);
        setState('conflict');
      } else {
        setState('error');
      }
    } finally {
      inFlight.current = false;
    }
  }, [key, meetingKey, number, onSaved]);

  // A remembered unsaved text (the page was closed before it was saved): send it now.
  useEffect(() => {
    if (state === 'dirty') timer.current = setTimeout(() => void save(), AUTOSAVE_MS);
    return () => clearTimeout(timer.current);
    // Only on mount: later changes schedule their own saves.
  }, []);

  // Someone else saved (seen through polling): follow them while we have nothing unsaved.
  useEffect(() => {
    if (serverEtag === etag.current) return;
    if (state === 'idle' || state === 'saved') {
      if (latest.current === saved.current) {
        setText(serverText);
        saved.current = serverText;
        etag.current = serverEtag;
      }
    }
  }, [serverText, serverEtag, state]);

  const change = (value: string) => {
    setText(value);
    latest.current = value;
    writeLocal(key, value);
    if (state === 'conflict') return;
    setState('dirty');
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void save(), AUTOSAVE_MS);
  };

  const resolve = (choice: 'mine' | 'theirs' | 'merge') => {
    if (!conflict) return;
    etag.current = conflict.etag;
    saved.current = conflict.text;
    const next = choice === 'theirs' ? conflict.text : choice === 'merge' ? `${latest.current.trimEnd()}\n\n${conflict.text.trim()}` : latest.current;
    setConflict(null);
    setText(next);
    latest.current = next;
    if (choice === 'theirs') {
      writeLocal(key, null);
      setState('saved');
      return;
    }
    writeLocal(key, next);
    setState('dirty');
    // A merge is edited before it is saved; keeping one's own text saves it at once.
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void save(), choice === 'mine' ? 0 : AUTOSAVE_MS * 3);
  };

  const statusId = `text-status-${number}`;
  return (
    <div className="item-text-editor">
      <Field label={T.protocol.itemText(number)}>
        <Textarea
          value={text}
          onChange={(_e, d) => change(d.value)}
          resize="vertical"
          rows={Math.min(14, Math.max(3, text.split('\n').length + 1))}
          aria-describedby={statusId}
          data-item-text={number}
        />
      </Field>
      <p id={statusId} className={`save-state s-${state}`} role="status" aria-live="polite" data-save-state={state}>
        {state === 'conflict' ? T.protocol.conflictTitle : T.protocol.saveState[state]}
      </p>
      {conflict && (
        <div className="conflict" role="group" aria-labelledby={`conflict-${number}`}>
          <h4 id={`conflict-${number}`}>{T.protocol.conflictTitle}</h4>
          <p>{T.protocol.conflictBody(conflict.editedBy)}</p>
          <div className="conflict-texts">
            <Field label={T.protocol.yours}>
              <Textarea value={text} readOnly resize="vertical" />
            </Field>
            <Field label={T.protocol.theirs(conflict.editedBy)}>
              <Textarea value={conflict.text} readOnly resize="vertical" />
            </Field>
          </div>
          <div className="form-actions">
            <Button appearance="primary" onClick={() => resolve('mine')}>
              {T.protocol.keepMine}
            </Button>
            <Button onClick={() => resolve('theirs')}>{T.protocol.takeTheirs}</Button>
            <Button onClick={() => resolve('merge')}>{T.protocol.merge}</Button>
          </div>
        </div>
      )}
    </div>
  );
}
