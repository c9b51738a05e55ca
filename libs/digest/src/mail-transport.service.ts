import { AppConfig } from '@app/config';
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { Transporter } from 'nodemailer';

export interface OutgoingMail {
  to: string[];
  /** Per-copy headers: List-Unsubscribe and friends. */
  headers?: Record<string, string>;
  subject: string;
  html: string;
  text: string;
  /** Stable per digest, so a resent message is recognisably the same one (receiving systems drop a repeat). */
  messageId: string;
  /** File name (without extension) used by the outbox transport. */
  fileStem: string;
}

export interface SentMail {
  messageId: string;
  accepted: string[];
  /** The outbox files when no SMTP server is configured. */
  outboxPath?: string;
  htmlPath?: string;
}

/**
 * SMTP (pooled) when SMTP_URL is set; otherwise a file outbox that writes the
 * raw message (.eml) and its HTML body (.html) for a person to open.
 */
@Injectable()
export class MailTransportService implements OnModuleDestroy {
  private smtp?: Transporter;
  private stream?: Transporter;

  constructor(private readonly config: AppConfig) {}

  /** The domain of the sender address, for Message-IDs. */
  get domain(): string {
    return /@([^>\s]+)>?\s*$/.exec(this.config.mailFrom)?.[1] ?? 'sanctions-monitor.local';
  }

  get describe(): string {
    return this.config.smtpUrl ? `SMTP ${new URL(this.config.smtpUrl).host}` : `outbox ${this.config.mailOutboxDir}`;
  }

  async send(mail: OutgoingMail): Promise<SentMail> {
    const message = {
      from: this.config.mailFrom,
      to: mail.to,
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
      messageId: mail.messageId,
      headers: mail.headers,
      // Base64 is encoded natively; quoted-printable of a 250 KB digest costs more CPU than rendering it.
      textEncoding: 'base64' as const,
    };
    if (this.config.smtpUrl) {
      this.smtp ??= nodemailer.createTransport(this.config.smtpUrl + (this.config.smtpUrl.includes('?') ? '&' : '?') + 'pool=true');
      const info = await this.smtp.sendMail(message);
      return { messageId: info.messageId, accepted: (info.accepted ?? []).map(String) };
    }
    this.stream ??= nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    const stream = this.stream;
    const info = (await stream.sendMail(message)) as unknown as { messageId: string; message: Buffer; envelope: { to: string[] } };
    const dir = this.config.mailOutboxDir;
    await mkdir(dir, { recursive: true });
    const outboxPath = join(dir, `${mail.fileStem}.eml`);
    const htmlPath = join(dir, `${mail.fileStem}.html`);
    await writeFile(outboxPath, info.message);
    await writeFile(htmlPath, mail.html);
    return { messageId: info.messageId, accepted: info.envelope.to, outboxPath, htmlPath };
  }

  onModuleDestroy(): void {
    this.smtp?.close();
  }
}
