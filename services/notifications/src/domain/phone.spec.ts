import { isValidSenderId, normaliseMobile } from './phone';

describe('mobile numbers and sender ids', () => {
  it('normalises Swedish mobile numbers in everyday forms to E.164', () => {
    expect(normaliseMobile('070-123 45 67')).toBe('+46701234567');
    expect(normaliseMobile('+46 70 123 45 67')).toBe('+46701234567');
    expect(normaliseMobile('0046701234567')).toBe('+46701234567');
  });

  it('refuses what cannot receive an SMS: too short, letters, a landline', () => {
    expect(normaliseMobile('0701')).toBeNull();
    expect(normaliseMobile('ring mig')).toBeNull();
    expect(normaliseMobile('08-123 456 78')).toBeNull(); // Stockholm landline
  });

  it('accepts alphanumeric senders of 3–11 characters not starting with a digit', () => {
    expect(isValidSenderId('Trygghet')).toBe(true);
    expect(isValidSenderId('LillaEdet11')).toBe(true);
    expect(isValidSenderId('LillaEdetsKommun')).toBe(false);
    expect(isValidSenderId('1177Vard')).toBe(false);
    expect(isValidSenderId('Ab')).toBe(false);
    expect(isValidSenderId('Ale kommun')).toBe(false);
  });
});
