import { AppConfig } from '@app/config';
import { Injectable } from '@nestjs/common';
import { personalise } from './digest-renderer';
import { MailTransportService } from './mail-transport.service';
import { unsubscribeUrl } from './unsubscribe-token';

export interface DeliveryRequest {
  subscriptionId: string;
  subscriptionName: string;
  recipients: string[];
  subject: string;
  html: string;
  text: string;
  messageId: string;
  fileStem: string;
}

/**
 * Which copies already went out, kept by the caller across retries (the send
 * job's own data), so a retry after a partial failure sends only the rest.
 */
export interface DeliveryProgress {
  delivered: string[];
  onDelivered(recipient: string): Promise<void>;
}

export interface DeliveryOutcome {
  accepted: string[];
  /** Recipients the server refused for good (5xx to RCPT TO): retrying would not help. */
  rejected: { recipient: string; error: string }[];
  outboxPath?: string;
}

/** An SMTP refusal that names the recipient: a mailbox that does not exist will not exist in an hour either. */
function isPermanentForRecipient(e: unknown): boolean {
  const err = e as { responseCode?: number; code?: string; command?: string };
  return !!err.responseCode && err.responseCode >= 500 && err.responseCode < 600 && (err.code === 'EENVELOPE' || /RCPT/i.test(err.command ?? ''));
}

/**
 * Sends a rendered digest or alert: one copy per recipient, each with its own
 * signed unsubscribe link (body and List-Unsubscribe header), all with the
 * same Message-ID, as a mailing list does. A transient failure is thrown for
 * the job to retry; the copies sent before it are reported through progress.
 */
@Injectable()
export class DeliveryService {
  constructor(
    private readonly mail: MailTransportService,
    private readonly config: AppConfig,
  ) {}

  messageId(kind: 'digest' | 'alert', id: string): string {
    return `<${kind}-${id}@${this.mail.domain}>`;
  }

  async deliver(req: DeliveryRequest, progress: DeliveryProgress): Promise<DeliveryOutcome> {
    const outcome: DeliveryOutcome = { accepted: [...progress.delivered], rejected: [] };
    const pending = req.recipients.filter((r) => !progress.delivered.includes(r));
    for (const [i, recipient] of pending.entries()) {
      const url = unsubscribeUrl(this.config.publicBaseUrl, this.config.unsubscribeSecret, { subscriptionId: req.subscriptionId, recipient });
      try {
        const sent = await this.mail.send({
          to: [recipient],
          subject: req.subject,
          html: personalise(req.html, url, true),
          text: personalise(req.text, url, false),
          messageId: req.messageId,
          headers: {
            'List-Unsubscribe': `<${url}>`,
            // RFC 8058: mail clients may POST to the link above with no further step.
            'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
            'List-Id': `${req.subscriptionName.replace(/[^\w .-]/g, '').slice(0, 60)} <${req.subscriptionId}.${this.mail.domain}>`,
            'Auto-Submitted': 'auto-generated',
          },
          fileStem: i + progress.delivered.length === 0 ? req.fileStem : `${req.fileStem}-${i + progress.delivered.length + 1}`,
        });
        outcome.outboxPath ??= sent.outboxPath;
      } catch (e) {
        if (!isPermanentForRecipient(e)) throw e;
        outcome.rejected.push({ recipient, error: (e as Error).message });
        continue;
      }
      // Recorded straight after the server's accept: the only window for a double copy is between these two lines.
      await progress.onDelivered(recipient);
      outcome.accepted.push(recipient);
    }
    return outcome;
  }
}
