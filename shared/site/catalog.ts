/**
 * The catalogue section of the site (R10, R13), as pure functions: a catalogue item's publication and the two
 * small state objects it touches in, the ordered object writes out. One item's publication rewrites its page,
 * its JSON and its agency's index (HTML and JSON); the list of agencies only when the agency's first item
 * appears. Nothing here reads the rest of the catalogue or the decisions.
 *
 * catalog/index.html                     every agency with a catalogue
 * catalog/agencies.json                  the same as data (the state a publish reads)
 * catalog/<agency>/index.html, .json     the agency's published items, grouped by the 23 kinds of 四平 §四(四)
 * catalog/<agency>/<id>.html, .json      one item
 * catalog/<agency>/files/<id>-<revision>-<n>.<ext>   its flowcharts and model texts (copied by the publisher)
 */
import {
  ATTACHMENT_EXTENSIONS,
  type AttachmentType,
  CATALOG_KINDS,
  type CatalogKind,
  LAW_CHANGE_KIND_LABELS,
  type LawChangeKind,
} from '../domain/catalog.ts';
import type { PublicCatalogDocument } from '../domain/catalog-projection.ts';
import type { LocalDate } from '../domain/dates.ts';
import { html, type SafeHtml, safeJson } from './html.ts';
import {
  absoluteUrl,
  assertSafeId,
  CATALOG_INDEX_KEY,
  CONTENT_TYPES,
  canonicalInstant,
  displayDate,
  relativeRoot,
  siteObject,
} from './keys.ts';
import { fieldList, page } from './layout.ts';
import type { SiteConfig, SiteOperation } from './types.ts';

export const CATALOG_AGENCIES_KEY = 'catalog/agencies.json';
export const catalogAgencyIndexKey = (agencyId: string) => `catalog/${assertSafeId(agencyId)}/index.html`;
export const catalogAgencyDataKey = (agencyId: string) => `catalog/${assertSafeId(agencyId)}/index.json`;
export const catalogItemHtmlKey = (agencyId: string, id: string) =>
  `catalog/${assertSafeId(agencyId)}/${assertSafeId(id)}.html`;
export const catalogItemJsonKey = (agencyId: string, id: string) =>
  `catalog/${assertSafeId(agencyId)}/${assertSafeId(id)}.json`;
/** A revision's attachment on the site: a new revision's files never overwrite the ones a cached page shows. */
export const catalogFileKey = (
  agencyId: string,
  id: string,
  revision: number,
  n: number,
  contentType: AttachmentType,
) =>
  `catalog/${assertSafeId(agencyId)}/files/${assertSafeId(id)}-${revision}-${n}.${ATTACHMENT_EXTENSIONS[contentType]}`;

/** R10: the update an item owes since a law changed, shown plainly on its page and in the index. */
export interface UpdateDueNote {
  readonly title: string;
  readonly kind: LawChangeKind;
  readonly effectiveDate: LocalDate;
  readonly due: LocalDate;
}

export interface CatalogSiteEvent {
  /** The approved public projection of the item (R2, R4). */
  readonly document: PublicCatalogDocument;
  /** First publication (ISO instant). */
  readonly publishedAt: string;
  /** When the revision shown was approved: the item's last update. */
  readonly updatedAt: string;
  readonly updateDue?: UpdateDueNote;
}

export interface CatalogFile {
  readonly n: number;
  readonly name: string;
  readonly contentType: AttachmentType;
  readonly size: number;
  /** The key on the site. */
  readonly key: string;
  readonly url: string;
}

/** `catalog/<agency>/<id>.json`, and the item's entry in its agency's index. */
export interface CatalogEntry extends PublicCatalogDocument {
  readonly publishedAt: string;
  readonly updatedAt: string;
  readonly updateDue?: UpdateDueNote;
  readonly files: readonly CatalogFile[];
  readonly url: string;
}

export interface AgencyCatalogState {
  readonly agency: { readonly id: string; readonly name: string };
  /** In the order of 四平 §四(四), then by first publication. */
  readonly items: readonly CatalogEntry[];
}

export interface CatalogAgenciesState {
  readonly agencies: readonly { readonly id: string; readonly name: string }[];
}

