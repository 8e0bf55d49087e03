import { annualReport } from '../../shared/app/annual-report.ts';
import { shanghaiDate } from '../../shared/domain/dates.ts';
import { annualCsvAnswer, annualHtmlAnswer } from '../../shared/http/annual-report.ts';
import { AnnualQuerySchema } from '../../shared/http/annual-schemas.ts';
import { json, parseWith, queryOf } from '../../shared/http/request.ts';
import { authenticated } from '../lib/authenticated.ts';
import { correctionDeps } from '../lib/corrections.ts';
import { catalog } from '../lib/ports/catalog.ts';

// 政府信息公开条例 art. 49, 50: the enforcement section of an agency's annual report, as data, for Excel, or to print.
export const handler = authenticated('annual-report', async ({ event, actor }) => {
  const q = parseWith(AnnualQuerySchema, queryOf(event), 'query');
  const report = await annualReport(
    { ...correctionDeps, catalog },
    {
      actor,
      year: Number(q.year),
      today: shanghaiDate(correctionDeps.clock.now()),
      ...(q.agency ? { agencyId: q.agency } : {}),
    },
  );
  const format = q.format ?? formatAccepted(event.headers?.accept ?? '');
  if (format === 'csv') return annualCsvAnswer(report);
  if (format === 'html') return annualHtmlAnswer(report);
  return json(200, report);
});

/** Without `format`, the first of HTML and CSV the Accept header names, else JSON. */
function formatAccepted(accept: string): 'json' | 'csv' | 'html' {
  const wanted = accept.toLowerCase();
  const html = wanted.indexOf('text/html');
  const csv = wanted.indexOf('text/csv');
  if (html >= 0 && (csv < 0 || html < csv)) return 'html';
  return csv >= 0 ? 'csv' : 'json';
}
