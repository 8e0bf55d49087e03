/**
 * The pages of the search index (ADR 0017): a company's page, with every decision of it still on the site, and a
 * code bucket's page, the exact lookup for readers without JavaScript (the API's lookup route sends them there).
 */
import { representativeLabel } from '../domain/decision.ts';
import { html, type SafeHtml } from './html.ts';
import { INDEX_KEY, relativeRoot } from './keys.ts';
import { fieldList, page } from './layout.ts';
import { date, time } from './pages.ts';
import {
  type CodeEntry,
  type CompanyDecision,
  type CompanyState,
  codeShardPageKey,
  companyHtmlKey,
} from './search.ts';
import type { SiteConfig } from './types.ts';

function crumbs(root: string, current: string): SafeHtml {
  return html`<nav class="breadcrumb" aria-label="当前位置">
<ol>
<li><a href="${root}${INDEX_KEY}">首页</a></li>
<li aria-current="page">${current}</li>
</ol>
</nav>`;
}

function companyDecision(d: CompanyDecision, root: string): SafeHtml {
  const href = `${root}decisions/${d.id}.html`;
  if (d.status === 'withdrawn') {
    return html`<li class="entry entry-withdrawn">
<p class="entry-kicker"><span class="tag tag-withdrawn">已撤下</span> <span class="tag">${d.actionTypeLabel}</span> ${d.agency.name}</p>
<h3 class="entry-title"><a href="${href}">${d.caseNumber}</a></h3>
<p class="entry-meta">${d.withdrawal?.reasonLabel ?? '已撤下'} · 撤下日期 ${d.withdrawal ? time(d.withdrawal.withdrawnAt) : ''} · 决定日期 ${date(d.decisionDate)}</p>
</li>
`;
  }
  return html`<li class="entry">
<p class="entry-kicker"><span class="tag">${d.actionTypeLabel}</span> ${d.agency.name}</p>
<h3 class="entry-title"><a href="${href}">${d.caseNumber}</a></h3>
<p class="entry-meta">决定日期 ${date(d.decisionDate)} · 公开日期 ${time(d.publishedAt)}</p>
</li>
`;
}

/** `companies/{code}.html`: the party as its latest decision shows it, and its decisions, newest first. */
export function companyPage(company: CompanyState, config: SiteConfig): string {
  const key = companyHtmlKey(company.code);
  const root = relativeRoot(key);
  const { party } = company;
  const published = company.decisions.filter((d) => d.status === 'published').length;
  const withdrawn = company.decisions.length - published;
  const agencies = new Set(company.decisions.map((d) => d.agency.id)).size;
  const main = html`${crumbs(root, party.name)}
<article class="company">
<header class="decision-header">
<p class="kicker"><span class="tag">${party.kindLabel}</span></p>
<h1>${party.name}</h1>
<p class="subtitle">${party.idTypeLabel}：<span class="code">${party.idNumber}</span></p>
</header>
<section aria-labelledby="party-heading">
<h2 id="party-heading">基本信息</h2>
${fieldList([
  ['名称', party.name],
  ['类别', party.kindLabel],
  [party.idTypeLabel, party.idNumber],
  [representativeLabel(party.kind), party.legalRepresentative],
])}
<p class="hint">以上信息取自该主体最近一次公开的决定。</p>
</section>
<section aria-labelledby="decisions-heading">
<h2 id="decisions-heading">公示的行政执法决定</h2>
<p>共 ${published} 项公示中${withdrawn > 0 ? html`，${withdrawn} 项已撤下（仅保留撤下说明）` : ''}，来自 ${agencies} 个执法机关。按决定日期排列，最新的在前。</p>
<ol class="entries">
${company.decisions.map((d) => companyDecision(d, root))}</ol>
</section>
<section aria-labelledby="more-heading" class="more">
<h2 id="more-heading">数据</h2>
<ul><li><a href="${company.code}.json" type="application/json">本页的 JSON 数据</a></li></ul>
</section>
</article>`;
  return page({
    config,
    root,
    title: party.name,
    description: `${party.name}（${party.idTypeLabel} ${party.idNumber}）公示的行政执法决定`,
    canonical: company.url,
    head: html`<link rel="alternate" type="application/json" href="${company.code}.json">`,
    main,
  });
}

/** The anchor of a key on its bucket's page: the lookup route sends readers to `…/{bucket}.html#k-{key}`. */
export const codeAnchor = (key: string) => `k-${key}`;

function codeEntry(entry: CodeEntry, root: string): SafeHtml {
  if (entry.type === 'company') {
    return html`<li class="entry" id="${codeAnchor(entry.key)}">
<p class="entry-kicker"><span class="tag">${entry.kindLabel}</span> <span class="code">${entry.code}</span></p>
<h3 class="entry-title"><a href="${root}${companyHtmlKey(entry.code)}">${entry.name}</a></h3>
<p class="entry-meta">查看该主体公示的全部决定</p>
</li>
`;
  }
  return html`<li class="entry" id="${codeAnchor(entry.key)}">
<p class="entry-kicker"><span class="tag">${entry.actionTypeLabel}</span> ${entry.agency}</p>
<h3 class="entry-title"><a href="${root}decisions/${entry.id}.html">${entry.caseNumber}</a></h3>
<p class="entry-meta">决定日期 ${date(entry.decisionDate)}${
    entry.company ? html` · <a href="${root}${companyHtmlKey(entry.company)}">该主体的全部决定</a>` : ''
  }</p>
</li>
`;
}

/** `search/codes/{bucket}.html`: every code and case number of the bucket, for the lookup without JavaScript. */
export function codeShardPage(bucket: string, entries: readonly CodeEntry[], config: SiteConfig): string {
  const key = codeShardPageKey(bucket);
  const root = relativeRoot(key);
  const main = html`${crumbs(root, '按代码查找')}
<h1>按代码或文号查找</h1>
<p class="lead">统一社会信用代码、其他证照号码和决定书文号按相同的写法归入同一页（忽略空格、括号、连接号和全角字符）。您查找的代码如果已公示，会在下面列出并突出显示；没有列出的，表示目前没有公示。</p>
${
  entries.length === 0
    ? html`<p>本页目前没有公示的代码。</p>`
    : html`<ol class="entries code-entries">
${entries.map((e) => codeEntry(e, root))}</ol>`
}`;
  return page({ config, root, title: '按代码查找', main, noindex: true });
}
