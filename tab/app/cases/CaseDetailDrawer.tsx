/** One case's timeline: every step, linked to the protocol paragraph where it was dealt with. */
import { MessageBar, MessageBarBody, Spinner } from '@fluentui/react-components';
import type { CaseDetail } from '../../shared/api-types.js';
import { describeError, enc } from '../api.js';
import { useResource } from '../hooks.js';
import { Modal } from '../Modal.js';
import { hrefFor, routeLink } from '../router.js';
import { T } from '../texts.js';

export function CaseDetailDrawer({ caseKey, onClose, bodyNames }: { caseKey: string | null; onClose: () => void; bodyNames: Map<string, string> }) {
  const res = useResource<CaseDetail>(caseKey ? `/api/cases/${enc(caseKey)}` : null);
  const detail = res.data;
  return (
    <Modal open={caseKey !== null} onClose={onClose} variant="drawer" titleId="case-detail-title" title={detail ? detail.case.title : T.caseDetail.title}>
        {res.loading && <Spinner label={T.common.loading} />}
        {res.error !== null && (
          <MessageBar intent="error">
            <MessageBarBody>{describeError(res.error)}</MessageBarBody>
          </MessageBar>
        )}
        {detail && (
          <div className="case-detail">
            <p className="case-facts">
              {[
                detail.case.dnr ? T.caseDetail.dnr(detail.case.dnr) : null,
                T.caseStatus[detail.case.status],
                T.caseDetail.opened(detail.case.openedAt.slice(0, 10)),
                T.caseDetail.origin(bodyNames.get(detail.case.originBody) ?? detail.case.originBody),
                T.caseDetail.location(bodyNames.get(detail.case.location) ?? detail.case.location),
              ]
                .filter(Boolean)
                .join(' · ')}
            </p>
            <h3>{T.caseDetail.title}</h3>
            {detail.timeline.length === 0 && <p>{T.caseDetail.noSteps}</p>}
            <ol className="timeline">
              {detail.timeline.map((s, i) => (
                <li key={i} className={`timeline-step o-${s.outcome}`}>
                  <div className="timeline-head">
                    <span className={`outcome-badge o-${s.outcome}`}>{T.outcomes[s.outcome]}</span>
                    <time dateTime={s.date}>{s.date.slice(0, 10)}</time>
                  </div>
                  <div className="timeline-body">
                    <strong>{s.bodyName}</strong>
                    {s.item !== null && `, ${T.caseDetail.item(s.item)}`}
                    {s.itemTitle && ` – ${s.itemTitle}`}
                    {s.toBody && ` (${T.caseDetail.toBody(bodyNames.get(s.toBody) ?? s.toBody)})`}
                  </div>
                  {s.summary && <p>{s.summary}</p>}
                  {s.protocolLink && (
                    <a
                      href={hrefFor(s.protocolLink)}
                      onClick={(e) => {
                        onClose();
                        routeLink(s.protocolLink!)(e);
                      }}
                      className="protocol-link"
                    >
                      {T.caseDetail.protocolLink(s.item ?? 0)}
                    </a>
                  )}
                </li>
              ))}
            </ol>
          </div>
        )}
    </Modal>
  );
}
