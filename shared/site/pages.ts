/**
 * The HTML pages: a decision, the notice that replaces a withdrawn one (R7), a month's listing, the index,
 * and the two fixed pages. Each renders from the public entry alone; every text goes through `html`.
 */
import { type ActionType, representativeLabel } from '../domain/decision.ts';
import { DEFAULT_CORRECTION_ANSWER_WORKING_DAYS } from '../domain/settings.ts';
import { correctionSection } from './correction-pages.ts';
import { exportXlsxKey } from './credit-export.ts';
import { html, type SafeHtml } from './html.ts';
import {
  absoluteUrl,
  CORRECTION_KEY,
  DATASET_KEY,
  decisionHtmlKey,
  displayDate,
  FEED_KEY,
  FORM_JS_KEY,
  INDEX_KEY,
  type Month,
  monthCsvKey,
  monthLabel,
  monthNdjsonKey,
  monthOf,
  monthPageKey,
  relativeRoot,
  rootPath,
  SEARCH_JS_KEY,
  TRANSPARENCY_INDEX_KEY,
  tlogProofKey,
} from './keys.ts';
import { fieldList, page } from './layout.ts';
import {
  correctedAt,
  type ListingItem,
  type NoticeEntry,
  type PublishedEntry,
  publicUntil,
} from './model.ts';
import { companyCodeOf, companyHtmlKey } from './search.ts';
import type { SiteConfig } from './types.ts';

/** How many of the latest entries the index shows, server-rendered. */
export const INDEX_LATEST = 50;

