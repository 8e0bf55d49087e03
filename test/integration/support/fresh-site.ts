/**
 * A new site as the local platform builds one (infra/local/platform.ts: the rebuild of an empty table) on a table
 * and bucket of the caller's own, behind a site server of its own: nothing published, no catalogue item, the
 * scorecard not yet run. The other test files' publications in the platform's bucket never reach it.
 */
import { randomUUID } from 'node:crypto';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { inject } from 'vitest';
import { localDynamoConfig, localS3Config } from '../../../infra/local/aws-config.ts';
import { startSiteServer } from '../../../infra/local/site-server.ts';
import { DynamoAgencyDirectory } from '../../../shared/adapters/dynamodb/agency-directory.ts';
import { createDocumentClient } from '../../../shared/adapters/dynamodb/client.ts';
import { DynamoDecisionStore } from '../../../shared/adapters/dynamodb/decision-store.ts';
import { DynamoTransparencyLog } from '../../../shared/adapters/dynamodb/transparency-log.ts';
import { systemClock } from '../../../shared/adapters/ids.ts';
import { S3SiteBucket } from '../../../shared/adapters/s3/site-bucket.ts';
import { rebuildSite } from '../../../shared/app/rebuild-site.ts';
import { createDefaultCalendar } from '../../../shared/domain/calendar/sources.ts';
import { freshTable } from './tables.ts';

export interface FreshSite {
  /** The site server's address, without a trailing slash. */
  readonly url: string;
  close(): Promise<void>;
}

export async function startFreshSite(): Promise<FreshSite> {
  const { client, tableName } = await freshTable();
  client.destroy();
  const s3 = new S3Client(localS3Config(inject('s3Endpoint')));
  const documents = createDocumentClient(localDynamoConfig(inject('dynamoEndpoint')));
  const bucket = `gongshi-fresh-${randomUUID().slice(0, 8)}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const server = await startSiteServer({ port: 0, s3, bucket });
  const close = async () => {
    await server.close();
    documents.destroy();
    s3.destroy();
  };
  try {
    // The publisher's composition (functions/lib/publisher.ts), on this table and bucket.
    const store = new DynamoDecisionStore({ client: documents, tableName });
    await rebuildSite({
      store,
      scanner: store,
      agencies: new DynamoAgencyDirectory({ client: documents, tableName }),
      calendar: createDefaultCalendar(),
      clock: systemClock,
      site: new S3SiteBucket({ s3, bucket }),
      log: new DynamoTransparencyLog({ client: documents, tableName }),
      siteConfig: {
        siteUrl: `${server.url}/`,
        title: '行政执法决定公示',
        correctionFormUrl: 'correction.html',
      },
    });
  } catch (error) {
    await close();
    throw error;
  }
  return { url: server.url, close };
}
