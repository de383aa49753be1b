import { createTransport, type Transporter } from 'nodemailer';
import type { AccessibilityFeedback, FeedbackSink } from '../application/feedback';

/**
 * Accessibility feedback is mailed (plain text) to the municipality's public contact address; the web stores
 * nothing. A failure to send is reported to the resident as "unavailable, try again" instead of being lost silently.
 */
export class SmtpFeedbackSink implements FeedbackSink {
  private readonly transport: Transporter;

  constructor(smtpUrl: string, private readonly from: string) {
    this.transport = createTransport(smtpUrl);
  }

  async send(feedback: AccessibilityFeedback): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to: feedback.to,
      ...(feedback.replyTo ? { replyTo: feedback.replyTo } : {}),
      subject: `Synpunkter på tillgängligheten – ${feedback.municipalityName}`,
      text: [
        'Synpunkter från tillgänglighetsredogörelsens formulär (Trygg Samverkan).',
        feedback.page ? `Sida: ${feedback.page}` : undefined,
        feedback.replyTo ? `Svara till: ${feedback.replyTo}` : 'Ingen svarsadress angiven.',
        '',
        feedback.message,
      ]
        .filter((line) => line !== undefined)
        .join('\n'),
    });
  }
}
