import { isValidSenderId } from './phone';

describe('sender ids', () => {
  it('accepts alphanumeric senders of 3–11 characters not starting with a digit', () => {
    expect(isValidSenderId('Trygghet')).toBe(true);
    expect(isValidSenderId('LillaEdet11')).toBe(true);
    expect(isValidSenderId('LillaEdetsKommun')).toBe(false);
    expect(isValidSenderId('1177Vard')).toBe(false);
    expect(isValidSenderId('Ab')).toBe(false);
    expect(isValidSenderId('Ale kommun')).toBe(false);
  });
});
