/**
 * R9: the notices a requester asked for. With a verified sender (`-c notifyFrom=…`, NOTIFY_FROM in the answering
 * function's environment) by e-mail through SES; without one (the local platform, or a deployment that set none),
 * one structured log line per notice: the request's id and the subject, never the recipient (the contact stays
 * out of every log line).
 */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SesRequesterNotifier } from '../../../shared/adapters/ses/notifier.ts';
import { ENV } from '../../../shared/manifest.ts';
import type { RequesterNotifier } from '../../../shared/ports.ts';
import { logger } from '../observability.ts';

const from = process.env[ENV.NOTIFY_FROM];

const logged: RequesterNotifier = {
  async send(notice) {
    logger.info('requester notice', {
      requesterNotice: { requestId: notice.requestId, subject: notice.subject },
    });
  },
};

export const notifier: RequesterNotifier = from
  ? new SesRequesterNotifier(new SESv2Client({}), from, (requestId, error) =>
      logger.error('requester notice not sent', {
        requesterNotice: { requestId },
        error: error instanceof Error ? error.name : 'unknown',
      }),
    )
  : logged;
