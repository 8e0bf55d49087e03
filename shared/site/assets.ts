/**
 * The static files: one stylesheet, two small scripts, the 404, correction and transparency-log pages, the
 * sitemap of the pages that belong to no month, and the placeholders of the catalogue index and the scorecard.
 * They do not depend on any decision, so the publisher writes them once (and on a rebuild), never on a publish.
 */
import {
  CACHE_ASSET,
  CATALOG_INDEX_KEY,
  CONTENT_TYPES,
  CORRECTION_KEY,
  CSS_KEY,
  FORM_JS_KEY,
  NOT_FOUND_KEY,
  SCORECARD_KEY,
  SEARCH_JS_KEY,
  SITE_SITEMAP_KEY,
  siteObject,
} from './keys.ts';
import { correctionPage, notFoundPage } from './pages.ts';
import { catalogPlaceholderPage, scorecardPlaceholderPage } from './placeholders.ts';
import { siteSitemap } from './sitemap.ts';
import { transparencyPageObject } from './transparency.ts';
import type { SiteConfig, SiteObject, SiteOperation } from './types.ts';

// Contrast: text #1f2328 on white 15.8:1, muted #57606a 6.4:1, links #0a58a8 7:1, white on #9f1c1c 7.9:1.
export const SITE_CSS = `:root {
  --text: #1f2328;
  --muted: #57606a;
  --bg: #ffffff;
  --accent: #9f1c1c;
  --link: #0a58a8;
  --border: #d0d7de;
  --focus: #ffdd00;
  color-scheme: light;
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0;
  font-family: system-ui, -apple-system, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif;
  font-size: 1rem;
  line-height: 1.7;
  color: var(--text);
  background: var(--bg);
  overflow-wrap: anywhere;
}
.wrap { max-width: 60rem; margin: 0 auto; padding: 0 1rem; }
a { color: var(--link); text-underline-offset: 0.15em; }
a:visited { color: #6f2da8; }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid #0b0c0c; outline-offset: 2px; box-shadow: 0 0 0 2px var(--focus); }
.skip-link { position: absolute; left: -9999px; top: 0; }
.skip-link:focus { left: 1rem; top: 1rem; z-index: 10; background: var(--focus); color: #0b0c0c; padding: 0.5rem 1rem; }
.site-header { background: var(--accent); color: #ffffff; }
.site-header a, .site-header a:visited { color: #ffffff; }
.brand { display: inline-block; padding: 0.75rem 0 0.25rem; font-size: 1.25rem; font-weight: 700; text-decoration: none; }
.site-header ul { list-style: none; margin: 0; padding: 0 0 0.625rem; display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; }
main { display: block; padding: 1.25rem 0 2.5rem; }
main:focus { outline: none; }
h1 { font-size: 1.6rem; line-height: 1.35; margin: 0.25rem 0 0.75rem; }
h2 { font-size: 1.25rem; line-height: 1.4; margin: 2rem 0 0.75rem; padding-bottom: 0.25rem; border-bottom: 1px solid var(--border); }
h3 { font-size: 1.1rem; margin: 1.25rem 0 0.5rem; }
.lead { font-size: 1.075rem; color: var(--muted); }
.hint, .entry-meta, .entry-kicker, .kicker, .count, .subtitle { color: var(--muted); }
.hint, .entry-meta, .count { font-size: 0.9rem; }
.tag { display: inline-block; padding: 0 0.45em; border: 1px solid currentColor; border-radius: 3px; font-size: 0.85rem; line-height: 1.5; }
.tag-withdrawn { background: #8a4b00; border-color: #8a4b00; color: #ffffff; }
.breadcrumb ol { list-style: none; margin: 0 0 1rem; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem; font-size: 0.9rem; }
.breadcrumb li + li::before { content: "›"; margin-right: 0.25rem; color: var(--muted); }
.pagination ul { list-style: none; margin: 1rem 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; }
.pagination a { display: inline-block; padding: 0.5rem 0.75rem; border: 1px solid currentColor; border-radius: 4px; text-decoration: none; }
.pagination a:hover, .pagination a:focus { text-decoration: underline; }
.pagination [aria-current] { font-weight: bold; }
.fields { margin: 0; }
.field { display: grid; grid-template-columns: 1fr; padding: 0.5rem 0; border-bottom: 1px solid var(--border); }
.field dt { font-weight: 700; }
.field dd { margin: 0; white-space: pre-line; }
@media (min-width: 40rem) { .field { grid-template-columns: 11rem 1fr; gap: 1rem; } }
.corrected, .withdrawn, .correcting { margin: 1rem 0; padding: 0.75rem 1rem; border-left: 4px solid; }
.corrected { background: #eaf3ff; border-color: var(--link); }
.correcting { background: #fff4e0; border-color: #8a4b00; }
.withdrawn { background: #fff4e0; border-color: #8a4b00; }
.withdrawn p { margin: 0; }
.history { padding-left: 1.5rem; }
.entries { list-style: none; margin: 0; padding: 0; }
.entry { padding: 0.75rem 0; border-bottom: 1px solid var(--border); }
.entry p { margin: 0.125rem 0; }
.entry-title { margin: 0.25rem 0; font-size: 1.1rem; }
.entry-corrected { color: var(--text); }
.search { display: grid; grid-template-columns: 1fr; gap: 0.75rem; }
@media (min-width: 40rem) { .search { grid-template-columns: 1fr 1fr; } .search-q { grid-column: 1 / -1; } }
@media (min-width: 60rem) { .search { grid-template-columns: 2fr 1fr 1fr 1fr; align-items: end; } .search-q { grid-column: auto; } .search-dates { grid-column: 1 / 4; } }
.search-dates { border: 0; margin: 0; padding: 0; display: flex; flex-wrap: wrap; align-items: center; gap: 0.25rem 0.5rem; }
.search-dates legend { font-weight: 600; padding: 0; margin-bottom: 0.25rem; }
.search-dates input { flex: 1 1 9rem; min-width: 0; }
label { display: block; margin-bottom: 0.25rem; font-weight: 700; }
input, select, button { width: 100%; min-height: 2.75rem; padding: 0.5rem; font: inherit; color: var(--text); background: #ffffff; border: 2px solid var(--muted); border-radius: 4px; }
button { color: #ffffff; background: var(--accent); border-color: var(--accent); font-weight: 700; cursor: pointer; }
button:hover { background: #7f1515; }
textarea { display: block; width: 100%; min-height: 7rem; padding: 0.5rem; font: inherit; color: var(--text); background: #ffffff; border: 2px solid var(--muted); border-radius: 4px; resize: vertical; }
.correction-form { display: grid; gap: 1rem; max-width: 42rem; }
.correction-form fieldset { display: grid; gap: 1rem; margin: 0; padding: 0.75rem 1rem 1rem; border: 1px solid var(--border); border-radius: 4px; }
.correction-form legend { padding: 0 0.25rem; font-weight: 700; }
.correction-form .hint { margin: 0 0 0.25rem; }
.correction-form button { width: auto; padding: 0.5rem 1.5rem; justify-self: start; }
.required { font-weight: 400; color: var(--muted); }
.form-errors { margin: 1rem 0; padding: 0.75rem 1rem; border: 3px solid var(--accent); }
.form-errors h2 { margin-top: 0; border: 0; font-size: 1.1rem; }
.field-error { margin: 0 0 0.25rem; color: var(--accent); font-weight: 700; }
.form-field-invalid input, .form-field-invalid textarea { border-color: var(--accent); }
.months { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.5rem; }
.months a { display: inline-block; padding: 0.25rem 0.75rem; border: 1px solid var(--border); border-radius: 4px; }
blockquote { margin: 1rem 0; padding: 0.5rem 1rem; border-left: 4px solid var(--border); }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; }
/* Commands on the transparency page wrap rather than widen the page on a phone. */
pre { margin: 0.75rem 0; padding: 0.75rem; background: #f6f8fa; border: 1px solid var(--border); white-space: pre-wrap; overflow-wrap: anywhere; }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.update-due { margin: 1rem 0; padding: 0.75rem 1rem; border-left: 4px solid #8a4b00; background: #fff4e0; }
.update-due p { margin: 0; }
.entry-note { color: var(--text); }
.catalog-body { white-space: pre-line; }
.catalog-table { width: 100%; border-collapse: collapse; }
.catalog-table caption { text-align: left; font-weight: 700; padding: 0.25rem 0; }
.catalog-table th, .catalog-table td { text-align: left; vertical-align: top; padding: 0.4rem 0.5rem; border-bottom: 1px solid var(--border); }
.catalog-files { list-style: none; margin: 0; padding: 0; }
.catalog-files figure { margin: 0 0 1rem; }
.catalog-files img { display: block; max-width: 100%; height: auto; border: 1px solid var(--border); }
.catalog-agencies { padding-left: 1.25rem; }
.scorecard-dates time { white-space: nowrap; }
.scorecard-chart { margin: 1.5rem 0; }
.scorecard-chart figcaption { font-weight: 700; }
.scorecard-chart svg { display: block; height: auto; margin: 0.5rem 0; }
.scorecard-table { min-width: min(100%, 24rem); border-collapse: collapse; margin: 0.75rem 0 1.5rem; }
.scorecard-table caption { text-align: left; font-weight: 700; padding: 0.25rem 0; }
.scorecard-table th, .scorecard-table td { text-align: left; vertical-align: top; padding: 0.3rem 1rem 0.3rem 0; border-bottom: 1px solid var(--border); }
.scorecard-table td { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
/* Chinese words stay whole: a header wraps at its <wbr> and its punctuation, never inside 按时 or 公示. */
.scorecard-table th, .scorecard-table caption, .scorecard-chart figcaption { word-break: keep-all; overflow-wrap: normal; }
.scorecard-table tbody th { font-weight: 400; }
.scorecard-table thead th + th { text-align: right; }
/* The charts are one drawing scaled to the width: on a phone their text is drawn larger, every other month unlabelled. */
@media (max-width: 40rem) { .scorecard-chart svg text { font-size: 20px; } .scorecard-chart .tick-minor { display: none; } }
@media (max-width: 30rem) { .scorecard-chart svg text { font-size: 24px; } }
.site-footer { padding: 1rem 0 2rem; font-size: 0.9rem; color: var(--muted); background: #f6f8fa; border-top: 1px solid var(--border); }
@media (prefers-reduced-motion: reduce) { * { scroll-behavior: auto !important; transition: none !important; } }
@media print {
  .skip-link, .site-header nav, .search-panel, #results, .breadcrumb, .pagination, .site-footer, noscript, .correction { display: none !important; }
  body { font-size: 11pt; line-height: 1.5; color: #000000; }
  .site-header { background: none; color: #000000; border-bottom: 2px solid #000000; }
  .site-header a, a, a:visited { color: #000000; }
  .wrap { max-width: none; padding: 0; }
  .field { grid-template-columns: 9rem 1fr; gap: 1rem; break-inside: avoid; }
  .corrected, .withdrawn, .correcting { background: none; border: 1px solid #000000; }
  .more a[href]::after { content: " (" attr(href) ")"; font-size: 0.85em; }
  h2, h3 { break-after: avoid; }
}
`;

