/** Accessibility feedback: the web stores nothing, it mails the feedback to the municipality's contact address. */
export interface AccessibilityFeedback {
  to: string;
  municipalityName: string;
  message: string;
  replyTo?: string;
  page?: string;
}

export interface FeedbackSink {
  send(feedback: AccessibilityFeedback): Promise<void>;
}

export const FEEDBACK_SINK = Symbol('FEEDBACK_SINK');