/** The state a publication depends on: the agency's index data and the list of agencies. */
export function catalogKeysToRead(event: CatalogSiteEvent): string[] {
  return [catalogAgencyDataKey(event.document.agency.id), CATALOG_AGENCIES_KEY];
}

/** The files of the item's public revision, where the publisher copies them before it plans. */
export function catalogFilesOf(document: PublicCatalogDocument, config: SiteConfig): CatalogFile[] {
  return document.attachments.map((a) => {
    const key = catalogFileKey(document.agency.id, document.id, document.revision, a.n, a.contentType);
    return {
      n: a.n,
      name: a.name,
      contentType: a.contentType,
      size: a.size,
      key,
      url: absoluteUrl(config, key),
    };
  });
}

/**
 * The writes that bring the catalogue from `current` (the contents of the keys of `catalogKeysToRead`) to the
 * state after the event, in a safe order: the item's page and JSON before the index links to them, the state
 * objects last (a failure before them is redone on the retry), and the files of an older revision deleted only
 * once nothing links to them.
 */
export function planCatalogChange(
  event: CatalogSiteEvent,
  current: ReadonlyMap<string, string | undefined>,
  config: SiteConfig,
): SiteOperation[] {
  const { document } = event;
  const agencyId = assertSafeId(document.agency.id);
  const dataKey = catalogAgencyDataKey(agencyId);
  const before = parseAgencyState(dataKey, current.get(dataKey));
  const agenciesBody = current.get(CATALOG_AGENCIES_KEY);
  const agenciesBefore = parseAgenciesState(agenciesBody);

  const entry: CatalogEntry = {
    ...document,
    publishedAt: canonicalInstant(event.publishedAt),
    updatedAt: canonicalInstant(event.updatedAt),
    ...(event.updateDue ? { updateDue: event.updateDue } : {}),
    files: catalogFilesOf(document, config),
    url: absoluteUrl(config, catalogItemHtmlKey(agencyId, document.id)),
  };
  const previous = before?.items.find((e) => e.id === document.id);
  const state: AgencyCatalogState = {
    agency: { id: agencyId, name: document.agency.name },
    items: [...(before?.items ?? []).filter((e) => e.id !== document.id), entry].sort(byKind),
  };
  const agencies: CatalogAgenciesState = {
    agencies: [
      ...agenciesBefore.agencies.filter((a) => a.id !== agencyId),
      { id: agencyId, name: document.agency.name },
    ].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
  const agenciesJson = `${safeJson(agencies, 2)}\n`;
  const put = (key: string, body: string, type: string): SiteOperation => ({
    op: 'put',
    object: siteObject(key, body, type),
  });
  const kept = new Set(entry.files.map((f) => f.key));
  return [
    put(catalogItemHtmlKey(agencyId, document.id), catalogItemPage(entry, config), CONTENT_TYPES.html),
    put(catalogItemJsonKey(agencyId, document.id), `${safeJson(entry, 2)}\n`, CONTENT_TYPES.json),
    put(catalogAgencyIndexKey(agencyId), agencyCatalogPage(state, config), CONTENT_TYPES.html),
    put(dataKey, `${safeJson(state, 2)}\n`, CONTENT_TYPES.json),
    // The list of agencies changes only when an agency (or its name) is new to it.
    ...(agenciesJson === agenciesBody
      ? []
      : [
          put(CATALOG_INDEX_KEY, catalogIndexPage(agencies, config), CONTENT_TYPES.html),
          put(CATALOG_AGENCIES_KEY, agenciesJson, CONTENT_TYPES.json),
        ]),
    ...(previous?.files ?? [])
      .filter((f) => !kept.has(f.key))
      .map((f): SiteOperation => ({ op: 'delete', key: f.key })),
  ];
}

function byKind(a: CatalogEntry, b: CatalogEntry): number {
  if (a.kindNumber !== b.kindNumber) return a.kindNumber - b.kindNumber;
  if (a.publishedAt !== b.publishedAt) return a.publishedAt < b.publishedAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

class CorruptCatalogStateError extends Error {
  constructor(key: string, why: string) {
    super(`site state ${key} is unreadable (${why}); rebuild the catalogue rather than overwrite it`);
    this.name = 'CorruptCatalogStateError';
  }
}

function parseJson(key: string, body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new CorruptCatalogStateError(key, 'not JSON');
  }
}

/** Unreadable state stops the publish: starting from empty would drop the agency's other items. */
export function parseAgencyState(key: string, body: string | undefined): AgencyCatalogState | undefined {
  if (body === undefined) return undefined;
  const value = parseJson(key, body) as Partial<AgencyCatalogState>;
  const valid =
    typeof value === 'object' &&
    value !== null &&
    typeof value.agency?.id === 'string' &&
    Array.isArray(value.items) &&
    value.items.every(
      (e) => typeof e?.id === 'string' && typeof e.kindNumber === 'number' && Array.isArray(e.files),
    );
  if (!valid) throw new CorruptCatalogStateError(key, 'not an agency catalogue');
  return value as AgencyCatalogState;
}

export function parseAgenciesState(body: string | undefined): CatalogAgenciesState {
  if (body === undefined) return { agencies: [] };
  const value = parseJson(CATALOG_AGENCIES_KEY, body) as Partial<CatalogAgenciesState>;
  const valid =
    Array.isArray(value?.agencies) &&
    value.agencies.every((a) => typeof a?.id === 'string' && typeof a.name === 'string');
  if (!valid) throw new CorruptCatalogStateError(CATALOG_AGENCIES_KEY, 'not a list of agencies');
  return value as CatalogAgenciesState;
}

// ---- pages ----------------------------------------------------------------------------------------------

function time(instant: string): SafeHtml {
  return html`<time datetime="${instant}">${displayDate(instant)}</time>`;
}

function date(localDate: string): SafeHtml {
  return html`<time datetime="${localDate}">${localDate}</time>`;
}

const TYPE_LABELS: Readonly<Record<AttachmentType, string>> = {
  'image/png': 'PNG 图片',
  'image/jpeg': 'JPEG 图片',
  'application/pdf': 'PDF 文件',
};

function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} 字节`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** R10: a plain note, nothing hidden: which change the item owes an update for, and by when (四平 §四(五)). */
function updateDueNote(note: UpdateDueNote): SafeHtml {
  const what =
    note.kind === 'reorganisation'
      ? html`${note.title}（部门机构职能调整）自 ${date(note.effectiveDate)} 起实施`
      : html`${note.title}（${LAW_CHANGE_KIND_LABELS[note.kind]}）自 ${date(note.effectiveDate)} 起生效或废止`;
  return html`${what}，本事项应当于 ${date(note.due)} 前更新。`;
}

function itemRoot(agencyId: string, id: string): string {
  return relativeRoot(catalogItemHtmlKey(agencyId, id));
}

function breadcrumb(
  root: string,
  entry: { agency: { id: string; name: string } },
  current: string,
): SafeHtml {
  return html`<nav class="breadcrumb" aria-label="当前位置">
