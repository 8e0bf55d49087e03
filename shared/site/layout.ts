/**
 * The frame every page shares: Chinese, UTF-8, a viewport for phones, a skip link, the landmarks a screen
 * reader navigates by, one stylesheet of our own and no third-party anything.
 */
import { html, type SafeHtml } from './html.ts';
import {
  CATALOG_INDEX_KEY,
  CORRECTION_KEY,
  CSS_KEY,
  DATASET_KEY,
  FEED_KEY,
  INDEX_KEY,
  SCORECARD_KEY,
  TRANSPARENCY_INDEX_KEY,
} from './keys.ts';
import type { SiteConfig } from './types.ts';

export interface PageOptions {
  readonly config: SiteConfig;
  /** Prefix that leads from the page back to the site root: '' at the root, '../' one level down. */
  readonly root: string;
  /** The document title before the site's name. */
  readonly title: string;
  readonly main: SafeHtml;
  readonly description?: string;
  readonly canonical?: string;
  readonly head?: SafeHtml;
  /** Scripts are same-origin files only, deferred, so the page reads the same before and without them. */
  readonly scripts?: readonly string[];
  /** Pages that are themselves withdrawn or missing should not be indexed under their old address. */
  readonly noindex?: boolean;
}

export function page(options: PageOptions): string {
  const { config, root } = options;
  const title = options.title === config.title ? config.title : `${options.title} - ${config.title}`;
  const document = html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${title}</title>
${options.description ? html`<meta name="description" content="${options.description}">\n` : ''}${
  options.noindex ? html`<meta name="robots" content="noindex">\n` : ''
}${options.canonical ? html`<link rel="canonical" href="${options.canonical}">\n` : ''}<link rel="stylesheet" href="${root}${CSS_KEY}">
<link rel="alternate" type="application/feed+json" title="${config.title}（JSON Feed）" href="${root}${FEED_KEY}">
<link rel="alternate" type="application/atom+xml" title="${config.title}（Atom）" href="${root}atom.xml">
${options.head ? html`${options.head}\n` : ''}</head>
<body>
<a class="skip-link" href="#main">跳到正文</a>
<header class="site-header">
<div class="wrap">
<a class="brand" href="${root}${INDEX_KEY}">${config.title}</a>
<nav aria-label="网站导航">
<ul>
<li><a href="${root}${INDEX_KEY}">最新公示</a></li>
<li><a href="${root}${INDEX_KEY}#archive">按月浏览</a></li>
<li><a href="${root}${CATALOG_INDEX_KEY}">事前公开</a></li>
<li><a href="${root}${INDEX_KEY}#data">数据与订阅</a></li>
<li><a href="${root}${SCORECARD_KEY}">公示时效</a></li>
<li><a href="${root}${CORRECTION_KEY}">申请更正</a></li>
</ul>
</nav>
</div>
</header>
<main id="main" tabindex="-1">
<div class="wrap">
${options.main}
</div>
</main>
<footer class="site-footer">
<div class="wrap">
<p>本网站公示的行政执法决定由作出决定的执法机关依法公开。自然人的姓名、身份证件号码等个人信息已依法作适当处理。</p>
<p><a href="${root}${DATASET_KEY}">开放数据说明</a> · <a href="${root}${FEED_KEY}">JSON Feed</a> · <a href="${root}atom.xml">Atom 订阅</a> · <a href="${root}sitemap.xml">网站地图</a> · <a href="${root}${TRANSPARENCY_INDEX_KEY}">透明日志</a> · <a href="${root}${CORRECTION_KEY}">申请更正</a></p>
</div>
</footer>
${(options.scripts ?? []).map((src) => html`<script src="${root}${src}" defer></script>\n`)}</body>
</html>
`;
  return document.toString();
}

/** A definition list of labelled fields; rows whose value is absent are left out rather than shown empty. */
export function fieldList(
  rows: readonly (readonly [string, SafeHtml | string | undefined])[],
  className = 'fields',
) {
  return html`<dl class="${className}">
${rows
  .filter((row) => row[1] !== undefined && row[1] !== '')
  .map(
    ([label, value]) => html`<div class="field"><dt>${label}</dt><dd>${value}</dd></div>
`,
  )}</dl>`;
}