/** `50000` → `50,000`; fractions of a yuan keep two decimals. */
export function formatYuan(amount: number): string {
  const fixed = Number.isInteger(amount) ? String(amount) : amount.toFixed(2);
  const [whole = '', fraction] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

export function time(instant: string): SafeHtml {
  return html`<time datetime="${instant}">${displayDate(instant)}</time>`;
}

export function date(localDate: string): SafeHtml {
  return html`<time datetime="${localDate}">${localDate}</time>`;
}

/** R9: the way to ask for a correction, pointing at this decision. */
export function correctionLink(config: SiteConfig, root: string, id: string): string {
  const target = config.correctionFormUrl;
  if (/^https?:\/\//.test(target)) {
    const url = new URL(target);
    url.searchParams.set('decision', id);
    return url.toString();
  }
  return `${root}${target}?decision=${encodeURIComponent(id)}`;
}

function breadcrumb(root: string, month: Month, current: string): SafeHtml {
  return html`<nav class="breadcrumb" aria-label="当前位置">
<ol>
<li><a href="${root}${INDEX_KEY}">首页</a></li>
<li><a href="${root}${monthPageKey(month)}">${monthLabel(month)}</a></li>
<li aria-current="page">${current}</li>
</ol>
</nav>`;
}

function history(entry: PublishedEntry): SafeHtml {
  return html`<ol class="history">
<li>${time(entry.publishedAt)} 首次公开</li>
${entry.corrections.map(
  (
    c,
  ) => html`<li>${time(c.at)} 更正（第 ${c.revision} 版）${c.fields && c.fields.length > 0 ? html`：更正项目为${c.fields.join('、')}` : ''}</li>
`,
)}</ol>
${entry.corrections.length === 0 ? html`<p>公开以来未作更正。</p>` : ''}`;
}

/** R1: every disclosed field, with its Chinese label; R8: the correction date up front and the history below. */
export function decisionPage(
  entry: PublishedEntry,
  config: SiteConfig,
  /** R8: a correction is being reviewed and the published content stays up meanwhile. */
  correctionUnderWay?: { readonly since: string },
): string {
  const key = decisionHtmlKey(entry.id);
  const root = relativeRoot(key);
  const month = monthOf(entry.publishedAt);
  const corrected = correctedAt(entry);
  const { party, penalty, randomInspection } = entry;
  // ADR 0017: every decision of a legal person, organisation or individual business leads to its company's page.
  const company = companyCodeOf(party);
  const fields = fieldList([
    ['行政相对人', party.name],
    ['相对人类别', party.kindLabel],
    ['证件类型', party.idTypeLabel],
    ['证件号码', party.idNumber],
    [representativeLabel(party.kind), party.legalRepresentative],
    ['执法类别', entry.actionTypeLabel],
    ['执法方式', entry.method],
    ['执法内容', entry.content],
    ['执法决定（结果）', entry.result],
    ['违法行为类型', entry.violationType],
    ['处罚种类', penalty && penalty.typeLabels.length > 0 ? penalty.typeLabels.join('、') : undefined],
    ['罚款金额', penalty?.fineYuan ? `人民币 ${formatYuan(penalty.fineYuan)} 元` : undefined],
    ['没收金额', penalty?.confiscationYuan ? `人民币 ${formatYuan(penalty.confiscationYuan)} 元` : undefined],
    ['处罚有效期', penalty?.validUntil ? html`至 ${date(penalty.validUntil)}` : undefined],
    ['执法机关', entry.agency.name],
    ['决定书文号', entry.caseNumber],
    ['执法依据', entry.legalBasis],
    ['决定日期', date(entry.decisionDate)],
    // R14: a major decision is made only after its 法制审核 (长治 §四).
    ['重大执法决定', entry.majorDecision ? '是' : undefined],
    ['法制审核', entry.legalReview ? html`经法制审核（${date(entry.legalReview.reviewedOn)}）` : undefined],
    [
      '双随机抽查',
      randomInspection
        ? html`抽查结束于 ${date(randomInspection.endDate)}，结果${randomInspection.outcome === 'normal' ? '正常' : '发现问题'}`
        : undefined,
    ],
    ['公开日期', time(entry.publishedAt)],
    // 双公示 公示截止期: the end of the R6 publication period.
    ['公示截止期', date(publicUntil(entry))],
    ['更正日期', corrected ? time(corrected) : undefined],
  ]);
  const main = html`${breadcrumb(root, month, entry.caseNumber)}
<article class="decision">
<header class="decision-header">
<p class="kicker"><span class="tag">${entry.actionTypeLabel}</span> ${entry.agency.name}</p>
<h1>${entry.caseNumber}</h1>
<p class="subtitle">行政相对人：${party.name}</p>
${
  correctionUnderWay
    ? html`<p class="correcting" role="status"><strong>正在更正</strong>：本机关自 ${time(correctionUnderWay.since)} 起对以下内容进行更正，更正经审核后公开；在此之前仍显示原公示内容。</p>`
    : ''
}
${
  corrected
    ? html`<p class="corrected" role="note"><strong>更正于 ${time(corrected)}</strong>：本决定公开后经审核更正，以下为更正后的内容，更正记录见下方。</p>`
    : ''
}
</header>
<section aria-labelledby="fields-heading">
<h2 id="fields-heading">公示内容</h2>
${fields}
</section>
<section aria-labelledby="history-heading">
<h2 id="history-heading">公开与更正记录</h2>
${history(entry)}
</section>
<section aria-labelledby="more-heading" class="more">
<h2 id="more-heading">数据与更正申请</h2>
<ul>
<li><a href="${correctionLink(config, root, entry.id)}">认为以上信息不准确？了解如何申请更正</a></li>
<li><a href="${entry.id}.json" type="application/json">本决定的 JSON 数据</a></li>
<li><a href="${root}${tlogProofKey(entry.id)}" type="text/plain">本决定在透明日志中的包含证明</a>（<a href="${root}${TRANSPARENCY_INDEX_KEY}#verify-heading">如何核验</a>）</li>
${
  company
    ? html`<li><a href="${root}${companyHtmlKey(company)}">${party.name}公示的全部决定</a></li>
`
    : ''
}<li><a href="${root}${monthPageKey(month)}">${monthLabel(month)}公示的全部决定</a></li>
</ul>
</section>
${config.apiUrl ? correctionSection(config.apiUrl, entry.id, root) : ''}
</article>`;
  return page({
    config,
    root,
    title: `${entry.caseNumber} ${entry.actionTypeLabel}决定`,
    description: `${entry.agency.name}${entry.actionTypeLabel}决定，决定书文号${entry.caseNumber}`,
    canonical: entry.url,
    head: html`<link rel="alternate" type="application/json" href="${entry.id}.json">`,
    main,
    ...(config.apiUrl ? { scripts: [FORM_JS_KEY] } : {}),
  });
}

/** R7: the notice that stays in a withdrawn decision's place. Built from the notice entry, which has no content. */
export function noticePage(entry: NoticeEntry, config: SiteConfig): string {
  const key = decisionHtmlKey(entry.id);
  const root = relativeRoot(key);
  const month = monthOf(entry.publishedAt);
  const { withdrawal } = entry;
  // R8: a withheld correction is not a withdrawal: the decision comes back, corrected, once reviewed.
  const correcting = withdrawal.reason === 'correcting';
  const state = correcting ? '更正中' : '已撤下';
  const main = html`${breadcrumb(root, month, entry.caseNumber)}
<article class="decision notice">
<header class="decision-header">
<p class="kicker"><span class="tag tag-withdrawn">${state}</span> ${entry.agency.name}</p>
<h1>${state}：${entry.caseNumber}</h1>
<div class="withdrawn" role="note">
${
  correcting
    ? html`<p><strong>该行政执法决定的公示内容正在更正，自 ${time(withdrawal.withdrawnAt)} 起暂停公开。</strong>更正经审核后重新公开。</p>`
    : html`<p><strong>该行政执法决定已于 ${time(withdrawal.withdrawnAt)} 撤下。</strong>原公示内容不再公开，以下为撤下说明。</p>`
}
</div>
</header>
<section aria-labelledby="notice-heading">
<h2 id="notice-heading">${correcting ? '更正说明' : '撤下说明'}</h2>
${fieldList([
  [correcting ? '暂停公开原因' : '撤下原因', withdrawal.reasonLabel],
  ['说明', withdrawal.explanation],
  // R7: the legal event the 3 working days ran from.
  ['法律事实发生日期', withdrawal.legalEventDate ? date(withdrawal.legalEventDate) : undefined],
  [correcting ? '暂停公开日期' : '撤下日期', time(withdrawal.withdrawnAt)],
  ['决定书文号', entry.caseNumber],
  ['执法机关', entry.agency.name],
  ['执法类别', entry.actionTypeLabel],
  ['决定日期', date(entry.decisionDate)],
  ['原公开日期', time(entry.publishedAt)],
])}
</section>
<section aria-labelledby="more-heading" class="more">
<h2 id="more-heading">数据</h2>
<ul>
<li><a href="${entry.id}.json" type="application/json">${correcting ? '本更正说明' : '本撤下说明'}的 JSON 数据</a></li>
<li><a href="${root}${monthPageKey(month)}">${monthLabel(month)}公示的全部决定</a></li>
</ul>
</section>
</article>`;
  return page({
    config,
    root,
    title: `已撤下：${entry.caseNumber}`,
    description: `${entry.agency.name}决定书文号${entry.caseNumber}的公示已撤下`,
    canonical: entry.url,
    head: html`<link rel="alternate" type="application/json" href="${entry.id}.json">`,
    main,
  });
}

/** One entry of a listing. A withdrawn one says so and why, and never names the party. */
export function listingEntry(item: ListingItem, root: string): SafeHtml {
  const href = `${root}${decisionHtmlKey(item.id)}`;
  if (item.status === 'withdrawn') {
    return html`<li class="entry entry-withdrawn">
<p class="entry-kicker"><span class="tag tag-withdrawn">已撤下</span> <span class="tag">${item.actionTypeLabel}</span> ${item.agency.name}</p>
<h3 class="entry-title"><a href="${href}">${item.caseNumber}</a></h3>
<p class="entry-meta">${item.withdrawal?.reasonLabel ?? '已撤下'} · 撤下日期 ${item.withdrawal ? time(item.withdrawal.withdrawnAt) : ''} · 决定日期 ${date(item.decisionDate)}</p>
</li>
`;
  }
  return html`<li class="entry">
<p class="entry-kicker"><span class="tag">${item.actionTypeLabel}</span> ${item.agency.name}</p>
<h3 class="entry-title"><a href="${href}">${item.caseNumber}</a></h3>
<p class="entry-party">行政相对人：${item.party?.name}${item.party ? html`（${item.party.kindLabel}）` : ''}</p>
<p class="entry-meta">决定日期 ${date(item.decisionDate)} · 公开日期 ${time(item.publishedAt)}${
    item.correctedAt ? html` · <strong class="entry-corrected">更正于 ${time(item.correctedAt)}</strong>` : ''
  }</p>
</li>
`;
}

/** Which listing part of its month a page shows, and whether a later part follows (ADR 0009). */
export interface MonthPart {
  readonly part: number;
  readonly hasNext: boolean;
}

function partNavigation(month: Month, { part, hasNext }: MonthPart, root: string): SafeHtml {
  if (part === 1 && !hasNext) return html``;
  return html`<nav class="pagination" aria-label="${monthLabel(month)}的分页">
<ul>
${
  part > 1
    ? html`<li><a rel="prev" href="${root}${monthPageKey(month, part - 1)}">← 较早公开的决定（第 ${part - 1} 页）</a></li>
`
    : ''
}<li aria-current="page">第 ${part} 页</li>
${
  hasNext
    ? html`<li><a rel="next" href="${root}${monthPageKey(month, part + 1)}">较晚公开的决定（第 ${part + 1} 页） →</a></li>
`
    : ''
}</ul>
</nav>`;
}

/**
 * One part of the decisions first published in the month (the whole month while it holds one part), the
 * withdrawn ones as notices (R7), newest first; earlier and later parts are a link away.
 */
export function monthPage(
  month: Month,
  position: MonthPart,
  items: readonly ListingItem[],
  config: SiteConfig,
): string {
  const { part, hasNext } = position;
  const key = monthPageKey(month, part);
  const root = relativeRoot(key);
  const paged = part > 1 || hasNext;
  const withdrawn = items.filter((i) => i.status === 'withdrawn').length;
  const first = items[0];
  const last = items.at(-1);
  const span =
    paged && first && last ? html`，公开于 ${time(first.publishedAt)} 至 ${time(last.publishedAt)}` : '';
  const heading = paged
    ? `${monthLabel(month)}公示的行政执法决定（第 ${part} 页）`
    : `${monthLabel(month)}公示的行政执法决定`;
  const navigation = partNavigation(month, position, root);
  const main = html`<nav class="breadcrumb" aria-label="当前位置">
<ol>
<li><a href="${root}${INDEX_KEY}">首页</a></li>
<li><a href="${root}${INDEX_KEY}#archive">按月浏览</a></li>
${
  paged
    ? html`<li><a href="${root}${monthPageKey(month)}">${monthLabel(month)}</a></li>
<li aria-current="page">第 ${part} 页</li>`
    : html`<li aria-current="page">${monthLabel(month)}</li>`
}
</ol>
</nav>
<h1>${heading}</h1>
<p class="lead">${paged ? '本页' : '共'} ${items.length} 项${withdrawn > 0 ? `，其中 ${withdrawn} 项已撤下` : ''}${span}。最近公开的在前。${
    paged ? '本月的决定按公开时间分页，较早和较晚公开的见其他页。' : ''
  }</p>
<p class="downloads">下载${paged ? '本页' : '本月'}数据：<a href="${root}${monthCsvKey(month, part)}" download>CSV（Excel 可直接打开）</a> · <a href="${root}${monthNdjsonKey(month, part)}">NDJSON</a> · 本月“双公示”数据（每日更新）：<a href="${root}${exportXlsxKey(month)}" download>XLSX</a></p>
${navigation}
<section aria-labelledby="list-heading">
<h2 id="list-heading" class="visually-hidden">决定列表</h2>
${
  items.length === 0
    ? html`<p>${paged ? '本页' : '本月'}公示的决定均已依法撤下。</p>`
    : html`<ol class="entries">
${[...items].reverse().map((item) => listingEntry(item, root))}</ol>`
}
</section>
${items.length > 10 ? navigation : ''}`;
  return page({
    config,
    root,
    title: heading,
    canonical: absoluteUrl(config, key),
    main,
  });
}

export interface IndexData {
  /** Newest change first, as in the feed. */
  readonly latest: readonly ListingItem[];
  readonly months: readonly Month[];
  readonly monthCounts: Readonly<Record<string, number>>;
  readonly agencies: readonly { readonly id: string; readonly name: string }[];
  readonly actionTypes: readonly { readonly type: ActionType; readonly label: string }[];
}

function archive(data: IndexData): SafeHtml {
  const years = [...new Set(data.months.map((m) => m.slice(0, 4)))].sort().reverse();
  if (years.length === 0) return html`<p>目前还没有公示的决定。</p>`;
  return html`${years.map(
    (year) => html`<h3>${year}年</h3>
<ul class="months">
${data.months
  .filter((m) => m.startsWith(year))
  .slice()
  .sort()
  .reverse()
  .map((m) => {
    const count = data.monthCounts[m];
    return html`<li><a href="${monthPageKey(m)}">${Number(m.slice(5, 7))}月</a>${
      count === undefined ? '' : html` <span class="count">${count} 项</span>`
    }</li>
`;
  })}</ul>
`,
  )}`;
}

function searchForm(data: IndexData, apiUrl: string | undefined): SafeHtml {
  const years = [...new Set(data.months.map((m) => m.slice(0, 4)))].sort().reverse();
  return html`<form id="search" class="search" action="${INDEX_KEY}" method="get" role="search" data-months="${[
    ...data.months,
  ]
    .sort()
    .reverse()
    .join(' ')}">
<div class="search-field search-q">
<label for="q">关键词</label>
<input id="q" name="q" type="search" autocomplete="off" placeholder="统一社会信用代码、单位名称、决定书文号、执法机关">
</div>
<div class="search-field">
<label for="type">执法类别</label>
<select id="type" name="type">
<option value="">全部类别</option>
${data.actionTypes.map(
  (t) => html`<option value="${t.type}">${t.label}</option>
`,
)}</select>
</div>
<div class="search-field">
<label for="agency">执法机关</label>
<select id="agency" name="agency">
<option value="">全部机关</option>
${data.agencies.map(
  (a) => html`<option value="${a.id}">${a.name}</option>
`,
)}</select>
</div>
<div class="search-field">
<label for="year">公开年份</label>
<select id="year" name="year">
<option value="">全部年份</option>
${years.map(
  (y) => html`<option value="${y}">${y}年</option>
`,
)}</select>
</div>
<fieldset class="search-field search-dates">
<legend>决定日期</legend>
<label for="from">从</label> <input id="from" name="from" type="date">
<label for="to">至</label> <input id="to" name="to" type="date">
</fieldset>
<div class="search-actions">
<button type="submit">查找</button>
</div>
</form>
<noscript>${
    apiUrl
      ? html`<form class="search lookup" action="${apiUrl}v1/lookup" method="get" role="search" aria-label="按代码查找">
<div class="search-field search-q">
<label for="lookup-q">统一社会信用代码或决定书文号</label>
<input id="lookup-q" name="q" type="search" autocomplete="off" required minlength="4">
</div>
<div class="search-actions"><button type="submit">按代码查找</button></div>
</form>
<p class="hint">未启用 JavaScript 时，可以按统一社会信用代码、其他证照号码或决定书文号查找，或在下方按月浏览；按名称查找和筛选需要启用 JavaScript。</p>`
      : html`<p class="hint">查找和筛选需要启用 JavaScript。不启用时，可以在下方按月浏览全部公示的决定。</p>`
  }</noscript>`;
}

/** Server-rendered so it reads without JavaScript; search.js enhances the form by reading the months' listing parts. */
export function indexPage(data: IndexData, config: SiteConfig): string {
  const latest = data.latest.slice(0, INDEX_LATEST);
  const main = html`<h1>${config.title}</h1>
<p class="lead">各执法机关依法公开的行政许可、行政处罚、行政检查、行政强制、行政征收、行政收费和行政征用决定。</p>
<section aria-labelledby="search-heading" class="search-panel">
<h2 id="search-heading">查找决定</h2>
${searchForm(data, config.apiUrl)}
</section>
<section id="results" aria-labelledby="results-heading" hidden>
<h2 id="results-heading">查找结果</h2>
<p id="results-status" role="status"></p>
<ol id="results-list" class="entries"></ol>
</section>
<section id="latest" aria-labelledby="latest-heading">
<h2 id="latest-heading">最新公示</h2>
<p class="hint">按最近一次公开、更正或撤下的时间排列，显示最近 ${INDEX_LATEST} 项。</p>
${
  latest.length === 0
    ? html`<p>目前还没有公示的决定。</p>`
    : html`<ol class="entries">
${latest.map((item) => listingEntry(item, ''))}</ol>`
}
</section>
<section id="archive" aria-labelledby="archive-heading">
<h2 id="archive-heading">按月浏览</h2>
${archive(data)}
</section>
<section id="data" aria-labelledby="data-heading">
<h2 id="data-heading">数据与订阅</h2>
<ul>
<li><a href="${FEED_KEY}">JSON Feed</a> 与 <a href="atom.xml">Atom</a>：最近 100 项公开、更正和撤下；撤下的决定在 Atom 中是 RFC 6721 删除条目，在 JSON Feed 的 <code>_gongshi.tombstones</code> 扩展中列出。</li>
<li><a href="${DATASET_KEY}">开放数据说明</a>：每月的决定按公开时间分为一个或多个部分，每部分一个 NDJSON 文件和一个 CSV 文件（UTF-8），也可以从各月页面下载。</li>
<li><a href="sitemap.xml">网站地图</a></li>
<li><a href="${CORRECTION_KEY}">认为公示信息不准确？了解如何申请更正</a></li>
</ul>
</section>`;
  return page({
    config,
    root: '',
    title: config.title,
    description: '行政执法决定公示：查找、订阅和下载各执法机关公开的行政执法决定。',
    canonical: absoluteUrl(config, INDEX_KEY),
    main,
    scripts: [SEARCH_JS_KEY],
  });
}

/** Served for any missing key at any depth, so its links are absolute paths from the site root. */
export function notFoundPage(config: SiteConfig): string {
  const root = rootPath(config);
  const main = html`<h1>页面不存在</h1>
<p>您要找的页面不存在。行政执法决定依法撤下后，其页面可能已被删除。</p>
<ul>
<li><a href="${root}${INDEX_KEY}">返回首页，查找公示的决定</a></li>
<li><a href="${root}${INDEX_KEY}#archive">按月浏览</a></li>
</ul>`;
  return page({ config, root, title: '页面不存在', main, noindex: true });
}

/**
 * R9 (四平 §四(七)): the right to a correction, how a request is filed (the form on every decision page), what
 * happens to it, and how its status is followed.
 */
export function correctionPage(config: SiteConfig): string {
  const main = html`<h1>申请更正公示信息</h1>
<section aria-labelledby="right-heading">
<h2 id="right-heading">您的权利</h2>
<p>《四平市工业和信息化局行政执法公示制度》第四部分“主要内容”之（七）“公示机制”规定：</p>
<blockquote><p>公民、法人或者其他组织有证据证明公示的行政执法信息不准确的，有权要求实施公开的行政执法部门予以更正；行政执法部门应当及时作出处理。</p></blockquote>
</section>
<section aria-labelledby="how-heading">
<h2 id="how-heading">如何申请</h2>
<ol>
<li>在<a href="${INDEX_KEY}">首页</a>找到要更正的决定，打开它的决定页面。</li>
<li>在页面下方的“申请更正”中写明哪些信息不准确、应当如何更正，说明能证明这一点的证据，留下您的姓名和联系电话或电子邮箱。不需要注册或登录，也不需要启用 JavaScript。</li>
<li>提交后，您会看到申请编号和查询页面。请保存查询页面的地址。</li>
</ol>
<p>您的联系方式只提供给作出决定的执法机关用于答复，不会公开；您填写的内容和证据也不会公开。证据文件（PNG、JPEG 图片或 PDF，每个不超过 10 MB，最多 5 个）可以通过本平台的开放接口上传，或按执法机关的要求另行提交。</p>
<p>为防止滥用，同一网络地址短时间内提交的申请数量有限制。</p>
</section>
<section aria-labelledby="after-heading">
<h2 id="after-heading">办理与答复</h2>
<ul>
<li>执法机关应当在收到申请之日起${DEFAULT_CORRECTION_ANSWER_WORKING_DAYS}个工作日内作出答复（执法机关可以设定更短的期限；法定节假日不计，调休上班日计入）。查询页面显示答复期限及其计算方法。</li>
<li>执法机关认为申请成立的，予以更正：更正后的内容经审核后公开，决定页面会在显著位置标明“更正于”某日，并保留更正记录；订阅源中的该项也会更新。</li>
<li>执法机关认为公示内容准确的，不予更正，并在查询页面写明理由。</li>
<li>已撤下的决定不再接受更正申请。</li>
</ul>
</section>
<p><a href="${INDEX_KEY}">返回首页</a></p>`;
  return page({
    config,
    root: '',
    title: '申请更正公示信息',
    canonical: absoluteUrl(config, CORRECTION_KEY),
    main,
  });
}
