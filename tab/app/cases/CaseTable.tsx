/**
 * The cases as a table, windowed: only the rows in view (plus a margin) are in the DOM, so
 * 2,000 or 10,000 cases scroll smoothly. The scroll area is a focusable region so it can be
 * scrolled with the keyboard; each title is a button that opens the case's timeline.
 */
import { memo, useCallback, useRef, useState } from 'react';
import { Link } from '@fluentui/react-components';
import type { CaseSummary } from '../../shared/api-types.js';
import { T } from '../texts.js';

const ROW = 44;
const OVERSCAN = 8;

interface Props {
  cases: CaseSummary[];
  bodyNames: Map<string, string>;
  onOpen: (key: string) => void;
  compact: boolean;
}

export function CaseTable({ cases, bodyNames, onOpen, compact }: Props) {
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(ROW * 12);
  const frame = useRef(0);
  const observe = useCallback((el: HTMLDivElement | null) => {
    if (!el) return;
    setViewport(el.clientHeight || ROW * 12);
  }, []);

  const first = Math.max(0, Math.floor(scrollTop / ROW) - OVERSCAN);
  const last = Math.min(cases.length, Math.ceil((scrollTop + viewport) / ROW) + OVERSCAN);
  const shown = cases.slice(first, last);
  const columns = compact ? 2 : 5;

  return (
    <div
      ref={observe}
      className="case-table-scroll"
      role="region"
      aria-label={T.cases.listLabel}
      tabIndex={0}
      onScroll={(e) => {
        const top = e.currentTarget.scrollTop;
        cancelAnimationFrame(frame.current);
        frame.current = requestAnimationFrame(() => setScrollTop(top));
      }}
    >
      <table className="case-table" aria-rowcount={cases.length + 1}>
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col">{T.cases.columns.title}</th>
            {!compact && <th scope="col">{T.cases.columns.dnr}</th>}
            <th scope="col">{T.cases.columns.status}</th>
            {!compact && <th scope="col">{T.cases.columns.location}</th>}
            {!compact && <th scope="col">{T.cases.columns.latest}</th>}
          </tr>
        </thead>
        <tbody>
          {first > 0 && (
            <tr aria-hidden="true" className="spacer" style={{ height: first * ROW }}>
              <td colSpan={columns} />
            </tr>
          )}
          {shown.map((c, i) => (
            <CaseRow key={c.key} c={c} index={first + i} bodyNames={bodyNames} onOpen={onOpen} compact={compact} />
          ))}
          {last < cases.length && (
            <tr aria-hidden="true" className="spacer" style={{ height: (cases.length - last) * ROW }}>
              <td colSpan={columns} />
            </tr>
          )}
        </tbody>
      </table>
      {cases.length === 0 && <p className="empty">{T.cases.noCases}</p>}
    </div>
  );
}

const CaseRow = memo(function CaseRow({
  c,
  index,
  bodyNames,
  onOpen,
  compact,
}: {
  c: CaseSummary;
  index: number;
  bodyNames: Map<string, string>;
  onOpen: (key: string) => void;
  compact: boolean;
}) {
  const latest = c.steps[c.steps.length - 1];
  return (
    <tr aria-rowindex={index + 2} style={{ height: ROW }} data-case={c.key}>
      <td className="title-cell">
        <Link as="button" onClick={() => onOpen(c.key)} title={c.title}>
          {c.title}
        </Link>
      </td>
      {!compact && <td>{c.dnr ?? T.common.none}</td>}
      <td>{T.caseStatus[c.status]}</td>
      {!compact && <td>{bodyNames.get(c.location) ?? c.location}</td>}
      {!compact && <td>{latest ? `${T.outcomes[latest.outcome]}, ${latest.date.slice(0, 10)}` : T.common.none}</td>}
    </tr>
  );
});
