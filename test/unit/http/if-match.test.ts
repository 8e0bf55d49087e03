import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { ifMatchOf } from '../../../shared/http/request.ts';

const withIfMatch = (value: string | undefined) =>
  ({ headers: value === undefined ? {} : { 'if-match': value } }) as unknown as APIGatewayProxyEventV2;

describe('If-Match', () => {
  it('reads the version from a strong or weak ETag, or a bare number', () => {
    for (const value of ['"3"', 'W/"3"', '3', ' "3" ']) expect(ifMatchOf(withIfMatch(value))).toBe(3);
    for (const value of [undefined, '', '*']) expect(ifMatchOf(withIfMatch(value))).toBeUndefined();
  });

  it('refuses what is no ETag of ours with 400, a quote left open included (found by the fuzzer)', () => {
    for (const value of ['"1', '1"', 'W/"1', '"abc"', 'W/', '"-1"', '"1", "2"', '"9999999999"', 'ÿÿ']) {
      expect(() => ifMatchOf(withIfMatch(value)), value).toThrow(
        expect.objectContaining({ status: 400, code: 'invalid_if_match' }),
      );
    }
  });
});
