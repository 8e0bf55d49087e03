/**
 * The one document client of a process, built at module scope by the composition root and shared by every
 * DynamoDB adapter: the bare DynamoDB client and its commands, with records converted by document.ts. Not the
 * SDK's document client (lib-dynamodb): loading that package alone costs a cold start about 45 ms of CPU, a
 * fifth of the bare client's, for the few conversions below (ADR 0008).
 */
import {
  type ConditionCheck,
  type Delete,
  DynamoDBClient,
  type DynamoDBClientConfig,
  GetItemCommand,
  type GetItemCommandInput,
  type GetItemCommandOutput,
  type Put,
  PutItemCommand,
  type PutItemCommandInput,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
  ScanCommand,
  type ScanCommandInput,
  type ScanCommandOutput,
  type TransactWriteItem,
  TransactWriteItemsCommand,
  type Update,
  UpdateItemCommand,
  type UpdateItemCommandInput,
  type UpdateItemCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { type Document, fromResponse, toRequest } from './document.ts';

export type { Document } from './document.ts';

/**
 * Items a Scan evaluates per request. DynamoDB stops a page at 1 MB anyway; DynamoDB Local, without a Limit,
 * reads every row of the table into its heap first and fails with InternalFailure (OutOfMemoryError) on a table of
 * 100 000 decisions (`npm run bench`, reproduced with 330 000 items). A Limit keeps each request bounded on both.
 */
export const SCAN_PAGE_ITEMS = 1000;

interface Values {
  readonly ExpressionAttributeValues?: Document;
}
// The legacy parameters (Expected, AttributeUpdates, KeyConditions, QueryFilter, ScanFilter) are left out:
// nothing here converts them, and expressions say the same.
export type GetInput = Omit<GetItemCommandInput, 'Key'> & { readonly Key: Document };
export type PutInput = Omit<PutItemCommandInput, 'Item' | 'ExpressionAttributeValues' | 'Expected'> &
  Values & { readonly Item: Document };
export type UpdateInput = Omit<
  UpdateItemCommandInput,
  'Key' | 'ExpressionAttributeValues' | 'AttributeUpdates' | 'Expected'
> &
  Values & { readonly Key: Document };
export type QueryInput = Omit<
  QueryCommandInput,
  'ExclusiveStartKey' | 'ExpressionAttributeValues' | 'KeyConditions' | 'QueryFilter'
> &
  Values & { readonly ExclusiveStartKey?: Document };
export type ScanInput = Omit<
  ScanCommandInput,
  'ExclusiveStartKey' | 'ExpressionAttributeValues' | 'ScanFilter'
> &
  Values & { readonly ExclusiveStartKey?: Document };

/** One write of a transaction, its records plain. */
export interface TransactItem {
  readonly ConditionCheck?: Omit<ConditionCheck, 'Key' | 'ExpressionAttributeValues'> &
    Values & { readonly Key: Document };
  readonly Put?: Omit<Put, 'Item' | 'ExpressionAttributeValues'> & Values & { readonly Item: Document };
  readonly Delete?: Omit<Delete, 'Key' | 'ExpressionAttributeValues'> & Values & { readonly Key: Document };
  readonly Update?: Omit<Update, 'Key' | 'ExpressionAttributeValues'> & Values & { readonly Key: Document };
}

export type GetOutput = Omit<GetItemCommandOutput, 'Item'> & { readonly Item?: Document };
export type UpdateOutput = Omit<UpdateItemCommandOutput, 'Attributes'> & { readonly Attributes?: Document };
export type PageOutput = Omit<QueryCommandOutput | ScanCommandOutput, 'Items' | 'LastEvaluatedKey'> & {
  readonly Items: Document[];
  readonly LastEvaluatedKey?: Document;
};

export class DocumentClient {
  /**
   * The bare client: the SDK's errors (ConditionalCheckFailedException, TransactionCanceledException with its
   * CancellationReasons) come through it untouched, and middleware added to its stack sees every request.
   */
  readonly dynamo: DynamoDBClient;

  constructor(dynamo: DynamoDBClient) {
    this.dynamo = dynamo;
  }

  async get(input: GetInput): Promise<GetOutput> {
    const out = await this.dynamo.send(new GetItemCommand(toRequest<GetItemCommandInput>(input)));
    return fromResponse(out) as GetOutput;
  }

  async put(input: PutInput): Promise<void> {
    await this.dynamo.send(new PutItemCommand(toRequest<PutItemCommandInput>(input)));
  }

  async update(input: UpdateInput): Promise<UpdateOutput> {
    const out = await this.dynamo.send(new UpdateItemCommand(toRequest<UpdateItemCommandInput>(input)));
    return fromResponse(out) as UpdateOutput;
  }

  /** One page of a query; `Items` is always there, empty when nothing matched. */
  async query(input: QueryInput): Promise<PageOutput> {
    return pageOf(await this.dynamo.send(new QueryCommand(toRequest<QueryCommandInput>(input))));
  }

  async scan(input: ScanInput): Promise<PageOutput> {
    return pageOf(await this.dynamo.send(new ScanCommand(toRequest<ScanCommandInput>(input))));
  }

  /**
   * All the writes or none. A cancellation is the SDK's TransactionCanceledException as the service sent it:
   * its CancellationReasons are aligned with `items`.
   */
  async transactWrite(items: readonly TransactItem[]): Promise<void> {
    const TransactItems = items.map((item) => {
      const write: Record<string, unknown> = {};
      for (const [kind, operation] of Object.entries(item)) {
        if (operation !== undefined) write[kind] = toRequest(operation);
      }
      return write as TransactWriteItem;
    });
    await this.dynamo.send(new TransactWriteItemsCommand({ TransactItems }));
  }

  destroy(): void {
    this.dynamo.destroy();
  }
}

function pageOf(out: QueryCommandOutput | ScanCommandOutput): PageOutput {
  const page = fromResponse(out);
  return { ...page, Items: (page.Items as Document[] | undefined) ?? [] } as PageOutput;
}

export function createDocumentClient(config: DynamoDBClientConfig = {}): DocumentClient {
  return new DocumentClient(new DynamoDBClient(config));
}
