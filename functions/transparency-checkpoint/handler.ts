import { type CheckpointResult, transparencyCheckpoint } from '../../shared/app/transparency.ts';
import { logger } from '../../shared/http/observability.ts';
import { publisherDeps } from '../lib/publisher.ts';
import { eventTime, type ScheduleEvent } from '../lib/schedule-event.ts';
import { signingKey } from '../lib/signing-key.ts';

/** Every 15 minutes (ADR 0007): the site's log caught up with the table's, and its head signed when it moved. */
export const handler = async (event: ScheduleEvent): Promise<CheckpointResult> => {
  const now = eventTime(event);
  const result = await transparencyCheckpoint({ ...publisherDeps, signingKey }, now);
  logger.info('transparency checkpoint', {
    time: now.toISOString(),
    size: result.size,
    created: result.created,
    written: result.written,
  });
  return result;
};