/**
 * ADR 0017: the search key and the bucket of a key, as search.ts computes them (a test holds the two equal):
 * each character folded (NFKC, every decimal digit in ASCII, format and control characters dropped), letters and
 * digits only, upper case; FNV-1a over the UTF-16 units, 16 bits in hex.
 */
export const SEARCH_KEY_JS = `function isDigit(c) { return /\\p{Nd}/u.test(c); }
function digitValue(cp) {
  var first = cp;
  while (first > 0 && isDigit(String.fromCodePoint(first - 1))) first -= 1;
  return (cp - first) % 10;
}
function foldChar(c) {
  var code = c.codePointAt(0);
  if (code < 0x80) return (code < 0x20 && code !== 9 && code !== 10 && code !== 13) || code === 0x7f ? '' : c;
  if (/\\p{Cf}/u.test(c) || (code >= 0x7f && code <= 0x9f) || code === 0xfffe || code === 0xffff || (code >= 0xd800 && code <= 0xdfff)) return '';
  if (isDigit(c)) return String(digitValue(code));
  var out = '';
  for (var f of c.normalize('NFKC')) out += isDigit(f) && !(f >= '0' && f <= '9') ? String(digitValue(f.codePointAt(0))) : f;
  return out;
}
function searchKey(text) {
  var folded = '';
  for (var c of text) folded += foldChar(c);
  return folded.replace(/[^\\p{L}\\p{N}]/gu, '').toUpperCase();
}
function bucketOf(key) {
  var hash = 0x811c9dc5;
  for (var i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return ((hash >>> 0) & 0xffff).toString(16).padStart(4, '0');
}
function ngramsOf(key, n) {
  var chars = Array.from(key), seen = {}, grams = [];
  for (var i = 0; i + n <= chars.length; i++) {
    var g = chars.slice(i, i + n).join('');
    if (!seen[g]) { seen[g] = true; grams.push(g); }
  }
  return grams;
}
function bigramsOf(key) { return ngramsOf(key, 2); }
// The grams a name query reads (at most three): its pair when it has two characters; else runs of three, first
// those that name neither a place (省, 市, 县, 区 …: thousands of companies share a city) nor only pairs nearly
// every company name holds (有限公司): the trade name, where names differ.
function queryGrams(key, common) {
  var chars = Array.from(key);
  if (chars.length < 3) return chars.length === 2 ? [key] : [];
  var grams = ngramsOf(key, 3);
  var plain = grams.filter(function (g) {
    var c = Array.from(g);
    return !/[省市县区镇乡旗州盟]/.test(g) && (common.indexOf(c[0] + c[1]) === -1 || common.indexOf(c[1] + c[2]) === -1);
  });
  var rest = grams.filter(function (g) { return plain.indexOf(g) === -1; });
  return plain.concat(rest).slice(0, 3);
}`;

