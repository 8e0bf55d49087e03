import { describe, expect, it } from 'vitest';
import { MemoryAgencyDirectory } from '../../../shared/adapters/memory/agency-directory.ts';
import type { LocalDate } from '../../../shared/domain/dates.ts';
import type { DecisionContent } from '../../../shared/domain/decision.ts';
import { personalDataFindings } from '../../../shared/domain/findings.ts';
import { projectPublic } from '../../../shared/domain/projection.ts';
import { DEFAULT_AGENCY_SETTINGS } from '../../../shared/domain/settings.ts';
import { validateDecisionContent } from '../../../shared/domain/validation.ts';
import { publicUntil, publishedEntry } from '../../../shared/site/model.ts';
import { decisionPage } from '../../../shared/site/pages.ts';
import { COMPANY_PENALTY } from '../../fixtures/decisions.ts';
import { REAL_USCCS, residentIdBornOn } from '../../fixtures/ids.ts';
import { SITE_CONFIG } from '../../fixtures/site.ts';

const today = '2025-10-10' as LocalDate;
const agency = { id: 'siping-gxj', name: '四平市工业和信息化局' };

function issuesOf(content: DecisionContent): { code: string; field?: string }[] {
  try {
    validateDecisionContent(content, { today });
    return [];
  } catch (error) {
    return ((error as { details?: { issues?: { code: string; field?: string }[] } }).details?.issues ??
      []) as { code: string; field?: string }[];
  }
}

describe('双公示 fields the agency gives: 违法行为类型, 处罚有效期', () => {
  it('are optional: a decision without them validates and projects as before', () => {
    const valid = validateDecisionContent(COMPANY_PENALTY, { today });
    expect(valid).not.toHaveProperty('violationType');
    expect(valid.penalty).not.toHaveProperty('validUntil');
    const projection = projectPublic({ id: 'd1', agency, revision: 1, content: valid });
    if (!projection.publishable) throw new Error('publishable');
    expect(projection.document).not.toHaveProperty('violationType');
  });

  it('keeps a violation type trimmed, drops a blank one, and checks the end of the penalty', () => {
    const valid = validateDecisionContent(
      {
        ...COMPANY_PENALTY,
        violationType: '  未落实安全管理制度 ',
        penalty: { types: ['fine'], fineYuan: 50000, validUntil: '2026-09-27' as LocalDate },
      },
      { today },
    );
    expect(valid.violationType).toBe('未落实安全管理制度');
    expect(valid.penalty?.validUntil).toBe('2026-09-27');
    expect(
      validateDecisionContent({ ...COMPANY_PENALTY, violationType: '  ' }, { today }),
    ).not.toHaveProperty('violationType');
    expect(
      issuesOf({ ...COMPANY_PENALTY, penalty: { types: ['fine'], validUntil: '2025-09-01' as LocalDate } }),
    ).toEqual([
      expect.objectContaining({ code: 'penalty_ends_before_decision', field: 'penalty.validUntil' }),
    ]);
    expect(
      issuesOf({ ...COMPANY_PENALTY, penalty: { types: ['fine'], validUntil: '2025-02-30' as LocalDate } }),
    ).toEqual([expect.objectContaining({ code: 'invalid_date', field: 'penalty.validUntil' })]);
  });

  it('R4: the violation type is masked as the other free texts, and its names are shown to the reviewer', () => {
    const id = residentIdBornOn('1990-03-07');
    const content = validateDecisionContent(
      { ...COMPANY_PENALTY, violationType: `雇用未取得资格人员（身份证${id}）` },
      { today },
    );
    const projection = projectPublic({ id: 'd1', agency, revision: 1, content });
    if (!projection.publishable) throw new Error('publishable');
    expect(projection.document.violationType).toBeDefined();
    expect(projection.document.violationType).not.toContain(id);
    expect(projection.document.violationType).not.toContain(id.slice(6, 14));
    const findings = personalDataFindings(content);
    expect(findings.some((f) => f.field === 'violationType' && f.certainty === 'certain')).toBe(true);
  });

  it('the decision page shows 违法行为类型, 处罚有效期 and 公示截止期 (R6: 5 years, 2 for a natural person)', () => {
    const content = validateDecisionContent(
      {
        ...COMPANY_PENALTY,
        violationType: '安全生产类',
        penalty: { types: ['licence_suspension'], validUntil: '2026-03-27' as LocalDate },
      },
      { today },
    );
    const projection = projectPublic({ id: 'd1', agency, revision: 1, content });
    if (!projection.publishable) throw new Error('publishable');
    const entry = publishedEntry(
      {
        kind: 'publish',
        document: projection.document,
        publishedAt: '2025-10-09T02:00:00Z',
        corrections: [],
      },
      SITE_CONFIG,
    );
    expect(publicUntil(entry)).toBe('2030-10-09');
    expect(publicUntil({ ...entry, party: { ...entry.party, kind: 'natural_person' } })).toBe('2027-10-09');
    const page = decisionPage(entry, SITE_CONFIG);
    expect(page).toContain('违法行为类型');
    expect(page).toContain('安全生产类');
    expect(page).toContain('处罚有效期');
    expect(page).toMatch(/公示截止期[\s\S]{0,120}2030-10-09/);
  });
});

describe('the agency directory keeps an agency’s own USCC, checked', () => {
  it('stores a valid code and refuses a wrong check character', async () => {
    const directory = new MemoryAgencyDirectory();
    const settings = DEFAULT_AGENCY_SETTINGS('siping-gxj');
    await directory.putAgency({ ...agency, uscc: REAL_USCCS.huawei, settings });
    expect((await directory.get('siping-gxj')).uscc).toBe(REAL_USCCS.huawei);
    const wrong = `${REAL_USCCS.huawei.slice(0, 17)}${REAL_USCCS.huawei.endsWith('0') ? '1' : '0'}`;
    await expect(directory.putAgency({ ...agency, uscc: wrong, settings })).rejects.toMatchObject({
      code: 'invalid_uscc',
    });
  });
});
