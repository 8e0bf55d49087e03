/**
 * R9: the notices a requester asked for. Today one structured log line per notice, here and on AWS alike: the
 * request's id and the subject, never the recipient (the contact stays out of every log line). An SES adapter
 * is to take this module's place once the stack has a verified sender (README, correction requests).
 */
import type { RequesterNotifier } from '../../../shared/ports.ts';
import { logger } from '../observability.ts';

export const notifier: RequesterNotifier = {
  async send(notice) {
    logger.info('requester notice', {
      requesterNotice: { requestId: notice.requestId, subject: notice.subject },
    });
  },
};