/**
 * Progressive enhancement of the index's search form (ADR 0017). A code or case number (a query holding four
 * digits in a row) is looked up in its bucket of the index (search/codes/{hhhh}.json: one request); a name in the
 * buckets of up to three of its character pairs (search/names/{hhhh}.json), keeping the companies whose name holds
 * the whole query; an agency's name among the form's own agencies. Filters alone (type, agency, year) read the
 * chosen year's listing parts, as before. Results are built with textContent only, so no text becomes markup; the
 * page works without it (the lookup route takes codes without JavaScript).
 */
export const SEARCH_JS = `(function () {
  'use strict';
  var form = document.getElementById('search');
  var section = document.getElementById('results');
  var list = document.getElementById('results-list');
  var status = document.getElementById('results-status');
  if (!form || !section || !list || !status || !window.fetch || !window.URLSearchParams) return;
${SEARCH_KEY_JS}
  var ID = /^[A-Za-z0-9_-]{1,64}$/;
  var CODE = /^[0-9A-Z]{6,30}$/;
  var MONTH = /^\\d{4}-\\d{2}$/;
  var DATE = /^\\d{4}-\\d{2}-\\d{2}$/;
  var LIMIT = 200;
  // Pairs nearly every company name holds: a query's other pairs narrow it better.
  var COMMON = '有限 限公 公司 责任 任公 股份 份有 集团 分公 经营 商行 中心 门市 市场 科技 贸易 发展 服务 管理 工程 建设 实业 商贸 餐饮 超市 药房 大药 诊所 医院 合作 作社 专业';
  var months = (form.getAttribute('data-months') || '').split(' ').filter(function (m) { return MONTH.test(m); });
  var cache = {};
  var partCounts = null;

  function text200(url) {
    return fetch(url, { credentials: 'same-origin' }).then(function (response) {
      if (response.status === 404) return '';
      if (!response.ok) throw new Error('HTTP ' + response.status);
      return response.text();
    });
  }

  function once(url, parse) {
    if (!cache[url]) {
      cache[url] = text200(url).then(parse);
      cache[url].catch(function () { delete cache[url]; });
    }
    return cache[url];
  }

  function json(url) { return once(url, function (body) { return body ? JSON.parse(body) : null; }); }

  // How many listing parts each month has; a month the list does not name yet has its first part.
  function parts() {
    if (!partCounts) {
      partCounts = text200('data/months.json').then(function (body) {
        var counts = {};
        var value = body ? JSON.parse(body) : {};
        (value.months || []).forEach(function (m) {
          if (m && MONTH.test(m.month)) counts[m.month] = Array.isArray(m.parts) ? Math.max(1, m.parts.length) : 1;
        });
        return counts;
      });
      partCounts.catch(function () { partCounts = null; });
    }
    return partCounts;
  }

  function shard(key) {
    return once(key, function (text) {
      return text.split('\\n').filter(function (line) { return line.trim() !== ''; }).map(function (line) {
        try { return JSON.parse(line); } catch (e) { return null; }
      }).filter(function (entry) { return entry && typeof entry.id === 'string' && ID.test(entry.id); });
    });
  }

  function monthEntries(month, counts) {
    var keys = [];
    for (var part = 1; part <= (counts[month] || 1); part++) {
      keys.push('data/' + month + (part === 1 ? '' : '-' + part) + '.ndjson');
    }
    return Promise.all(keys.map(shard)).then(function (all) { return [].concat.apply([], all); });
  }

  function shanghaiDate(instant) {
    var ms = Date.parse(instant);
    return isNaN(ms) ? '' : new Date(ms + 8 * 3600000).toISOString().slice(0, 10);
  }

  function text(tag, className, value) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (value) el.textContent = value;
    return el;
  }

  function tag(value, withdrawn) {
    return text('span', withdrawn ? 'tag tag-withdrawn' : 'tag', value);
  }

  function item(kicker, title, href, lines, withdrawn) {
    var li = text('li', withdrawn ? 'entry entry-withdrawn' : 'entry');
    var p = text('p', 'entry-kicker');
    kicker.forEach(function (part, i) {
      if (i > 0) p.appendChild(document.createTextNode(' '));
      p.appendChild(typeof part === 'string' ? document.createTextNode(part) : part);
    });
    li.appendChild(p);
    var h3 = text('h3', 'entry-title');
    var a = text('a', '', title);
    a.href = href;
    h3.appendChild(a);
    li.appendChild(h3);
    lines.forEach(function (line) { li.appendChild(text('p', line[0], line[1])); });
    return li;
  }

  function entryElement(entry) {
    var withdrawn = entry.status === 'withdrawn';
    var kicker = withdrawn ? [tag('已撤下', true)] : [];
    kicker.push(tag(entry.actionTypeLabel || ''), (entry.agency && entry.agency.name) || '');
    var lines;
    if (withdrawn) {
      var w = entry.withdrawal || {};
      lines = [['entry-meta', (w.reasonLabel || '已撤下') + ' · 撤下日期 ' + shanghaiDate(w.withdrawnAt) + ' · 决定日期 ' + (entry.decisionDate || '')]];
    } else {
      var party = entry.party || {};
      var corrections = entry.corrections || [];
      var last = corrections.length ? corrections[corrections.length - 1] : null;
      lines = [['entry-party', '行政相对人：' + (party.name || '') + (party.kindLabel ? '（' + party.kindLabel + '）' : '')],
        ['entry-meta', '决定日期 ' + (entry.decisionDate || '') + ' · 公开日期 ' + shanghaiDate(entry.publishedAt) + (last ? ' · 更正于 ' + shanghaiDate(last.at) : '')]];
    }
    return item(kicker, entry.caseNumber || entry.id, 'decisions/' + entry.id + '.html', lines, withdrawn);
  }

  function companyElement(c) {
    var years = c.years ? (c.years[0] === c.years[1] ? c.years[0] + '年' : c.years[0] + '—' + c.years[1] + '年') : '';
    return item([tag(c.kindLabel || '单位'), c.code], c.name, 'companies/' + c.code + '.html',
      [['entry-meta', (c.decisions ? '公示中的决定 ' + c.decisions + ' 项' : '查看该主体公示的全部决定') + (years ? ' · 公开于 ' + years : '')]]);
  }

  function decisionCodeElement(d) {
    return item([tag(d.actionTypeLabel || ''), d.agency || ''], d.caseNumber, 'decisions/' + d.id + '.html',
      [['entry-meta', '决定日期 ' + (d.decisionDate || '')]]);
  }

  function agencyElement(option) {
    var li = text('li', 'entry');
    li.appendChild(text('p', 'entry-kicker', '执法机关'));
    var h3 = text('h3', 'entry-title');
    var a = text('a', '', option.textContent);
    a.href = '?agency=' + encodeURIComponent(option.value);
    h3.appendChild(a);
    li.appendChild(h3);
    return li;
  }

  function readForm() {
    var data = new FormData(form);
    return {
      q: String(data.get('q') || '').trim(),
      type: String(data.get('type') || ''),
      agency: String(data.get('agency') || ''),
      year: String(data.get('year') || ''),
      from: DATE.test(String(data.get('from') || '')) ? String(data.get('from')) : '',
      to: DATE.test(String(data.get('to') || '')) ? String(data.get('to')) : ''
    };
  }

  function fillForm(params) {
    ['q', 'type', 'agency', 'year', 'from', 'to'].forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (field && params.has(name)) field.value = params.get(name);
    });
  }

  function show(elements, total, note) {
    elements.slice(0, LIMIT).forEach(function (el) { list.appendChild(el); });
    status.textContent = note || (total === 0 ? '没有找到符合条件的决定或单位。'
      : total > LIMIT ? '找到 ' + total + ' 项，显示前 ' + LIMIT + ' 项。请缩小查找范围。'
      : '找到 ' + total + ' 项。');
  }

  // The decision date within the chosen range (either end may be open).
  function inRange(date, query) {
    return (!query.from || date >= query.from) && (!query.to || date <= query.to);
  }

  // A company's posting: any of its decisions may match; its page has the details.
  function postingMatches(p, query) {
    if (query.type && (p.t || []).indexOf(query.type) === -1) return false;
    if (query.agency && (p.a || []).indexOf(query.agency) === -1) return false;
    if (query.year && p.y && (Number(query.year) < p.y[0] || Number(query.year) > p.y[1])) return false;
    if (p.d && ((query.from && p.d[1] < query.from) || (query.to && p.d[0] > query.to))) return false;
    return true;
  }

  // A code or a case number: one bucket of the index.
  function byCode(key, query) {
    return json('search/codes/' + bucketOf(key) + '.json').then(function (value) {
      var entries = ((value && value.entries) || []).filter(function (e) { return e && e.key === key; });
      var found = [];
      entries.forEach(function (e) {
        if (e.type === 'company' && CODE.test(e.code)) found.push(companyElement(e));
        else if (e.type === 'decision' && ID.test(e.id)) {
          if (query.type && e.actionType !== query.type) return;
          if (query.agency && e.agencyId !== query.agency) return;
          if (!inRange(e.decisionDate || '', query)) return;
          found.push(decisionCodeElement(e));
        }
      });
      return { elements: found };
    });
  }

  // A name: the companies listed under up to three of its grams, whose name holds the whole query.
  function byName(key, query) {
    var chosen = queryGrams(key, COMMON);
    var agencies = [];
    var select = form.elements.namedItem('agency');
    if (select) Array.prototype.forEach.call(select.options, function (o) {
      if (o.value && searchKey(o.textContent).indexOf(key) !== -1) agencies.push(agencyElement(o));
    });
    return Promise.all(chosen.map(function (g) { return json('search/names/' + bucketOf(g) + '.json'); })).then(function (shards) {
      var complete = null;
      shards.forEach(function (value, i) {
        var grams = (value && value.grams) || {};
        var postings = Object.prototype.hasOwnProperty.call(grams, chosen[i]) ? grams[chosen[i]] : [];
        // A pair with no list is shared by too many companies to narrow the query; one with a list has them all.
        if (postings !== null && (complete === null || postings.length < complete.length)) complete = postings;
      });
      if (complete === null) {
        return { elements: agencies, note: agencies.length ? '' : '名称过于常见，请输入更完整的名称，或按执法机关、类别和年份筛选。' };
      }
      var found = complete.filter(function (p) {
        return p && CODE.test(p.c) && searchKey(p.n || '').indexOf(key) !== -1 && postingMatches(p, query);
      }).sort(function (a, b) { return a.n < b.n ? -1 : a.n > b.n ? 1 : 0; });
      return { elements: agencies.concat(found.map(function (p) {
        return companyElement({ code: p.c, name: p.n, kindLabel: p.k, years: p.y });
      })) };
    });
  }

  function matches(entry, query) {
    if (query.type && entry.actionType !== query.type) return false;
    if (query.agency && !(entry.agency && entry.agency.id === query.agency)) return false;
    return inRange(entry.decisionDate || '', query);
  }

  // Filters alone: the chosen year's listing parts.
  function byFilters(query) {
    var chosen = months.filter(function (m) { return !query.year || m.slice(0, 4) === query.year; });
    return parts().then(function (counts) {
      return Promise.all(chosen.map(function (month) { return monthEntries(month, counts); }));
    }).then(function (all) {
      var found = [];
      all.forEach(function (entries) {
        entries.forEach(function (entry) { if (matches(entry, query)) found.push(entry); });
      });
      found.sort(function (a, b) { return a.publishedAt < b.publishedAt ? 1 : a.publishedAt > b.publishedAt ? -1 : 0; });
      return { elements: found.slice(0, LIMIT).map(entryElement), total: found.length };
    });
  }

  var run = 0;
  function search(query) {
    var mine = ++run;
    section.hidden = false;
    list.textContent = '';
    status.textContent = '正在查找……';
    var key = searchKey(query.q);
    var answer;
    if (!query.q) answer = byFilters(query);
    else if (key.length >= 4 && /\\d{4}/.test(key)) answer = byCode(key, query);
    else if (Array.from(key).length >= 2) answer = byName(key, query);
    else answer = Promise.resolve({ elements: [], note: '请至少输入两个字，或输入统一社会信用代码、决定书文号。' });
    return answer.then(function (result) {
      if (mine !== run) return;
      show(result.elements, result.total === undefined ? result.elements.length : result.total, result.note);
    }, function () {
      if (mine !== run) return;
      status.textContent = '数据加载失败，请稍后重试，或按月浏览。';
    });
  }

  function isEmpty(query) { return !query.q && !query.type && !query.agency && !query.year && !query.from && !query.to; }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var query = readForm();
    var params = new URLSearchParams();
    Object.keys(query).forEach(function (key) { if (query[key]) params.set(key, query[key]); });
    var encoded = params.toString();
    // The address keeps the filters, so a search can be bookmarked and shared.
    history.replaceState(null, '', encoded ? '?' + encoded : location.pathname);
    if (isEmpty(query)) { run++; section.hidden = true; list.textContent = ''; return; }
    search(query);
  });

  var initial = new URLSearchParams(location.search);
  fillForm(initial);
  var query = readForm();
  if (!isEmpty(query)) search(query);
})();
`;

