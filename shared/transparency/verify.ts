/**
 * What a sceptical reader checks of a Gongshi site (`npm run verify -- <site URL>`, ADR 0007), over nothing but
 * the site's own public files, fetched through the function it is given:
 *
 * 1. the log: every chunk, each entry's hash, each link to the one before, from entry 1 to the head;
 * 2. the checkpoints: each signature against the published public key, and each (size, headHash) against the
 *    log at that size, so no entry vanished or changed after it was checkpointed; checkpoints a reader saved
 *    earlier, the same way; and that checkpoints keep up with the log;
 * 3. the decisions: every page the site lists (month NDJSON, sitemaps) or marks withdrawn (feed and Atom
 *    tombstones) against its latest log entry (the page's JSON must hash to it, a withdrawal must be logged),
 *    and every decision of the log against the site (what the log says is public must be there, and listed;
 *    what it says was deleted must be gone).
 *
 * Every problem is one line naming the object and what was expected. Nothing here trusts the platform.
 */
import { canonicalJson } from '../domain/canonical-json.ts';
import {
  type CommitmentKind,
  checkCheckpointSignature,
  checkLogRun,
  chunkOf,
  EMPTY_LOG,
  firstSeqOf,
  headOfEntry,
  keyIdOf,
  LOG_CHUNK_SIZE,
  type LogEntry,
  type LogHead,
  lastSeqOf,
  type SignedCheckpoint,
  sha256Hex,
  short,
} from '../domain/transparency-log.ts';
import {
  ATOM_KEY,
  CHECKPOINT_KEY,
  checkpointKey,
  DATASET_KEY,
  decisionHtmlKey,
  decisionJsonKey,
  FEED_KEY,
  isMonth,
  LOG_HEAD_KEY,
  logChunkKey,
  MONTHS_KEY,
  type Month,
  monthNdjsonKey,
  monthOf,
  PUBLIC_KEY_KEY,
  SITEMAP_INDEX_KEY,
} from '../site/keys.ts';
import { LogFormatError, parseCheckpoint, parseLogHead, parseLogLine } from '../site/transparency.ts';
import { eachLimited, MISSING, type TiledLogReport, verifyTiledLog } from './verify-tlog.ts';

export interface Fetched {
  readonly status: number;
  readonly body: string;
  /** The body's bytes, for binary objects (the tiled log's tiles and bundles); else its UTF-8. */
  readonly bytes?: Uint8Array;
}

/** GET over HTTP, bypassing caches, as `npm run verify` and the integration tests read a site. */
export function httpFetcher(doFetch: typeof fetch = fetch): Fetcher {
  return async (url) => {
    const response = await doFetch(url, { redirect: 'follow', headers: { 'cache-control': 'no-cache' } });
    if (response.status !== 200) return { status: response.status, body: '' };
    const bytes = new Uint8Array(await response.arrayBuffer());
    return { status: 200, body: new TextDecoder().decode(bytes), bytes };
  };
}

/** GET of an absolute URL: its status and body as text. Throws only when the site cannot be reached at all. */
export type Fetcher = (url: string) => Promise<Fetched>;

export interface VerifyOptions {
  readonly siteUrl: string;
  readonly fetch: Fetcher;
  /** The reader's clock: how old unsigned entries are. */
  readonly now: Date;
  /** Checkpoints the reader kept from earlier visits: each must still agree with the log. */
  readonly savedCheckpoints?: readonly { readonly name: string; readonly checkpoint: SignedCheckpoint }[];
  /** ADR 0021: tlog checkpoints (signed notes) the reader kept: each must be consistent with the current one. */
  readonly savedNotes?: readonly { readonly name: string; readonly note: string }[];
  /** ADR 0021: the log's verifier keys the reader pinned; the site's own `transparency/log.vkey` otherwise. */
  readonly vkeys?: readonly string[];
  /** Decision pages fetched at once. */
  readonly concurrency?: number;
  /** Entries no checkpoint covers for longer than this are a problem (checkpoints come every 15 minutes). */
  readonly unsignedGraceMs?: number;
}

