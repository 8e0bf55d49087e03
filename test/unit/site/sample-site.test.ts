/**
 * Renders a small sample site into test-output/site-sample/ (ignored by git) for people to open in a
 * browser: the index, decision pages (one corrected, one of a natural person), a notice, month pages, feeds.
 * Relative links make it browsable straight from disk; search.js needs it served (npx serve, python -m http.server).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planStaticAssets } from '../../../shared/site/assets.ts';
import {
  Bucket,
  companyContent,
  config,
  documentOf,
  personContent,
  publish,
  withdraw,
} from './site-fixtures.ts';

const OUT = resolve(import.meta.dirname, '../../../test-output/site-sample');

describe('the sample site', () => {
  it('is written to test-output/site-sample', () => {
    const bucket = new Bucket();
    const company = documentOf('01K5SAMPLE0000000000000001', companyContent);
    const person = documentOf('01K5SAMPLE0000000000000002', personContent);
    const revoked = documentOf('01K5SAMPLE0000000000000003', {
      ...companyContent,
      caseNumber: '四工信罚〔2025〕31号',
      party: { ...companyContent.party, name: '四平市顺通物流有限公司' },
    });
    const inError = documentOf('01K5SAMPLE0000000000000004', {
      ...companyContent,
      caseNumber: '四工信罚〔2025〕35号',
    });
    const licence = documentOf('01K5SAMPLE0000000000000005', {
      ...companyContent,
      caseNumber: '四工信许〔2025〕8号',
      actionType: 'license',
      method: '申请审查',
      content: '申请人申请危险化学品经营许可证。',
      legalBasis: '《危险化学品安全管理条例》第三十三条',
      result: '准予许可，核发危险化学品经营许可证。',
      decisionDate: '2025-10-10' as never,
    });
    const { penalty: _none, ...licenceWithoutPenalty } = licence;

    bucket.apply(publish(company, '2025-09-29T02:00:00Z'));
    bucket.apply(publish(person, '2025-09-29T03:00:00Z'));
    bucket.apply(publish(revoked, '2025-09-30T01:00:00Z'));
    bucket.apply(publish(inError, '2025-09-30T02:00:00Z'));
    bucket.apply(publish(licenceWithoutPenalty, '2025-10-11T02:00:00Z'));
    const corrected = documentOf(
      company.id,
      { ...companyContent, result: '责令限期改正，并处罚款人民币叁万元整。' },
      2,
    );
    bucket.apply(
      publish(
        {
          ...corrected,
          penalty: { types: ['warning', 'fine'], typeLabels: ['警告', '罚款'], fineYuan: 30000 },
        },
        '2025-09-29T02:00:00Z',
        [{ revision: 2, at: '2025-10-09T01:00:00Z' }],
      ),
    );
    bucket.apply(
      withdraw(
        revoked,
        '2025-09-30T01:00:00Z',
        'revoked',
        '2025-10-12T02:00:00Z',
        '该决定经行政复议被依法撤销（四平复决〔2025〕5号）。',
      ),
    );
    bucket.apply(
      withdraw(inError, '2025-09-30T02:00:00Z', 'published_in_error', '2025-10-12T03:00:00Z', '不应公开。'),
    );
    for (const op of planStaticAssets(config))
      if (op.op === 'put') bucket.objects.set(op.object.key, op.object.body);

    rmSync(OUT, { recursive: true, force: true });
    for (const [key, body] of bucket.objects) {
      const path = join(OUT, key);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, body);
    }

    expect(bucket.objects.has('index.html')).toBe(true);
    expect(bucket.get(`decisions/${company.id}.html`)).toContain('更正于');
    expect(bucket.get(`decisions/${revoked.id}.html`)).toContain('已撤下');
    expect(bucket.objects.has(`decisions/${inError.id}.html`)).toBe(false);
  });
});
