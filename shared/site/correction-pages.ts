/**
 * R9 in HTML: the form on every decision page that files a correction request without JavaScript, the page the
 * form answers with when something is wrong (the form again, with the person's input and what to fix), and the
 * status page a requester follows. Pure: data in, markup out, every text through `html`. The last two are
 * served by the API, on its own origin, so their links to the site are absolute (`root` is the site's URL).
 */
import {
  CORRECTION_LIMITS,
  EVIDENCE_CONTENT_TYPES,
  MAX_ATTACHMENTS,
  MAX_EVIDENCE_BYTES,
  type PublicCorrectionRequest,
} from '../domain/correction-request.ts';
import { DEFAULT_CORRECTION_ANSWER_WORKING_DAYS } from '../domain/settings.ts';
import { html, type SafeHtml } from './html.ts';
import { CORRECTION_KEY, decisionHtmlKey, displayDate, INDEX_KEY } from './keys.ts';
import { fieldList, page } from './layout.ts';
import type { SiteConfig } from './types.ts';

/** The form's fields, by their names in the post. */
export interface CorrectionFormValues {
  readonly decisionId: string;
  readonly what: string;
  readonly evidence: string;
  readonly name: string;
  readonly phone: string;
  readonly email: string;
  /** R9: the box "tell me by e-mail" ticked. */
  readonly notify?: boolean;
}

export type FormFieldName = Exclude<keyof CorrectionFormValues, 'decisionId' | 'notify'>;

/** One thing to fix, next to its field (or, without one, above the form). */
export interface FormProblem {
  readonly field?: FormFieldName;
  readonly message: string;
}

/** Where the form posts: the API's correction route. */
export function correctionFormAction(apiUrl: string): string {
  return `${apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`}v1/corrections`;
}

/** ADR 0016: where the form's script asks for its challenge. */
export function correctionChallengeUrl(apiUrl: string): string {
  return `${correctionFormAction(apiUrl)}/challenge`;
}

const ID_PREFIX = 'correction-';

function fieldId(name: FormFieldName): string {
  return `${ID_PREFIX}${name}`;
}

interface FieldSpec {
  readonly name: FormFieldName;
  readonly label: string;
  readonly hint?: string;
  readonly required: boolean;
  readonly multiline?: boolean;
  readonly type?: 'text' | 'tel' | 'email';
  readonly autocomplete?: string;
  readonly maxLength: number;
}

const WHAT: FieldSpec = {
  name: 'what',
  label: '哪些信息不准确，应当如何更正',
  hint: '请写明哪一项公示内容不准确、公示的是什么、正确的应当是什么。',
  required: true,
  multiline: true,
  maxLength: CORRECTION_LIMITS.what,
};
const EVIDENCE: FieldSpec = {
  name: 'evidence',
  label: '证据',
  hint: '请说明能够证明信息不准确的证据，例如决定书原件、缴款凭证、登记证照。需要提交证据文件的，执法机关会与您联系；也可以通过开放接口上传。',
  required: true,
  multiline: true,
  maxLength: CORRECTION_LIMITS.evidence,
};
const CONTACT_FIELDS: readonly FieldSpec[] = [
  {
    name: 'name',
    label: '姓名或单位名称',
    required: true,
    autocomplete: 'name',
    maxLength: CORRECTION_LIMITS.name,
  },
  {
    name: 'phone',
    label: '联系电话',
    type: 'tel',
    required: false,
    autocomplete: 'tel',
    maxLength: CORRECTION_LIMITS.phone,
  },
  {
    name: 'email',
    label: '电子邮箱',
    type: 'email',
    required: false,
    autocomplete: 'email',
    maxLength: CORRECTION_LIMITS.email,
  },
];

function formField(spec: FieldSpec, value: string, problems: readonly FormProblem[]): SafeHtml {
  const id = fieldId(spec.name);
  const own = problems.filter((p) => p.field === spec.name);
  const described = [spec.hint ? `${id}-hint` : '', own.length > 0 ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  const attributes = html`id="${id}" name="${spec.name}" maxlength="${spec.maxLength}"${spec.required ? html` required` : ''}${
    described ? html` aria-describedby="${described}"` : ''
  }${own.length > 0 ? html` aria-invalid="true"` : ''}${spec.autocomplete ? html` autocomplete="${spec.autocomplete}"` : ''}`;
  const control = spec.multiline
    ? html`<textarea ${attributes} rows="5">${value}</textarea>`
    : html`<input type="${spec.type ?? 'text'}" ${attributes} value="${value}">`;
  return html`<div class="form-field${own.length > 0 ? ' form-field-invalid' : ''}">
<label for="${id}">${spec.label}${spec.required ? html` <span class="required">（必填）</span>` : ''}</label>
${spec.hint ? html`<p class="hint" id="${id}-hint">${spec.hint}</p>\n` : ''}${
  own.length > 0
    ? html`<p class="field-error" id="${id}-error">${own.map((p) => p.message).join('；')}</p>\n`
    : ''
}${control}
</div>
`;
}

/**
 * R9: evidence files, on the site's decision pages only (its script uploads them). The input has no name: a form
 * posted without JavaScript sends no file, and the hint says so. The limits are the API's own, in the markup
 * for the script to check before filing (FORM_JS).
 */
function evidenceFilesField(): SafeHtml {
  const id = `${ID_PREFIX}files`;
  return html`<div class="form-field form-field-files">
