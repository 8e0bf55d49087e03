/**
 * A decision under review (R2, R4): what was submitted beside the public preview the API answers (exactly what the
 * publisher will render, masked spans shown as masked), each suspected finding highlighted with mask / keep, and
 * the review sent with If-Match of the version shown.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiProblem, call, type DecisionContent, type DecisionView, type Finding } from './api.ts';
import { findingPlace, Highlighted, maskedSpans, occurrences, type Span } from './highlight.tsx';
import {
  ACTION_TYPE_LABELS,
  FIELD_LABELS,
  FINDING_KIND_LABELS,
  PARTY_KIND_LABELS,
  STATUS_LABELS,
} from './labels.ts';
import type { Session } from './session.ts';

type Choice = 'mask' | 'keep';
const TEXT_FIELDS = ['method', 'content', 'legalBasis', 'result', 'violationType'] as const;

interface Loaded {
  readonly view: DecisionView;
  readonly etag: string;
}

interface Props {
  readonly session: Session;
  readonly id: string;
  readonly onDone: (message: string) => void;
}

export function Review({ session, id, onDone }: Props) {
  const [loaded, setLoaded] = useState<Loaded | undefined>();
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [comment, setComment] = useState('');
  const [alert, setAlert] = useState<{ text: string; missing?: readonly Finding[] } | undefined>();
  const [busy, setBusy] = useState(false);
  const alertRef = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    const { body, etag } = await call<DecisionView>('GET', `/v1/decisions/${encodeURIComponent(id)}`, {
      token: session.token,
    });
    setLoaded({ view: body, etag: etag ?? `"${body.version}"` });
    setChoices((previous) => {
      const next: Record<string, Choice> = {};
      for (const f of body.personalData.findings) {
        if (f.certainty !== 'suspected') continue;
        const choice = previous[f.id] ?? f.resolution;
        if (choice) next[f.id] = choice;
      }
      return next;
    });
    return body;
  }, [id, session.token]);

  useEffect(() => {
    load().catch((problem: unknown) =>
      setAlert({ text: problem instanceof ApiProblem ? problem.message : '读取决定失败。' }),
    );
  }, [load]);

  useEffect(() => {
    if (alert) alertRef.current?.focus();
  }, [alert]);

  if (!loaded) {
    return (
      <section aria-labelledby="review-title">
        <h1 id="review-title">审查决定</h1>
        {alert ? (
          <div class="error" role="alert" tabIndex={-1} ref={alertRef}>
            {alert.text}
          </div>
        ) : (
          <p aria-live="polite">正在读取…</p>
        )}
      </section>
    );
  }

  const { view } = loaded;
  const suspected = view.personalData.findings.filter((f) => f.certainty === 'suspected');
  const certain = view.personalData.findings.filter((f) => f.certainty === 'certain');
  const canReview = view.allowedActions.includes('approve') || view.allowedActions.includes('reject');

  const send = async (outcome: 'approve' | 'reject') => {
    setBusy(true);
    setAlert(undefined);
    try {
      await call('POST', `/v1/decisions/${encodeURIComponent(view.id)}/review`, {
        token: session.token,
        ifMatch: loaded.etag,
        body: { outcome, comment: comment.trim(), resolutions: choices },
      });
      onDone(
        outcome === 'approve'
          ? `已批准 ${view.caseNumber}，正在公开。`
          : `已退回 ${view.caseNumber}，提交人修改后将重新进入队列。`,
      );
    } catch (problem) {
      if (!(problem instanceof ApiProblem)) throw problem;
      if (problem.status === 412) {
        const fresh = await load().catch(() => undefined);
        const shown = fresh
          ? `（第 ${fresh.version} 版，${STATUS_LABELS[fresh.status] ?? fresh.status}）`
          : '';
        setAlert({ text: `该决定已被他人修改，已重新载入最新版本${shown}，请核对后重新审查。` });
      } else if (problem.code === 'unresolved_personal_data') {
        setAlert({ text: problem.message, missing: suspected.filter((f) => !choices[f.id]) });
      } else {
        setAlert({ text: problem.message });
      }
    } finally {
      setBusy(false);
    }
  };

  const preview = view.preview;
  return (
    <section aria-labelledby="review-title">
      <h1 id="review-title">审查决定 {view.caseNumber}</h1>
      <p class="meta">
        状态：{STATUS_LABELS[view.status] ?? view.status} · 版本 {view.version} · 公开期限{' '}
        {view.publishBy ?? '—'}
        {view.overdue && <span class="tag tag-overdue">逾期</span>}
        {view.workingDaysLeft !== null && !view.overdue && `（剩余 ${view.workingDaysLeft} 个工作日）`}
      </p>
      {view.deadlines.publication && <p class="hint">{view.deadlines.publication.explanation}</p>}
      {alert && (
        <div class="error" role="alert" tabIndex={-1} ref={alertRef}>
          <p>{alert.text}</p>
          {alert.missing && alert.missing.length > 0 && (
            <ul>
              {alert.missing.map((f) => (
                <li key={f.id}>
                  <a href={`#/decisions/${encodeURIComponent(view.id)}`} onClick={focusFinding(f.id)}>
                    未处理：{f.text}（{FIELD_LABELS[f.field] ?? f.field} ·{' '}
                    {FINDING_KIND_LABELS[f.kind] ?? f.kind}）
                  </a>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div class="side-by-side">
        <section aria-labelledby="submitted-title" class="panel">
          <h2 id="submitted-title">提交的内容</h2>
          <Fields
            content={view.decision}
            spansOf={(field, text) => submittedSpans(field, text, view, choices)}
          />
        </section>
        <section aria-labelledby="preview-title" class="panel preview">
          <h2 id="preview-title">公开预览</h2>
          {preview ? (
            <>
              <p class="hint">
                公众将看到的内容（批准后按此公开）。灰底为已遮盖部分，黄底为待处理的疑似个人信息。
              </p>
              <Fields content={preview} spansOf={(_field, text) => previewSpans(text, suspected, choices)} />
            </>
          ) : (
            <p>该决定属于不予公开的情形（R3），不会公开任何内容。</p>
          )}
        </section>
      </div>
      <section aria-labelledby="findings-title">
        <h2 id="findings-title">个人信息（R4）</h2>
        {certain.length > 0 && (
          <p>
            已自动遮盖 {certain.length} 处：
            {certain.map((f) => `${FINDING_KIND_LABELS[f.kind] ?? f.kind} ${f.text}`).join('、')}
          </p>
        )}
        {suspected.length === 0 ? (
          <p>没有需要处理的疑似个人信息。</p>
        ) : (
          <>
            <p>以下疑似个人信息须逐项选择遮盖或保留；保留须在审查意见中说明理由。</p>
            <ol class="findings">
              {suspected.map((f, index) => (
                <li key={f.id}>
                  <fieldset id={`finding-${cssId(f.id)}`} tabIndex={-1}>
                    <legend>
                      疑似{FINDING_KIND_LABELS[f.kind] ?? f.kind} {index + 1}：<strong>{f.text}</strong>（
                      {FIELD_LABELS[f.field] ?? f.field}）
                    </legend>
                    <div class="choices">
                      {(['mask', 'keep'] as const).map((choice) => (
                        <label key={choice} class="choice">
                          <input
                            type="radio"
                            name={`resolution-${f.id}`}
                            value={choice}
                            checked={choices[f.id] === choice}
                            disabled={!canReview}
                            onChange={() => setChoices({ ...choices, [f.id]: choice })}
                          />
                          {choice === 'mask' ? '遮盖' : '保留'}
                        </label>
                      ))}
                    </div>
                  </fieldset>
                </li>
              ))}
            </ol>
          </>
        )}
      </section>
      {canReview ? (
        <form
          class="review-form"
          aria-labelledby="decide-title"
          onSubmit={(event) => {
            event.preventDefault();
            const submitter = (event as SubmitEvent).submitter as HTMLButtonElement | null;
            void send(submitter?.value === 'reject' ? 'reject' : 'approve');
          }}
        >
          <h2 id="decide-title">审查意见</h2>
          <div class="form-field">
            <label for="comment">意见（退回或保留疑似个人信息时必填）</label>
            <textarea id="comment" value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
          </div>
          <div class="actions">
            <button type="submit" name="outcome" value="approve" disabled={busy}>
              批准
            </button>
            <button type="submit" name="outcome" value="reject" class="secondary" disabled={busy}>
              退回
            </button>
          </div>
        </form>
      ) : (
        <p class="hint">
          {view.status === 'pending_review'
            ? `您（${session.user}）不能审查该决定：只有本机关的审查人可以审查，且不能审查本人提交的决定。`
            : `该决定${STATUS_LABELS[view.status] ?? view.status}，不在待审查状态。`}
        </p>
      )}
      <p>
        <a href="#/queue">返回审查队列</a>
      </p>
    </section>
  );
}

function Fields({
  content,
  spansOf,
}: {
  readonly content: DecisionContent;
  readonly spansOf: (field: string, text: string) => Span[];
}) {
  const party = content.party;
  const rows: [string, preact.ComponentChildren][] = [
    ['决定书文号', content.caseNumber],
    [
      '执法类别',
      ACTION_TYPE_LABELS[content.actionType as keyof typeof ACTION_TYPE_LABELS] ?? content.actionType,
    ],
    [
      '行政相对人',
      `${party.name}（${party.kindLabel ?? PARTY_KIND_LABELS[party.kind as keyof typeof PARTY_KIND_LABELS] ?? party.kind}）`,
    ],
    ['证件号码', party.idNumber],
  ];
  if (party.legalRepresentative) rows.push(['法定代表人', party.legalRepresentative]);
  for (const field of TEXT_FIELDS) {
    const text = content[field];
    if (typeof text !== 'string') continue;
    rows.push([
      FIELD_LABELS[field] ?? field,
      <Highlighted key={field} text={text} spans={spansOf(field, text)} />,
    ]);
  }
  rows.push(['决定日期', content.decisionDate]);
  return (
    <dl class="fields">
      {rows.map(([label, value]) => (
        <div key={label} class="field-row">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function submittedSpans(
  field: string,
  _text: string,
  view: DecisionView,
  choices: Readonly<Record<string, Choice>>,
): Span[] {
  const spans: Span[] = [];
  for (const f of view.personalData.findings) {
    const place = findingPlace(f.id);
    if (!place || place.field !== field) continue;
    const kind = FINDING_KIND_LABELS[f.kind] ?? f.kind;
    const choice = choices[f.id];
    spans.push({
      start: place.start,
      end: place.end,
      className: f.certainty === 'certain' ? 'finding certain' : `finding suspected ${choice ?? 'open'}`,
      label:
        f.certainty === 'certain'
          ? `${kind}，将自动遮盖`
          : `疑似${kind}，${choice === 'mask' ? '将遮盖' : choice === 'keep' ? '将保留' : '待处理'}`,
      ...(f.certainty === 'suspected' ? { id: `mark-${cssId(f.id)}` } : {}),
    });
  }
  return spans;
}

function previewSpans(
  text: string,
  suspected: readonly Finding[],
  choices: Readonly<Record<string, Choice>>,
): Span[] {
  const spans = maskedSpans(text);
  for (const f of suspected) {
    const kind = FINDING_KIND_LABELS[f.kind] ?? f.kind;
    const choice = choices[f.id];
    const label = `疑似${kind}，${choice === 'mask' ? '批准后遮盖' : choice === 'keep' ? '将保留' : '待处理'}`;
    spans.push(...occurrences(text, f.text, `finding suspected ${choice ?? 'open'}`, label));
  }
  return spans;
}

function cssId(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '_');
}

function focusFinding(id: string) {
  return (event: Event) => {
    event.preventDefault();
    document.getElementById(`finding-${cssId(id)}`)?.focus();
  };
}
