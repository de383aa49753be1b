import nodemailer, { type Transporter } from 'nodemailer';
import { type Mailer, type OutgoingEmail, PermanentDeliveryError } from '../application/ports';

export interface DkimSettings {
  domainName: string;
  keySelector: string;
  privateKey: string;
}

/**
 * Email over a pooled SMTP connection; always a plain-text part beside the HTML. Non-transactional mail carries
 * List-Unsubscribe with one-click (RFC 8058). Optional DKIM signing. The SMTP answer decides: 5xx to the
 * recipient is a hard bounce (permanent), anything else (4xx, connection refused, timeout) is retried.
 */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
    dkim?: DkimSettings,
    private readonly messageIdDomain = 'trygg-samverkan.local',
  ) {
    this.transport = nodemailer.createTransport({
      url: smtpUrl,
      pool: true,
      maxConnections: 5,
      connectionTimeout: 5000,
      greetingTimeout: 5000,
      socketTimeout: 15_000,
      ...(dkim ? { dkim } : {}),
    } as never);
  }

  async send(mail: OutgoingEmail) {
    try {
      const info = await this.transport.sendMail({
        from: this.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        ...(mail.attachments?.length ? { attachments: mail.attachments.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })) } : {}),
        // Deterministic Message-ID: a duplicate, should one ever occur, is recognisable downstream.
        messageId: `<${mail.messageId}@${this.messageIdDomain}>`,
        ...(mail.unsubscribeUrl
          ? { list: { unsubscribe: { url: mail.unsubscribeUrl, comment: 'Unsubscribe' } }, headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } }
          : {}),
      });
      const rejected = (info.rejected ?? []) as unknown[];
      if (rejected.length > 0) throw new PermanentDeliveryError(`recipient rejected: ${String(info.response ?? '')}`, true);
      return { providerMessageId: String(info.messageId) };
    } catch (error) {
      if (error instanceof PermanentDeliveryError) throw error;
      const code = (error as { responseCode?: number }).responseCode;
      const command = (error as { command?: string }).command;
      if (code !== undefined && code >= 500 && code < 600) {
        // 5xx to RCPT TO (or DATA for a single recipient): the address does not work — a hard bounce.
        throw new PermanentDeliveryError(`${code} ${(error as Error).message}`, command === 'RCPT TO' || command === 'DATA' || command === undefined);
      }
      throw error;
    }
  }

  async verify(): Promise<void> {
    await this.transport.verify();
  }

  close(): void {
    this.transport.close();
  }
}
