/**
 * R9: the requester's notices by e-mail, through Amazon SES (v2 `SendEmail`), from the deployment's verified
 * sender (`-c notifyFrom=…`). A notice that cannot be sent is reported to `onFailure` with the request's id and
 * the error's name, never the address: the answer stands whether or not the mail goes out.
 */
import { type SESv2Client, SendEmailCommand, type SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import type { RequesterNotice } from '../../domain/correction-request.ts';
import type { RequesterNotifier } from '../../ports.ts';

/** The message SES sends: plain text in UTF-8, the subject and body the domain wrote. */
export function sesEmail(from: string, notice: RequesterNotice): SendEmailCommandInput {
  return {
    FromEmailAddress: from,
    Destination: { ToAddresses: [notice.to] },
    Content: {
      Simple: {
        Subject: { Data: notice.subject, Charset: 'UTF-8' },
        Body: { Text: { Data: notice.text, Charset: 'UTF-8' } },
      },
    },
  };
}

export class SesRequesterNotifier implements RequesterNotifier {
  readonly #client: Pick<SESv2Client, 'send'>;
  readonly #from: string;
  readonly #onFailure: (requestId: string, error: unknown) => void;

  constructor(
    client: Pick<SESv2Client, 'send'>,
    from: string,
    onFailure: (requestId: string, error: unknown) => void,
  ) {
    this.#client = client;
    this.#from = from;
    this.#onFailure = onFailure;
  }

  async send(notice: RequesterNotice): Promise<void> {
    try {
      await this.#client.send(new SendEmailCommand(sesEmail(this.#from, notice)));
    } catch (error) {
      this.#onFailure(notice.requestId, error);
    }
  }
}