<ol>
<li><a href="${root}index.html">首页</a></li>
<li><a href="${root}${CATALOG_INDEX_KEY}">事前公开</a></li>
${
  current === ''
    ? html`<li aria-current="page">${entry.agency.name}</li>`
    : html`<li><a href="${root}${catalogAgencyIndexKey(entry.agency.id)}">${entry.agency.name}</a></li>
<li aria-current="page">${current}</li>`
}
</ol>
</nav>`;
}

function staffTable(entry: CatalogEntry): SafeHtml {
  return html`<table class="catalog-table">
<caption>行政执法人员（共 ${entry.staff?.length ?? 0} 人）</caption>
<thead><tr><th scope="col">姓名</th><th scope="col">执法证件号</th><th scope="col">执法区域或类别</th></tr></thead>
<tbody>
${(entry.staff ?? []).map(
  (s) => html`<tr><td>${s.name}</td><td>${s.certificateNumber}</td><td>${s.area}</td></tr>
`,
)}</tbody>
</table>`;
}

function rows(entry: CatalogEntry): SafeHtml {
  if (entry.staff) {
    return html`<section aria-labelledby="rows-heading">
<h2 id="rows-heading">行政执法人员信息</h2>
${staffTable(entry)}
</section>`;
  }
  if (entry.matters) {
    return html`<section aria-labelledby="rows-heading">
