/**
 * The rebuild plans each decision with `planDecisionShare` and renders the shared files itself, once a month; the
 * publisher plans with `planSiteChange`. Both must give a decision the same bytes: for every kind of event, the
 * share's pages are the plan's, and its line, feed item and tombstone are what the plan writes into an empty
 * listing part and an empty feed.
 */
import { describe, expect, it } from 'vitest';
import { WITHDRAW_REASONS } from '../../../shared/domain/decision.ts';
import { parseFeed } from '../../../shared/site/feeds.ts';
import { FEED_KEY, monthNdjsonKey, monthOf } from '../../../shared/site/keys.ts';
import { planDecisionShare } from '../../../shared/site/plan.ts';
import type { SiteEvent } from '../../../shared/site/types.ts';
import {
  Bucket,
  companyContent,
  config,
  documentOf,
  personContent,
  publish,
  withdraw,
} from './site-fixtures.ts';

const company = documentOf('01K5SHARE000000000000000001', companyContent);
const person = documentOf('01K5SHARE000000000000000002', personContent);
const corrected = documentOf('01K5SHARE000000000000000003', { ...companyContent, result: '警告' }, 3);
const corrections = [
  { revision: 2, at: '2025-10-02T01:00:00Z', fields: ['执法决定（结果）'] },
  { revision: 3, at: '2025-10-09T01:00:00Z' },
];

const events: [string, SiteEvent][] = [
  ['a company', publish(company, '2025-09-29T02:00:00Z')],
  ['a natural person', publish(person, '2025-09-30T15:59:59.500Z')],
  ['a corrected decision', publish(corrected, '2025-09-01T00:00:00Z', corrections)],
  [
    'a correction under way (R8)',
    {
      ...publish(corrected, '2025-09-01T00:00:00Z', corrections),
      correctionUnderWay: { since: '2025-10-20T01:00:00Z' },
    } as SiteEvent,
  ],
  [
    'a restored revision (R8)',
    { ...publish(corrected, '2025-09-01T00:00:00Z', corrections), restoring: 4 } as SiteEvent,
  ],
  [
    'a notice withholding a decision under correction (R8)',
    {
      ...withdraw(company, '2025-09-29T02:00:00Z', 'revoked', '2025-10-20T01:00:00Z'),
      reason: 'correcting',
      correcting: 2,
    } as SiteEvent,
  ],
  ...WITHDRAW_REASONS.map((reason): [string, SiteEvent] => [
    `a withdrawal, ${reason}`,
    withdraw(person, '2025-09-30T15:59:59.500Z', reason, '2025-11-01T00:00:00Z'),
  ]),
];

describe("a decision's own share of the site, for the rebuild", () => {
  it.each(events)('is what planSiteChange writes of it: %s', (_, event) => {
    const operations = new Bucket().plan(event);
    const share = planDecisionShare(event, config);
    const pages = operations.filter((o) => (o.op === 'put' ? o.object.key : o.key).startsWith('decisions/'));
    expect(share.pages).toEqual(pages);
    const put = (key: string) => {
      const operation = operations.find((o) => o.op === 'put' && o.object.key === key);
      return operation?.op === 'put' ? operation.object.body : undefined;
    };
    expect(share.line === undefined ? '' : `${share.line}\n`).toBe(
      put(monthNdjsonKey(monthOf(event.publishedAt))),
    );
    const feed = parseFeed(FEED_KEY, put(FEED_KEY));
    expect(share.feedItem === undefined ? [] : [JSON.parse(JSON.stringify(share.feedItem))]).toEqual(
      feed.items,
    );
    expect(share.tombstone === undefined ? [] : [JSON.parse(JSON.stringify(share.tombstone))]).toEqual(
      feed.tombstones,
    );
  });
});
