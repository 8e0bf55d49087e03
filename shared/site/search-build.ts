/**
 * The whole search index and every company page from the decisions the site shows, for the full rebuild
 * (shared/app/rebuild-site.ts): the same entries, postings and pages as the publisher's incremental change
 * (search-plan.ts) would leave after publishing them one by one, rendered once each at the end.
 */
import { CONTENT_TYPES, siteObject } from './keys.ts';
import { publishedEntry } from './model.ts';
import {
  bucketOf,
  bucketOfShardKey,
  type CodeEntry,
  type CompanyDecision,
  codeShardKey,
  codeShardPageKey,
  companyCodeEntry,
  companyCodeOf,
  companyDecisionOf,
  companyHtmlKey,
  companyJsonKey,
  companyNameKey,
  companyOf,
  decisionCodeEntry,
  gramsOf,
  type NamePosting,
  namePostingOf,
  nameShardKey,
  searchDocKey,
  searchKey,
  serializeCodeShard,
  serializeCompany,
  serializeNameShard,
  serializeSearchDoc,
  setPosting,
} from './search.ts';
import { codeShardPage, companyPage } from './search-pages.ts';
import type { SiteConfig, SiteEvent, SiteObject } from './types.ts';

export class SearchIndexBuilder {
  readonly #config: SiteConfig;
  readonly #companies = new Map<string, CompanyDecision[]>();
  readonly #codes = new Map<string, CodeEntry[]>();

  constructor(config: SiteConfig) {
    this.#config = config;
  }

  /**
   * Adds one decision's current public side and answers its search doc (written at once, as its pages are). A
   * notice stays under the company its doc named before the rebuild (`noticeCompany`), as the publisher keeps it.
   */
  add(
    event: SiteEvent,
    noticeCompany = event.kind === 'withdraw' ? event.company : undefined,
  ): SiteObject | undefined {
    const config = this.#config;
    if (event.kind === 'publish') {
      const entry = publishedEntry(event, config);
      const code = companyCodeOf(entry.party);
      const caseKey = searchKey(entry.caseNumber) || undefined;
      const decision = companyDecisionOf(event, entry, config);
      if (code && decision) this.#addToCompany(code, decision);
      if (caseKey) this.#addCode(decisionCodeEntry(entry, caseKey));
      return siteObject(
        searchDocKey(entry.id),
        serializeSearchDoc({ ...(code ? { company: code } : {}), ...(caseKey ? { caseKey } : {}) }),
        CONTENT_TYPES.json,
      );
    }
    const notice = companyDecisionOf(event, undefined, config);
    if (!notice || !noticeCompany) return undefined;
    this.#addToCompany(noticeCompany, notice);
    return siteObject(
      searchDocKey(event.id),
      serializeSearchDoc({ company: noticeCompany }),
      CONTENT_TYPES.json,
    );
  }

  #addToCompany(code: string, decision: CompanyDecision) {
    const decisions = this.#companies.get(code);
    if (decisions) decisions.push(decision);
    else this.#companies.set(code, [decision]);
  }

  #addCode(entry: CodeEntry) {
    const key = codeShardKey(bucketOf(entry.key));
    const entries = this.#codes.get(key);
    if (entries) entries.push(entry);
    else this.#codes.set(key, [entry]);
  }

  /** Every company's two pages, every code bucket's JSON and page, every name bucket: each rendered once. */
  *objects(): Generator<SiteObject> {
    const config = this.#config;
    const names = new Map<string, Map<string, NamePosting[] | null>>();
    for (const [code, decisions] of this.#companies) {
      // A company with notices only is not on the site: its last published decision went.
      const company = companyOf(code, decisions, config);
      if (!company) continue;
      yield siteObject(companyHtmlKey(code), companyPage(company, config), CONTENT_TYPES.html);
      yield siteObject(companyJsonKey(code), serializeCompany(company), CONTENT_TYPES.json);
      this.#addCode(companyCodeEntry(company));
      const posting = namePostingOf(company);
      for (const gram of gramsOf(companyNameKey(company))) {
        const key = nameShardKey(bucketOf(gram));
        let shard = names.get(key);
        if (!shard) {
          shard = new Map();
          names.set(key, shard);
        }
        setPosting(shard, gram, code, posting);
      }
    }
    this.#companies.clear();
    for (const [key, entries] of this.#codes) {
      const bucket = bucketOfShardKey(key);
      yield siteObject(codeShardPageKey(bucket), codeShardPage(bucket, entries, config), CONTENT_TYPES.html);
      yield siteObject(key, serializeCodeShard(entries), CONTENT_TYPES.json);
    }
    for (const [key, shard] of names) yield siteObject(key, serializeNameShard(shard), CONTENT_TYPES.json);
  }
}
