import { MemoryCorrectionRequestStore } from '../../../shared/adapters/memory/correction-request-store.ts';
import { MemoryRateLimiter } from '../../../shared/adapters/memory/rate-limiter.ts';
import {
  describeCorrectionRequestStoreContract,
  describeRateLimiterContract,
} from '../../integration/correction-request-store-contract.ts';

// The same contracts as the DynamoDB adapters (test/integration/dynamodb-correction-store.test.ts).
describeCorrectionRequestStoreContract(
  'MemoryCorrectionRequestStore',
  async () => new MemoryCorrectionRequestStore(),
);
describeRateLimiterContract('MemoryRateLimiter', async () => new MemoryRateLimiter());
