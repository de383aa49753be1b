/** 46elks-style alphanumeric sender: 3–11 ASCII letters/digits, not starting with a digit. */
export function isValidSenderId(sender: string): boolean {
  return /^[A-Za-z][A-Za-z0-9]{2,10}$/.test(sender) || /^\+[1-9]\d{6,14}$/.test(sender);
}
