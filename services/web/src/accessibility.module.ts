import { Module } from '@nestjs/common';
import { FEEDBACK_SINK } from './application/feedback';
import { WEB_CONFIG, type WebConfig } from './config';
import { ACCESSIBILITY_OPTIONS, AccessibilityController, type AccessibilityOptions } from './http/accessibility.controller';
import { SmtpFeedbackSink } from './infrastructure/smtp-feedback-sink';
import { SharedModule } from './shared.module';

/** When this statement of accessibility was last reviewed; change it when the pages or the tests change. */
const STATEMENT_DATE = '2026-11-26';

/**
 * The accessibility statement (AccessibilityController) with its feedback form; the feedback is mailed over SMTP
 * (`FEEDBACK_SINK`, bound to `SmtpFeedbackSink`).
 */
@Module({
  imports: [SharedModule],
  controllers: [AccessibilityController],
  providers: [
    { provide: FEEDBACK_SINK, inject: [WEB_CONFIG], useFactory: (config: WebConfig) => new SmtpFeedbackSink(config.SMTP_URL, config.FEEDBACK_FROM) },
    {
      provide: ACCESSIBILITY_OPTIONS,
      inject: [WEB_CONFIG],
      useFactory: (config: WebConfig): AccessibilityOptions => ({ defaultRecipient: config.FEEDBACK_TO, statementDate: STATEMENT_DATE }),
    },
  ],
})
export class AccessibilityModule {}
