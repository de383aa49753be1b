import nodemailer, { type Transporter } from 'nodemailer';
import { type Mailer, PermanentDeliveryError } from '../application/ports';

/** Email over a pooled SMTP connection; always a plain-text part beside the HTML. */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
    private readonly messageIdDomain = 'trygg-samverkan.local',
  ) {
    this.transport = nodemailer.createTransport({
      url: smtpUrl,
      pool: true,
      maxConnections: 5,
      connectionTimeout: 5000,
      greetingTimeout: 5000,
      socketTimeout: 15_000,
    } as never);
  }

  async send(mail: { to: string; subject: string; text: string; html: string; messageId: string }) {
    try {
      const info = await this.transport.sendMail({
        from: this.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        // Deterministic Message-ID: a duplicate, should one ever occur, is recognisable downstream.
        messageId: `<${mail.messageId}@${this.messageIdDomain}>`,
      });
      return { providerMessageId: String(info.messageId) };
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      if (code !== undefined && code >= 500 && code < 600) throw new PermanentDeliveryError((error as Error).message);
      throw error;
    }
  }

  close(): void {
    this.transport.close();
  }
}