<label for="${id}">上传文件（选填）</label>
<p class="hint" id="${id}-hint">可附上证据文件：不超过${MAX_ATTACHMENTS}个 PNG、JPEG 图片或 PDF 文件，每个不超过${MAX_EVIDENCE_BYTES / 1024 / 1024} MB，仅供执法机关审查，不会公开。上传文件需要浏览器启用 JavaScript；未启用时，申请照常提交，但不附带文件。</p>
<p class="field-error" id="${id}-error" role="alert" hidden></p>
<input type="file" id="${id}" multiple accept="${['.png', '.jpg', '.jpeg', '.pdf', ...EVIDENCE_CONTENT_TYPES].join(',')}" aria-describedby="${id}-hint ${id}-error" data-types="${EVIDENCE_CONTENT_TYPES.join(' ')}" data-max-bytes="${MAX_EVIDENCE_BYTES}" data-max-files="${MAX_ATTACHMENTS}">
<div class="upload-progress" id="${id}-progress" role="status" aria-live="polite"></div>
</div>
`;
}

/**
 * The form itself: a plain POST of named fields to the API, so it works without JavaScript; the decision's
 * id rides along hidden. With problems, a summary first (role alert, each linked to its field) and each field
 * marked invalid with its message.
 */
export function correctionForm(options: {
  readonly action: string;
  /** ADR 0016: on the site's decision pages, where the form's script solves a challenge from here. */
  readonly challengeUrl?: string;
  /** R9: on the site's decision pages, where the form's script uploads evidence files. */
  readonly files?: boolean;
  readonly values: CorrectionFormValues;
  readonly problems?: readonly FormProblem[];
}): SafeHtml {
  const problems = options.problems ?? [];
  const { values } = options;
  return html`${
    problems.length > 0
      ? html`<div class="form-errors" role="alert" tabindex="-1" id="${ID_PREFIX}errors">
<h2>申请没有提交，请修改以下问题后重新提交</h2>
<ul>
${problems.map(
  (p) =>
    html`<li>${p.field ? html`<a href="#${fieldId(p.field)}">${p.message}</a>` : p.message}</li>
`,
)}</ul>
</div>
`
      : ''
  }<form class="correction-form" method="post" action="${options.action}" accept-charset="utf-8">
<input type="hidden" name="decisionId" value="${values.decisionId}">
${
  options.challengeUrl
    ? html`<input type="hidden" name="challenge" value="" data-url="${options.challengeUrl}">
`
    : ''
}${formField(WHAT, values.what, problems)}${formField(EVIDENCE, values.evidence, problems)}${
  options.files ? evidenceFilesField() : ''
}<fieldset>
<legend>联系方式</legend>
<p class="hint" id="${ID_PREFIX}contact-hint">仅供执法机关答复您使用，不会公开。联系电话和电子邮箱至少填写一项。</p>
${CONTACT_FIELDS.map((spec) => formField(spec, values[spec.name], problems))}<div class="form-field form-check">
<input type="checkbox" id="${ID_PREFIX}notify" name="notify" value="yes"${values.notify ? html` checked` : ''}>
<label for="${ID_PREFIX}notify">执法机关答复后发邮件通知我（须填写邮箱地址）</label>
</div>
</fieldset>
<p class="hint">提交后您会得到一个申请编号和查询地址，凭它查看办理进度和答复。</p>
<button type="submit">提交更正申请</button>
</form>`;
}

const EMPTY: Omit<CorrectionFormValues, 'decisionId'> = {
  what: '',
  evidence: '',
  name: '',
  phone: '',
  email: '',
};

/** R9: the section every decision page carries when the site knows the API's address. */
export function correctionSection(apiUrl: string, decisionId: string, root: string): SafeHtml {
  return html`<section id="correction" aria-labelledby="correction-heading" class="correction">
<h2 id="correction-heading">申请更正</h2>
<p>认为以上公示信息不准确，并有证据证明的，可以在此向执法机关申请更正。执法机关应当在规定期限内（默认为收到申请之日起${DEFAULT_CORRECTION_ANSWER_WORKING_DAYS}个工作日）作出答复。<a href="${root}${CORRECTION_KEY}">了解更正申请如何办理</a></p>
${correctionForm({
  action: correctionFormAction(apiUrl),
  challengeUrl: correctionChallengeUrl(apiUrl),
  files: true,
  values: { decisionId, ...EMPTY },
})}
</section>`;
}

/** The site's root as an absolute URL: the API's pages link back into the site from another origin. */
function siteRoot(config: SiteConfig): string {
  return config.siteUrl.endsWith('/') ? config.siteUrl : `${config.siteUrl}/`;
}

const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;

function backToDecision(config: SiteConfig, decisionId: string): SafeHtml {
  return SAFE_ID.test(decisionId)
    ? html`<p><a href="${siteRoot(config)}${decisionHtmlKey(decisionId)}">返回决定页面</a> · <a href="${siteRoot(config)}${INDEX_KEY}">返回首页</a></p>`
    : html`<p><a href="${siteRoot(config)}${INDEX_KEY}">返回首页</a></p>`;
}

/**
 * The answer to a form post that cannot be filed as it is: the form again with what the person typed and what
 * to fix, or (when the decision itself cannot take a request) why, with the way back.
 */
export function correctionFormProblemPage(
  config: SiteConfig,
  options: {
    readonly action: string;
    readonly values: CorrectionFormValues;
    readonly problems: readonly FormProblem[];
    /** The form cannot help (unknown or withdrawn decision, too many requests): say why, without it. */
    readonly withoutForm?: boolean;
  },
): string {
  const root = siteRoot(config);
  const main = options.withoutForm
    ? html`<h1>更正申请没有提交</h1>
