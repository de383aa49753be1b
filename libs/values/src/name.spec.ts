import { isAcceptableName, mailTextInput, mailTextProblem, NAME_MAX_LENGTH, nameProblem, personNameInput } from './index';

describe('the name rule', () => {
  it.each([
    'Anna Andersson',
    'Åsa Öberg-Ärlig',
    "Anna-Lena O'Brien",
    'Anna-Lena O’Brien',
    'Zoë Ångström',
    'José Émile',
    'Nguyễn Thị Minh Khai',
    'محمد الأحمد',
    'Наталья Иванова',
    'J. R. R. Tolkien',
    'J.R.R. Tolkien',
    'Karl XII',
    'Li Na 2',
    'نسرین\u200Cدخت', // Persian: the zero-width non-joiner belongs in the name
    'Bo', // short
    'A'.repeat(NAME_MAX_LENGTH),
  ])('accepts %j', (name) => expect(nameProblem(name)).toBeNull());

  it.each([
    ['', 'required'],
    ['   ', 'required'],
    ['A'.repeat(NAME_MAX_LENGTH + 1), 'too_long'],
    ['Anna\nAndersson', 'control_characters'],
    ['Anna\r\nhttps://bankid-verify.com', 'control_characters'],
    ['Anna\tAndersson', 'control_characters'],
    ['Anna\u0000', 'control_characters'],
    ['Anna\u202Emoc.dikab', 'control_characters'],
    ['Anna\u2066x\u2069', 'control_characters'],
    ['Anna\u200BAndersson', 'control_characters'],
    ['Anna\u2028Andersson', 'control_characters'],
    ['Anna\uFEFF', 'control_characters'],
    ['https://bankid-verify.com', 'looks_like_link'],
    ['Anna http', 'looks_like_link'],
    ['Anna HTTPS bankid', 'looks_like_link'],
    ['Logga in på bankid-verify.com', 'looks_like_link'],
    ['Anna example.se', 'looks_like_link'],
    ['www.bankid', 'looks_like_link'],
    ['Anna www . bankid', 'looks_like_link'],
    ['anna@example.se', 'looks_like_link'],
    ['Anna bankid．com', 'looks_like_link'], // fullwidth dot
    ['Anna bankid。com', 'looks_like_link'], // ideographic full stop
    ['Anna ｂａｎｋｉｄ.ｃｏｍ', 'looks_like_link'], // fullwidth letters
    ['Anna bankid\u200C.se', 'looks_like_link'], // a joiner hiding the dot's neighbour
    ['javascript:alert(1)', 'looks_like_link'],
    ['<a href=x>Anna</a>', 'looks_like_link'],
    ['{{link.url}}', 'looks_like_link'],
    ['Anna / x', 'looks_like_link'],
    ['x.xn--p1ai', 'looks_like_link'],
    ['12345', 'invalid_name'],
    ["-- ''", 'invalid_name'],
  ])('refuses %j: %s', (name, problem) => {
    expect(nameProblem(name)).toBe(problem);
    expect(isAcceptableName(name)).toBe(false);
  });

  it('the zod field tidies (trim, one space, NFC) and names each problem by its code', () => {
    const schema = personNameInput();
    expect(schema.parse('  Zoe\u0308   Ångström \n')).toBe('Zoë Ångström');
    expect(schema.safeParse('Anna https://x.se').error?.issues.map((i) => i.message)).toEqual(['looks_like_link']);
    expect(schema.safeParse('Anna\nB').error?.issues.map((i) => i.message)).toEqual(['control_characters']);
    expect(schema.safeParse('x'.repeat(10_000)).error?.issues.map((i) => i.message)).toEqual(['too_long']);
    expect(personNameInput({ messages: { looks_like_link: 'no_links' } }).safeParse('a.se').error?.issues[0]?.message).toBe('no_links');
    expect(personNameInput({ max: 200 }).parse('A'.repeat(150))).toHaveLength(150);
  });

  it('free text shown in mails (a group name) needs no letter but refuses links and control characters', () => {
    expect(mailTextProblem('Solgläntan 2–14', 200)).toBeNull();
    expect(mailTextProblem('Storgatan 1 (norra)', 200)).toBeNull();
    expect(mailTextProblem('S:t Olofsgatan 1/3', 200)).toBeNull();
    expect(mailTextProblem('Grupp javascript://x', 200)).toBe('looks_like_link');
    expect(mailTextProblem('Grupp <a href=x>', 200)).toBe('looks_like_link');
    expect(mailTextProblem('Grupp\u202E', 200)).toBe('control_characters');
    expect(mailTextProblem('Gruppen – se bankid-verify.com', 200)).toBe('looks_like_link');
    expect(mailTextProblem('Grupp\nhttps://x', 200)).toBe('control_characters');
    expect(mailTextInput(200).parse(' Solgläntan  ')).toBe('Solgläntan');
    expect(mailTextInput(5).safeParse('Solgläntan').error?.issues[0]?.message).toBe('too_long');
  });
});
