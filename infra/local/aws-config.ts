/**
 * Client settings for the local emulators: any region and dummy credentials do; the S3 server needs
 * path-style addressing and no checksums it does not understand: only the ones S3 requires, not the SDK's default ones.
 */
export const LOCAL_REGION = 'cn-north-1';
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export function localDynamoConfig(endpoint: string) {
  return { endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
}

export function localS3Config(endpoint: string) {
  return {
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED' as const,
    responseChecksumValidation: 'WHEN_REQUIRED' as const,
  };
}
