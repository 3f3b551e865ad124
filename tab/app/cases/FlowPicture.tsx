/**
 * The lanes-per-body picture: one horizontal lane per body, time along x, one <path> per case
 * and one <path> per outcome for all the markers, so thousands of cases stay cheap. Clicks are
 * hit-tested against the geometry instead of per-case handlers. The list below is the keyboard
 * and screen-reader view of the same cases.
 */
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { MouseEvent } from 'react';
import type { BodyView, CaseSummary } from '../../shared/api-types.js';
import { useWidth } from '../hooks.js';
import { T } from '../texts.js';
import { hitTest, layout, markerPath, OUTCOMES } from './flow.js';

const CasePath = memo(function CasePath({ d, closed, id }: { d: string; closed: boolean; id: string }) {
  return <path d={d} className={closed ? 'flow-case closed' : 'flow-case'} data-case={id} />;
});

export function FlowPicture({
  bodies,
  cases,
  onOpen,
  compact,
}: {
  bodies: BodyView[];
  cases: CaseSummary[];
  onOpen: (key: string) => void;
  compact: boolean;
}) {
  const [ref, measured] = useWidth<HTMLDivElement>();
  const width = Math.max(measured, 240);
  const geo = useMemo(() => (measured ? layout(bodies, cases, width) : null), [bodies, cases, width, measured]);
  const [hover, setHover] = useState<string | null>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const frame = useRef(0);

  // Tell the benchmark (and anyone timing it) when a full drawing is on screen.
  useEffect(() => {
    if (!geo) return;
    const id = requestAnimationFrame(() => performance.mark('case-flow-drawn', { detail: { cases: geo.cases.length } }));
    return () => cancelAnimationFrame(id);
  }, [geo]);

  const hovered = useMemo(() => (hover && geo ? geo.cases.find((c) => c.key === hover) ?? null : null), [hover, geo]);
  const opacity = geo ? Math.max(0.14, Math.min(0.85, 9 / Math.sqrt(Math.max(geo.cases.length, 1)))) : 1;

  const point = (e: MouseEvent<SVGSVGElement>) => {
    const box = svgRef.current!.getBoundingClientRect();
    return [e.clientX - box.left, e.clientY - box.top] as const;
  };

  const label = geo
    ? T.cases.pictureLabel(
        geo.cases.length,
        geo.lanes.map((l) => l.name),
        geo.from,
        geo.to,
      )
    : T.common.loading;

  return (
    <figure className="flow" aria-label={T.cases.picture}>
      <div ref={ref} className="flow-canvas">
        {geo && (
          <svg
            ref={svgRef}
            role="img"
            aria-label={label}
            width={geo.width}
            height={geo.height}
            viewBox={`0 0 ${geo.width} ${geo.height}`}
            data-drawn-cases={geo.cases.length}
            style={{ ['--case-opacity' as string]: opacity }}
            onClick={(e) => {
              const [x, y] = point(e);
              const key = hitTest(geo.cases, x, y);
              if (key) onOpen(key);
            }}
            onMouseMove={(e) => {
              const [x, y] = point(e);
              cancelAnimationFrame(frame.current);
              frame.current = requestAnimationFrame(() => setHover(hitTest(geo.cases, x, y)));
            }}
            onMouseLeave={() => {
              cancelAnimationFrame(frame.current);
              setHover(null);
            }}
            className={hover ? 'flow-svg pointing' : 'flow-svg'}
          >
            <g className="flow-lanes">
              {geo.lanes.map((l, i) => (
                <g key={l.key} data-lane={l.key}>
                  <rect x={0} y={l.top} width={geo.width} height={l.height} className={i % 2 ? 'lane odd' : 'lane'} />
                  <text x={6} y={l.top + 13} className="lane-label">
                    {l.name}
                  </text>
                </g>
              ))}
            </g>
            <g className="flow-axis">
              <line x1={0} x2={geo.width} y1={geo.axisY} y2={geo.axisY} />
              {geo.ticks.map((t) => (
                <g key={t.x}>
                  <line x1={t.x} x2={t.x} y1={0} y2={geo.axisY + 4} className="tick" />
                  <text x={t.x + 3} y={geo.axisY + 17}>
                    {t.label}
                  </text>
                </g>
              ))}
            </g>
            <g className="flow-cases">
              {geo.cases.map((c) => (
                <CasePath key={c.key} d={c.d} closed={c.closed} id={c.key} />
              ))}
            </g>
            <g className="flow-markers">
              {OUTCOMES.map((o) => (
                <path key={o} d={geo.markers[o]} className={`marker m-${o}`} />
              ))}
            </g>
            {hovered && <path d={hovered.d} className="flow-highlight" />}
          </svg>
        )}
      </div>
      <figcaption className="flow-legend">
        <span className="legend-title">{T.cases.legend}:</span>
        <ul>
          {OUTCOMES.map((o) => (
            <li key={o}>
              <svg width="14" height="14" aria-hidden="true" focusable="false">
                <path d={markerPath(o, 7, 7, 4.2)} className={`marker m-${o}`} />
              </svg>
              {T.outcomes[o]}
            </li>
          ))}
          <li>
            <svg width="22" height="10" aria-hidden="true" focusable="false">
              <line x1="1" x2="21" y1="5" y2="5" className="legend-line" />
            </svg>
            {T.cases.lineOpen}
          </li>
          <li>
            <svg width="22" height="10" aria-hidden="true" focusable="false">
              <line x1="1" x2="21" y1="5" y2="5" className="legend-line closed" />
            </svg>
            {T.cases.lineClosed}
          </li>
        </ul>
        {!compact && <span className="legend-hint">{T.cases.pictureHint}</span>}
      </figcaption>
    </figure>
  );
}
