/**
 * The size DynamoDB counts for an item, against its 400 KB limit, so a record too large is refused with a clear
 * answer before the write rather than by DynamoDB's ValidationException in the middle of a transaction (a 500).
 * DynamoDB's rules: an attribute is its name's UTF-8 bytes plus its value's; a string its UTF-8 bytes; a number
 * up to 21 bytes (counted as 21 here: never less than DynamoDB counts); a boolean or null 1; a list or map 3
 * bytes plus 1 per element plus the elements (a map's keys counted as names).
 */
import { RecordTooLargeError } from '../../ports.ts';
import type { Item } from './table-keys.ts';

/** DynamoDB's limit on one item, in bytes. */
export const MAX_ITEM_BYTES = 400 * 1024;

const utf8 = (text: string): number => Buffer.byteLength(text, 'utf8');

function valueSize(value: unknown): number {
  if (value === undefined) return 0;
  if (value === null || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return utf8(value);
  if (typeof value === 'number' || typeof value === 'bigint') return 21;
  if (value instanceof Uint8Array) return value.byteLength;
  if (Array.isArray(value)) return value.reduce((sum: number, v) => sum + 1 + valueSize(v), 3);
  if (value instanceof Set) return [...value].reduce((sum: number, v) => sum + valueSize(v), 3);
  let sum = 3;
  for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
    if (v !== undefined) sum += 1 + utf8(name) + valueSize(v);
  }
  return sum;
}

/** The bytes DynamoDB counts for the item (never fewer). */
export function itemSize(item: Item): number {
  let sum = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value !== undefined) sum += utf8(name) + valueSize(value);
  }
  return sum;
}

/** Throws RecordTooLargeError for the first item over the limit, naming its part. */
export function checkItemSizes(items: readonly { readonly part: string; readonly item: Item }[]): void {
  for (const { part, item } of items) {
    const bytes = itemSize(item);
    if (bytes > MAX_ITEM_BYTES) throw new RecordTooLargeError(part, bytes, MAX_ITEM_BYTES);
  }
}
