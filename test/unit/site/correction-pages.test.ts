import { describe, expect, it } from 'vitest';
import type { PublicCorrectionRequest } from '../../../shared/domain/correction-request.ts';
import { correctionFormProblemPage, correctionStatusPage } from '../../../shared/site/correction-pages.ts';
import { decisionHtmlKey } from '../../../shared/site/keys.ts';
import type { SiteConfig } from '../../../shared/site/types.ts';
import { Bucket, companyContent, config, documentOf, publish } from './site-fixtures.ts';

const document = documentOf('01K5ABCDEF0000000000000001', companyContent);
const withApi = { ...config, apiUrl: 'https://api.gongshi.example/' };

function decisionPage(siteConfig: SiteConfig = withApi): string {
  const operation = new Bucket()
    .plan(publish(document, '2025-09-29T02:00:00Z'), siteConfig)
    .find((o) => o.op === 'put' && o.object.key === decisionHtmlKey(document.id));
  return operation?.op === 'put' ? operation.object.body : '';
}

describe('the correction form on a decision page (R9)', () => {
  const page = decisionPage();
  const form = /<form class="correction-form"[\s\S]*?<\/form>/.exec(page)?.[0] ?? '';

  it('posts plain named fields to the API, with the decision id hidden: no JavaScript needed', () => {
    expect(form).toContain(
      '<form class="correction-form" method="post" action="https://api.gongshi.example/v1/corrections" accept-charset="utf-8">',
    );
    expect(form).toContain(`<input type="hidden" name="decisionId" value="${document.id}">`);
    for (const name of ['what', 'evidence', 'name', 'phone', 'email'])
      expect(form).toContain(`name="${name}"`);
    expect(form).toContain('<button type="submit">提交更正申请</button>');
    // One script, deferred: the challenge (ADR 0016), an enhancement; the form posts the same without it.
    expect(page.match(/<script/g)).toHaveLength(1);
    expect(page).toContain('<script src="../assets/correction-form.js" defer></script>');
    expect(form).toContain(
      '<input type="hidden" name="challenge" value="" data-url="https://api.gongshi.example/v1/corrections/challenge">',
    );
  });

  it('labels every field, marks the required ones and says the contact is not published', () => {
    for (const id of ['what', 'evidence', 'name', 'phone', 'email']) {
      expect(form).toContain(`<label for="correction-${id}">`);
      expect(form).toContain(`id="correction-${id}"`);
    }
    expect(form).toMatch(/<textarea id="correction-what" name="what" maxlength="2000" required/);
    expect(form).toContain('type="tel"');
    expect(form).toContain('type="email"');
    expect(form).toContain('<legend>联系方式</legend>');
    expect(form).toContain('不会公开');
    expect(page).toContain('<h2 id="correction-heading">申请更正</h2>');
  });

  it('takes evidence files with the API limits, unnamed so that a form posted without JavaScript sends none', () => {
    const input = /<input type="file"[^>]*>/.exec(form)?.[0] ?? '';
    expect(input).toContain('id="correction-files"');
    expect(input).not.toContain('name=');
    expect(input).toContain('data-types="image/png image/jpeg application/pdf"');
    expect(input).toContain(`data-max-bytes="${10 * 1024 * 1024}"`);
    expect(input).toContain('data-max-files="5"');
    expect(form).toContain('<label for="correction-files">上传文件（选填）</label>');
    expect(form).toContain('未启用时，申请照常提交，但不附带文件');
  });

  it('is left out when the site does not know the API, leaving the link to the explanation', () => {
    const without = decisionPage(config);
    expect(without).not.toContain('<form');
    expect(without).not.toContain('<script');
    expect(without).toContain(`href="../correction.html?decision=${document.id}"`);
  });
});

describe('the pages the API answers a browser with (R9)', () => {
  const view: PublicCorrectionRequest = {
    id: '01K5REQUEST000000000000001',
    decisionId: document.id,
    caseNumber: '四工信罚〔2025〕12号',
    status: 'rejected',
    statusLabel: '不予更正',
    filedAt: '2025-09-30T02:00:00.000Z',
    filedOn: '2025-09-30' as never,
    answerBy: '2025-10-16' as never,
    answerByExplanation: '答复更正申请的期限：……截止2025-10-16（星期四）。',
    overdue: false,
    attachments: 1,
    answer: {
      outcome: 'reject',
      outcomeLabel: '不予更正',
      reasons: '经核对，公示内容与决定书一致 <script>',
      at: '2025-10-09T02:00:00.000Z',
      answeredOn: '2025-10-09' as never,
    },
    correction: null,
  };

  it('shows status, deadline and answer, escaped, with links back into the site', () => {
    const page = correctionStatusPage(view, withApi);
    expect(page).toContain('<html lang="zh-CN">');
    expect(page).toContain('<h1>更正申请 01K5REQUEST000000000000001</h1>');
    expect(page).toContain('<dt>答复期限</dt><dd><time datetime="2025-10-16">2025-10-16</time></dd>');
    expect(page).toContain('经核对，公示内容与决定书一致 &lt;script&gt;');
    expect(page).toContain(`href="https://gongshi.example/decisions/${document.id}.html"`);
    expect(page).toContain('<link rel="stylesheet" href="https://gongshi.example/assets/site.css">');
    expect(page).toContain('<meta name="robots" content="noindex">');
  });

  it('says when an accepted correction is public, with the day and the way to the decision (R8)', () => {
    const published = correctionStatusPage(
      {
        ...view,
        status: 'accepted',
        statusLabel: '已更正并公开',
        answer: { ...view.answer, outcome: 'accept', outcomeLabel: '予以更正' } as typeof view.answer,
        correction: { publishedAt: '2025-10-12T03:00:00.000Z', publishedOn: '2025-10-12' as never },
      },
      withApi,
    );
    expect(published).toContain(
      '<strong>已更正并公开</strong>：更正后的内容已于 <time datetime="2025-10-12">2025-10-12</time>',
    );
    expect(published).toContain('<dt>办理状态</dt><dd>已更正并公开</dd>');
    expect(published).not.toContain('正在更正');
    expect(published).toContain(
      `<a href="https://gongshi.example/decisions/${document.id}.html">决定页面</a>公开`,
    );
  });

  it('gives the form back with the input and each problem at its field', () => {
    const page = correctionFormProblemPage(withApi, {
      action: 'https://api.gongshi.example/v1/corrections',
      values: {
        decisionId: document.id,
        what: '金额 "有误" <b>',
        evidence: '',
        name: '刘建国',
        phone: '123',
        email: '',
      },
      problems: [
        { field: 'evidence', message: '请填写证据说明' },
        { field: 'phone', message: '联系电话格式不正确' },
        { message: '其他问题' },
      ],
    });
    expect(page).toContain('<div class="form-errors" role="alert"');
    expect(page).toContain('<li><a href="#correction-evidence">请填写证据说明</a></li>');
    expect(page).toContain('<li>其他问题</li>');
    expect(page).toContain('金额 &quot;有误&quot; &lt;b&gt;</textarea>');
    expect(page).toMatch(
      /id="correction-phone"[^>]*aria-describedby="correction-phone-error" aria-invalid="true"/,
    );
    expect(page).toContain('<p class="field-error" id="correction-phone-error">联系电话格式不正确</p>');
    expect(page).toContain('value="刘建国"');
  });
});
