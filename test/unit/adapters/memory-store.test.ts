import { MemoryAgencyDirectory } from '../../../shared/adapters/memory/agency-directory.ts';
import { MemoryDecisionStore } from '../../../shared/adapters/memory/decision-store.ts';
import {
  describeAgencyDirectoryContract,
  describeDecisionStoreContract,
} from '../../integration/store-contract.ts';

// The same contract as the DynamoDB adapters (test/integration/dynamodb-store.test.ts), so use-case tests
// over the memory store speak for production.
describeDecisionStoreContract('MemoryDecisionStore', async () => new MemoryDecisionStore());
describeAgencyDirectoryContract('MemoryAgencyDirectory', async () => new MemoryAgencyDirectory());
