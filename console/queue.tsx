/** The review queue (R5): the agency's decisions pending review, overdue ones first, then by the last day to publish. */
import { useEffect, useState } from 'preact/hooks';
import { ApiProblem, reviewQueue, type Summary } from './api.ts';
import { ACTION_TYPE_LABELS, PARTY_KIND_LABELS } from './labels.ts';
import { byDeadline } from './queue-order.ts';
import type { Session } from './session.ts';

export function Queue({
  session,
  onOpen,
}: {
  readonly session: Session;
  readonly onOpen: (id: string) => void;
}) {
  const [items, setItems] = useState<Summary[] | undefined>();
  const [error, setError] = useState('');

  useEffect(() => {
    let live = true;
    reviewQueue(session.token).then(
      (found) => live && setItems(byDeadline(found)),
      (problem: unknown) =>
        live && setError(problem instanceof ApiProblem ? problem.message : '读取审查队列失败。'),
    );
    return () => {
      live = false;
    };
  }, [session.token]);

  const overdue = items?.filter((item) => item.overdue).length ?? 0;
  return (
    <section aria-labelledby="queue-title">
      <h1 id="queue-title">审查队列</h1>
      <p class="hint">
        {session.agency} 待审查的决定，按公开期限排序，逾期的排在最前（R5：自信息形成之日起 7
        个工作日内公开）。
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {!items && !error && <p aria-live="polite">正在读取…</p>}
      {items && items.length === 0 && <p>没有待审查的决定。</p>}
      {items && items.length > 0 && (
        <>
          <p aria-live="polite">
            共 {items.length} 件待审查{overdue > 0 ? `，其中 ${overdue} 件已逾期` : ''}。
          </p>
          <div class="table-scroll">
            <table class="queue">
              <caption class="visually-hidden">待审查的决定</caption>
              <thead>
                <tr>
                  <th scope="col">决定书文号</th>
                  <th scope="col">类别</th>
                  <th scope="col">行政相对人</th>
                  <th scope="col">公开期限</th>
                  <th scope="col">剩余工作日</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={item.id} class={item.overdue ? 'overdue' : undefined}>
                    <th scope="row">
                      <a
                        href={`#/decisions/${encodeURIComponent(item.id)}`}
                        onClick={(event) => {
                          event.preventDefault();
                          onOpen(item.id);
                        }}
                      >
                        {item.caseNumber}
                      </a>
                    </th>
                    <td>
                      {ACTION_TYPE_LABELS[item.actionType as keyof typeof ACTION_TYPE_LABELS] ??
                        item.actionType}
                    </td>
                    <td>
                      {item.partyKind
                        ? (PARTY_KIND_LABELS[item.partyKind as keyof typeof PARTY_KIND_LABELS] ??
                          item.partyKind)
                        : '—'}
                    </td>
                    <td>
                      {item.publishBy ?? '—'}
                      {item.overdue && <span class="tag tag-overdue">逾期</span>}
                    </td>
                    <td>{daysLeft(item)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function daysLeft(item: Summary): string {
  if (item.workingDaysLeft === null) return '—';
  if (item.overdue) return `已逾期 ${Math.abs(item.workingDaysLeft)} 个工作日`;
  return item.workingDaysLeft === 0 ? '今天到期' : `${item.workingDaysLeft} 个工作日`;
}