<h2 id="rows-heading">${entry.categoryLabel ?? ''}事项</h2>
${entry.matters.map(
  (m) => html`<h3>${m.name}</h3>
${fieldList([
  ['依据', m.basis],
  ['内容', m.details],
])}
`,
)}</section>`;
  }
  if (entry.inspections) {
    return html`<section aria-labelledby="rows-heading">
<h2 id="rows-heading">随机抽查事项</h2>
${entry.inspections.map(
  (r, i) => html`<h3>抽查事项 ${i + 1}：${r.content}</h3>
${fieldList([
  ['抽查依据', r.basis],
  ['抽查主体', r.subject],
  ['抽查对象', r.object],
  ['抽查内容', r.content],
  ['抽查方式', r.method],
  ['抽查比例', r.ratio],
  ['抽查频次', r.frequency],
])}
`,
)}</section>`;
  }
  if (entry.contacts) {
    return html`<section aria-labelledby="rows-heading">
<h2 id="rows-heading">联系方式</h2>
${entry.contacts.map(
  (c) => html`<h3>${c.name}</h3>
${fieldList([
  ['办公电话', c.phone],
  ['通信地址', c.address],
  ['邮政编码', c.postcode],
  ['电子邮箱', c.email],
  ['网址', c.website ? html`<a href="${c.website}" rel="nofollow noopener">${c.website}</a>` : undefined],
])}
`,
)}</section>`;
  }
  return html``;
}

function files(entry: CatalogEntry, root: string): SafeHtml {
  if (entry.files.length === 0) return html``;
  return html`<section aria-labelledby="files-heading">
<h2 id="files-heading">附件</h2>
<ul class="catalog-files">
${entry.files.map((f) => {
  const href = `${root}${f.key}`;
  const link = html`<a href="${href}" type="${f.contentType}">${f.name}</a>（${TYPE_LABELS[f.contentType]}，${fileSize(f.size)}）`;
  return f.contentType === 'application/pdf'
    ? html`<li>${link}</li>
`
    : html`<li><figure><img src="${href}" alt="${entry.title}：${f.name}（文字说明见本页正文）" loading="lazy"><figcaption>${link}</figcaption></figure></li>
`;
})}</ul>
</section>`;
}

/** One catalogue item: every field of its kind, its legal basis, its files, and when it was last updated. */
export function catalogItemPage(entry: CatalogEntry, config: SiteConfig): string {
  const root = itemRoot(entry.agency.id, entry.id);
  const main = html`${breadcrumb(root, entry, entry.title)}
<article class="catalog-item">
<header>
<p class="kicker"><span class="tag">第 ${entry.kindNumber} 项</span> ${entry.kindLabel}</p>
<h1>${entry.title}</h1>
<p class="subtitle">${entry.agency.name}</p>
${entry.updateDue ? html`<div class="update-due" role="note"><p><strong>依据变化，待更新：</strong>${updateDueNote(entry.updateDue)}更新公布前，以下为现行公示内容。</p></div>` : ''}
</header>
${
  entry.body
    ? html`<section aria-labelledby="body-heading">
<h2 id="body-heading">公示内容</h2>
<div class="catalog-body">${entry.body}</div>
</section>`
    : ''
}
${rows(entry)}
${files(entry, root)}
<section aria-labelledby="basis-heading">
<h2 id="basis-heading">依据</h2>
${
  entry.legalBasis.length === 0
    ? html`<p>本事项未列明依据。</p>`
    : html`<ul>
${entry.legalBasis.map(
  (basis) => html`<li>${basis}</li>
`,
)}</ul>`
}
</section>
<section aria-labelledby="dates-heading">
<h2 id="dates-heading">公开与更新</h2>
${fieldList([
  ['首次公开', time(entry.publishedAt)],
  ['最近更新', time(entry.updatedAt)],
  ['版本', `第 ${entry.revision} 版`],
])}
</section>
<section aria-labelledby="more-heading" class="more">
<h2 id="more-heading">数据</h2>
<ul>
<li><a href="${entry.id}.json" type="application/json">本事项的 JSON 数据</a></li>
<li><a href="index.html">${entry.agency.name}的全部事前公开事项</a></li>
</ul>
</section>
</article>`;
  return page({
    config,
    root,
    title: `${entry.title} - ${entry.agency.name}事前公开`,
    description: `${entry.agency.name}事前公开：${entry.kindLabel}`,
    canonical: entry.url,
    head: html`<link rel="alternate" type="application/json" href="${entry.id}.json">`,
    main,
  });
}

/** An agency's catalogue, in the order of the 23 items of 四平 §四(四); an item it has not published says so. */
export function agencyCatalogPage(state: AgencyCatalogState, config: SiteConfig): string {
  const key = catalogAgencyIndexKey(state.agency.id);
  const root = relativeRoot(key);
  const byKind = new Map<CatalogKind, CatalogEntry[]>();
  for (const entry of state.items) byKind.set(entry.kind, [...(byKind.get(entry.kind) ?? []), entry]);
  const owing = state.items.filter((e) => e.updateDue).length;
  const main = html`${breadcrumb(root, state, '')}
