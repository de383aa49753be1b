import { buildWorld } from '../../test/fakes';

// Issue 13: an import must not bring in mobile numbers the municipality does not accept for SMS (sms.countries), as the
// registration form refuses them (mobile_country): each such row is rejected, naming the row and the field.

const kim = { subject: 'https://idp.ale.example#coordinator-kim', name: 'Kim', seesProtectedIdentity: false, role: 'coordinator' as const };
const csv = [
  'omrade;grupp;roll;namn;epost;mobil;gata;nummer;postnummer;ort',
  'storgatan;Storgatans grannar;kontaktombud;Kim Kontakt;kim@example.se;070-111 22 33;Storgatan;2;449 30;Nödinge',
  'storgatan;Storgatans grannar;medlem;Ola Utland;ola@example.se;+45 20 12 34 56;Storgatan;4;449 30;Nödinge',
  'storgatan;Storgatans grannar;medlem;Lo Medlem;lo@example.se;;Storgatan;6;449 30;Nödinge',
].join('\r\n');

describe('importing groups with mobile numbers', () => {
  it('rejects a row whose mobile is from a country the municipality does not allow, naming the row and the field', async () => {
    const world = buildWorld();
    const report = await world.importer.execute('ale', csv, false, kim as never);
    expect(report.rejected).toEqual([{ row: 3, reason: 'mobil är ett nummer från ett land kommunen inte tar emot (sms.countries i municipality.yaml)' }]);
    expect(report).toMatchObject({ accepted: 2, created: { groups: 1, members: 2, contactPersons: 1 } });
    const stored = [...world.registrations.byId.values()];
    expect(stored.map((r) => r.mobile)).toEqual(['+46701112233', null]);
    expect(JSON.stringify(stored)).not.toContain('Ola Utland');
  });
});