export interface Problem {
  /** The site object (key), or the saved checkpoint's name, the problem is about. */
  readonly object: string;
  readonly message: string;
}

export interface VerifyReport {
  readonly problems: readonly Problem[];
  /** What a reader should know but is no failure: a head a moment behind, entries not yet signed. */
  readonly notes: readonly string[];
  readonly log: { readonly entries: number; readonly chunks: number; readonly head?: LogHead };
  readonly checkpoints: {
    readonly verified: number;
    readonly latest?: SignedCheckpoint;
    readonly saved: number;
  };
  readonly decisions: {
    readonly checked: number;
    readonly published: number;
    readonly notices: number;
    readonly removed: number;
  };
  /** ADR 0021: the tiled log. */
  readonly tiled: TiledLogReport;
}

const DEFAULT_GRACE_MS = 60 * 60_000;

export async function verifySite(options: VerifyOptions): Promise<VerifyReport> {
  const problems: Problem[] = [];
  const notes: string[] = [];
  const problem = (object: string, message: string) => problems.push({ object, message });
  const root = options.siteUrl.endsWith('/') ? options.siteUrl : `${options.siteUrl}/`;
  const cache = new Map<string, Promise<Fetched>>();
  const get = (key: string): Promise<Fetched> => {
    let answer = cache.get(key);
    if (!answer) {
      answer = options.fetch(new URL(key, root).href);
      cache.set(key, answer);
    }
    return answer;
  };
  /** The object's body, undefined when the site has none; any other answer is itself a problem. */
  const read = async (key: string): Promise<string | undefined> => {
    const { status, body } = await get(key);
    if (status === 200) return body;
    if (!MISSING.has(status)) problem(key, `the site answered HTTP ${status}`);
    return undefined;
  };

  // ---- 1. the log --------------------------------------------------------------------------------------
  const headBody = await read(LOG_HEAD_KEY);
  let head: LogHead | undefined;
  if (headBody !== undefined) {
    try {
      head = parseLogHead(LOG_HEAD_KEY, headBody);
    } catch (error) {
      if (!(error instanceof LogFormatError)) throw error;
      problem(LOG_HEAD_KEY, error.why);
    }
  }
  const bySeq = new Map<number, LogEntry>();
  const ordered: LogEntry[] = [];
  let chunks = 0;
  let anchor: LogHead | undefined = EMPTY_LOG;
  // Chunks up to the one head.json points into must exist; after it, the log goes on while chunks are full.
  const lastChunk = head && head.size > 0 ? chunkOf(head.size) : -1;
  for (let chunk = 0; ; chunk++) {
    const key = logChunkKey(chunk);
    const body = await read(key);
    if (body === undefined) {
      if (chunk > lastChunk) break;
      problem(
        key,
        `missing: head.json says the log has ${head?.size} entries, so this chunk holds entries ${firstSeqOf(chunk)}–${Math.min(lastSeqOf(chunk), head?.size ?? 0)}`,
      );
      anchor = undefined;
      continue;
    }
    chunks++;
    const lines = body.split('\n');
    if (lines.at(-1) === '') lines.pop();
    const parsed: LogEntry[] = [];
    for (const [i, line] of lines.entries()) {
      const entry = parseLogLine(line);
      if (typeof entry === 'string') problem(key, `line ${i + 1} ${entry}`);
      else parsed.push(entry);
    }
    const first = parsed[0];
    if (first && anchor === undefined && first.seq !== firstSeqOf(chunk)) {
      problem(key, `starts with entry ${first.seq}; this chunk starts with entry ${firstSeqOf(chunk)}`);
    }
    // After a missing chunk, the next one is checked from its own first link.
    const from: LogHead = anchor ?? (first ? { size: first.seq - 1, headHash: first.prevHash } : EMPTY_LOG);
    for (const finding of checkLogRun(parsed, from)) {
      problem(key, `line ${finding.index + 1}: ${finding.message}`);
    }
    for (const entry of parsed) {
      if (chunkOf(entry.seq) !== chunk) {
        problem(key, `holds entry ${entry.seq}, which belongs in ${logChunkKey(chunkOf(entry.seq))}`);
      }
      if (!bySeq.has(entry.seq)) {
        bySeq.set(entry.seq, entry);
        ordered.push(entry);
      }
    }
    const last = parsed.at(-1);
    anchor = last ? headOfEntry(last) : anchor;
    if (lines.length < LOG_CHUNK_SIZE) {
      if (chunk >= lastChunk) break;
      problem(key, `holds ${lines.length} entries; every chunk but the last holds ${LOG_CHUNK_SIZE}`);
    }
  }
  ordered.sort((a, b) => a.seq - b.seq);
  const size = ordered.at(-1)?.seq ?? 0;
  if (headBody === undefined && size > 0) {
    // Publishers write only the chunks; head.json is the reconcile and checkpoint runs' (every 5 and 15 minutes).
    notes.push(`head.json is missing while the log holds ${size} entries: the next reconcile run writes it`);
  }
  if (head && head.size > 0) {
    const at = bySeq.get(head.size);
    if (!at) {
      problem(
        LOG_HEAD_KEY,
        `says the log has ${head.size} entries, but it holds ${size}: entries are missing`,
      );
    } else if (at.hash !== head.headHash) {
      problem(
        LOG_HEAD_KEY,
        `says entry ${head.size} hashes to ${short(head.headHash)}, but the log's entry ${head.size} hashes to ${short(at.hash)}`,
      );
    }
  }
  if (head && size > head.size) {
    notes.push(
      `head.json is ${size - head.size} entries behind the log (a publication in progress, or a cached copy)`,
    );
  }
  const latest = new Map<string, LogEntry>();
  // ADR 0022: an `anchor` entry commits to a day's audit export in the private archive, not to a decision of
  // the site: it has no page to check (`npm run verify-archive` checks an export against it).
  const anchors = ordered.filter((entry) => entry.action === 'anchor');
  for (const entry of ordered) if (entry.action !== 'anchor') latest.set(entry.decisionId, entry);
  if (anchors.length > 0) {
    notes.push(
      `${anchors.length} day(s) of audit exports anchored (the last ${anchors.at(-1)?.decisionId}): check an export with npm run verify-archive`,
    );
  }

  // ---- 2. the checkpoints ------------------------------------------------------------------------------
  const grace = options.unsignedGraceMs ?? DEFAULT_GRACE_MS;
  const olderThanGrace = (time: string) => options.now.getTime() - Date.parse(time) > grace;
  let publicKey: string | undefined;
  const pem = await read(PUBLIC_KEY_KEY);
  if (pem !== undefined) {
    try {
      keyIdOf(pem);
      publicKey = pem;
    } catch {
      problem(PUBLIC_KEY_KEY, 'is not an Ed25519 public key in PEM');
    }
  }
  let verified = 0;
  const checkCheckpoint = (object: string, checkpoint: SignedCheckpoint) => {
    if (publicKey !== undefined) {
      const signature = checkCheckpointSignature(checkpoint, publicKey);
      if (signature === 'other_key') {
        problem(
          object,
          `is signed by key ${short(checkpoint.keyId)}, not by the published ${PUBLIC_KEY_KEY} (${short(keyIdOf(publicKey))})`,
        );
      } else if (signature === 'invalid') {
        problem(object, `its signature does not verify against ${PUBLIC_KEY_KEY}: it was forged or altered`);
      }
    }
    const at = bySeq.get(checkpoint.size);
    if (!at) {
      problem(
        object,
        `covers ${checkpoint.size} entries, but the log holds ${size}: entries were removed after they were checkpointed`,
      );
    } else if (at.hash !== checkpoint.headHash) {
      problem(
        object,
        `signed entry ${checkpoint.size} as ${short(checkpoint.headHash)}, but the log's entry ${checkpoint.size} hashes to ${short(at.hash)}: the log up to it was changed after it was checkpointed`,
      );
    }
    verified++;
  };
  const parse = (key: string, body: string): SignedCheckpoint | undefined => {
    try {
      return parseCheckpoint(key, body);
    } catch (error) {
      if (!(error instanceof LogFormatError)) throw error;
      problem(key, error.why);
      return undefined;
    }
  };

  let latestCheckpoint: SignedCheckpoint | undefined;
  const currentBody = await read(CHECKPOINT_KEY);
  if (currentBody === undefined) {
    const firstEntry = ordered[0];
    if (firstEntry && olderThanGrace(firstEntry.time)) {
      problem(
        CHECKPOINT_KEY,
        `missing: the log has ${size} entries since ${firstEntry.time}, and checkpoints are signed every 15 minutes`,
      );
    } else if (firstEntry) {
      notes.push('no checkpoint yet: the log is younger than the first one');
    }
  } else {
    latestCheckpoint = parse(CHECKPOINT_KEY, currentBody);
  }
  if (latestCheckpoint) {
    if (publicKey === undefined && pem === undefined) {
      problem(PUBLIC_KEY_KEY, 'missing: no checkpoint signature can be checked');
    }
    const numberedKey = checkpointKey(latestCheckpoint.size);
    const numbered = await read(numberedKey);
    if (numbered === undefined) {
      problem(numberedKey, `missing: ${CHECKPOINT_KEY} is checkpoint ${latestCheckpoint.size}`);
    } else {
      const copy = parse(numberedKey, numbered);
      if (copy && canonicalJson(copy) !== canonicalJson(latestCheckpoint)) {
        problem(numberedKey, `differs from ${CHECKPOINT_KEY}, which is the same checkpoint`);
      }
    }
    let checkpoint: SignedCheckpoint | undefined = latestCheckpoint;
    let object = CHECKPOINT_KEY;
    while (checkpoint) {
      checkCheckpoint(object, checkpoint);
      const previous: number | undefined = checkpoint.previous;
      if (previous === undefined) break;
      if (previous >= checkpoint.size) {
        problem(object, `names checkpoint ${previous} as the one before it, which is not smaller`);
        break;
      }
      const key = checkpointKey(previous);
      const body = await read(key);
      if (body === undefined) {
        problem(key, `missing: checkpoint ${checkpoint.size} names it as the one before`);
        break;
      }
      const next = parse(key, body);
      if (next && next.size !== previous) {
        problem(key, `is checkpoint ${next.size}, not ${previous}`);
        break;
      }
      checkpoint = next;
      object = key;
    }
    const unsigned = bySeq.get(latestCheckpoint.size + 1);
    if (unsigned && olderThanGrace(unsigned.time)) {
      problem(
        CHECKPOINT_KEY,
        `covers ${latestCheckpoint.size} entries; entries ${latestCheckpoint.size + 1}–${size} are more than ${Math.round(grace / 60_000)} minutes old and no checkpoint covers them (checkpoints stopped, or newer ones were removed)`,
      );
    } else if (unsigned) {
      notes.push(`entries ${latestCheckpoint.size + 1}–${size} are newer than the latest checkpoint`);
    }
  }
  for (const saved of options.savedCheckpoints ?? []) checkCheckpoint(saved.name, saved.checkpoint);

  // ---- 2b. the tiled log (ADR 0021) ---------------------------------------------------------------------
  const tiled = await verifyTiledLog({
    get,
    bySeq,
    ...(publicKey !== undefined ? { publicKeyPem: publicKey } : {}),
    ...(options.vkeys ? { vkeys: options.vkeys } : {}),
    ...(options.savedNotes ? { savedNotes: options.savedNotes } : {}),
    latest,
    overdue: (entry) => olderThanGrace(entry.time),
    problem,
    note: (message) => notes.push(message),
  });

  // ---- 3. the decisions --------------------------------------------------------------------------------
  // The listing parts (ADR 0009) the month list, the dataset description and the sitemaps name, by NDJSON key.
  const shards = new Map<string, Month>();
  const monthsBody = await read(MONTHS_KEY);
  if (monthsBody !== undefined) {
    try {
      const value = JSON.parse(monthsBody) as { months?: { month?: unknown; parts?: unknown }[] };
      for (const m of value.months ?? []) {
        if (typeof m.month !== 'string' || !isMonth(m.month)) continue;
        const count = Array.isArray(m.parts) ? Math.max(1, m.parts.length) : 1;
        for (let part = 1; part <= count; part++) shards.set(monthNdjsonKey(m.month, part), m.month);
      }
    } catch {
      problem(MONTHS_KEY, 'is not JSON');
    }
  }
  const dataset = await read(DATASET_KEY);
  for (const match of dataset?.matchAll(/data\/((\d{4}-\d{2})(?:-(\d+))?)\.ndjson/g) ?? []) {
    if (match[2] && isMonth(match[2])) shards.set(monthNdjsonKey(match[2], Number(match[3] ?? 1)), match[2]);
  }
  // The sitemaps name the parts and, part by part, every decision page people should find.
  const inSitemaps = new Map<string, string>();
  const sitemap = await read(SITEMAP_INDEX_KEY);
  const parts = new Set<string>();
  for (const match of sitemap?.matchAll(/(sitemaps\/(\d{4}-\d{2})(?:-(\d+))?\.xml)/g) ?? []) {
    if (match[1] && match[2] && isMonth(match[2])) {
      shards.set(monthNdjsonKey(match[2], Number(match[3] ?? 1)), match[2]);
      parts.add(match[1]);
    }
  }
  for (const part of [...parts].sort()) {
    const body = await read(part);
    if (body === undefined) {
      problem(part, `missing: ${SITEMAP_INDEX_KEY} lists it`);
      continue;
    }
    for (const match of body.matchAll(/<loc>[^<]*decisions\/([A-Za-z0-9_-]{1,64})\.html<\/loc>/g)) {
      if (match[1] && !inSitemaps.has(match[1])) inSitemaps.set(match[1], part);
    }
  }

  interface Listing {
    readonly shard: string;
    readonly status: unknown;
    readonly line: unknown;
    /** The line as the file holds it: what the log's `ndjson` commitment hashes (ADR 0021). */
    readonly raw: string;
  }
  const listed = new Map<string, Listing>();
  for (const [shard, month] of [...shards].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const body = await read(shard);
    if (body === undefined) {
      problem(shard, `missing: ${MONTHS_KEY}, ${DATASET_KEY} or ${SITEMAP_INDEX_KEY} lists it (${month})`);
      continue;
    }
    for (const [i, line] of body.split('\n').entries()) {
      if (line.trim() === '') continue;
      try {
        const value = JSON.parse(line) as { id?: unknown; status?: unknown };
        if (typeof value.id !== 'string') throw new Error('no id');
        if (listed.has(value.id))
          problem(shard, `lists decision ${value.id} again (also ${listed.get(value.id)?.shard})`);
        listed.set(value.id, { shard, status: value.status, line: value, raw: line });
      } catch {
        problem(shard, `line ${i + 1} is not a decision entry`);
      }
    }
  }

  const tombstones = new Map<string, string>();
  // ADR 0021: each decision's own parts of the shared files, as they stand, to hash against its commitments.
  const shared = { feed: new Map<string, unknown>(), feedTombstone: new Map<string, unknown>() };
  const feedBody = await read(FEED_KEY);
  if (feedBody !== undefined) {
    try {
      const feed = JSON.parse(feedBody) as {
        items?: { _gongshi?: { id?: unknown } }[];
        _gongshi?: { tombstones?: { id?: unknown }[] };
      };
      for (const t of feed._gongshi?.tombstones ?? [])
        if (typeof t.id === 'string') {
          tombstones.set(t.id, FEED_KEY);
          shared.feedTombstone.set(t.id, t);
        }
      for (const item of feed.items ?? []) {
        const id = item?._gongshi?.id;
        if (typeof id === 'string') shared.feed.set(id, item);
      }
    } catch {
      problem(FEED_KEY, 'is not JSON');
    }
  }
  const atom = await read(ATOM_KEY);
  const atomParts = atomElements(atom ?? '');
  for (const match of atom?.matchAll(
    /<at:deleted-entry ref="[^"]*decisions\/([A-Za-z0-9_-]{1,64})\.html"/g,
  ) ?? []) {
    if (match[1] && !tombstones.has(match[1])) tombstones.set(match[1], ATOM_KEY);
  }

  // Each listing part's CSV, read once, as rows by decision id (ADR 0021: the `csv` commitment).
  const csvRows = new Map<string, Promise<Map<string, string> | undefined>>();
  const rowsOf = (csvKey: string) => {
    let rows = csvRows.get(csvKey);
    if (!rows) {
      rows = read(csvKey).then((body) => (body === undefined ? undefined : csvRowsById(body)));
      csvRows.set(csvKey, rows);
    }
    return rows;
  };
  let uncommitted = 0;

  const ids = [...new Set([...listed.keys(), ...inSitemaps.keys(), ...tombstones.keys(), ...latest.keys()])]
    .filter((id) => latest.get(id)?.action !== 'anchor')
    .sort();
  const counts = { checked: 0, published: 0, notices: 0, removed: 0 };
  await eachLimited(ids, options.concurrency ?? 8, async (id) => {
    let key: string;
    try {
      key = decisionJsonKey(id);
    } catch {
      problem(LOG_HEAD_KEY, `the log names decision ${JSON.stringify(id)}, which cannot be a page`);
      return;
    }
    counts.checked++;
    const entry = latest.get(id);
    const listing = listed.get(id);
    const tombstone = tombstones.get(id);
    const mapped = inSitemaps.get(id);
    const page = await get(key);
    const present = page.status === 200;
    if (!present && !MISSING.has(page.status)) problem(key, `the site answered HTTP ${page.status}`);
    if (!entry) {
      if (listing)
        problem(listing.shard, `lists decision ${id}, but the transparency log has no entry for it`);
      if (tombstone)
        problem(tombstone, `marks decision ${id} withdrawn, but the transparency log has no entry for it`);
      if (mapped && !listing)
        problem(mapped, `lists decision ${id}, but the transparency log has no entry for it`);
      return;
    }
    const logged = `its latest log entry ${entry.seq} (${entry.action}, ${entry.time})`;
    // R8: a withheld correction leaves a notice in the decision's place, as a withdrawal does, for a while.
    const takenDown = entry.action === 'withdraw' || entry.action === 'withhold';
    if (!takenDown) counts.published++;
    else if (entry.sha256 !== null) counts.notices++;
    else counts.removed++;

    if (entry.sha256 !== null) {
      if (!present && MISSING.has(page.status)) {
        problem(key, `missing: ${logged} says the site holds it, with SHA-256 ${short(entry.sha256)}`);
      } else if (present) {
        const hash = sha256Hex(page.body);
        if (hash !== entry.sha256) {
          problem(
            key,
            `hashes to ${short(hash)}, but ${logged} says ${short(entry.sha256)}: the page changed after it was logged`,
          );
        }
      }
    } else {
      if (present) {
        problem(
          key,
          `is still on the site, but ${logged} says it was deleted (${entry.reason ?? 'withdrawn'})`,
        );
      }
      for (const where of new Set([listing?.shard, mapped])) {
        if (where) problem(where, `still lists decision ${id}, which ${logged} says was deleted`);
      }
    }

    if (listing && entry.sha256 !== null) {
      if (listing.status === 'published' && takenDown) {
        problem(listing.shard, `lists decision ${id} as published, but log entry ${entry.seq} withdrew it`);
      }
      if (listing.status === 'withdrawn' && !takenDown) {
        problem(
          listing.shard,
          `lists decision ${id} as withdrawn, but the log has no withdrawal of it (${logged})`,
        );
      }
      if (present && sameJson(page.body, listing.line) === false) {
        problem(listing.shard, `its line for decision ${id} differs from ${key}`);
      }
    } else if (entry.sha256 !== null && present) {
      const month = monthOfPage(page.body);
      problem(
        month ? monthNdjsonKey(month) : MONTHS_KEY,
        `does not list decision ${id}, which ${logged} says is public`,
      );
    }
    if (tombstone && !takenDown) {
      problem(tombstone, `marks decision ${id} withdrawn, but the log has no withdrawal of it (${logged})`);
    }

    // ADR 0021: every rendering of the decision, hashed as the site holds it, against what its entry commits to.
    const commits = entry.commits;
    if (!commits) {
      uncommitted++;
      return;
    }
    const against = (object: string, what: string, kind: CommitmentKind, body: string | undefined) => {
      const expected = commits[kind];
      if (body === undefined) {
        if (expected !== undefined && kind === 'page')
          problem(object, `missing: ${logged} says the site holds it, with SHA-256 ${short(expected)}`);
        return;
      }
      if (expected === undefined) {
        problem(object, `holds ${what} for decision ${id}, which ${logged} does not commit to`);
        return;
      }
      const hash = sha256Hex(body);
      if (hash !== expected) {
        problem(
          object,
          `${what} for decision ${id} hashes to ${short(hash)}, but ${logged} commits to ${short(expected)}: it changed after it was logged`,
        );
      }
    };
    const html = decisionHtmlKey(id);
    const pageFetched = commits.page !== undefined || entry.sha256 !== null ? await get(html) : undefined;
    against(html, 'the page', 'page', pageFetched?.status === 200 ? pageFetched.body : undefined);
    if (listing) {
      against(listing.shard, 'the line', 'ndjson', listing.raw);
      const csvKey = listing.shard.replace(/\.ndjson$/, '.csv');
      const rows = await rowsOf(csvKey);
      const row = rows?.get(id);
      if (rows && row === undefined)
        problem(csvKey, `has no row for decision ${id}, which ${listing.shard} lists`);
      against(csvKey, 'the row', 'csv', row);
    }
    const item = shared.feed.get(id);
    against(FEED_KEY, 'the item', 'feed', item === undefined ? undefined : canonicalJson(item));
    const gone = shared.feedTombstone.get(id);
    against(
      FEED_KEY,
      'the tombstone',
      'feed_tombstone',
      gone === undefined ? undefined : canonicalJson(gone),
    );
    against(ATOM_KEY, 'the entry', 'atom', atomParts.entries.get(id));
    against(ATOM_KEY, 'the deleted-entry', 'atom_tombstone', atomParts.deleted.get(id));
  });
  if (uncommitted > 0) {
    notes.push(
      `${uncommitted} decision${uncommitted === 1 ? '' : 's'}' latest entries predate commitments to every format (ADR 0021): only their JSON is checked; \`npm run rebuild-site\` logs them anew`,
    );
  }

  return {
    problems: problems.sort((a, b) => (a.object < b.object ? -1 : a.object > b.object ? 1 : 0)),
    notes,
    log: { entries: size, chunks, ...(head ? { head } : {}) },
    checkpoints: {
      verified,
      ...(latestCheckpoint ? { latest: latestCheckpoint } : {}),
      saved: options.savedCheckpoints?.length ?? 0,
    },
    decisions: counts,
    tiled,
  };
}

