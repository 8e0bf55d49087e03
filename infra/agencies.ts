/**
 * `npm run agencies -- --table NAME --file FILE | --list [--endpoint URL]`: keeps the agency directory of a
 * deployed stage (or of DynamoDB Local) from a file, as the local platform does with
 * infra/local/agencies.json. The usage text is AGENCIES_USAGE in agency-admin.ts.
 */
import { DynamoAgencyDirectory } from '../shared/adapters/dynamodb/agency-directory.ts';
import { createDocumentClient } from '../shared/adapters/dynamodb/client.ts';
import { AGENCIES_USAGE, parseAgenciesArgs, readAgencyFile, runAgencies } from './agency-admin.ts';
import { explainAwsError, runCommand } from './cli.ts';
import { localDynamoConfig } from './local/aws-config.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

let table: string | undefined;

await runCommand(
  'agencies',
  async () => {
    const args = parseAgenciesArgs(process.argv.slice(2));
    if (args.help) {
      console.log(AGENCIES_USAGE);
      return;
    }
    table = args.table;
    // A bad file is reported before any credentials are looked for, and nothing of it is written.
    const entries = args.file === undefined ? undefined : readAgencyFile(args.file);
    const client = createDocumentClient(args.endpoint === undefined ? {} : localDynamoConfig(args.endpoint));
    try {
      const registry = new DynamoAgencyDirectory({ client, tableName: args.table });
      await runAgencies({ table: args.table, list: args.list, ...(entries ? { entries } : {}) }, registry, {
        out: (text) => console.log(text),
        err: (text) => console.error(text),
      });
    } finally {
      client.destroy();
    }
  },
  {
    hint: 'npm run agencies -- --help',
    explain: (error) => explainAwsError(error, table === undefined ? {} : { table }),
  },
);