/**
 * ADR 0016: the correction form's proof of work. When the person starts on the form it asks the API for a
 * challenge and tries numbers until the SHA-256 of the salt and the number is the challenge (WebCrypto, a
 * second or two), then puts the solution in the hidden field. A submit before that waits for it; one more than
 * 8 minutes after the challenge came asks for a fresh one (they expire after 10). Without JavaScript, or when
 * the API cannot be reached, the form posts without one and is still taken (held out of the figures until
 * answered).
 *
 * R9: evidence files. Each chosen file is checked against the API's limits (in the input's data attributes)
 * when chosen and again on submit, with the problem in Chinese next to the input. With files, the script posts
 * the same form fields with the files declared (`attachments.<i>.*`), asking for JSON, then PUTs each file to
 * its presigned URL with exactly the signed headers, showing each file's progress, and opens the status page
 * once all are up. A failed PUT says so and offers to try again (the URLs stay valid 15 minutes); the request
 * itself is filed by then, and the status page link is shown.
 */
export const FORM_JS = `(function () {
  'use strict';
  var form = document.querySelector('form.correction-form');
  var field = form && form.querySelector('input[name="challenge"]');
  var url = field && field.getAttribute('data-url');
  if (!url || !window.fetch || !window.crypto || !window.crypto.subtle || !window.TextEncoder) return;
  var FRESH_MS = 8 * 60 * 1000;
  var encoder = new TextEncoder();
  var solving = null;
  var askedAt = 0;
  var files = form.querySelector('input[type="file"]');
  var fileError = document.getElementById('correction-files-error');
  var progress = document.getElementById('correction-files-progress');
  var button = form.querySelector('button[type="submit"]');
  var buttonText = button ? button.textContent : '';

  function hex(buffer) {
    var bytes = new Uint8Array(buffer);
    var out = '';
    for (var i = 0; i < bytes.length; i++) out += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
    return out;
  }

  async function solve() {
    askedAt = performance.now();
    var response = await fetch(url, { cache: 'no-store', credentials: 'omit' });
    if (!response.ok) return '';
    var c = await response.json();
    for (var n = 0; n <= c.maxnumber; n++) {
      if (hex(await crypto.subtle.digest('SHA-256', encoder.encode(c.salt + n))) === c.challenge) {
        return btoa(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number: n, salt: c.salt, signature: c.signature }));
      }
    }
    return '';
  }

  function start() {
    if (!solving || performance.now() - askedAt > FRESH_MS) {
      field.value = '';
      solving = solve().then(function (value) { field.value = value; }, function () { field.value = ''; });
    }
    return solving;
  }

  function busy(on, label) {
    if (!button) return;
    button.disabled = on;
    button.textContent = on ? label : buttonText;
  }

  // ---- R9: evidence files ----
  var EXTENSIONS = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', pdf: 'application/pdf' };
  var types = files ? (files.getAttribute('data-types') || '').split(' ') : [];
  var maxBytes = files ? Number(files.getAttribute('data-max-bytes')) : 0;
  var maxFiles = files ? Number(files.getAttribute('data-max-files')) : 0;

  function typeOf(file) {
    var type = (file.type || '').toLowerCase();
    if (types.indexOf(type) >= 0) return type;
    if (type) return '';
    var dot = file.name.lastIndexOf('.');
    return EXTENSIONS[file.name.slice(dot + 1).toLowerCase()] || '';
  }

  function megabytes(bytes) { return (bytes / 1024 / 1024).toFixed(1) + ' MB'; }

  function problemsOf(list) {
    var problems = [];
    if (list.length > maxFiles) problems.push('证据文件最多' + maxFiles + '个，您选择了' + list.length + '个。');
    for (var i = 0; i < list.length; i++) {
      var file = list[i];
      if (!typeOf(file)) problems.push('“' + file.name + '”的文件类型不支持：只能上传 PNG、JPEG 图片或 PDF 文件。');
      else if (file.size > maxBytes) problems.push('“' + file.name + '”过大（' + megabytes(file.size) + '）：每个文件不能超过' + megabytes(maxBytes) + '。');
      else if (file.size === 0) problems.push('“' + file.name + '”是空文件。');
    }
    return problems;
  }

  function showFileProblems(problems) {
    if (!fileError) return;
    fileError.textContent = problems.join(' ');
    fileError.hidden = problems.length === 0;
    if (problems.length > 0) files.setAttribute('aria-invalid', 'true');
    else files.removeAttribute('aria-invalid');
  }

  function showProblem(messages) {
    var box = document.getElementById('correction-script-errors');
    if (!box) {
      box = document.createElement('div');
      box.id = 'correction-script-errors';
      box.className = 'form-errors';
      box.setAttribute('role', 'alert');
      box.tabIndex = -1;
      form.insertBefore(box, button);
    }
    box.textContent = '';
    var heading = document.createElement('p');
    heading.textContent = messages[0];
    box.appendChild(heading);
    if (messages.length > 1) {
      var list = document.createElement('ul');
      messages.slice(1).forEach(function (m) {
        var item = document.createElement('li');
        item.textContent = m;
        list.appendChild(item);
      });
      box.appendChild(list);
    }
    box.hidden = false;
    box.focus();
    return box;
  }

  function refusal(problem) {
    var messages = (problem.errors || []).map(function (e) { return e.message; }).filter(function (m) { return /[\\u4e00-\\u9fff]/.test(m); });
    if (messages.length > 0) return ['申请没有提交，请修改以下问题后重新提交：'].concat(messages);
    if (problem.code === 'rate_limited') return ['提交过于频繁，请稍后再试。'];
    if (problem.code === 'too_many_open_requests') return ['您提交的更正申请尚待答复的已达上限，请待执法机关答复后再提交。'];
    if (problem.code === 'not_found') return ['未找到该公示决定：它可能尚未公开。'];
    if (problem.code === 'decision_withdrawn') return ['该决定已经撤下，不再接受更正申请。'];
    return ['申请没有提交成功，请检查填写的内容后重试。'];
  }

  function put(upload, file, row) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open(upload.method, upload.url);
      Object.keys(upload.headers).forEach(function (name) {
        if (name.toLowerCase() !== 'content-length') xhr.setRequestHeader(name, upload.headers[name]);
      });
      xhr.upload.onprogress = function (event) {
        if (!event.lengthComputable) return;
        row.bar.value = Math.round((event.loaded / event.total) * 100);
        row.text.textContent = upload.name + '：已上传 ' + row.bar.value + '%';
      };
      xhr.onload = function () {
        if (xhr.status >= 200 && xhr.status < 300) {
          row.bar.value = 100;
          row.text.textContent = upload.name + '：上传完成';
          resolve();
        } else reject(new Error(String(xhr.status)));
      };
      xhr.onerror = function () { reject(new Error('network')); };
      xhr.send(file);
    });
  }

  function progressRow(name) {
    var row = document.createElement('p');
    var text = document.createElement('span');
    var bar = document.createElement('progress');
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute('aria-label', name + ' 上传进度');
    text.textContent = name + '：等待上传';
    row.appendChild(text);
    row.appendChild(document.createTextNode(' '));
    row.appendChild(bar);
    progress.appendChild(row);
    return { text: text, bar: bar };
  }

  async function uploadAll(filed, chosen) {
    progress.textContent = '';
    var pending = filed.uploads.map(function (upload, i) { return { upload: upload, file: chosen[i], row: progressRow(upload.name) }; });
    busy(true, '正在上传证据文件…');
    for (;;) {
      var failed = [];
      for (var i = 0; i < pending.length; i++) {
        try { await put(pending[i].upload, pending[i].file, pending[i].row); }
        catch (error) {
          pending[i].row.text.textContent = pending[i].upload.name + '：上传失败';
          failed.push(pending[i]);
        }
      }
      if (failed.length === 0) break;
      busy(false);
      var box = showProblem([
        '更正申请已提交（编号 ' + filed.request.id + '），但有' + failed.length + '个证据文件上传失败：' + failed.map(function (f) { return f.upload.name; }).join('、') + '。请检查网络后重试，或打开办理进度页面。',
      ]);
      var again = document.createElement('button');
      again.type = 'button';
      again.textContent = '重试上传';
      var link = document.createElement('a');
      link.href = filed.statusUrl;
      link.textContent = '查看办理进度';
      box.appendChild(again);
      box.appendChild(document.createTextNode(' '));
      box.appendChild(link);
      await new Promise(function (resolve) { again.addEventListener('click', resolve, { once: true }); });
      box.hidden = true;
      busy(true, '正在上传证据文件…');
      pending = failed;
    }
    var done = document.createElement('p');
    done.textContent = '证据文件已全部上传，正在打开办理进度页面…';
    progress.appendChild(done);
    location.assign(filed.statusUrl);
  }

  async function fileWithEvidence(chosen) {
    busy(true, '正在提交…');
    await start();
    var body = new URLSearchParams();
    new FormData(form).forEach(function (value, name) { if (typeof value === 'string') body.append(name, value); });
    for (var i = 0; i < chosen.length; i++) {
      body.append('attachments.' + i + '.name', chosen[i].name);
      body.append('attachments.' + i + '.contentType', typeOf(chosen[i]));
      body.append('attachments.' + i + '.size', String(chosen[i].size));
    }
    var response;
    try {
      response = await fetch(form.action, { method: 'POST', body: body, headers: { accept: 'application/json' }, credentials: 'omit' });
    } catch (error) {
      busy(false);
      showProblem(['无法连接服务器，申请没有提交，请检查网络后重试。']);
      return;
    }
    var answer = await response.json().catch(function () { return {}; });
    if (!response.ok) {
      busy(false);
      solving = null;
      showProblem(refusal(answer));
      return;
    }
    await uploadAll(answer, chosen);
  }

  if (files) {
    files.addEventListener('change', function () { showFileProblems(problemsOf(files.files)); });
  }

  form.addEventListener('focusin', function () { start(); });
  form.addEventListener('submit', function (event) {
    var chosen = files && files.files ? Array.prototype.slice.call(files.files) : [];
    if (chosen.length > 0) {
      event.preventDefault();
      var problems = problemsOf(chosen);
      showFileProblems(problems);
      if (problems.length > 0) { files.focus(); return; }
      fileWithEvidence(chosen);
      return;
    }
    if (field.value && performance.now() - askedAt <= FRESH_MS) return;
    event.preventDefault();
    busy(true, '正在提交…');
    start().then(function () { form.submit(); });
  });
})();
`;