/**
 * atom.xml's `<entry>` and `<at:deleted-entry>` elements by decision id, each exactly as the file holds it from
 * its line's indentation to its closing tag's line break (as `atomEntry` and `atomDeletedEntry` write them).
 */
function atomElements(body: string): {
  readonly entries: Map<string, string>;
  readonly deleted: Map<string, string>;
} {
  const entries = new Map<string, string>();
  const deleted = new Map<string, string>();
  for (const match of body.matchAll(/ {2}<entry>\n[\s\S]*?<\/entry>\n/g)) {
    const id = /<id>[^<]*decisions\/([A-Za-z0-9_-]{1,64})\.html<\/id>/.exec(match[0])?.[1];
    if (id && !entries.has(id)) entries.set(id, match[0]);
  }
  for (const match of body.matchAll(/ {2}<at:deleted-entry [\s\S]*?<\/at:deleted-entry>\n/g)) {
    const id = /ref="[^"]*decisions\/([A-Za-z0-9_-]{1,64})\.html"/.exec(match[0])?.[1];
    if (id && !deleted.has(id)) deleted.set(id, match[0]);
  }
  return { entries, deleted };
}

/**
 * A month CSV's rows by decision id (the first column), each as the file holds it without its line break:
 * RFC 4180 records, so a quoted cell may hold line breaks of its own.
 */
