import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { clientOf, lazyS3Client } from '../../../shared/adapters/s3/client.ts';

describe('the S3 client built on first use', () => {
  it('is one client for every call, however many ask at once', async () => {
    const s3 = lazyS3Client({ region: 'cn-north-1' });
    const [a, b] = await Promise.all([s3(), s3()]);
    expect(a).toBeInstanceOf(S3Client);
    expect(b).toBe(a);
    expect(await clientOf(s3)).toBe(a);
    a.destroy();
  });

  it('passes a client given as such through', async () => {
    const client = new S3Client({ region: 'cn-north-1' });
    expect(await clientOf(client)).toBe(client);
    client.destroy();
  });
});
