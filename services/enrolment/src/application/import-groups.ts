import { z } from 'zod';
import { tidyAddress } from '../domain/address';
import { parseCsv } from '../domain/csv';
import { addMember, appointImported, createGroup, type Group } from '../domain/group';
import { dedupeKeyOf, normaliseName, type Registration, submitRegistration } from '../domain/registration';
import { Conflict } from './errors';
import { enrolmentInput } from '@trygg/http-contracts';
import { type AuditLog, type Clock, mailTextProblem, personNameInput, systemClock } from '@trygg/values';
import { type StaffMember, staffActor } from './audit-actors';
import type { AuditEntry, GroupRepository, IdGenerator, MunicipalityCatalogue, RegistrationRepository } from './ports';

const { addressInput, emailInput, mobileInput } = enrolmentInput;

export const IMPORT_COLUMNS = ['omrade', 'grupp', 'roll', 'namn', 'epost', 'mobil', 'gata', 'nummer', 'postnummer', 'ort'] as const;

const ROLES: Record<string, 'member' | 'contact-person' | 'deputy'> = {
  medlem: 'member',
  kontaktombud: 'contact-person',
  ersättare: 'deputy',
  ersattare: 'deputy',
};

export interface ImportReport {
  dryRun: boolean;
  accepted: number;
  rejected: Array<{ row: number; reason: string }>;
  created: { groups: number; members: number; contactPersons: number };
  skippedExisting: number;
}

interface Row {
  row: number;
  areaId: string;
  groupName: string;
  role: 'member' | 'contact-person' | 'deputy';
  name: string;
  email: string | null;
  mobile: string | null;
  address: ReturnType<typeof tidyAddress>;
}

const REASONS: Record<string, string> = {
  required: 'saknas',
  too_long: 'är för långt',
  invalid_email: 'är inte en giltig e-postadress',
  invalid_mobile: 'är inte ett giltigt telefonnummer',
  invalid_postcode: 'är inte ett postnummer (NNN NN)',
  invalid_street_number: 'är inte ett gatunummer',
  control_characters: 'innehåller otillåtna tecken',
  looks_like_link: 'får inte innehålla en webbadress, e-postadress eller länk',
  invalid_name: 'är inte ett namn',
  mobile_country: 'är ett nummer från ett land kommunen inte tar emot (sms.countries i municipality.yaml)',
};

/**
 * Brings in existing groups from the spreadsheets municipalities keep today: areas (must exist in areas.yaml),
 * groups, contact persons and members. A dry run reports every row it would reject, with the row number and why.
 * Safe to run twice: natural keys (group = area + name; person = email + address, or name + address without an
 * email) find what is already there. Imported people are not announced by events (no mail is sent to them).
 * A mobile number outside the municipality's allowed SMS countries (`sms.countries`) rejects its row, as the form does.
 */
