/**
 * What one publication or withdrawal changes in the search index and the company pages (search.ts, ADR 0017), as
 * a pure function in the manner of plan.ts: the keys it reads (the decision's search doc; the companies it was and
 * is listed under; the code buckets of their codes and of its case number; the name buckets of their names' bigrams,
 * before and after) and the ordered writes. The publisher applies it with the same conditional writes as the
 * listings, after them on a publish and before them on a withdrawal, so no index entry links a page not yet written.
 * A publish touches at most 2 companies, 4 code buckets and the name buckets of two names; nothing grows with the
 * number of decisions on the site.
 */

import { CONTENT_TYPES, siteObject } from './keys.ts';
import { publishedEntry } from './model.ts';
import {
  bucketOf,
  bucketOfShardKey,
  type CodeEntry,
  type CompanyState,
  codeShardKey,
  codeShardPageKey,
  companyCodeEntry,
  companyCodeOf,
  companyDecisionOf,
  companyHtmlKey,
  companyJsonKey,
  companyNameKey,
  companyWith,
  decisionCodeEntry,
  gramsOf,
  type NamePosting,
  namePostingOf,
  nameShardKey,
  parseCodeShard,
  parseCompany,
  parseNameShard,
  parseSearchDoc,
  type SearchDoc,
  searchDocKey,
  searchKey,
  serializeCodeShard,
  serializeCompany,
  serializeNameShard,
  serializeSearchDoc,
  setPosting,
} from './search.ts';
import { codeShardPage, companyPage } from './search-pages.ts';
import type { SiteConfig, SiteEvent, SiteOperation } from './types.ts';

interface CompanyChange {
  readonly code: string;
  readonly before: CompanyState | undefined;
  readonly after: CompanyState | undefined;
}

interface Analysis {
  readonly keys: readonly string[];
  readonly change?: {
    readonly id: string;
    readonly docBefore: SearchDoc;
    readonly docAfter: SearchDoc | undefined;
    readonly companies: readonly CompanyChange[];
    readonly decisionEntry?: CodeEntry;
  };
}

const unique = <T>(values: readonly (T | undefined)[]): T[] => [
  ...new Set(values.filter((v): v is T => v !== undefined)),
];

function analyse(
  event: SiteEvent,
  current: ReadonlyMap<string, string | undefined> | undefined,
  config: SiteConfig,
): Analysis {
  const id = event.kind === 'publish' ? event.document.id : event.id;
  const docKey = searchDocKey(id);
  const entry = event.kind === 'publish' ? publishedEntry(event, config) : undefined;
  const newCompany = entry ? companyCodeOf(entry.party) : undefined;
  const newCaseKey = entry ? searchKey(entry.caseNumber) || undefined : undefined;
  const keys = [docKey];
  const withCode = (code: string | undefined) => {
    if (code) keys.push(companyJsonKey(code), codeShardKey(bucketOf(code)));
  };
  withCode(newCompany);
  if (newCaseKey) keys.push(codeShardKey(bucketOf(newCaseKey)));
  if (!current?.has(docKey)) return { keys: unique(keys) };

  const docBefore = parseSearchDoc(docKey, current.get(docKey));
  withCode(docBefore.company);
  if (docBefore.caseKey) keys.push(codeShardKey(bucketOf(docBefore.caseKey)));
  const legacy = event.kind === 'withdraw' && !docBefore.company ? event.company : undefined;
  withCode(legacy);
  const codes = unique([newCompany, docBefore.company, legacy]);
  if (!codes.every((code) => current.has(companyJsonKey(code)))) return { keys: unique(keys) };

  const decision = companyDecisionOf(event, entry, config);
  // A publication is listed under its party's company; a notice stays under the company it was published for.
  const home =
    event.kind === 'publish' ? newCompany : decision ? (docBefore.company ?? event.company) : undefined;
  const companies = codes.map((code): CompanyChange => {
    const before = parseCompany(companyJsonKey(code), current.get(companyJsonKey(code)));
    const after = companyWith(before, code, id, code === home ? decision : undefined, config);
    return { code, before, after };
  });
  // Name buckets only when a company's posting changes (a new company, a new name, agency, action type or year):
  // most publications of a known company read and write none.
  for (const company of companies) {
    if (!postingChanged(company)) continue;
    for (const state of [company.before, company.after]) {
      if (!state) continue;
      for (const gram of gramsOf(companyNameKey(state))) keys.push(nameShardKey(bucketOf(gram)));
    }
  }
  const docAfter: SearchDoc | undefined =
    event.kind === 'publish'
      ? { ...(newCompany ? { company: newCompany } : {}), ...(newCaseKey ? { caseKey: newCaseKey } : {}) }
      : home
        ? { company: home }
        : undefined;
  const all = unique(keys);
  if (!all.every((key) => current.has(key))) return { keys: all };
  return {
    keys: all,
    change: {
      id,
      docBefore,
      docAfter,
      companies,
      ...(entry && newCaseKey ? { decisionEntry: decisionCodeEntry(entry, newCaseKey) } : {}),
    },
  };
}

function postingChanged({ before, after }: CompanyChange): boolean {
  const posting = (company: CompanyState | undefined) =>
    company ? JSON.stringify(namePostingOf(company)) : undefined;
  return posting(before) !== posting(after);
}