<h1>${state.agency.name}事前公开</h1>
<p class="lead">行政执法主体、人员、职责、权限、依据、程序、随机抽查事项清单、监督方式和救济途径等信息，按《四平市工业和信息化局行政执法公示制度》四（四）所列内容排列。</p>
<p class="downloads">已公示 ${state.items.length} 项${owing > 0 ? `，其中 ${owing} 项因依据变化待更新` : ''}。<a href="index.json" type="application/json">本目录的 JSON 数据</a></p>
${CATALOG_KINDS.map((kind) => {
  const entries = byKind.get(kind.kind) ?? [];
  return html`<section aria-labelledby="kind-${kind.number}" class="catalog-kind">
<h2 id="kind-${kind.number}">${kind.number}. ${kind.label}</h2>
${
  entries.length === 0
    ? html`<p class="hint">本项暂未公示。</p>`
    : html`<ul class="entries">
${entries.map(
  (e) => html`<li class="entry">
<h3 class="entry-title"><a href="${e.id}.html">${e.title}</a></h3>
<p class="entry-meta">最近更新 ${time(e.updatedAt)} · 首次公开 ${time(e.publishedAt)}</p>
${e.updateDue ? html`<p class="entry-note">依据变化，待更新：${updateDueNote(e.updateDue)}</p>` : ''}
</li>
`,
)}</ul>`
}
</section>
`;
})}`;
  return page({
    config,
    root,
    title: `${state.agency.name}事前公开`,
    description: `${state.agency.name}的行政执法事前公开目录`,
    canonical: absoluteUrl(config, key),
    main,
  });
}

/** The catalogue index's breadcrumb, heading and lead, with or without items (placeholders.ts). */
export function catalogIndexHeading(root: string): SafeHtml {
  return html`<nav class="breadcrumb" aria-label="当前位置">
<ol>
<li><a href="${root}index.html">首页</a></li>
<li aria-current="page">事前公开</li>
</ol>
</nav>
<h1>事前公开</h1>
<p class="lead">各执法机关依法主动公开的行政执法主体、人员、职责、权限、依据、程序、随机抽查事项清单、监督方式和救济途径等信息。</p>`;
}

/** Every agency with a published catalogue. */
export function catalogIndexPage(state: CatalogAgenciesState, config: SiteConfig): string {
  const root = relativeRoot(CATALOG_INDEX_KEY);
  const main = html`${catalogIndexHeading(root)}
<blockquote><p>事前公开主要是公开行政执法主体、人员、职责、权限、随机抽查事项清单、依据、程序、监督方式、救济途径等信息，并根据法律、法规、规章立改废和部门机构职能调整等情况动态调整。</p></blockquote>
<section aria-labelledby="agencies-heading">
<h2 id="agencies-heading">执法机关</h2>
${
  state.agencies.length === 0
    ? html`<p>目前还没有执法机关公开事前公开信息。</p>`
    : html`<ul class="catalog-agencies">
${state.agencies.map(
  (a) => html`<li><a href="${a.id}/index.html">${a.name}</a></li>
`,
)}</ul>`
}
</section>
<p><a href="agencies.json" type="application/json">执法机关列表的 JSON 数据</a></p>`;
  return page({
    config,
    root,
    title: '事前公开',
    description: '各执法机关的行政执法事前公开目录',
    canonical: absoluteUrl(config, CATALOG_INDEX_KEY),
    main,
  });
}
