import { escapeHtml } from './html';

export type Language = 'sv' | 'en';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface RegistrationReceivedVars {
  name: string;
  municipalityName: string;
}

/**
 * The receipt a resident gets right after registering. Default texts; per-municipality templates as data come
 * with the notifications capability (issue 6). Plain language: short sentences, no jargon.
 */
const registrationReceived: Record<Language, (v: RegistrationReceivedVars) => { subject: string; paragraphs: string[] }> = {
  sv: (v) => ({
    subject: `Vi har tagit emot din anmälan till grannsamverkan – ${v.municipalityName}`,
    paragraphs: [
      `Hej ${v.name}!`,
      `Tack för att du vill vara med i grannsamverkan i ${v.municipalityName}.`,
      'Vi har tagit emot din anmälan. Vi hör av oss till dig om nästa steg.',
      'Om det inte var du som anmälde dig kan du bortse från det här mejlet.',
      `Med vänliga hälsningar\n${v.municipalityName}`,
    ],
  }),
  en: (v) => ({
    subject: `We have received your neighbourhood watch registration – ${v.municipalityName}`,
    paragraphs: [
      `Hello ${v.name},`,
      `Thank you for wanting to join neighbourhood watch (grannsamverkan) in ${v.municipalityName}.`,
      'We have received your registration. We will contact you about the next step.',
      'If you did not register, you can ignore this email.',
      `Kind regards\n${v.municipalityName}`,
    ],
  }),
};

export function renderRegistrationReceived(language: Language, vars: RegistrationReceivedVars): RenderedEmail {
  const { subject, paragraphs } = registrationReceived[language](vars);
  const html = [
    `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family: sans-serif; font-size: 16px; line-height: 1.5">',
    ...paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`),
    '</body></html>',
  ].join('\n');
  return { subject, text: paragraphs.join('\n\n') + '\n', html };
}