/** The keys the index change reads; asked again as they are read, until it adds none (three rounds at most). */
export function searchKeysToRead(
  event: SiteEvent,
  current: ReadonlyMap<string, string | undefined> | undefined,
  config: SiteConfig,
): string[] {
  return [...analyse(event, current, config).keys];
}

/**
 * The writes that bring the index and the company pages from `current` to the state after `event`: the pages of
 * the companies that stay, then the code and name buckets, then the pages of companies that went, and the search
 * doc last (what it says was added is what a retry takes back). Derived pages are written before the state they
 * derive from, and an object whose text would not change is not written.
 */
export function planSearchChange(
  event: SiteEvent,
  current: ReadonlyMap<string, string | undefined>,
  config: SiteConfig,
): SiteOperation[] {
  const { change } = analyse(event, current, config);
  if (!change) throw new Error('planSearchChange needs every key of searchKeysToRead');
  const { id, companies } = change;
  const put = (key: string, body: string, contentType: string): SiteOperation => ({
    op: 'put',
    object: siteObject(key, body, contentType),
  });

  const companyPuts: SiteOperation[] = [];
  const companyDeletes: SiteOperation[] = [];
  for (const { code, before, after } of companies) {
    const jsonKey = companyJsonKey(code);
    if (after) {
      const body = serializeCompany(after);
      if (body === current.get(jsonKey)) continue;
      companyPuts.push(put(companyHtmlKey(code), companyPage(after, config), CONTENT_TYPES.html));
      companyPuts.push(put(jsonKey, body, CONTENT_TYPES.json));
    } else if (before) {
      companyDeletes.push({ op: 'delete', key: companyHtmlKey(code) }, { op: 'delete', key: jsonKey });
    }
  }

  // Code buckets: this decision's case entry and the companies' entries, taken out and put back as they are now.
  const codeKeys = unique([
    ...companies.map((c) => codeShardKey(bucketOf(c.code))),
    change.docBefore.caseKey ? codeShardKey(bucketOf(change.docBefore.caseKey)) : undefined,
    change.decisionEntry ? codeShardKey(bucketOf(change.decisionEntry.key)) : undefined,
  ]);
  const affected = new Set(companies.map((c) => c.code));
  const added: CodeEntry[] = [
    ...(change.decisionEntry ? [change.decisionEntry] : []),
    ...companies.flatMap((c) => (c.after ? [companyCodeEntry(c.after)] : [])),
  ];
  const codeWrites = codeKeys.flatMap((key) => {
    const bucket = bucketOfShardKey(key);
    const entries = parseCodeShard(key, current.get(key)).filter((e) =>
      e.type === 'decision' ? e.id !== id : !affected.has(e.code),
    );
    entries.push(...added.filter((e) => codeShardKey(bucketOf(e.key)) === key));
    const body = serializeCodeShard(entries);
    if (body === (current.get(key) ?? serializeCodeShard([]))) return [];
    // An empty bucket goes (the rebuild writes none): the page first, the state last.
    if (entries.length === 0)
      return [{ op: 'delete', key: codeShardPageKey(bucket) } as const, { op: 'delete', key } as const];
    return [
      put(codeShardPageKey(bucket), codeShardPage(bucket, entries, config), CONTENT_TYPES.html),
      put(key, body, CONTENT_TYPES.json),
    ];
  });

  // Name buckets: each company's posting out of the bigrams of its name before, into those of its name after.
  const shards = new Map<string, Map<string, NamePosting[] | null>>();
  const shardOf = (gram: string) => {
    const key = nameShardKey(bucketOf(gram));
    let shard = shards.get(key);
    if (!shard) {
      shard = parseNameShard(key, current.get(key));
      shards.set(key, shard);
    }
    return shard;
  };
  for (const company of companies) {
    if (!postingChanged(company)) continue;
    const { code, before, after } = company;
    const posting = after ? namePostingOf(after) : undefined;
    const gramsAfter = after ? gramsOf(companyNameKey(after)) : [];
    const gramsBefore = before ? gramsOf(companyNameKey(before)) : [];
    for (const gram of unique([...gramsBefore, ...gramsAfter])) {
      const shard = shardOf(gram);
      setPosting(shard, gram, code, gramsAfter.includes(gram) ? posting : undefined);
    }
  }
  const nameWrites = [...shards].flatMap(([key, shard]) => {
    const body = serializeNameShard(shard);
    if (body === (current.get(key) ?? serializeNameShard(new Map()))) return [];
    return shard.size === 0 ? [{ op: 'delete', key } as const] : [put(key, body, CONTENT_TYPES.json)];
  });

  const docKey = searchDocKey(id);
  const docBody = change.docAfter ? serializeSearchDoc(change.docAfter) : undefined;
  const docWrites: SiteOperation[] =
    docBody === current.get(docKey)
      ? []
      : docBody === undefined
        ? [{ op: 'delete', key: docKey }]
        : [put(docKey, docBody, CONTENT_TYPES.json)];

  return [...companyPuts, ...codeWrites, ...nameWrites, ...companyDeletes, ...docWrites];
}
