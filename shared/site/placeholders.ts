/**
 * What the catalogue index and the scorecard say before their own writers have written them: the site's header
 * links to both from every page, so a new site must answer them with a page, not a 404. The catalogue publisher
 * (R10) and the daily scorecard schedule (R12) own these keys; the placeholders are written only where a key
 * holds nothing, and the first real page replaces them.
 */
import { catalogIndexHeading } from './catalog.ts';
import { html } from './html.ts';
import { absoluteUrl, CATALOG_INDEX_KEY, relativeRoot } from './keys.ts';
import { page } from './layout.ts';
import type { SiteConfig } from './types.ts';

/** The catalogue index before any catalogue item is published. */
export function catalogPlaceholderPage(config: SiteConfig): string {
  const root = relativeRoot(CATALOG_INDEX_KEY);
  const main = html`${catalogIndexHeading(root)}
<p>目前还没有执法机关公开事前公开信息。执法机关的事前公开事项经审核后即在本页公布，无需等待。</p>
<p><a href="${root}index.html">返回首页，查看公示的行政执法决定</a></p>`;
  return page({
    config,
    root,
    title: '事前公开',
    description: '各执法机关的行政执法事前公开目录（尚无公开事项）',
    canonical: absoluteUrl(config, CATALOG_INDEX_KEY),
    main,
  });
}

/**
 * When the scorecard schedule runs, as the public reads it (Asia/Shanghai): shared/schedules.ts holds the
 * schedule, which this pure module may not import; a unit test holds the two together.
 */
export const SCORECARD_SCHEDULE_TEXT = '每日1时';

/** The scorecard before its daily schedule has first run. */
export function scorecardPlaceholderPage(config: SiteConfig): string {
  const main = html`<h1>公示时效</h1>
<p>本页统计各执法机关近12个月公示行政执法决定的及时情况：每月按时与逾期公示的件数、自作出决定到公示所用的工作日，撤下的决定按原因的件数，更正的审核情况，以及重大执法决定经法制审核的件数。</p>
<p>统计尚未生成。统计由定时任务${SCORECARD_SCHEDULE_TEXT}（北京时间）生成，首次生成后在本页公布，此后每日更新。</p>
<p><a href="index.html">返回首页，查看公示的行政执法决定</a></p>`;
  return page({
    config,
    root: '',
    title: '公示时效',
    description: '各执法机关近12个月公示行政执法决定的及时情况（尚未生成）',
    main,
  });
}
