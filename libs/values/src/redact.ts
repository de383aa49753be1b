/**
 * Removes what can identify a person from a free text that came from outside (an SMTP server's reply, a provider's
 * error message) before it is stored or shown: email addresses become `[email]`, telephone numbers (seven or more
 * digits, written with spaces, dashes, dots, brackets or a leading +) become `[number]`. Status codes such as `550`
 * or `5.1.1` stay, so the text still tells what went wrong.
 */
export function redactContactDetails(text: string): string {
  return text
    .replace(/[^\s<>"'(),;:@]+@[^\s<>"'(),;:@]+\.[^\s<>"'(),;:@]+/g, '[email]')
    .replace(/(?<![\w.])\+?\(?\d(?:[\s\-.()/]*\d){6,}/g, '[number]');
}
