/**
 * R4: the findings a reviewer resolves (SPEC: personalData.findings, review resolutions), and the projection
 * that applies them.
 */
import { describe, expect, it } from 'vitest';
import type { DecisionContent } from '../../../shared/domain/decision.ts';
import { checkResolutions, maskedFindings, personalDataFindings } from '../../../shared/domain/findings.ts';
import { projectPublic } from '../../../shared/domain/projection.ts';
import { COMPANY_PARTY_WITH_REPRESENTATIVE, COMPANY_PENALTY } from '../../fixtures/decisions.ts';

const content: DecisionContent = {
  ...COMPANY_PENALTY,
  party: COMPANY_PARTY_WITH_REPRESENTATIVE,
  content: '经查，证人王小明称该公司夜间排放，其子张小宝（12岁）在场。联系电话138.1234.5678。',
};

function documentOf(resolutions?: Record<string, 'mask' | 'keep'>) {
  const projection = projectPublic({
    id: 'd1',
    agency: { id: 'a', name: '四平市工业和信息化局' },
    revision: 1,
    content,
    masked: maskedFindings(content, resolutions),
  });
  if (!projection.publishable) throw new Error('not publishable');
  return projection.document;
}

describe('personal-data findings (R4)', () => {
  it('lists the certain ones masked and the suspected ones as written, each with a stable id', () => {
    const findings = personalDataFindings(content);
    expect(findings.filter((f) => f.certainty === 'certain')).toEqual([
      expect.objectContaining({
        field: 'content',
        kind: 'mobile',
        text: '***.****.****',
        resolution: 'mask',
      }),
    ]);
    const suspected = findings.filter((f) => f.certainty === 'suspected');
    expect(suspected.map((f) => f.text)).toEqual(expect.arrayContaining(['王小明', '张小宝']));
    expect(suspected.every((f) => f.resolution === null)).toBe(true);
    expect(personalDataFindings(content).map((f) => f.id)).toEqual(findings.map((f) => f.id));
    // The company's own name and its representative's role are not third persons' data.
    expect(findings.some((f) => f.text.includes('鑫达'))).toBe(false);
  });

  it('refuses an approval with an unresolved suspected finding, a kept one without a comment, an unknown id', () => {
    const suspected = personalDataFindings(content).filter((f) => f.certainty === 'suspected');
    const all = Object.fromEntries(suspected.map((f) => [f.id, 'mask' as const]));
    expect(() => checkResolutions(content, {}, { outcome: 'approve', comment: '' })).toThrow(
      expect.objectContaining({ code: 'unresolved_personal_data' }),
    );
    expect(() => checkResolutions(content, {}, { outcome: 'reject', comment: '请修改' })).not.toThrow();
    const first = suspected[0]?.id ?? '';
    expect(() =>
      checkResolutions(content, { ...all, [first]: 'keep' }, { outcome: 'approve', comment: '' }),
    ).toThrow(expect.objectContaining({ code: 'comment_required' }));
    expect(() =>
      checkResolutions(content, { ...all, 'content@0-1': 'mask' }, { outcome: 'approve', comment: '' }),
    ).toThrow(expect.objectContaining({ code: 'unknown_finding' }));
    expect(() => checkResolutions(content, all, { outcome: 'approve', comment: '' })).not.toThrow();
  });

  it('masks what the reviewer chose, names keeping their surname, and keeps what was kept', () => {
    const suspected = personalDataFindings(content).filter((f) => f.certainty === 'suspected');
    const masked = documentOf(Object.fromEntries(suspected.map((f) => [f.id, 'mask' as const])));
    expect(masked.content).not.toContain('王小明');
    expect(masked.content).not.toContain('张小宝');
    expect(masked.content).toContain('王**');
    expect(masked.content).toContain('138****5678');
    const kept = documentOf(Object.fromEntries(suspected.map((f) => [f.id, 'keep' as const])));
    expect(kept.content).toContain('王小明');
    expect(documentOf().content).toContain('王小明');
  });
});