export class ImportGroups {
  constructor(
    private readonly registrations: RegistrationRepository,
    private readonly groups: GroupRepository,
    private readonly municipalities: MunicipalityCatalogue,
    private readonly audit: AuditLog<AuditEntry>,
    private readonly newId: IdGenerator,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(m: string, csv: string, dryRun: boolean, staff: StaffMember): Promise<ImportReport> {
    const report: ImportReport = { dryRun, accepted: 0, rejected: [], created: { groups: 0, members: 0, contactPersons: 0 }, skippedExisting: 0 };
    const rows = parseCsv(csv);
    const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase().normalize('NFC').replace('å', 'a').replace('ö', 'o'));
    const missing = IMPORT_COLUMNS.filter((c) => !header.includes(c));
    if (missing.length) {
      report.rejected.push({ row: 1, reason: `kolumner saknas: ${missing.join(', ')}` });
      return report;
    }
    const parsed: Row[] = [];
    rows.slice(1).forEach((cells, i) => {
      if (cells.length === 0 || cells.every((c) => c.trim() === '')) return;
      const record = Object.fromEntries(header.map((h, j) => [h, (cells[j] ?? '').trim()]));
      const result = this.parseRow(m, record, i + 2);
      if (typeof result === 'string') report.rejected.push({ row: i + 2, reason: result });
      else parsed.push(result);
    });
    report.accepted = parsed.length;

    const now = this.clock();
    const groupsByKey = new Map<string, Group | 'planned'>();
    const seenPeople = new Set<string>();
    for (const row of parsed) {
      const groupKey = `${row.areaId}|${row.groupName.toLocaleLowerCase('sv-SE')}`;
      let group = groupsByKey.get(groupKey);
      if (!group) {
        const existing = (await this.groups.list(m, { areaId: row.areaId })).find((g) => g.name.toLocaleLowerCase('sv-SE') === row.groupName.toLocaleLowerCase('sv-SE'));
        if (existing) group = existing;
        else {
          report.created.groups++;
          if (dryRun) group = 'planned';
          else {
            const created = createGroup({ id: this.newId(), municipalityId: m, areaId: row.areaId, name: row.groupName }, now, staff.name);
            // Created meanwhile by someone else (another import, a placement): use theirs.
            group = (await this.groups.insert(created, [])) ? created : await this.groupNamed(m, row.areaId, row.groupName);
          }
        }
        groupsByKey.set(groupKey, group);
      }
      const key = dedupeKeyOf(m, row.email ?? `import:${normaliseName(row.name).toLocaleLowerCase('sv-SE')}`, row.address);
      const existingPerson = seenPeople.has(`${groupKey}|${key}`) ? 'seen' : await this.registrations.findByDedupeKey(m, key);
      seenPeople.add(`${groupKey}|${key}`);
      const alreadyMember = existingPerson === 'seen' || (existingPerson !== null && group !== 'planned' && Object.values(group.members).some((x) => x.registrationId === existingPerson.id));
      if (alreadyMember) {
        report.skippedExisting++;
        continue;
      }
      report.created.members++;
      if (row.role !== 'member') report.created.contactPersons++;
      if (dryRun || group === 'planned') continue;

      let registration: Registration | null = existingPerson;
      if (!registration) {
        const samePerson = row.email ? await this.registrations.findLiveByEmail(m, row.email) : null;
        const fresh = submitRegistration(
          { municipalityId: m, name: row.name, email: row.email ?? '', mobile: row.mobile, smsOptIn: false, language: 'sv', address: row.address, coordinates: null, intent: 'join', protectedIdentity: false },
          { registrationId: this.newId(), personId: samePerson?.personId ?? this.newId(), memberId: this.newId() },
          now,
          'import',
        );
        registration = { ...fresh, dedupeKey: key, status: 'confirmed', confirmedAt: now, placement: { kind: 'placed', areaId: row.areaId, groupId: group.id } };
        await this.registrations.insert(registration, []);
      }
      const member = registration;
      const updated = await this.groups.update(m, group.id, (current) => {
        let next = addMember(current, { memberId: member.memberId, personId: member.personId, registrationId: member.id, address: member.address }, now, staff.name).group;
        if (row.role !== 'member') next = appointImported(next, member.memberId, row.role, now, staff.name);
        return { next, events: [] };
      });
      if (updated) groupsByKey.set(groupKey, updated);
    }
    if (!dryRun) {
      await this.audit.record({
        municipalityId: m,
        actor: staffActor(staff, m),
        action: 'groups-imported',
        subject: { kind: 'import', id: this.newId() },
        details: { accepted: report.accepted, rejected: report.rejected.length, groups: report.created.groups, members: report.created.members },
      });
    }
    return report;
  }

  private parseRow(m: string, record: Record<string, string>, row: number): Row | string {
    const areaId = record['omrade'] ?? '';
    const area = this.municipalities.areas(m).find((a) => a.id === areaId || a.name.toLocaleLowerCase('sv-SE') === areaId.toLocaleLowerCase('sv-SE'));
    if (!area) return areaId ? `okänt område "${areaId}" (lägg till det i municipalities/${m}/areas.yaml)` : 'omrade saknas';
    const groupName = normaliseName(record['grupp'] ?? '');
    if (!groupName) return 'grupp saknas';
    const groupProblem = mailTextProblem(groupName, 200);
    if (groupProblem) return `grupp ${REASONS[groupProblem] ?? 'är ogiltigt'}`;
    const role = ROLES[(record['roll'] || 'medlem').toLocaleLowerCase('sv-SE')];
    if (!role) return `okänd roll "${record['roll']}" (medlem, kontaktombud eller ersättare)`;
    const fields = z
      .object({
        namn: personNameInput(),
        epost: z.literal('').transform(() => null).or(emailInput),
        mobil: mobileInput,
        adress: addressInput,
      })
      .safeParse({
        namn: record['namn'],
        epost: record['epost'] ?? '',
        mobil: record['mobil'] ?? '',
        adress: { street: record['gata'] ?? '', number: record['nummer'] ?? '', postcode: record['postnummer'] ?? '', city: record['ort'] || null },
      });
    if (!fields.success) {
      const names: Record<string, string> = { street: 'gata', number: 'nummer', postcode: 'postnummer', city: 'ort' };
      return fields.error.issues
        .map((issue) => {
          const last = String(issue.path.at(-1) ?? '');
          return `${names[last] ?? last} ${REASONS[issue.message] ?? 'är ogiltigt'}`;
        })
        .join('; ');
    }
    // The municipality's allowed SMS countries, as for the registration form (code mobile_country).
    if (fields.data.mobil && !this.municipalities.mobileAllowed(m, fields.data.mobil)) return `mobil ${REASONS['mobile_country']}`;
    return { row, areaId: area.id, groupName, role, name: normaliseName(fields.data.namn), email: fields.data.epost, mobile: fields.data.mobil, address: fields.data.adress };
  }

  private async groupNamed(m: string, areaId: string, name: string): Promise<Group> {
    const wanted = name.toLocaleLowerCase('sv-SE');
    const group = (await this.groups.list(m, { areaId })).find((g) => g.name.toLocaleLowerCase('sv-SE') === wanted);
    if (!group) throw new Conflict('group_name_taken', `a group named ${name} exists in ${areaId} but cannot be read`);
    return group;
  }
}
