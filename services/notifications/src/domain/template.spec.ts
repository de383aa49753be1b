import { placeholdersOf, renderEmail, renderSms, flattenVariables, MissingVariable } from './template';

describe('templates', () => {
  const template = {
    email: { subject: 'Hej {{payload.name}}', text: 'Hej {{payload.name}}!\n\nLänk: {{link.url}}' },
    sms: { text: 'Hej {{ payload.name }}' },
  };

  it('finds the variables a text uses', () => {
    expect(placeholdersOf('a {{payload.name}} b {{ link.url }}')).toEqual(['payload.name', 'link.url']);
  });

  it('escapes every value in the HTML part but keeps the text part as typed', () => {
    const vars = flattenVariables({ payload: { name: '<script>alert(1)</script> & Åsa' }, link: { url: 'https://x.example/a?b=1&c=2' } });
    const email = renderEmail(template, 'sv', vars);
    expect(email.text).toContain('Hej <script>alert(1)</script> & Åsa!');
    expect(email.html).toContain('Hej &lt;script&gt;alert(1)&lt;/script&gt; &amp; Åsa!');
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('<a href="https://x.example/a?b=1&amp;c=2">');
    expect(email.html).toContain('<html lang="sv">');
  });

  it('escapes values in an explicit HTML template too', () => {
    const vars = flattenVariables({ payload: { name: '"><img src=x>' } });
    const email = renderEmail({ email: { subject: 's', text: 't', html: '<p title="{{payload.name}}">{{payload.name}}</p>' } }, 'en', vars);
    expect(email.html).toContain('<p title="&quot;&gt;&lt;img src=x&gt;">');
  });

  it('renders null payload fields as empty and refuses a variable without a value', () => {
    expect(renderSms(template, flattenVariables({ payload: { name: null } }))).toBe('Hej');
    expect(() => renderSms(template, {})).toThrow(MissingVariable);
  });
});
