/**
 * R9 for people's browsers: the correction form posts `application/x-www-form-urlencoded` (no JavaScript), and a
 * browser following a status link asks for HTML. This reads the form, negotiates the answer's format, and turns
 * a problem into a page that says, in Chinese, what to fix.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  type CorrectionFormValues,
  correctionFormAction,
  correctionFormProblemPage,
  correctionNotFoundPage,
  type FormFieldName,
  type FormProblem,
} from '../site/correction-pages.ts';
import type { SiteConfig } from '../site/types.ts';
import type { ProblemRenderer } from './problem.ts';
import { HttpProblem, type Problem, problemResponse, retryAfterHeader } from './problem.ts';

export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';
/** The form's texts at their limits, in UTF-8 and percent-encoded, fit many times over. */
export const MAX_FORM_BYTES = 256 * 1024;

export function isFormPost(event: APIGatewayProxyEventV2): boolean {
  const type = (event.headers?.['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  return type === FORM_CONTENT_TYPE;
}

/**
 * The form is accepted from the site's own pages only. A form post is a "simple" cross-origin request: any page
 * on the web could make its visitors' browsers file requests in their names and from their addresses (a flood
 * borne by other people's browsers). Browsers send `Origin` on every POST; the site's origin is the only one let
 * through (ADR 0016). A post without `Origin` is not a browser's form, and could as well have been JSON.
 * No token: the filing is anonymous, so there is no session or cookie for a forged post to ride on.
 */
export function checkFormOrigin(event: APIGatewayProxyEventV2, siteUrl: string): void {
  const origin = event.headers?.origin;
  if (origin === undefined) return;
  if (origin !== new URL(siteUrl).origin) {
    throw new HttpProblem(
      403,
      'forbidden_origin',
      "the correction form is accepted from the site's own pages only",
    );
  }
}

/** The posted fields, the first value of each name. */
export function formFields(event: APIGatewayProxyEventV2): Record<string, string> {
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > MAX_FORM_BYTES) {
    throw new HttpProblem(413, 'payload_too_large', `the form must not exceed ${MAX_FORM_BYTES} bytes`);
  }
  const fields: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(text)) if (!(name in fields)) fields[name] = value;
  return fields;
}

export function formValues(fields: Readonly<Record<string, string>>): CorrectionFormValues {
  return {
    decisionId: fields.decisionId ?? '',
    what: fields.what ?? '',
    evidence: fields.evidence ?? '',
    name: fields.name ?? '',
    phone: fields.phone ?? '',
    email: fields.email ?? '',
    notify: fields.notify === 'yes',
  };
}

/**
 * The form's flat fields as the JSON filing: an empty phone or e-mail box is no phone or e-mail, an empty
 * challenge (no JavaScript, or not solved yet) no challenge.
 */
export function filingFromForm(
  values: CorrectionFormValues,
  challenge = '',
  attachments: readonly unknown[] = [],
): unknown {
  const phone = values.phone.trim();
  const email = values.email.trim();
  return {
    decisionId: values.decisionId,
    what: values.what,
    evidence: values.evidence,
    ...(attachments.length > 0 ? { attachments } : {}),
    contact: { name: values.name, ...(phone ? { phone } : {}), ...(email ? { email } : {}) },
    ...(values.notify ? { notify: true } : {}),
    ...(challenge.trim() ? { challenge: challenge.trim() } : {}),
  };
}

/**
 * The site's form sent by its script (it has evidence files to upload): still a form post, so a "simple"
 * cross-origin request without a preflight, but asking for JSON, as `Accept` may say without one. The answer is
 * then JSON (the upload URLs) or problem+json, readable by the site's origin.
 */
export function isScriptedForm(event: APIGatewayProxyEventV2): boolean {
  return (
    isFormPost(event) && /\bapplication\/json\b/i.test(event.headers?.accept ?? '') && !prefersHtml(event)
  );
}

/** What the site's origin needs to read an answer to its script (and nothing more: no credentials). */
export function siteCorsHeaders(siteUrl: string): Record<string, string> {
  return { 'access-control-allow-origin': new URL(siteUrl).origin, vary: 'origin' };
}

/** At most this many files are read from a form (the API's own limit is lower, and says so). */
const MAX_FORM_ATTACHMENTS = 20;

/**
 * R9: the evidence files the form's script declares, as `attachments.<i>.name`, `.contentType` and `.size`
 * (the files themselves go to the presigned URLs afterwards). A size that is not a number stays one that the
 * schema refuses.
 */
export function attachmentsFromForm(fields: Readonly<Record<string, string>>): unknown[] {
  const files: unknown[] = [];
  for (let i = 0; i < MAX_FORM_ATTACHMENTS; i++) {
    const name = fields[`attachments.${i}.name`];
    if (name === undefined) break;
    const size = fields[`attachments.${i}.size`] ?? '';
    files.push({
      name,
      contentType: fields[`attachments.${i}.contentType`] ?? '',
      size: /^\d{1,15}$/.test(size) ? Number(size) : size,
    });
  }
  return files;
}

