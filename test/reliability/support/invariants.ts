/**
 * The invariants the public side and the records must satisfy whatever failed on the way:
 * nothing says `published` that the site lacks, nothing is left `publishing` or with an unconfirmed takedown,
 * no listing points at a missing page, no listing or feed holds an entry twice, and every audit chain verifies
 * and holds the events its state implies.
 */
import type { DocumentClient } from '../../../shared/adapters/dynamodb/client.ts';
import { verifyAuditChain } from '../../../shared/domain/audit.ts';
import type { DecisionStore, SiteBucket } from '../../../shared/ports.ts';
import { parseFeed } from '../../../shared/site/feeds.ts';
import { FEED_KEY, MONTHS_KEY, type Month, monthNdjsonKey } from '../../../shared/site/keys.ts';
import { leavesNotice, parseMonthShard, parseMonthsState } from '../../../shared/site/model.ts';

export interface InvariantContext {
  readonly client: DocumentClient;
  readonly tableName: string;
  readonly store: DecisionStore;
  readonly site: SiteBucket;
}

async function decisionIds(context: InvariantContext): Promise<string[]> {
  const ids: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await context.client.scan({
      TableName: context.tableName,
      ...(start ? { ExclusiveStartKey: start } : {}),
    });
    for (const item of page.Items) {
      if (item.sk === 'META' && item.type === 'decision') ids.push(String(item.id));
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return ids;
}

/**
 * Every broken invariant, in words; empty when all hold. The listings are always checked whole; the records
 * are those named, or every decision of the table.
 */
export async function brokenInvariants(
  context: InvariantContext,
  only?: readonly string[],
): Promise<string[]> {
  const problems: string[] = [];
  const { site, store } = context;
  const keys = new Set<string>();
  for await (const key of site.list('')) keys.add(key);
  const body = async (key: string) => (await site.read(key))?.body;

  const feed = parseFeed(FEED_KEY, await body(FEED_KEY));
  const months = parseMonthsState(MONTHS_KEY, await body(MONTHS_KEY));
  const shards = new Map<string, string>(); // id → month, over every listing part (ADR 0009)
  for (const { month, parts } of months.months) {
    for (const [i] of parts.entries()) {
      const shardKey = monthNdjsonKey(month as Month, i + 1);
      if (!keys.has(shardKey))
        problems.push(`months.json names ${month} part ${i + 1}, whose ${shardKey} is missing`);
      for (const entry of parseMonthShard(shardKey, await body(shardKey))) {
        if (shards.has(entry.id))
          problems.push(`${entry.id} is listed twice (${shards.get(entry.id)}, ${month})`);
        shards.set(entry.id, month);
        if (!keys.has(`decisions/${entry.id}.html`) || !keys.has(`decisions/${entry.id}.json`))
          problems.push(`${shardKey} lists ${entry.id}, whose page is missing`);
      }
    }
    if (feed.monthCounts[month] !== undefined) {
      const listed = [...shards.values()].filter((m) => m === month).length;
      if (feed.monthCounts[month] !== listed)
        problems.push(`feed.json counts ${feed.monthCounts[month]} in ${month}, its parts list ${listed}`);
    }
  }
  const feedIds = feed.items.map((i) => i._gongshi.id);
  if (new Set(feedIds).size !== feedIds.length) problems.push('feed.json holds an item twice');
  const tombstoneIds = feed.tombstones.map((t) => t.id);
  if (new Set(tombstoneIds).size !== tombstoneIds.length) problems.push('feed.json holds a tombstone twice');
  for (const id of feedIds) {
    if (!keys.has(`decisions/${id}.html`)) problems.push(`feed.json links ${id}, whose page is missing`);
    if (
      tombstoneIds.includes(id) &&
      feed.items.find((i) => i._gongshi.id === id)?._gongshi.status === 'published'
    )
      problems.push(`${id} is both a feed item and a tombstone`);
  }
  // Every page a listing page links to exists.
  for (const key of [...keys].filter(
    (k) => k === 'index.html' || k.startsWith('months/') || k.startsWith('sitemaps/') || k === 'atom.xml',
  )) {
    const text = (await body(key)) ?? '';
    for (const match of text.matchAll(/decisions\/([A-Za-z0-9_-]+)\.html/g)) {
      const id = match[1] as string;
      const tombstone = key === 'atom.xml' && tombstoneIds.includes(id);
      if (!keys.has(`decisions/${id}.html`) && !tombstone)
        problems.push(`${key} links ${id}, whose page is missing`);
    }
    if (key.startsWith('sitemaps/')) {
      const locs = [...text.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
      if (new Set(locs).size !== locs.length) problems.push(`${key} holds a URL twice`);
    }
  }
  if (keys.has('atom.xml')) {
    const atom = (await body('atom.xml')) ?? '';
    const entries = [...atom.matchAll(/<id>([^<]+)<\/id>/g)].map((m) => m[1]);
    if (new Set(entries).size !== entries.length) problems.push('atom.xml holds an entry twice');
    const refs = [...atom.matchAll(/deleted-entry ref="([^"]+)"/g)].map((m) => m[1]);
    if (new Set(refs).size !== refs.length) problems.push('atom.xml holds a tombstone twice');
  }

  for (const id of only ?? (await decisionIds(context))) {
    const stored = await store.get(id);
    if (!stored) continue;
    const { decision } = stored;
    const events = await store.auditTrail(id);
    const verification = verifyAuditChain(events, { expectedHead: stored.auditHead, subject: id });
    if (!verification.valid)
      problems.push(`${id}: the audit chain does not verify: ${JSON.stringify(verification)}`);
    const actions = events.map((e) => e.action);
    const page = (await body(`decisions/${id}.json`)) ?? '';
    const entry = page ? (JSON.parse(page) as { status?: string; revision?: number }) : undefined;
    switch (decision.status) {
      case 'publishing':
        problems.push(`${id} is still publishing`);
        break;
      case 'published':
        if (entry?.status !== 'published' || entry.revision !== decision.publicRevision)
          problems.push(
            `${id} says published (revision ${decision.publicRevision}), the site has ${page.slice(0, 80) || 'nothing'}`,
          );
        if (!keys.has(`decisions/${id}.html`))
          problems.push(`${id} says published, its HTML page is missing`);
        if (!shards.has(id)) problems.push(`${id} says published, no month lists it`);
        if (!actions.includes('publish'))
          problems.push(`${id} says published, its audit chain has no publish event`);
        break;
      case 'withdrawn': {
        const reason = decision.withdrawal?.reason;
        if (decision.publicRevision === undefined) break;
        if (decision.takedownConfirmedAt === undefined) problems.push(`${id}: its takedown is not confirmed`);
        if (!actions.includes('withdraw'))
          problems.push(`${id} says withdrawn, its audit chain has no withdraw event`);
        if (reason && leavesNotice(reason)) {
          if (entry?.status !== 'withdrawn')
            problems.push(`${id} is withdrawn (${reason}), the site has no notice`);
        } else if (keys.has(`decisions/${id}.html`) || keys.has(`decisions/${id}.json`) || shards.has(id)) {
          problems.push(`${id} is withdrawn (${reason}), the site still has it`);
        }
        if (feed.items.some((i) => i._gongshi.id === id && i._gongshi.status === 'published'))
          problems.push(`${id} is withdrawn, feed.json still lists it as published`);
        break;
      }
      default:
        if (entry) problems.push(`${id} is ${decision.status}, the site has a page of it`);
    }
  }
  return problems;
}
