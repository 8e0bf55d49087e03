import { describe, expect, it } from 'vitest';
import { optional, readEnv, required } from '../../../functions/lib/env.ts';

describe("a handler's environment", () => {
  const spec = { TABLE_NAME: required(), PORT: optional(/^\d+$/), S3_ENDPOINT: optional() };

  it('gives the variables set, the optional ones absent when unset', () => {
    expect(readEnv(spec, { TABLE_NAME: 'gongshi', PORT: '2773', OTHER: 'x' })).toEqual({
      TABLE_NAME: 'gongshi',
      PORT: '2773',
    });
  });

  it('fails the cold start naming every problem: unset, empty, malformed', () => {
    expect(() => readEnv(spec, { PORT: '27x3', S3_ENDPOINT: '' })).toThrow(
      'environment: TABLE_NAME is not set; PORT must match /^\\d+$/; S3_ENDPOINT is empty',
    );
  });
});