export function planStaticAssets(config: SiteConfig): SiteOperation[] {
  return [
    siteObject(CSS_KEY, SITE_CSS, CONTENT_TYPES.css, CACHE_ASSET),
    siteObject(SEARCH_JS_KEY, SEARCH_JS, CONTENT_TYPES.js, CACHE_ASSET),
    siteObject(FORM_JS_KEY, FORM_JS, CONTENT_TYPES.js, CACHE_ASSET),
    siteObject(NOT_FOUND_KEY, notFoundPage(config), CONTENT_TYPES.html, CACHE_ASSET),
    siteObject(CORRECTION_KEY, correctionPage(config), CONTENT_TYPES.html, CACHE_ASSET),
    transparencyPageObject(config),
    siteObject(SITE_SITEMAP_KEY, siteSitemap(config).body, CONTENT_TYPES.xml, CACHE_ASSET),
  ].map((object) => ({ op: 'put', object }));
}

/**
 * The catalogue index and the scorecard before their own writers (the catalogue publisher, the daily scorecard
 * schedule) have written them: the header links to both from every page. To be written only where the key holds
 * nothing (a conditional write), never over the real page: the writer of the static assets does not own them.
 */
export function planPlaceholders(config: SiteConfig): SiteObject[] {
  return [
    siteObject(CATALOG_INDEX_KEY, catalogPlaceholderPage(config), CONTENT_TYPES.html),
    siteObject(SCORECARD_KEY, scorecardPlaceholderPage(config), CONTENT_TYPES.html),
  ];
}