/** Whether the Accept header ranks text/html above JSON (a browser does; curl's `*\/*` does not). */
export function prefersHtml(event: APIGatewayProxyEventV2): boolean {
  const ranges = (event.headers?.accept ?? '')
    .split(',')
    .map((part) => {
      const [range = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
      const q = params.find((p) => p.startsWith('q='));
      const weight = q === undefined ? 1 : Number(q.slice(2));
      return { range, q: Number.isFinite(weight) ? weight : 0 };
    })
    .filter((r) => r.range !== '');
  const quality = (type: string) => {
    const [major] = type.split('/');
    const exact = ranges.find((r) => r.range === type);
    const partial = ranges.find((r) => r.range === `${major}/*`);
    const any = ranges.find((r) => r.range === '*/*');
    return (exact ?? partial ?? any)?.q ?? 0;
  };
  return quality('text/html') > quality('application/json');
}

/**
 * A page of the API's own: no caching, no framing, no referrer (the status URL is the requester's key to their
 * request), and a policy that lets it load the site's stylesheet and post the form to the API, nothing else.
 */
export function htmlResponse(
  status: number,
  body: string,
  config: SiteConfig,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  const site = new URL(config.siteUrl).origin;
  const api = config.apiUrl ? new URL(config.apiUrl).origin : "'none'";
  return {
    statusCode: status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': `default-src 'none'; style-src ${site}; img-src data:; form-action ${api}; frame-ancestors 'none'; base-uri 'none'`,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      ...headers,
    },
    body,
  };
}

const FIELDS: Readonly<Record<string, FormFieldName>> = {
  what: 'what',
  evidence: 'evidence',
  'contact.name': 'name',
  'contact.phone': 'phone',
  'contact.email': 'email',
  // "a phone or an e-mail" belongs to both; the summary points at the first.
  contact: 'phone',
};
const LABELS: Readonly<Record<FormFieldName, string>> = {
  what: '不准确的信息及更正意见',
  evidence: '证据',
  name: '姓名或单位名称',
  phone: '联系电话',
  email: '电子邮箱',
};

/**
 * What the person reads: the domain's own Chinese message, or for a problem translated from English (a shape
 * problem, messages-zh.ts) at a field of the form a plain one in the form's words.
 */
function formProblems(problem: Problem): FormProblem[] {
  return (problem.errors ?? []).map((error) => {
    const field = FIELDS[error.field];
    if (!field) return { message: error.message };
    if (error.messageEn === undefined) return { field, message: error.message };
    const message = error.code === 'too_big' ? `${LABELS[field]}过长` : `${LABELS[field]}格式不正确`;
    return { field, message };
  });
}

/** Problems the form cannot fix: why, in Chinese. */
function refusal(problem: Problem): string {
  switch (problem.code) {
    case 'not_found':
      return '未找到该公示决定：它可能尚未公开，或地址有误。';
    case 'decision_withdrawn':
      return '该决定已经撤下，不再接受更正申请。';
    case 'rate_limited':
      return `提交过于频繁。为防止滥用，同一网络地址短时间内提交的申请数量有限制，请约${Math.ceil(Number(problem.retryAfter ?? 60) / 60)}分钟后再试。`;
    case 'too_many_open_requests':
      return '您就该决定（或全部决定）提交的更正申请尚待答复的已达上限，请待执法机关答复后再提交。';
    case 'forbidden_origin':
      return '请通过公示网站上该决定页面的表单提交更正申请。';
    case 'payload_too_large':
      return '提交的内容过长。';
    default:
      return problem.detail !== undefined && /[\u4e00-\u9fff]/.test(problem.detail)
        ? problem.detail
        : '提交没有成功，请稍后再试。';
  }
}

/**
 * The file route's answer to a form post that failed: a problem the form can fix comes back as the form with
 * the person's input and each problem at its field (400); anything else as a page saying why, with the
 * problem's own status (404, 409, 429 with Retry-After). JSON clients keep problem+json.
 */
export function filingProblemRenderer(config: SiteConfig): ProblemRenderer {
  return (event, problem) => {
    if (isScriptedForm(event)) {
      return problemResponse(problem, siteCorsHeaders(config.siteUrl));
    }
    if (!isFormPost(event)) return undefined;
    let values = formValues({});
    try {
      values = formValues(formFields(event));
    } catch {
      // Too large to read back: the page says so, without the input.
    }
    const fixable = (problem.status === 400 || problem.status === 422) && (problem.errors?.length ?? 0) > 0;
    const action = correctionFormAction(config.apiUrl ?? '/');
    const body = fixable
      ? correctionFormProblemPage(config, { action, values, problems: formProblems(problem) })
      : correctionFormProblemPage(config, {
          action,
          values,
          problems: [{ message: refusal(problem) }],
          withoutForm: true,
        });
    return htmlResponse(fixable ? 400 : problem.status, body, config, retryAfterHeader(problem));
  };
}

/** The status route's answer to a browser: an unknown id is a page, not JSON. */
export function statusProblemRenderer(config: SiteConfig): ProblemRenderer {
  return (event, problem) =>
    prefersHtml(event) && problem.status === 404
      ? htmlResponse(404, correctionNotFoundPage(config), config)
      : undefined;
}
