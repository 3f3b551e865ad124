/** Local mode only: choose which demo person to be (sent as X-Dev-User). */
import { useDeferredValue, useMemo, useState } from 'react';
import { Button, Field, Input } from '@fluentui/react-components';
import type { DevUser } from '../shared/api-types.js';
import { T } from './texts.js';

export function UserPicker({ users, onPick }: { users: DevUser[]; onPick: (aadObjectId: string) => void }) {
  const [query, setQuery] = useState('');
  const q = useDeferredValue(query.trim().toLowerCase());
  const shown = useMemo(
    () =>
      users.filter(
        (u) =>
          !q ||
          u.name.toLowerCase().includes(q) ||
          (u.organisation ?? '').toLowerCase().includes(q) ||
          u.roles.some((r) => r.bodyName.toLowerCase().includes(q) || r.role.includes(q)),
      ),
    [users, q],
  );
  return (
    <section aria-labelledby="picker-title" className="user-picker">
      <h1 id="picker-title">{T.users.title}</h1>
      <p>{T.users.intro}</p>
      <Field label={T.users.filter}>
        <Input value={query} onChange={(_e, d) => setQuery(d.value)} type="search" />
      </Field>
      {users.length === 0 && <p>{T.users.noUsers}</p>}
      <ul className="user-list">
        {shown.map((u) => (
          <li key={u.aadObjectId}>
            <Button appearance="secondary" className="user-choice" onClick={() => onPick(u.aadObjectId)} data-user={u.aadObjectId}>
              <span className="user-choice-text">
                <strong>{T.users.choose(u.name)}</strong>
                <span>
                  {u.organisation ?? ''}
                  {u.roles.length
                    ? `${u.organisation ? ' · ' : ''}${u.roles.map((r) => `${T.roles[r.role]}, ${r.bodyName}`).join('; ')}`
                    : ` · ${T.users.noRoles}`}
                </span>
              </span>
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}
