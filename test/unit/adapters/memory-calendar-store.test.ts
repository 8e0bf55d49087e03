import { MemoryCalendarStore } from '../../../shared/adapters/memory/calendar-store.ts';
import { describeCalendarStoreContract } from '../../integration/calendar-store-contract.ts';

// The same contract as the DynamoDB adapter (test/integration/dynamodb-calendar-store.test.ts).
describeCalendarStoreContract('MemoryCalendarStore', async () => new MemoryCalendarStore());
