/**
 * The one DocumentClient of a process, built at module scope by the composition root and shared by every
 * DynamoDB adapter.
 */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export function createDocumentClient(config: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient(config), {
    marshallOptions: {
      // Optional domain fields are often present as `undefined` (`{ ...x, review: undefined }`); DynamoDB
      // has no such value, so they are left out rather than failing the write.
      removeUndefinedValues: true,
      // Only plain data is stored: a class instance reaching the table is a bug to surface, not to flatten.
      convertClassInstanceToMap: false,
    },
    // Our numbers are versions, sequence numbers, amounts in yuan and epoch seconds: all safe integers.
    unmarshallOptions: { wrapNumbers: false },
  });
}

/**
 * Items a Scan evaluates per request. DynamoDB stops a page at 1 MB anyway; DynamoDB Local, without a Limit,
 * reads every row of the table into its heap first and fails with InternalFailure (OutOfMemoryError) on a table of
 * 100 000 decisions (`npm run bench`, reproduced with 330 000 items). A Limit keeps each request bounded on both.
 */
export const SCAN_PAGE_ITEMS = 1000;
