/**
 * Row 3: the submit handler called in process (its middleware, zod, the use case, the adapters) against a raw
 * TransactWriteItems of exactly the items it wrote, replayed on a second table of the same DynamoDB Local.
 * Each handler call is followed by its replay, so the machine's load falls on both alike.
 */
import {
  DynamoDBClient,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput,
} from '@aws-sdk/client-dynamodb';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { localDynamoConfig } from '../infra/local/aws-config.ts';
import { ensureTable } from '../infra/local/tables.ts';
import type { LocalDate } from '../shared/domain/dates.ts';
import type { BenchEnvironment } from './local.ts';
import { progressBar } from './progress.ts';
import { decisionContent, submitter } from './seed.ts';

export interface LatencyResult {
  readonly handlerMs: readonly number[];
  readonly baselineMs: readonly number[];
  readonly errors: number;
}

type Handler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

const BASELINE_TABLE = 'gongshi-baseline';

function submitEvent(body: string, agencyId: string): APIGatewayProxyEventV2WithJWTAuthorizer {
  const now = new Date();
  const actor = submitter(agencyId);
  return {
    version: '2.0',
    routeKey: 'POST /v1/decisions',
    rawPath: '/v1/decisions',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    body,
    isBase64Encoded: false,
    requestContext: {
      accountId: 'bench',
      apiId: 'bench',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: 'POST',
        path: '/v1/decisions',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'bench',
      },
      requestId: crypto.randomUUID(),
      routeKey: 'POST /v1/decisions',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      authorizer: {
        principalId: '',
        integrationLatency: 0,
        jwt: { claims: { sub: actor.userId, agency: agencyId, 'cognito:groups': '[submitter]' }, scopes: [] },
      },
    },
  };
}

function lambdaContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'submit-decision',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:cn-north-1:000000000000:function:submit-decision',
    memoryLimitInMB: '512',
    awsRequestId: crypto.randomUUID(),
    logGroupName: '/aws/lambda/submit-decision',
    logStreamName: 'bench',
    getRemainingTimeInMillis: () => 29_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

function retargeted(input: TransactWriteItemsCommandInput): TransactWriteItemsCommandInput {
  const items = (input.TransactItems ?? []).map((item) =>
    Object.fromEntries(
      Object.entries(item).map(([kind, op]) => [kind, { ...(op as object), TableName: BASELINE_TABLE }]),
    ),
  );
  return { ...input, TransactItems: items };
}

export async function measureSubmitLatency(
  env: BenchEnvironment,
  projectRoot: string,
  iterations: number,
  warmup: number,
): Promise<LatencyResult> {
  Object.assign(process.env, {
    TABLE_NAME: env.tableName,
    GONGSHI_DYNAMODB_ENDPOINT: env.dynamoEndpoint,
  });
  const plain = new DynamoDBClient(localDynamoConfig(env.dynamoEndpoint));
  await ensureTable(plain, BASELINE_TABLE);
  const { handler } = (await import(`${projectRoot}/functions/submit-decision/handler.ts`)) as {
    handler: Handler;
  };
  const { client } = (await import(
    `${projectRoot}/functions/lib/ports/table.ts`
  )) as typeof import('../functions/lib/ports/table.ts');
  let captured: TransactWriteItemsCommandInput | undefined;
  client.dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'TransactWriteItemsCommand')
        captured = structuredClone(args.input as TransactWriteItemsCommandInput);
      return next(args);
    },
    { step: 'serialize', priority: 'low', name: 'gongshiBenchCapture' },
  );
  const handlerMs: number[] = [];
  const baselineMs: number[] = [];
  let errors = 0;
  const today = new Date().toISOString().slice(0, 10);
  const bar = progressBar('submit latency', warmup + iterations);
  for (let i = 0; i < warmup + iterations; i++) {
    const agencyId = 'siping-gxj';
    const body = JSON.stringify(decisionContent(900_000_000 + i, addDaysIso(today, -1) as LocalDate, false));
    captured = undefined;
    const t0 = performance.now();
    const result = await handler(submitEvent(body, agencyId), lambdaContext());
    const t1 = performance.now();
    if (result.statusCode !== 201 || !captured) {
      errors += 1;
      continue;
    }
    const replay = retargeted(captured);
    const t2 = performance.now();
    await plain.send(new TransactWriteItemsCommand(replay));
    const t3 = performance.now();
    if (i >= warmup) {
      handlerMs.push(t1 - t0);
      baselineMs.push(t3 - t2);
    }
    bar.update(i + 1);
  }
  bar.end();
  plain.destroy();
  return { handlerMs, baselineMs, errors };
}

function addDaysIso(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
