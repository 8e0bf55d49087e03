/**
 * R4 (ADR 0012) on the local platform, as an attacker and a careless clerk would try it: each way of writing
 * personal data that used to reach the public site ends masked on the site or refused with a clear 4xx, never
 * public. Third persons are shown to the reviewer, who must resolve each before approving (R2, R4, ADR 0012).
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { gateFindings } from '../../shared/app/publish-gate.ts';
import { skeletonOf } from '../../shared/domain/skeleton.ts';
import { residentIdBornOn } from '../fixtures/ids.ts';
import { agencyId, companyPenalty, personPenalty } from './fixtures/decisions.ts';
import { eventuallyWithin } from './support/eventually.ts';
import { call } from './support/http.ts';
import { tokenFor } from './support/tokens.ts';

const AGENCY = agencyId('siping-pii');
let submitter: string;
let reviewer: string;
const eventually = eventuallyWithin(30_000);

beforeAll(async () => {
  submitter = await tokenFor({ agency: AGENCY, roles: ['submitter'], user: 'li.na' });
  reviewer = await tokenFor({ agency: AGENCY, roles: ['reviewer'], user: 'wang.fang' });
});

async function submit(body: unknown) {
  const created = await call('POST', '/v1/decisions', { token: submitter, body });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

async function review(id: string, version: number, body: Record<string, unknown>) {
  return call('POST', `/v1/decisions/${id}/review`, {
    token: reviewer,
    headers: { 'if-match': `"${version}"` },
    body: { outcome: 'approve', comment: '同意公开', ...body },
  });
}

/** Approves, masking every suspected finding the reviewer is shown; answers the decision once published. */
async function publishMasked(body: unknown) {
  const created = await submit(body);
  const resolutions = Object.fromEntries(
    created.personalData.findings
      .filter((f: { certainty: string }) => f.certainty === 'suspected')
      .map((f: { id: string }) => [f.id, 'mask']),
  );
  const approved = await review(created.id, created.version, { resolutions });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  return eventually(async () => {
    const page = await fetch(new URL(`decisions/${created.id}.html`, inject('siteUrl')));
    expect(page.status).toBe(200);
    const json = await fetch(new URL(`decisions/${created.id}.json`, inject('siteUrl')));
    return { id: created.id as string, html: await page.text(), json: await json.text() };
  });
}

function expectNowhere(published: { html: string; json: string }, ...values: string[]) {
  for (const body of [published.html, published.json]) {
    const skeleton = skeletonOf(body).text.toUpperCase();
    for (const value of values) expect(skeleton).not.toContain(value.toUpperCase());
    expect(gateFindings([{ key: 'page', body }])).toEqual([]);
  }
}

const ID = '22030219900101123X';

describe('personal data however written (R4)', () => {
  it('masks IDs, mobiles, e-mails and cards written with separators, zero-width spaces and full-width forms', async () => {
    const content = [
      `身份证号220302-19900101-123X`,
      `又写作220302 19900101 123X`,
      '手机138.1234.5678',
      `或${[...'13912345678'].join('\u200b')}`,
      '邮箱zhangsan＠qq．com',
      '银行卡6222-0212-3456-7890-123',
    ].join('，');
    const published = await publishMasked(
      companyPenalty({ content: `经查，当事人员工联系方式：${content}。` }),
    );
    expectNowhere(published, ID, '13812345678', '13912345678', 'zhangsan@qq.com', '6222021234567890123');
    expect(published.html).toContain('138****5678');
  });

  it('masks a full resident ID in the party of an organisation filed under other', async () => {
    const written = `${ID.slice(0, 6)}-${ID.slice(6, 14)}-${ID.slice(14)}`;
    const published = await publishMasked(
      companyPenalty({
        party: { kind: 'other_org', name: '铁西区某合伙企业', idType: 'other', idNumber: written },
      }),
    );
    expectNowhere(published, ID);
    expect(published.json).toMatch(/"idNumber":\s*"220302\*{12}"/);
  });

  it('never publishes a minor: an ID with separators under other, a passport with the birth date', async () => {
    const child = residentIdBornOn('2012-05-01');
    const spaced = `${child.slice(0, 6)} ${child.slice(6, 14)} ${child.slice(14)}`;
    const byId = await submit(
      personPenalty('1985-03-12', {
        party: { kind: 'natural_person', name: '张小宝', idType: 'other', idNumber: spaced },
      }),
    );
    expect(byId.exemption).toEqual({ reason: 'minor', source: 'detected' });
    expect(byId.preview).toBeNull();
    const byBirth = await submit(
      personPenalty('1985-03-12', {
        party: {
          kind: 'natural_person',
          name: '约翰·史密斯',
          idType: 'passport',
          idNumber: 'E12345678',
          birthDate: '2011-02-03',
        },
        content: '当事人于2025年8月无证经营。',
      }),
    );
    expect(byBirth.exemption).toEqual({ reason: 'minor', source: 'detected' });
    const hkPermit = await submit(
      personPenalty('1985-03-12', {
        party: {
          kind: 'natural_person',
          name: '陈大文',
          idType: 'other',
          idNumber: 'H12345678',
          birthDate: '2010-07-01',
        },
        content: '当事人于2025年8月无证经营。',
      }),
    );
    expect(hkPermit.exemption).toEqual({ reason: 'minor', source: 'detected' });
  });

  it('refuses a natural person without a mainland ID or a birth date, naming the field and never the number', async () => {
    const reply = await call('POST', '/v1/decisions', {
      token: submitter,
      body: personPenalty('1985-03-12', {
        party: { kind: 'natural_person', name: '约翰·史密斯', idType: 'passport', idNumber: 'E12345678' },
      }),
    });
    expect(reply.status).toBe(422);
    expect(reply.headers.get('content-type')).toContain('application/problem+json');
    expect(reply.body.code).toBe('birth_date_required');
    expect(JSON.stringify(reply.body)).not.toContain('E12345678');
  });

  it('refuses a phone typed into a party name (422 personal_number), without echoing it', async () => {
    const reply = await call('POST', '/v1/decisions', {
      token: submitter,
      body: companyPenalty({
        party: {
          kind: 'legal_person',
          name: '四平市鑫达化工有限公司138.1234.5678',
          idType: 'uscc',
          idNumber: companyPenalty().party.idNumber,
        },
      }),
    });
    expect(reply.status).toBe(422);
    expect(JSON.stringify(reply.body)).toContain('personal_number');
    expect(JSON.stringify(reply.body)).not.toContain('1234');
  });
});

