/**
 * Issue 21, item 6: the header of every page links to the catalogue index and the scorecard, which their own
 * writers (the catalogue publisher, the daily scorecard schedule) write later. A new site answers both with a
 * page saying in Chinese that there is nothing yet, and that page never replaces the real one.
 */
import { describe, expect, it } from 'vitest';
import { MemoryAgencyDirectory } from '../../../shared/adapters/memory/agency-directory.ts';
import { MemoryDecisionStore } from '../../../shared/adapters/memory/decision-store.ts';
import { MemorySiteBucket } from '../../../shared/adapters/memory/site-bucket.ts';
import { MemoryTransparencyLog } from '../../../shared/adapters/memory/transparency-log.ts';
import { ensureStaticAssets } from '../../../shared/app/publish.ts';
import { rebuildSite } from '../../../shared/app/rebuild-site.ts';
import { ASSETS_VERSION_KEY, staticSiteObjects } from '../../../shared/app/site-events.ts';
import { createDefaultCalendar } from '../../../shared/domain/calendar/sources.ts';
import { SCHEDULES } from '../../../shared/schedules.ts';
import { planPlaceholders } from '../../../shared/site/assets.ts';
import { CATALOG_INDEX_KEY, SCORECARD_KEY } from '../../../shared/site/keys.ts';
import { SCORECARD_SCHEDULE_TEXT } from '../../../shared/site/placeholders.ts';
import type { SiteConfig } from '../../../shared/site/types.ts';

const siteConfig: SiteConfig = {
  siteUrl: 'https://gongshi.example/',
  title: '行政执法决定公示',
  correctionFormUrl: 'correction.html',
};
const REAL_CATALOG =
  '<!doctype html><title>事前公开</title><a href="siping-gxj/index.html">四平市工业和信息化局</a>';
const REAL_SCORECARD = '<!doctype html><title>公示时效</title><p>数据每日更新，最近一次：2025-09-02。</p>';

async function putReal(site: MemorySiteBucket): Promise<void> {
  const html = { contentType: 'text/html; charset=utf-8', cacheControl: 'public, max-age=60' };
  await site.put({ key: CATALOG_INDEX_KEY, body: REAL_CATALOG, ...html });
  await site.put({ key: SCORECARD_KEY, body: REAL_SCORECARD, ...html });
}

function rebuildDeps(site: MemorySiteBucket) {
  const store = new MemoryDecisionStore();
  return {
    store,
    scanner: store,
    agencies: new MemoryAgencyDirectory(),
    calendar: createDefaultCalendar(),
    clock: { now: () => new Date('2025-09-01T02:00:00Z') },
    site,
    log: new MemoryTransparencyLog(),
    siteConfig,
  };
}

describe('the catalogue and scorecard placeholders', () => {
  const [catalog, scorecard] = planPlaceholders(siteConfig);

  it('are planned for the catalogue index and the scorecard, apart from the assets written every time', () => {
    expect(planPlaceholders(siteConfig).map((o) => o.key)).toEqual([CATALOG_INDEX_KEY, SCORECARD_KEY]);
    const { objects, placeholders } = staticSiteObjects(siteConfig);
    expect(placeholders.map((o) => o.key)).toEqual([CATALOG_INDEX_KEY, SCORECARD_KEY]);
    expect(objects.map((o) => o.key)).not.toContain(CATALOG_INDEX_KEY);
    expect(objects.map((o) => o.key)).not.toContain(SCORECARD_KEY);
  });

  it('say in Chinese, in the site’s layout, that there is nothing yet, and when the scorecard comes', () => {
    for (const object of [catalog, scorecard]) {
      const body = object?.body ?? '';
      expect(object?.contentType).toBe('text/html; charset=utf-8');
      expect(body).toContain('<html lang="zh-CN">');
      expect(body).toContain('<a class="skip-link" href="#main">跳到正文</a>');
      expect(body).toContain('<nav aria-label="网站导航">');
      expect(body).toContain('<main id="main" tabindex="-1">');
      expect(body.match(/<h1>/g)).toHaveLength(1);
      expect(body).not.toContain('noindex');
    }
    expect(catalog?.body).toContain('<title>事前公开 - 行政执法决定公示</title>');
    expect(catalog?.body).toContain('目前还没有执法机关公开事前公开信息');
    // One level down: the stylesheet and the way home go up one.
    expect(catalog?.body).toContain('href="../assets/site.css"');
    expect(catalog?.body).toContain('<li><a href="../index.html">首页</a></li>');
    expect(scorecard?.body).toContain('<title>公示时效 - 行政执法决定公示</title>');
    expect(scorecard?.body).toContain('统计尚未生成');
    expect(scorecard?.body).toContain(`统计由定时任务${SCORECARD_SCHEDULE_TEXT}（北京时间）生成`);
    expect(scorecard?.body).toContain('href="assets/site.css"');
  });

  it('name the hour the scorecard schedule runs at', () => {
    const row = SCHEDULES.find((s) => s.function === 'scorecard');
    expect(row?.timeZone).toBe('Asia/Shanghai');
    const [minute, hour, ...daily] = (row?.cron ?? '').split(' ');
    expect(daily).toEqual(['*', '*', '?', '*']);
    expect(minute).toBe('0');
    expect(SCORECARD_SCHEDULE_TEXT).toBe(`每日${hour}时`);
  });

  it('are written by the publisher where the catalogue and the scorecard are absent', async () => {
    const site = new MemorySiteBucket();

    await ensureStaticAssets({ site, siteConfig });

    expect(site.objects.get(CATALOG_INDEX_KEY)?.body).toBe(catalog?.body);
    expect(site.objects.get(SCORECARD_KEY)?.body).toBe(scorecard?.body);
    // Before the version marker, which says the assets are all written.
    const keys = site.log.map((w) => w.key);
    expect(keys.indexOf(SCORECARD_KEY)).toBeLessThan(keys.indexOf(ASSETS_VERSION_KEY));
  });

  it('are not written by the publisher over a catalogue index or scorecard that exists', async () => {
    const site = new MemorySiteBucket();
    await putReal(site);

    await ensureStaticAssets({ site, siteConfig });

    expect(site.objects.get(ASSETS_VERSION_KEY)).toBeDefined();
    expect(site.objects.get(CATALOG_INDEX_KEY)?.body).toBe(REAL_CATALOG);
    expect(site.objects.get(SCORECARD_KEY)?.body).toBe(REAL_SCORECARD);
  });

  it('are written by the rebuild of a new site, and never over the real pages', async () => {
    const fresh = new MemorySiteBucket();
    await rebuildSite(rebuildDeps(fresh));
    expect(fresh.objects.get(CATALOG_INDEX_KEY)?.body).toBe(catalog?.body);
    expect(fresh.objects.get(SCORECARD_KEY)?.body).toBe(scorecard?.body);

    const existing = new MemorySiteBucket();
    await putReal(existing);
    await rebuildSite(rebuildDeps(existing));
    expect(existing.objects.get(CATALOG_INDEX_KEY)?.body).toBe(REAL_CATALOG);
    expect(existing.objects.get(SCORECARD_KEY)?.body).toBe(REAL_SCORECARD);
  });
});
