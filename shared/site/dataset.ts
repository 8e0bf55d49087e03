/**
 * `dataset.json`: the open-data description (R13), schema.org Dataset in JSON-LD, whose properties map onto
 * DCAT (name → dct:title, distribution → dcat:distribution, contentUrl → dcat:downloadURL, encodingFormat →
 * dcat:mediaType). It names the months' listing parts, not decisions, so it changes only when a part first appears.
 */
import { exportCsvKey, exportXlsxKey, XLSX_CONTENT_TYPE } from './credit-export.ts';
import { safeJson } from './html.ts';
import {
  absoluteUrl,
  DATASET_KEY,
  FEED_KEY,
  INDEX_KEY,
  monthCsvKey,
  monthLabel,
  monthNdjsonKey,
} from './keys.ts';
import type { MonthsState } from './model.ts';
import type { SiteConfig } from './types.ts';

/**
 * Used when the deployment names no licence. It states what the regulations say (the information is
 * disclosed to the public) and claims no particular licence on the agencies' behalf.
 */
export const DEFAULT_LICENSE: NonNullable<SiteConfig['license']> = {
  name: '依法主动公开的政府信息，免费获取和使用',
};

export function datasetDescription(state: MonthsState, config: SiteConfig): string {
  const months = state.months.map((m) => m.month);
  const first = months[0];
  const last = months.at(-1);
  const license = config.license ?? DEFAULT_LICENSE;
  const document = {
    '@context': 'https://schema.org/',
    '@type': 'Dataset',
    '@id': absoluteUrl(config, DATASET_KEY),
    name: `${config.title}：行政执法决定`,
    description:
      '各执法机关依法公开的行政执法决定（行政许可、行政处罚、行政检查、行政强制、行政征收、行政收费、行政征用）：行政相对人、执法方式、执法内容、执法决定（结果）、执法机关、决定书文号、执法依据、决定日期和公开日期。自然人的个人信息已依法作适当处理；已撤下的决定只保留撤下说明或不再列出。按首次公开的月份（北京时间）划分，每月的决定按公开时间顺序分为一个或多个部分，每部分一个 NDJSON 文件和一个 CSV 文件。CSV 中仅由数字组成的代码和编号以制表符开头，使 Excel 按文本保留全部数字。另按月提供“双公示”数据（行政处罚、行政许可，按全国“双公示”数据项，每日更新）：exports/{YYYY-MM}.xlsx（每类一个工作表）与 exports/{YYYY-MM}-xzcf.csv、exports/{YYYY-MM}-xzxk.csv。',
    url: absoluteUrl(config, INDEX_KEY),
    inLanguage: 'zh-CN',
    isAccessibleForFree: true,
    license: license.url ?? { '@type': 'CreativeWork', name: license.name },
    ...(license.url ? { usageInfo: { '@type': 'CreativeWork', name: license.name, url: license.url } } : {}),
    keywords: ['行政执法公示', '行政处罚', '行政许可', '双公示'],
    publisher: { '@type': 'Organization', name: config.title, url: absoluteUrl(config, INDEX_KEY) },
    ...(first && last ? { temporalCoverage: `${first}/${last}` } : {}),
    distribution: [
      {
        '@type': 'DataDownload',
        name: 'JSON Feed：最近 100 项公开、更正和撤下',
        encodingFormat: 'application/feed+json',
        contentUrl: absoluteUrl(config, FEED_KEY),
      },
      ...[...state.months].reverse().flatMap(({ month, parts }) => [
        // ADR 0018: the month's 双公示 export, written daily by its schedule.
        {
          '@type': 'DataDownload',
          name: `${monthLabel(month)}双公示数据（XLSX：行政处罚、行政许可）`,
          encodingFormat: XLSX_CONTENT_TYPE,
          contentUrl: absoluteUrl(config, exportXlsxKey(month)),
          temporalCoverage: month,
        },
        ...(['xzcf', 'xzxk'] as const).map((code) => ({
          '@type': 'DataDownload',
          name: `${monthLabel(month)}双公示数据（CSV：${code === 'xzcf' ? '行政处罚' : '行政许可'}）`,
          encodingFormat: 'text/csv',
          contentUrl: absoluteUrl(config, exportCsvKey(month, code)),
          temporalCoverage: month,
        })),
        ...parts.flatMap((_, i) => {
          const part = i + 1;
          const label = parts.length > 1 ? `${monthLabel(month)}第 ${part} 部分` : monthLabel(month);
          return [
            {
              '@type': 'DataDownload',
              name: `${label}（NDJSON，每行一项决定）`,
              encodingFormat: 'application/x-ndjson',
              contentUrl: absoluteUrl(config, monthNdjsonKey(month, part)),
              temporalCoverage: month,
            },
            {
              '@type': 'DataDownload',
              name: `${label}（CSV，UTF-8）`,
              encodingFormat: 'text/csv',
              contentUrl: absoluteUrl(config, monthCsvKey(month, part)),
              temporalCoverage: month,
            },
          ];
        }),
      ]),
    ],
  };
  return `${safeJson(document, 2)}\n`;
}