<div class="form-errors" role="alert">
<ul>
${options.problems.map((p) => html`<li>${p.message}</li>\n`)}</ul>
</div>
${backToDecision(config, options.values.decisionId)}`
    : html`<h1>申请更正</h1>
${correctionForm(options)}
${backToDecision(config, options.values.decisionId)}`;
  return page({ config, root, title: '更正申请没有提交', main, noindex: true });
}

/** R9: the requester's page: status, deadline (with its explanation), the agency's answer. No contact. */
export function correctionStatusPage(view: PublicCorrectionRequest, config: SiteConfig): string {
  const root = siteRoot(config);
  const decisionUrl = `${root}${decisionHtmlKey(view.decisionId)}`;
  const { answer } = view;
  const main = html`<h1>更正申请 ${view.id}</h1>
<p class="lead" role="status"><strong>${view.statusLabel}</strong>${
    view.correction
      ? html`：更正后的内容已于 <time datetime="${view.correction.publishedOn}">${view.correction.publishedOn}</time> 在<a href="${decisionUrl}">决定页面</a>公开。`
      : view.status === 'open'
        ? view.overdue
          ? html`：已超过答复期限（${view.answerBy}），执法机关尚未答复。`
          : html`：执法机关应当在 ${html`<time datetime="${view.answerBy}">${view.answerBy}</time>`} 前答复。`
        : ''
  }</p>
<p class="hint">请保存本页地址，凭申请编号 <code>${view.id}</code> 查询办理进度。</p>
<section aria-labelledby="request-heading">
<h2 id="request-heading">申请</h2>
${fieldList([
  ['申请编号', view.id],
  ['所涉决定', html`<a href="${decisionUrl}">${view.caseNumber || view.decisionId}</a>`],
  ['申请日期', html`<time datetime="${view.filedOn}">${view.filedOn}</time>`],
  ['办理状态', view.statusLabel],
  ['答复期限', html`<time datetime="${view.answerBy}">${view.answerBy}</time>`],
  ['期限说明', view.answerByExplanation],
  ['证据文件', view.attachments > 0 ? `${view.attachments} 个（不公开）` : undefined],
])}
</section>
<section aria-labelledby="answer-heading">
<h2 id="answer-heading">答复</h2>
${
  answer
    ? fieldList([
        ['答复结果', answer.outcomeLabel],
        [answer.outcome === 'reject' ? '理由' : '说明', answer.reasons],
        ['答复日期', html`<time datetime="${answer.answeredOn}">${displayDate(answer.at)}</time>`],
      ])
    : html`<p>执法机关尚未答复。</p>`
}${
  view.correction
    ? html`<p>更正已经审核并于 <time datetime="${view.correction.publishedOn}">${view.correction.publishedOn}</time> 在<a href="${decisionUrl}">决定页面</a>公开，页面标明了“更正于”的日期和更正的内容。</p>`
    : answer?.outcome === 'accept'
      ? html`<p>执法机关已受理更正。更正内容经审核后在<a href="${decisionUrl}">决定页面</a>公开，页面会标明“更正于”的日期。</p>`
      : ''
}
</section>
<p><a href="${decisionUrl}">查看决定页面</a> · <a href="${root}${CORRECTION_KEY}">更正申请如何办理</a></p>`;
  return page({ config, root, title: `更正申请 ${view.id}`, main, noindex: true });
}

/** The body of the 303 that follows a form post (browsers go straight on to the status page). */
export function correctionFiledPage(statusUrl: string): string {
  return html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>更正申请已提交</title></head>
<body><p>更正申请已提交。<a href="${statusUrl}">查看办理进度</a></p></body></html>
`.toString();
}

/** A status page that does not exist (a mistyped or unknown id). */
export function correctionNotFoundPage(config: SiteConfig): string {
  const root = siteRoot(config);
  const main = html`<h1>未找到该更正申请</h1>
<p>请核对申请编号或查询地址是否完整。</p>
<p><a href="${root}${INDEX_KEY}">返回首页</a> · <a href="${root}${CORRECTION_KEY}">更正申请如何办理</a></p>`;
  return page({ config, root, title: '未找到该更正申请', main, noindex: true });
}