describe('third persons the reviewer resolves (R2, R4)', () => {
  const text =
    '经查，证人王小明称该公司夜间排放废水，员工李建华证实属实，其子张小宝（12岁）在场。当事人驾驶吉A12345号货车。';

  it('shows the findings at submit and on GET, refuses an approval that leaves one open, and masks what the reviewer chose', async () => {
    const created = await submit(companyPenalty({ content: text }));
    const suspected = created.personalData.findings.filter(
      (f: { certainty: string }) => f.certainty === 'suspected',
    );
    const texts = suspected.map((f: { text: string }) => f.text);
    expect(texts).toEqual(expect.arrayContaining(['王小明', '李建华', '张小宝']));
    expect(suspected.map((f: { kind: string }) => f.kind)).toEqual(
      expect.arrayContaining(['person_name', 'minor_age', 'licence_plate']),
    );
    const read = await call('GET', `/v1/decisions/${created.id}`, { token: reviewer });
    expect(read.body.personalData).toEqual(created.personalData);

    const open = await review(created.id, created.version, {});
    expect(open.status).toBe(422);
    expect(open.body.code).toBe('unresolved_personal_data');
    expect(JSON.stringify(open.body)).not.toContain('王小明');

    const [first, ...rest] = suspected as { id: string; text: string }[];
    const keptWithoutWhy = await review(created.id, created.version, {
      comment: '',
      resolutions: { [first?.id ?? '']: 'keep', ...Object.fromEntries(rest.map((f) => [f.id, 'mask'])) },
    });
    expect(keptWithoutWhy.status).toBe(422);
    expect(keptWithoutWhy.body.code).toBe('comment_required');

    const unknown = await review(created.id, created.version, { resolutions: { 'content@0-1': 'mask' } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('unknown_finding');
    // Nothing was written by the refusals.
    expect((await call('GET', `/v1/decisions/${created.id}`, { token: reviewer })).body.version).toBe(
      created.version,
    );

    const resolutions = Object.fromEntries(suspected.map((f: { id: string }) => [f.id, 'mask']));
    const approved = await review(created.id, created.version, { resolutions });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    // The resolutions are in the review, the preview and the audit chain.
    expect(approved.body.revisions[0].review.resolutions).toEqual(resolutions);
    expect(approved.body.preview.content).not.toContain('王小明');
    const audit = await call('GET', `/v1/decisions/${created.id}/audit`, { token: reviewer });
    expect(JSON.stringify(audit.body)).toContain(Object.keys(resolutions)[0]);

    const page = await eventually(async () => {
      const response = await fetch(new URL(`decisions/${created.id}.html`, inject('siteUrl')));
      expect(response.status).toBe(200);
      return response.text();
    });
    for (const name of ['王小明', '李建华', '张小宝', '吉A12345']) expect(page).not.toContain(name);
    expect(page).toContain('王**');
  });

  it('keeps what a reviewer deliberately keeps, with the comment saying why', async () => {
    const created = await submit(companyPenalty({ content: '经查，执法人员赵志刚、钱文军在场。' }));
    const suspected = created.personalData.findings.filter(
      (f: { certainty: string }) => f.certainty === 'suspected',
    );
    expect(suspected.length).toBeGreaterThan(0);
    const approved = await review(created.id, created.version, {
      comment: '执法人员姓名依法公开',
      resolutions: Object.fromEntries(suspected.map((f: { id: string }) => [f.id, 'keep'])),
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const page = await eventually(async () => {
      const response = await fetch(new URL(`decisions/${created.id}.html`, inject('siteUrl')));
      expect(response.status).toBe(200);
      return response.text();
    });
    expect(page).toContain('赵志刚');
  });

  it('flags the party’s given name alone, which would undo its mask', async () => {
    const created = await submit(
      personPenalty('1985-03-12', { content: '欧阳明华于2025年8月无证经营，明华称不知情。' }),
    );
    const kinds = created.personalData.findings.map(
      (f: { kind: string; text: string }) => `${f.kind}:${f.text}`,
    );
    expect(kinds).toContain('party_given_name:明华');
  });
});
