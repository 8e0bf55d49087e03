/**
 * A CSV answer a person opens in Excel: the file csvFile writes (BOM, CRLF, formulas and digit strings made
 * inert), downloaded under an ASCII name for old clients and a Chinese one for the rest (RFC 6266 filename*).
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { csvFile } from '../site/html.ts';

export function csvDownload(options: {
  readonly header: readonly string[];
  readonly rows: readonly (readonly (string | number | undefined)[])[];
  /** Reduced to letters, digits, `.`, `-` and `_`. */
  readonly asciiName: string;
  readonly fileName: string;
}): APIGatewayProxyStructuredResultV2 {
  const ascii = options.asciiName.replace(/[^\w.-]/g, '_');
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(options.fileName)}`,
      'cache-control': 'no-store',
    },
    body: csvFile(options.header, options.rows),
  };
}