export function csvRowsById(body: string): Map<string, string> {
  const rows = new Map<string, string>();
  const text = body.startsWith('\uFEFF') ? body.slice(1) : body;
  let start = 0;
  let quoted = false;
  const take = (end: number) => {
    const record = text.slice(start, end);
    const first = record.startsWith('"') ? record.slice(1, record.indexOf('"', 1)) : record.split(',')[0];
    if (start > 0 && first && !rows.has(first)) rows.set(first, record);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      take(i);
      start = i + 2;
      i++;
    }
  }
  if (start < text.length) take(text.length);
  return rows;
}

function sameJson(body: string, value: unknown): boolean | undefined {
  try {
    return canonicalJson(JSON.parse(body)) === canonicalJson(value);
  } catch {
    return undefined;
  }
}

function monthOfPage(body: string): Month | undefined {
  try {
    const { publishedAt } = JSON.parse(body) as { publishedAt?: unknown };
    return typeof publishedAt === 'string' ? monthOf(publishedAt) : undefined;
  } catch {
    return undefined;
  }
}

/** The report as the command prints it: a few summary lines, then one line per problem. */
export function formatReport(siteUrl: string, report: VerifyReport): string[] {
  const { log, checkpoints, decisions } = report;
  const lines = [
    `Verified ${siteUrl}`,
    `  log: ${log.entries} entries in ${log.chunks} chunk${log.chunks === 1 ? '' : 's'}${log.head ? `, head ${short(log.head.headHash)}` : ''}`,
    `  checkpoints: ${checkpoints.verified} checked${checkpoints.latest ? `, the latest covers ${checkpoints.latest.size} entries (${checkpoints.latest.time})` : ''}${checkpoints.saved ? `, ${checkpoints.saved} of them saved by you` : ''}`,
    `  tiled log: ${report.tiled.checkpoint ? `checkpoint of ${report.tiled.checkpoint.size} entries, ${report.tiled.tiles} tiles and ${report.tiled.bundles} entry bundles recomputed, ${report.tiled.proofs} proof files checked${report.tiled.saved ? `, ${report.tiled.saved} saved checkpoints proved consistent` : ''}` : 'no checkpoint'}`,
    `  decisions: ${decisions.checked} checked against the log: ${decisions.published} public, ${decisions.notices} withdrawal notice${decisions.notices === 1 ? '' : 's'}, ${decisions.removed} removed`,
    ...report.notes.map((note) => `  note: ${note}`),
  ];
  if (report.problems.length === 0) {
    lines.push('OK: the site agrees with its transparency log, and the log with its signed checkpoints.');
  } else {
    lines.push(`FAILED: ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}`);
    for (const p of report.problems) lines.push(`${p.object}: ${p.message}`);
  }
  return lines;
}
