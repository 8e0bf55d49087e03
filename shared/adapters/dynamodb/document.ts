/**
 * Plain records to DynamoDB attribute values and back, attribute by attribute, the way the SDK's document
 * client (lib-dynamodb) converts a Key, an Item, a start key or a set of expression values. Our own, so a
 * handler loads only the 5 KB of conversion it needs rather than the document client, whose loading costs
 * a cold start about a fifth of the bare DynamoDB client's (ADR 0008).
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { convertToAttr, convertToNative, type NativeAttributeValue } from '@aws-sdk/util-dynamodb';

/** A record as the adapters read and write it: attribute names to plain values. */
export type Document = Record<string, unknown>;

/** Attribute names to DynamoDB's typed values, as the service takes and returns them. */
export type Attributes = Record<string, AttributeValue>;

const TO_ATTRIBUTE = {
  // Optional domain fields are often present as `undefined` (`{ ...x, review: undefined }`); DynamoDB has no
  // such value, so they are left out rather than failing the write.
  removeUndefinedValues: true,
  // Only plain data is stored: a class instance reaching the table is a bug to surface, not to flatten.
  convertClassInstanceToMap: false,
} as const;

// Our numbers are versions, sequence numbers, amounts in yuan and epoch seconds: all safe integers, read as
// numbers rather than wrapped as strings.
const TO_NATIVE = { wrapNumbers: false } as const;

/**
 * Each attribute converted on its own; an attribute that is `undefined` (or a function) is left out, as the
 * document client did at the top level of every record.
 */
export function toAttributes(document: Document): Attributes {
  const attributes: Attributes = {};
  for (const [name, value] of Object.entries(document)) {
    if (value === undefined || typeof value === 'function') continue;
    attributes[name] = convertToAttr(value as NativeAttributeValue, TO_ATTRIBUTE);
  }
  return attributes;
}

export function fromAttributes(attributes: Attributes): Document {
  const document: Document = {};
  for (const [name, value] of Object.entries(attributes)) document[name] = convertToNative(value, TO_NATIVE);
  return document;
}

// The members of the requests and answers we use that hold records; every other member passes through as is.
const REQUEST_RECORDS = ['Key', 'Item', 'ExclusiveStartKey', 'ExpressionAttributeValues'] as const;
const RESPONSE_RECORDS = ['Item', 'Attributes', 'LastEvaluatedKey'] as const;

/**
 * A request (or one write of a transaction) with its records converted to attribute values, typed as the SDK
 * command's input `R`: its other members are the command's own, passed through.
 */
export function toRequest<R>(input: object): R {
  const request: Record<string, unknown> = { ...input };
  for (const member of REQUEST_RECORDS) {
    const record = request[member];
    if (record !== undefined) request[member] = toAttributes(record as Document);
  }
  return request as R;
}

/** An answer with its records (Item, Items, Attributes, LastEvaluatedKey) converted to plain values. */
export function fromResponse(output: object): Record<string, unknown> {
  const response: Record<string, unknown> = { ...output };
  for (const member of RESPONSE_RECORDS) {
    const record = response[member];
    if (record !== undefined) response[member] = fromAttributes(record as Attributes);
  }
  const items = response.Items as Attributes[] | undefined;
  if (items !== undefined) response.Items = items.map(fromAttributes);
  return response;
}
