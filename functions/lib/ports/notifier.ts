/**
 * R9: the notices a requester asked for. Today one structured log line per notice, here and on AWS alike: the
 * request's id, the subject and the recipient masked (the address is personal data and stays out of the logs).
 * An SES adapter takes this module's place once the stack has a verified sender (docs/corrections.md).
 */
import { maskEmail } from '../../../shared/domain/correction-request.ts';
import type { RequesterNotifier } from '../../../shared/ports.ts';
import { logger } from '../observability.ts';

export const notifier: RequesterNotifier = {
  async send(notice) {
    logger.info('requester notice', {
      requesterNotice: { requestId: notice.requestId, to: maskEmail(notice.to), subject: notice.subject },
    });
  },
};
