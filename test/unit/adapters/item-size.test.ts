import { describe, expect, it } from 'vitest';
import { checkItemSizes, itemSize, MAX_ITEM_BYTES } from '../../../shared/adapters/dynamodb/item-size.ts';
import { RecordTooLargeError } from '../../../shared/ports.ts';

describe('itemSize: the bytes DynamoDB counts, never fewer', () => {
  it('counts names and values as DynamoDB documents them', () => {
    // name (2) + "abc" (3); name (1) + number (at most 21); name (1) + boolean (1); name (1) + null (1)
    expect(itemSize({ pk: 'abc', n: 7, b: true, z: null })).toBe(5 + 22 + 2 + 2);
    // A string is its UTF-8 bytes: three for a Chinese character.
    expect(itemSize({ t: '四平' })).toBe(1 + 6);
    // A map: 3 + per entry 1 + its name + its value; a list: 3 + per element 1 + its value.
    expect(itemSize({ m: { a: 'x' } })).toBe(1 + 3 + 1 + 1 + 1);
    expect(itemSize({ l: ['x', 'yy'] })).toBe(1 + 3 + (1 + 1) + (1 + 2));
    // Undefined members are not written (removeUndefinedValues).
    expect(itemSize({ a: 'x', gone: undefined, m: { gone: undefined } })).toBe(2 + 1 + 3);
  });

  it('refuses the first item over 400 KB, naming its part and its size', () => {
    const fits = { pk: 'x', text: 'a'.repeat(MAX_ITEM_BYTES - 100) };
    const over = { pk: 'x', text: '四'.repeat(MAX_ITEM_BYTES / 3) };
    expect(() => checkItemSizes([{ part: 'decision', item: fits }])).not.toThrow();
    let thrown: unknown;
    try {
      checkItemSizes([
        { part: 'decision', item: fits },
        { part: 'revision', item: over },
      ]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RecordTooLargeError);
    expect(thrown).toMatchObject({ part: 'revision', limit: MAX_ITEM_BYTES, bytes: itemSize(over) });
  });
});
