/**
 * ADR 0021: what a transparency log entry commits to. Everything one publication, correction, takedown or
 * republication leaves on the site for its decision, each hashed as the site holds it: the page and the JSON
 * (whole objects), and the decision's own part of the shared files (its NDJSON line, its CSV row, its feed.json
 * item or tombstone, its atom.xml entry or deleted-entry). Pure, from the event and the configuration alone, so
 * the publisher can log it before it writes anything, and the verifier can find and hash the same parts.
 */
import { canonicalJson } from '../domain/canonical-json.ts';
import { type CommitmentKind, sha256Hex } from '../domain/transparency-log.ts';
import { csvRowText } from './bulk.ts';
import { atomDeletedEntry, atomEntry } from './feeds.ts';
import { decisionHtmlKey, decisionJsonKey } from './keys.ts';
import { planDecisionShare } from './plan.ts';
import type { SiteConfig, SiteEvent } from './types.ts';

export type Commitments = Readonly<Partial<Record<CommitmentKind, string>>>;

export function publicationCommitments(event: SiteEvent, config: SiteConfig): Commitments {
  const share = planDecisionShare(event, config);
  const written = new Map<string, string>();
  for (const operation of share.pages) {
    if (operation.op === 'put') written.set(operation.object.key, operation.object.body);
  }
  const digest = (body: string | undefined) => (body === undefined ? {} : { hash: sha256Hex(body) });
  const page = digest(written.get(decisionHtmlKey(share.id))).hash;
  const json = digest(written.get(decisionJsonKey(share.id))).hash;
  const commits: Record<string, string> = {};
  const set = (kind: CommitmentKind, hash: string | undefined) => {
    if (hash !== undefined) commits[kind] = hash;
  };
  set('page', page);
  set('json', json);
  if (share.entry && share.line !== undefined) {
    set('ndjson', sha256Hex(share.line));
    set('csv', sha256Hex(csvRowText(share.entry)));
  }
  if (share.feedItem) {
    set('feed', feedItemDigest(share.feedItem));
    // Atom carries published decisions only; a notice's item is in feed.json, its tombstone in both.
    if (share.feedItem._gongshi.status === 'published')
      set('atom', sha256Hex(atomEntry(share.feedItem, config).toString()));
  }
  if (share.tombstone) {
    set('feed_tombstone', feedItemDigest(share.tombstone));
    set('atom_tombstone', sha256Hex(atomDeletedEntry(share.tombstone).toString()));
  }
  return commits;
}

/** A feed.json item or tombstone, as parsed from the file: its canonical JSON's SHA-256. */
export function feedItemDigest(item: unknown): string {
  return sha256Hex(canonicalJson(item));
}
