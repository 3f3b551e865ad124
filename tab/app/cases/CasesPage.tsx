/** Ärendeflöde: filters shared by the picture and the list, and the case timeline. */
import { useCallback, useDeferredValue, useMemo, useState } from 'react';
import { Field, Input, MessageBar, MessageBarBody, Spinner } from '@fluentui/react-components';
import { FilterSelect } from '../FilterSelect.js';
import type { CaseFlow } from '../../shared/api-types.js';
import { describeError } from '../api.js';
import { useDebounced, useResource } from '../hooks.js';
import { useSession } from '../session.js';
import { T } from '../texts.js';
import { CaseDetailDrawer } from './CaseDetailDrawer.js';
import { CaseTable } from './CaseTable.js';
import { caseYears, filterCases, orderBodies } from './flow.js';
import { FlowPicture } from './FlowPicture.js';

export function CasesPage() {
  const { compact } = useSession();
  const res = useResource<CaseFlow>('/api/cases');
  const [body, setBody] = useState('');
  const [year, setYear] = useState('');
  const [status, setStatus] = useState('');
  const [text, setText] = useState('');
  const q = useDebounced(text, 250);
  const [open, setOpen] = useState<string | null>(null);

  const flow = res.data;
  // Filtering 10,000 cases is quick, but redrawing is not: keep typing responsive.
  const filter = useDeferredValue(useMemo(() => ({ body, year, status, q }), [body, year, status, q]));
  const filtered = useMemo(() => (flow ? filterCases(flow.cases, filter) : []), [flow, filter]);
  const years = useMemo(() => (flow ? caseYears(flow.cases) : []), [flow]);
  const bodies = useMemo(() => (flow ? orderBodies(flow.bodies) : []), [flow]);
  const bodyNames = useMemo(() => new Map(bodies.map((b) => [b.key, b.name])), [bodies]);
  const onOpen = useCallback((key: string) => setOpen(key), []);

  return (
    <section aria-labelledby="cases-title">
      <h1 id="cases-title">{T.cases.title}</h1>
      {!compact && <p className="intro">{T.cases.intro}</p>}
      {res.loading && <Spinner label={T.common.loading} />}
      {res.error !== null && (
        <MessageBar intent="error">
          <MessageBarBody>{describeError(res.error)}</MessageBarBody>
        </MessageBar>
      )}
      {flow && (
        <>
          <form className="filters" role="search" aria-label={T.cases.filters} onSubmit={(e) => e.preventDefault()}>
            <FilterSelect label={T.cases.body} all={T.cases.allBodies} value={body} onChange={setBody} options={bodies.map((b) => ({ value: b.key, label: b.name }))} />
            <FilterSelect label={T.cases.year} all={T.cases.allYears} value={year} onChange={setYear} options={years.map((y) => ({ value: y, label: y }))} />
            <FilterSelect
              label={T.cases.status}
              all={T.cases.allStatuses}
              value={status}
              onChange={setStatus}
              options={[
                { value: 'öppet', label: T.caseStatus.öppet },
                { value: 'avslutat', label: T.caseStatus.avslutat },
              ]}
            />
            <Field label={T.cases.search} className="grow">
              <Input type="search" value={text} placeholder={T.cases.searchPlaceholder} onChange={(_e, d) => setText(d.value)} />
            </Field>
          </form>
          <p className="count" role="status" aria-live="polite">
            {T.cases.showing(filtered.length, flow.total)}
          </p>
          <FlowPicture bodies={bodies} cases={filtered} onOpen={onOpen} compact={compact} />
          <h2 className="visually-hidden-heading">{T.cases.listLabel}</h2>
          <CaseTable cases={filtered} bodyNames={bodyNames} onOpen={onOpen} compact={compact} />
        </>
      )}
      <CaseDetailDrawer caseKey={open} onClose={() => setOpen(null)} bodyNames={bodyNames} />
    </section>
  );
}
