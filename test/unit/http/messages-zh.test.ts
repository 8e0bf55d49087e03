/**
 * Agency staff and the public read every problem answer in Chinese: each code the code base can raise has a
 * sentence in messages-zh.ts, found here by reading the source, so a new code without one fails this test.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IfMatchRequiredError, NotFoundError, RateLimitedError } from '../../../shared/app/errors.ts';
import { CHAIN_PROBLEMS } from '../../../shared/domain/audit.ts';
import {
  IllegalTransitionError,
  RuleViolationError,
  ValidationError,
} from '../../../shared/domain/errors.ts';
import { toProblem } from '../../../shared/http/error-map.ts';
import {
  FIELD_LABELS_ZH,
  hasChinese,
  labelOf,
  PROBLEM_MESSAGES_ZH,
  SHAPE_MESSAGES_ZH,
} from '../../../shared/http/messages-zh.ts';
import { openApiDocument } from '../../../shared/http/openapi.ts';
import { HttpProblem, type Problem, problem } from '../../../shared/http/problem.ts';
import { parseDecisionInput } from '../../../shared/http/request.ts';
import { CaseNumberTakenError, OpenRequestsLimitError, RecordTooLargeError } from '../../../shared/ports.ts';

const ROOT = join(import.meta.dirname, '../../..');
// Everything that can answer a request: the domain, the use cases, the ports and adapters, the HTTP layer, the
// handlers and the local platform's API server.
const SOURCES = [
  'shared/domain',
  'shared/app',
  'shared/adapters',
  'shared/http',
  'shared/ports.ts',
  'functions',
  'infra/local',
];

function sourceFiles(path: string): string[] {
  const full = join(ROOT, path);
  if (statSync(full).isFile()) return path.endsWith('.ts') ? [path] : [];
  return readdirSync(full).flatMap((name) => sourceFiles(join(path, name)));
}

const ONE_CODE: readonly RegExp[] = [
  /new (?:ValidationError|RuleViolationError)\(\s*'([a-z_]+)'/g,
  /new (?:HttpProblem|Refusal)\(\s*\d{3},\s*'([a-z_]+)'/g,
  /\bproblem\(\s*\d{3},\s*'([a-z_]+)'/g,
  /new ForbiddenError\(\s*'([a-z_]+)'/g,
  /\bcode = '([a-z_]+)'/g,
  // Issues written as data ({ code: 'required', field, message }) and the codes of classes' types.
  /\bcode: '([a-z_]+)'/g,
  // Helpers that take the code first: invalid(code, field, message), invalidYear(code, message).
  /\binvalid\w*\(\s*'([a-z_]+)',/g,
];
// `code: 'version_mismatch' | 'if_match_required'`, `type ForbiddenCode = | 'unknown_agency' | …`.
const CODE_UNIONS: readonly RegExp[] = [
  /\bcode: ((?:'[a-z_]+'\s*\|\s*)+'[a-z_]+')/g,
  /Code =((?:\s*\|?\s*'[a-z_]+')+)/g,
];

function codesRaised(): Map<string, Set<string>> {
  const codes = new Map<string, Set<string>>();
  const add = (code: string, file: string) => codes.set(code, (codes.get(code) ?? new Set()).add(file));
  for (const file of SOURCES.flatMap(sourceFiles)) {
    if (file === 'shared/http/messages-zh.ts') continue;
    // ADR 0021: the signed-note and tile errors are the checkpoint run's and the verifier's; no request meets them.
    if (file.startsWith('shared/domain/tlog/')) continue;
    const text = readFileSync(join(ROOT, file), 'utf8');
    for (const pattern of ONE_CODE) for (const m of text.matchAll(pattern)) add(m[1] as string, file);
    for (const pattern of CODE_UNIONS) {
      for (const m of text.matchAll(pattern)) {
        for (const code of (m[1] as string).matchAll(/'([a-z_]+)'/g)) add(code[1] as string, file);
      }
    }
  }
  return codes;
}

describe('every error code in Chinese', () => {
  const codes = codesRaised();

  it('finds the codes the code base raises (the scan still reads the source)', () => {
    expect(codes.size).toBeGreaterThan(100);
    for (const code of [
      'invalid_request',
      'not_found',
      'version_mismatch',
      'if_match_required',
      'self_review',
      'unknown_agency',
      'unresolved_personal_data',
      'legal_event_date_required',
      'too_many_open_requests',
      'invalid_resident_id',
      'statutory_holiday_missing',
      'method_not_allowed',
      'period_reversed',
      'year_in_future',
    ]) {
      expect(codes.has(code), code).toBe(true);
    }
  });

  it('has a Chinese sentence for each of them, with and without the values it may use', () => {
    const missing = [...codes.keys()].filter((code) => PROBLEM_MESSAGES_ZH[code] === undefined);
    expect(missing, `add these codes to shared/http/messages-zh.ts: ${missing.join(', ')}`).toEqual([]);
    for (const [code, sentence] of Object.entries(PROBLEM_MESSAGES_ZH)) {
      for (const params of [{}, { label: '决定日期', max: 100, count: 2, year: 2031, retryAfter: 600 }]) {
        const text = sentence(params);
        expect(hasChinese(text), `${code}: ${text}`).toBe(true);
        expect(text, code).not.toMatch(/undefined|NaN|\[object/);
      }
    }
  });

  it('says each zod issue code in Chinese, naming the field', () => {
    const zodCodes = readFileSync(join(ROOT, 'node_modules/zod/v4/core/errors.d.ts'), 'utf8').matchAll(
      /readonly code: "([a-z_]+)";/g,
    );
    const all = new Set([...zodCodes].map((m) => m[1] as string));
    expect(all.size).toBeGreaterThanOrEqual(10);
    for (const code of all) {
      const sentence = SHAPE_MESSAGES_ZH[code];
      expect(sentence, code).toBeDefined();
      const text = sentence?.({ code, message: 'Invalid input' }, '决定日期') ?? '';
      expect(text).toContain('决定日期');
      expect(hasChinese(text.replace('决定日期', '')), `${code}: ${text}`).toBe(true);
    }
  });

  it('names the decision fields as SPEC and 双公示 do, and a field it has no name for by its path', () => {
    expect(FIELD_LABELS_ZH.caseNumber).toBe('决定书文号');
    expect(labelOf('party.name')).toBe('当事人名称');
    expect(labelOf('decisionDate')).toBe('决定日期');
    expect(labelOf('redactions[2].text')).toBe('遮盖标记的文字（第3项）');
    expect(labelOf('redactions.0.field')).toBe('遮盖标记的字段（第1项）');
    expect(labelOf('somethingElse')).toBe('字段 somethingElse');
    expect(labelOf('')).toBeUndefined();
  });
});

const CJK = /[\u4e00-\u9fff]/;

function decisionBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    caseNumber: '四工信罚〔2025〕12号',
    actionType: 'penalty',
    party: {
      kind: 'legal_person',
      name: '四平市某某商贸有限公司',
      idType: 'uscc',
      idNumber: '91220300MA0Y3XXX0X',
    },
    method: '现场检查',
    content: '经查',
    legalBasis: '《条例》',
    result: '罚款',
    decisionDate: '2025-09-28',
    ...overrides,
  };
}

function refusal(run: () => unknown): Problem {
  try {
    run();
  } catch (error) {
    return JSON.parse(JSON.stringify(toProblem(error))) as Problem;
  }
  throw new Error('not refused');
}

describe('a problem answer in Chinese, with the English beside it', () => {
  it('answers a POST /v1/decisions body of the wrong shape in Chinese, codes unchanged', () => {
    const answer = refusal(() =>
      parseDecisionInput(
        decisionBody({
          actionType: 'fine',
          decisionDate: 20250928,
          caseNumber: 'x'.repeat(101),
          party: { kind: 'legal_person', idType: 'uscc', idNumber: '1' },
          surplus: 1,
        }),
      ),
    );
    expect(answer).toMatchObject({ status: 400, code: 'invalid_request', title: 'Bad Request' });
    expect(answer.detail).toMatch(CJK);
    expect(answer.detailEn).toBe('the body does not have the expected shape');
    const byField = Object.fromEntries((answer.errors ?? []).map((e) => [e.field, e]));
    expect(Object.keys(byField).sort()).toEqual([
      '',
      'actionType',
      'caseNumber',
      'decisionDate',
      'party.name',
    ]);
    expect(byField.actionType).toMatchObject({
      code: 'invalid_value',
      message: expect.stringContaining('执法行为类别'),
    });
    expect(byField.actionType?.message).toContain('penalty');
    expect(byField.decisionDate).toMatchObject({
      code: 'invalid_type',
      message: '决定日期的类型不正确，应为文本',
    });
    expect(byField.caseNumber).toMatchObject({ code: 'too_big', message: '决定书文号最多100个字符' });
    expect(byField['party.name']).toMatchObject({ code: 'invalid_type', message: '当事人名称为必填项' });
    expect(byField['']).toMatchObject({ code: 'unrecognized_keys', message: '有不认识的字段：surplus' });
    for (const error of answer.errors ?? []) {
      expect(error.message).toMatch(CJK);
      expect(error.messageEn).toEqual(expect.any(String));
      expect(error.messageEn).not.toMatch(CJK);
    }
  });

  it('says a domain refusal in Chinese by its code and field, keeping the English as detailEn / messageEn', () => {
    const answer = toProblem(
      new ValidationError('invalid_date', 'decisionDate must be a real calendar date written YYYY-MM-DD', {
        field: 'decisionDate',
      }),
    );
    expect(answer).toMatchObject({
      status: 422,
      code: 'invalid_date',
      detail: '决定日期须为真实存在的日期，格式为 YYYY-MM-DD。',
      detailEn: 'decisionDate must be a real calendar date written YYYY-MM-DD',
      errors: [
        {
          field: 'decisionDate',
          code: 'invalid_date',
          message: '决定日期须为真实存在的日期，格式为 YYYY-MM-DD。',
          messageEn: 'decisionDate must be a real calendar date written YYYY-MM-DD',
        },
      ],
    });
  });

  it('keeps a message the domain wrote in Chinese, and counts the other problems in the detail', () => {
    const issues = [
      { code: 'required', field: 'what', message: '请填写不准确的信息及更正意见' },
      { code: 'invalid_email', field: 'contact.email', message: '电子邮箱格式不正确（如name@example.com）' },
    ];
    const answer = toProblem(
      new ValidationError('required', issues[0]?.message ?? '', { details: { issues } }),
    );
    expect(answer.detail).toBe('请填写不准确的信息及更正意见（另有1处问题，见 errors）');
    expect(answer).not.toHaveProperty('detailEn');
    expect(answer.errors).toEqual(issues);
  });

  it('translates an English message that quotes a Chinese term, keeping it as messageEn', () => {
    const english =
      'a random inspection (双随机抽查) belongs to a decision whose actionType is inspection (行政检查)';
    const issues = [{ code: 'random_inspection_not_allowed', field: 'randomInspection', message: english }];
    const answer = toProblem(
      new ValidationError('random_inspection_not_allowed', english, {
        field: 'randomInspection',
        details: { issues },
      }),
    );
    expect(answer).toMatchObject({
      detail: expect.stringMatching(/^只有执法行为类别为行政检查/),
      detailEn: english,
      errors: [{ message: expect.stringMatching(/^只有/), messageEn: english }],
    });
  });

  it('interpolates what the error carries as data: the version, the wait, the limit', () => {
    expect(toProblem(new IfMatchRequiredError('send If-Match: "3"', 3))).toMatchObject({
      status: 428,
      detail: '请在 If-Match 中注明您所依据的版本（当前为 "3"）。',
      detailEn: 'send If-Match: "3"',
      currentVersion: 3,
    });
    expect(toProblem(new RateLimitedError('try again in 10 minutes', 600))).toMatchObject({
      status: 429,
      detail: '请求过于频繁，请约10分钟后再试。',
      retryAfter: 600,
    });
    expect(
      toProblem(
        new ValidationError(
          'legal_event_in_future',
          'the legal event (2031-01-02) cannot be after today (2031-01-01)',
          {
            field: 'legalEventDate',
            details: { today: '2031-01-01' },
          },
        ),
      ).detail,
    ).toBe('法律事件日期不能晚于今天（2031-01-01）。');
    expect(
      toProblem(
        new ValidationError('legal_event_date_required', 'a withdrawal as revoked states …', {
          field: 'legalEventDate',
          details: { reason: 'revoked' },
        }),
      ).detail,
    ).toMatch(/^以“撤销”为由的撤下须填写法律事件日期/);
    const tooLong = [
      {
        code: 'too_long',
        field: 'party.name',
        message: 'party.name is longer than 200 characters',
        params: { max: 200 },
      },
    ];
    const named = toProblem(
      new ValidationError('too_long', 'x', { field: 'party.name', details: { issues: tooLong } }),
    );
    expect(named.errors).toEqual([
      {
        field: 'party.name',
        code: 'too_long',
        message: '当事人名称过长，最多200个字符。',
        messageEn: 'party.name is longer than 200 characters',
      },
    ]);
    expect(
      toProblem(
        new IllegalTransitionError('a decision that is published cannot be withdrawn as expired', {
          field: 'reason',
          details: { event: 'withdraw', status: 'published', reason: 'expired' },
        }),
      ).detail,
    ).toBe('该记录当前为“已公开”状态，不能以“公示期满”为由撤下。');
    expect(toProblem(new RecordTooLargeError('decision', 500_000, 400_000)).detail).toContain('400000');
    expect(toProblem(new OpenRequestsLimitError('d1', { perDecision: 3, overall: 10 })).detail).toMatch(CJK);
  });

  it('answers in Chinese whatever was raised: store conflicts, rules, HTTP refusals, bugs', () => {
    const answers = [
      toProblem(new CaseNumberTakenError('taken')),
      toProblem(new RuleViolationError('decision_withdrawn', 'this decision has been withdrawn')),
      toProblem(new NotFoundError('decision 01ABC')),
      toProblem(new HttpProblem(400, 'malformed_json', 'the body is not valid JSON')),
      toProblem(new Error('boom')),
      problem(405, 'method_not_allowed', '/x does not accept PATCH'),
    ];
    for (const answer of answers) {
      expect(answer.detail, answer.code).toMatch(CJK);
      expect(answer.detailEn, answer.code).not.toMatch(CJK);
      for (const error of answer.errors ?? []) expect(error.message).toMatch(CJK);
    }
    expect(answers.map((a) => a.code)).toEqual([
      'case_number_taken',
      'decision_withdrawn',
      'not_found',
      'malformed_json',
      'internal_error',
      'method_not_allowed',
    ]);
    expect(answers[2]?.detail).not.toContain('01ABC');
  });

  it('names an unknown key only when it reads as a field name, in either language', () => {
    const answer = refusal(() => parseDecisionInput(decisionBody({ 张三丰: 1, partyName: 2 })));
    const unknown = answer.errors?.find((e) => e.code === 'unrecognized_keys');
    expect(unknown).toMatchObject({
      field: '',
      message: '有不认识的字段：partyName等',
      messageEn: 'Unrecognized keys',
    });
    expect(JSON.stringify(answer)).not.toContain('张三丰');
  });

  it('never echoes a submitted value: a party name or ID number stays out of every message', () => {
    const name = '张三丰';
    const idNumber = '110105199001011234';
    const answer = refusal(() =>
      parseDecisionInput(
        decisionBody({
          party: { kind: 'natural_person', name, idType: 'resident_id', idNumber: 5 },
          actionType: name,
        }),
      ),
    );
    const text = JSON.stringify(answer);
    expect(answer.errors?.map((e) => e.code)).toContain('invalid_value');
    expect(text).not.toContain(name);
    expect(text).not.toContain(idNumber);
  });
});

describe('the OpenAPI document', () => {
  it('documents detailEn and messageEn beside the Chinese detail and message', () => {
    const doc = openApiDocument() as {
      components: { schemas: Record<string, { properties: Record<string, { description?: string }> }> };
    };
    const problemSchema = doc.components.schemas.Problem;
    expect(problemSchema?.properties.detail?.description).toContain('Chinese');
    expect(problemSchema?.properties.detailEn?.description).toContain('English');
    const fieldSchema = JSON.stringify(problemSchema?.properties.errors);
    expect(fieldSchema).toContain('messageEn');
    expect(fieldSchema).toContain('in Chinese');
  });
});

describe('the audit chain’s problems in Chinese (R11, ADR 0022)', () => {
  it('says every problem of a chain in Chinese, with the event it names', () => {
    for (const problem of CHAIN_PROBLEMS) {
      expect(PROBLEM_MESSAGES_ZH[problem], problem).toBeDefined();
      expect(hasChinese(PROBLEM_MESSAGES_ZH[problem]?.({ seq: 2 })), problem).toBe(true);
    }
    expect(PROBLEM_MESSAGES_ZH.anchor_mismatch?.({ seq: 2 })).toBe(
      '第2条审计记录与表外锚定的链头（透明日志或归档的每日审计导出）不符，审计链已被改写。',
    );
  });
});
