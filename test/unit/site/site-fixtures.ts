/** Decisions as the publisher hands them to the site, and a bucket that applies plans as S3 would. */
import type { LocalDate } from '../../../shared/domain/dates.ts';
import type { DecisionContent, WithdrawReason } from '../../../shared/domain/decision.ts';
import { type PublicDecisionDocument, projectPublic } from '../../../shared/domain/projection.ts';
import { keysToRead, planSiteChange } from '../../../shared/site/plan.ts';
import type { Correction, SiteConfig, SiteEvent, SiteOperation } from '../../../shared/site/types.ts';
import { residentIdBornOn, SIPING_COMPANY_USCC } from '../../fixtures/ids.ts';
import { SITE_CONFIG } from '../../fixtures/site.ts';

export const config = SITE_CONFIG;

export const agency = { id: 'sp-gxj', name: '四平市工业和信息化局' };

export const companyContent: DecisionContent = {
  caseNumber: '四工信罚〔2025〕12号',
  actionType: 'penalty',
  party: {
    kind: 'legal_person',
    name: '四平市宏达化工有限公司',
    idType: 'uscc',
    idNumber: SIPING_COMPANY_USCC,
    legalRepresentative: '李建国',
  },
  method: '现场检查',
  content: '未按规定对重点用能设备进行节能审查。',
  legalBasis: '《吉林省节约能源条例》第四十六条',
  result: '责令限期改正，并处罚款人民币伍万元整。',
  penalty: { types: ['warning', 'fine'], fineYuan: 50000, confiscationYuan: 12345.5 },
  decisionDate: '2025-09-28' as LocalDate,
};

export const ZHANG_ID = residentIdBornOn('1988-07-16', '220302', '517');

export const personContent: DecisionContent = {
  caseNumber: '四工信罚〔2025〕27号',
  actionType: 'penalty',
  party: { kind: 'natural_person', name: '张三丰', idType: 'resident_id', idNumber: ZHANG_ID },
  method: '现场检查',
  content: '当事人张三丰未取得许可擅自从事经营活动。',
  legalBasis: '《无证无照经营查处办法》第十三条',
  result: '警告',
  penalty: { types: ['warning'] },
  decisionDate: '2025-09-20' as LocalDate,
};

export function documentOf(id: string, content: DecisionContent, revision = 1): PublicDecisionDocument {
  const projection = projectPublic({ id, agency, revision, content });
  if (!projection.publishable) throw new Error('fixture is exempt');
  return projection.document;
}

export function publish(
  document: PublicDecisionDocument,
  publishedAt: string,
  corrections: readonly Correction[] = [],
): SiteEvent {
  return { kind: 'publish', document, publishedAt, corrections };
}

export function withdraw(
  document: PublicDecisionDocument,
  publishedAt: string,
  reason: WithdrawReason,
  withdrawnAt: string,
  explanation = '经行政复议，原决定已被撤销。',
): SiteEvent {
  return {
    kind: 'withdraw',
    id: document.id,
    reason,
    explanation,
    withdrawnAt,
    caseNumber: document.caseNumber,
    agency: document.agency,
    actionType: document.actionType,
    decisionDate: document.decisionDate,
    publishedAt,
  };
}

/** A bucket of bodies by key; `onStep` sees it after every single write, as a reader racing the publisher would. */
export class Bucket {
  readonly objects = new Map<string, string>();

  plan(event: SiteEvent, siteConfig: SiteConfig = config): SiteOperation[] {
    return planSiteChange(event, this.read(event), siteConfig);
  }

  /** What the publisher reads: the feed and month list, then the listing part they lead to (ADR 0009). */
  read(event: SiteEvent): Map<string, string | undefined> {
    const current = new Map<string, string | undefined>();
    for (let keys = keysToRead(event); keys.some((k) => !current.has(k)); keys = keysToRead(event, current)) {
      for (const key of keys) current.set(key, this.objects.get(key));
    }
    return current;
  }

  apply(
    event: SiteEvent,
    onStep?: (bucket: Bucket) => void,
    siteConfig: SiteConfig = config,
  ): SiteOperation[] {
    const operations = this.plan(event, siteConfig);
    for (const operation of operations) {
      if (operation.op === 'put') this.objects.set(operation.object.key, operation.object.body);
      else this.objects.delete(operation.key);
      onStep?.(this);
    }
    return operations;
  }

  get(key: string): string {
    const body = this.objects.get(key);
    if (body === undefined) throw new Error(`${key} is not in the bucket`);
    return body;
  }

  snapshot(): Map<string, string> {
    return new Map(this.objects);
  }
}

export function keysOf(operations: readonly SiteOperation[]): string[] {
  return operations.map((o) => (o.op === 'put' ? o.object.key : `-${o.key}`));
}

/**
 * Links to decision pages in an object: href attributes, sitemap locations and JSON `url` fields.
 * Tombstone refs are identifiers of entries that no longer exist, not links, and are not counted.
 */
export function linkedDecisionPages(body: string): string[] {
  const targets = [
    ...body.matchAll(/href="([^"]*)"/g),
    ...body.matchAll(/<loc>([^<]*)<\/loc>/g),
    ...body.matchAll(/"url":\s*"([^"]*)"/g),
  ].map((m) => m[1] ?? '');
  return targets.flatMap((t) => {
    const m = /decisions\/([A-Za-z0-9_-]+)\.html/.exec(t);
    return m ? [`decisions/${m[1]}.html`] : [];
  });
}
