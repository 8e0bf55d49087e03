/**
 * `npm run backfill-activity -- --table NAME [--endpoint URL]`: writes the activity items (R12,
 * docs/data-model.md) of the decisions published or withdrawn before they were written with each change, so the
 * compliance report's activity and the scorecard count them too. Idempotent. Without `--endpoint`, AWS with the
 * default credential chain and region; with it, a DynamoDB Local (the local platform's, while `npm start` runs).
 */
import { createDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { DynamoDecisionStore } from '../../shared/adapters/dynamodb/decision-store.ts';
import { backfillActivity } from '../../shared/app/backfill-activity.ts';
import { explainAwsError, parseCommandLine, runCommand, UsageError } from '../cli.ts';
import { localDynamoConfig } from './aws-config.ts';

const USAGE = `usage: npm run backfill-activity -- --table NAME [--endpoint URL]

Writes the activity items (first publications, withdrawals: docs/data-model.md) of the records kept from
before they were written with each change. Reads every decision the site may show (one Scan of the table, then
a GetItem/Query per decision) and puts its items; running it again changes nothing.

  --table NAME      the table (TableName of Gongshi-<stage>-data, or the local platform's)
  --endpoint URL    a DynamoDB Local to use instead of AWS (its local credentials and region)
  -h, --help        this text
The credentials need dynamodb:Scan, dynamodb:Query, dynamodb:GetItem and dynamodb:PutItem on the table.
Exit status: 0 done; 1 failed; 2 bad arguments.`;

let table: string | undefined;
await runCommand(
  'backfill-activity',
  async () => {
    const { values } = parseCommandLine('backfill-activity', USAGE, {
      options: { table: { type: 'string' }, endpoint: { type: 'string' } },
    });
    table = values.table;
    if (!table) throw new UsageError('--table is required');
    const client = createDocumentClient(values.endpoint ? localDynamoConfig(values.endpoint) : {});
    const store = new DynamoDecisionStore({ client, tableName: table });
    const report = await backfillActivity({ scanner: store, store, activity: store });
    console.log(
      `Backfilled the activity of ${report.decisions} decisions (${report.items} items) in ${table}.`,
    );
  },
  {
    hint: 'npm run backfill-activity -- --help',
    explain: (error) => explainAwsError(error, table ? { table } : {}),
  },
);
