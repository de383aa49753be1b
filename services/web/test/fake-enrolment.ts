import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { enrolment, type RouteContract } from '@trygg/http-contracts';
import { createTransport } from 'nodemailer';
import { checkedAnswer, routeMatching } from './contract-check';

/**
 * TEST ONLY: a small in-memory stand-in for the enrolment service's HTTP API (services/enrolment/API.md), so the
 * web front's pages and browser tests run without the real service. It mails the confirmation link through the
 * local SMTP catcher like the real system does. Addresses whose postcode starts with 9 match no area (triage).
 * Every answer is parsed with enrolment's contract (`@trygg/http-contracts`, see contract-check.ts), so the fake cannot
 * drift from the real API unnoticed.
 */
interface Person {
  personId: string;
  municipalityId: string;
  name: string;
  email: string;
  mobile: string | null;
  smsOptIn: boolean;
  emailUpdates: boolean;
  language: 'sv' | 'en';
  protectedIdentity: boolean;
  address: { street: string; number: string; postcode: string; city: string | null };
  intent: string;
  registrationId: string;
  status: 'submitted' | 'confirmed' | 'triage';
  submittedAt: string;
  confirmedAt: string | null;
  groupId: string | null;
  role: 'member' | 'contact-person' | 'deputy';
  /** Stale contacts: since when the email address has not worked (notifications told enrolment), or null. */
  emailNotWorkingSince: string | null;
}

interface Group {
  id: string;
  municipalityId: string;
  name: string;
  areaId: string;
  areaName: string;
  status: string;
  history: Array<{ at: string; action: string; actor: string; details: Record<string, string> }>;
  signs: Array<{ id: string; place: string; condition: string; putUpAt: string | null; lastReport: { at: string; kind: string; note: string | null } | null }>;
  declined: Array<{ id: string; address: { street: string; number: string; postcode: string } }>;
  /** Set for a group whose contact person the police revoked (`no-contact-person`), as enrolment does. */
  followUp?: { reason: string; since: string } | null;
  nominations: Array<{ nominationId: string; personId: string; name?: string | null; status: 'pending' | 'approved' | 'rejected' | 'withdrawn' | 'revoked'; reason?: string | null; nominatedAt?: string }>;
}

export class FakeEnrolment {
  readonly persons = new Map<string, Person>();
  readonly groups = new Map<string, Group>();
  private readonly confirmationTokens = new Map<string, { personId: string; used: boolean }>();
  private readonly selfServiceTokens = new Map<string, string>();
  private readonly activityTokens = new Map<string, { groupId: string; answer?: string }>();
  private server: Server | undefined;
  readonly url: string;
  /** Every body the fake received on POST /registrations (to prove what the web sent, or that it sent nothing). */
  readonly received: unknown[] = [];

  constructor(
    private readonly port: number,
    private readonly publicBaseUrl: string,
    private readonly smtpUrl = process.env['SMTP_URL'] ?? 'smtp://127.0.0.1:1025',
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  /** The access token of a signed-in coordinator of `municipalityId` that this fake accepts on the staff routes. */
  tokenFor(municipalityId: string): string {
    return `fake-coordinator-token-${municipalityId}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.handle(req, res).catch((error: Error) => {
        console.error(error.message);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ statusCode: 500, error: 'internal', message: error.message }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    // Keep-alive connections (the web's, another fake's forwarding fetch) would hold close() open: end them too.
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** A self-service link for a person, as enrolment would issue for an email. */
  selfServiceTokenFor(email: string): string {
    const person = [...this.persons.values()].find((p) => p.email === email);
    if (!person) throw new Error(`no person with ${email}`);
    const token = randomBytes(32).toString('base64url');
    this.selfServiceTokens.set(token, person.personId);
    return token;
  }

  /** A confirmation link for a person (a fresh token each time, as POST /internal/links). */
  confirmationTokenFor(email: string): string {
    const person = [...this.persons.values()].find((p) => p.email === email);
    if (!person) throw new Error(`no person with ${email}`);
    const token = randomBytes(32).toString('base64url');
    this.confirmationTokens.set(token, { personId: person.personId, used: false });
    return token;
  }

  /** A yearly "still active?" link for a group (as POST /internal/links kind activity-check). */
  activityTokenFor(groupId: string): string {
    const token = randomBytes(32).toString('base64url');
    this.activityTokens.set(token, { groupId });
    return token;
  }

  /** A group of its own (e.g. an active one for signs), with one sign reported as damaged when asked. */
  addGroup(input: { municipalityId: string; name: string; status: string; damagedSign?: string; followUp?: Group['followUp']; nominations?: Group['nominations'] }): Group {
    const group: Group = { id: randomUUID(), municipalityId: input.municipalityId, name: input.name, areaId: 'centrum', areaName: 'Centrum', status: input.status, history: [], signs: [], declined: [], followUp: input.followUp ?? null, nominations: input.nominations ?? [] };
    if (input.damagedSign) {
      group.signs.push({ id: randomUUID(), place: input.damagedSign, condition: 'damaged', putUpAt: '2025-05-01', lastReport: { at: new Date().toISOString(), kind: 'damaged', note: 'Nedsprayad <i>klotter</i>' } });
    }
    this.groups.set(group.id, group);
    return group;
  }

  /** A contact-person nomination of a seeded member: waiting (pending) or approved, as enrolment's group page shows it. */
  nominate(person: Person, status: 'pending' | 'approved', nominatedAt = new Date().toISOString()): string {
    const group = person.groupId ? this.groups.get(person.groupId) : undefined;
    if (!group) throw new Error(`${person.name} is in no group`);
    const nominationId = randomUUID();
    group.nominations.push({ nominationId, personId: person.personId, status, nominatedAt });
    group.history.push({ at: nominatedAt, action: 'contact-person-nominated', actor: 'resident', details: { nominationId, memberId: person.personId } });
    if (status === 'approved') group.history.push({ at: nominatedAt, action: 'contact-person-approved', actor: 'onboarding', details: { nominationId } });
    return nominationId;
  }

  /** Every CSV text the fake imported for real (dryRun=false), by natural key, to prove a second run creates nothing. */
  readonly imported = new Set<string>();

  /** Registers a person directly (no mail), confirmed into a group or triage. */
  seed(input: { municipalityId: string; name: string; email: string; street?: string; postcode?: string; protectedIdentity?: boolean; confirmed?: boolean; role?: Person['role']; emailNotWorking?: boolean }): Person {
    const person = this.newPerson({
      municipalityId: input.municipalityId,
      name: input.name,
      email: input.email,
      address: { street: input.street ?? 'Storgatan', number: '1', postcode: input.postcode ?? '449 30' },
      intent: 'join',
      protectedIdentity: input.protectedIdentity ?? false,
    });
    if (input.confirmed !== false) this.confirmPerson(person);
    if (input.role) person.role = input.role;
    if (input.emailNotWorking) person.emailNotWorkingSince = new Date().toISOString();
    return person;
  }

  private newPerson(body: Record<string, unknown>): Person {
    const person: Person = {
      personId: randomUUID(),
      registrationId: randomUUID(),
      municipalityId: String(body['municipalityId']),
      name: String(body['name']),
      email: String(body['email']).toLowerCase(),
      mobile: typeof body['mobile'] === 'string' ? body['mobile'] : null,
      smsOptIn: body['smsOptIn'] === true,
      emailUpdates: true,
      language: body['language'] === 'en' ? 'en' : 'sv',
      protectedIdentity: body['protectedIdentity'] === true,
      address: FakeEnrolment.tidy(body['address']),
      intent: String(body['intent']),
      status: 'submitted',
      submittedAt: new Date().toISOString(),
      confirmedAt: null,
      groupId: null,
      role: 'member',
      emailNotWorkingSince: null,
    };
    this.persons.set(person.personId, person);
    return person;
  }

  private confirmPerson(person: Person) {
    person.confirmedAt = new Date().toISOString();
    if (person.address.postcode.startsWith('9')) {
      person.status = 'triage';
      return { kind: 'triage' as const };
    }
    person.status = 'confirmed';
    let group = [...this.groups.values()].find((g) => g.municipalityId === person.municipalityId && g.areaId === 'centrum');
    const newlyCreated = !group;
    if (!group) {
      group = {
        id: randomUUID(),
        municipalityId: person.municipalityId,
        name: 'Centrum 1',
        areaId: 'centrum',
        areaName: 'Centrum',
        status: 'forming',
        history: [],
        signs: [{ id: randomUUID(), place: 'Vid infarten till Storgatan', condition: 'ok', putUpAt: null, lastReport: null }],
        declined: [],
        nominations: [],
      };
      this.groups.set(group.id, group);
      // enrolment's machine names (services/enrolment/src/domain/group.ts): the page must show them in words.
      group.history.push({ at: new Date().toISOString(), action: 'group-created', actor: 'resident', details: {} });
    }
    person.groupId = group.id;
    group.history.push({ at: new Date().toISOString(), action: 'member-joined', actor: 'resident', details: { memberId: person.personId } });
    return { kind: 'placed' as const, area: { id: 'centrum', name: 'Centrum' }, group: { id: group.id, name: group.name, status: group.status, newlyCreated } };
  }

  private view(p: Person) {
    const group = p.groupId ? this.groups.get(p.groupId) : undefined;
    return {
      personId: p.personId,
      municipalityId: p.municipalityId,
      name: p.name,
      email: p.email,
      mobile: p.mobile,
      smsOptIn: p.smsOptIn,
      emailUpdates: p.emailUpdates,
      language: p.language,
      protectedIdentity: p.protectedIdentity,
      registrations: [{ registrationId: p.registrationId, address: p.address, intent: p.intent, status: p.status, submittedAt: p.submittedAt, confirmedAt: p.confirmedAt }],
      memberships: group
        ? [{ groupId: group.id, groupName: group.name, areaId: group.areaId, areaName: group.areaName, groupStatus: group.status, role: p.role, joinedAt: p.confirmedAt, signs: group.signs }]
        : [],
      retention: { mode: 'anonymise-now', keepDays: 0, text: { sv: 'Dina uppgifter raderas direkt.', en: 'Your details are erased at once.' } },
    };
  }

  /** An address as enrolment stores it (the city null when none was given). */
  private static tidy(raw: unknown): Person['address'] {
    const a = raw as { street: string; number: string; postcode: string; city?: string | null };
    return { street: a.street, number: a.number, postcode: a.postcode, city: a.city ?? null };
  }

  private members(groupId: string): Person[] {
    return [...this.persons.values()].filter((p) => p.groupId === groupId);
  }

  private groupSummary(g: Group) {
    const members = this.members(g.id);
    const pending = g.nominations.filter((n) => n.status === 'pending');
    const pendingNominations = pending.map((n) => ({ nominationId: n.nominationId, personId: n.personId, name: this.persons.get(n.personId)?.name ?? null, nominatedAt: n.nominatedAt ?? new Date(0).toISOString() }));
    return { id: g.id, name: g.name, areaId: g.areaId, areaName: g.areaName, status: g.status, memberCount: members.length, contactPerson: null, deputies: [], waitingForPolice: pending.length > 0, pendingNominations, startMeetingDate: null, signsUp: false, householdCount: 40, followUp: g.followUp ?? null, activityCheck: null, coverage: { joined: members.length, declined: 0, households: 40, text: { sv: `${members.length} av 40 hushåll med`, en: `${members.length} of 40 households joined` } } };
  }

  /** The contract route of each request being answered (for `json`). */
  private readonly routes = new WeakMap<ServerResponse, RouteContract>();

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const path = url.pathname;
    const route = routeMatching(enrolment.enrolmentRoutes, req.method, path);
    if (route) this.routes.set(res, route);
    const body = req.method === 'GET' ? {} : await this.readJson(req);
    let match: RegExpExecArray | null;

    if (path === '/health/ready' || path === '/health/live') return this.json(res, 200, { status: 'ok' });

    if (req.method === 'POST' && path === '/registrations') {
      this.received.push(body);
      const b = body as Record<string, unknown>;
      if (typeof b['name'] !== 'string' || typeof b['email'] !== 'string') return this.json(res, 400, { error: 'validation_failed', fields: [{ field: 'name', code: 'required', message: 'Namn krävs' }] });
      const existing = [...this.persons.values()].find((p) => p.email === String(b['email']).toLowerCase() && p.municipalityId === b['municipalityId']);
      const person = existing ?? this.newPerson(b);
      const token = randomBytes(32).toString('base64url');
      this.confirmationTokens.set(token, { personId: person.personId, used: false });
      await this.mail(person, `${this.publicBaseUrl}/${person.municipalityId}/grannsamverkan/bekrafta/${token}`);
      return this.json(res, 202, { status: 'submitted' });
    }

    if (req.method === 'POST' && path === '/confirmations') {
      const b = body as { municipalityId?: string; token?: string };
      const entry = b.token ? this.confirmationTokens.get(b.token) : undefined;
      const person = entry ? this.persons.get(entry.personId) : undefined;
      if (!entry || !person || person.municipalityId !== b.municipalityId) return this.json(res, 404, { error: 'token_invalid' });
      if (entry.used) return this.json(res, 410, { error: 'token_used' });
      entry.used = true;
      const placement = this.confirmPerson(person);
      return this.json(res, 200, { status: 'confirmed', language: person.language, intent: person.intent, placement });
    }

    if ((match = /^\/activity-checks(?:\/([^/]+))?$/.exec(path))) {
      const token = req.method === 'GET' ? decodeURIComponent(match[1] ?? '') : String((body as { token?: unknown }).token ?? '');
      const entry = this.activityTokens.get(token);
      const group = entry ? this.groups.get(entry.groupId) : undefined;
      const m = req.method === 'GET' ? url.searchParams.get('municipalityId') : (body as { municipalityId?: string }).municipalityId;
      if (!entry || !group || group.municipalityId !== m) return this.json(res, 404, { error: 'token_invalid' });
      if (req.method === 'GET') return this.json(res, 200, { group: { id: group.id, name: group.name }, answered: !!entry.answer });
      if (entry.answer) return this.json(res, 410, { error: 'token_used' });
      const answer = String((body as { answer?: unknown }).answer);
      if (!['active', 'active-list-outdated', 'not-active'].includes(answer)) return this.json(res, 400, { error: 'validation_failed', fields: [{ field: 'answer', message: 'invalid' }] });
      entry.answer = answer;
      return this.json(res, 200, { status: 'recorded', answer, group: { id: group.id, name: group.name } });
    }

    if ((match = /^\/self-service\/([^/]+)\/(signs\/([^/]+)\/report|groups\/([^/]+)\/(households(?:\/([^/]+))?|hand-over))$/.exec(path))) {
      const personId = this.selfServiceTokens.get(decodeURIComponent(match[1]!));
      const person = personId ? this.persons.get(personId) : undefined;
      if (!person) return this.json(res, 404, { error: 'token_invalid' });
      const group = person.groupId ? this.groups.get(person.groupId) : undefined;
      if (match[3]) {
        const sign = group?.signs.find((x) => x.id === match![3]);
        if (!sign) return this.json(res, 400, { error: 'validation_failed', fields: [{ field: 'signId', code: 'unknown_sign', message: 'Okänd skylt' }] });
        sign.condition = String((body as { kind?: unknown }).kind);
        sign.lastReport = { at: new Date().toISOString(), kind: sign.condition, note: typeof (body as { note?: unknown }).note === 'string' ? String((body as { note: string }).note) : null };
        return this.json(res, 200, { condition: sign.condition });
      }
      if (!group || group.id !== match[4]) return this.json(res, 400, { error: 'validation_failed', fields: [{ field: 'groupId', code: 'unknown_group', message: 'Okänd grupp' }] });
      if (person.role === 'member') return this.json(res, 409, { error: 'not_contact_person' });
      if (match[5] === 'hand-over') {
        const to = this.members(group.id).find((m) => m.personId === (body as { toMemberId?: unknown }).toMemberId);
        if (!to) return this.json(res, 400, { error: 'validation_failed', fields: [{ field: 'toMemberId', code: 'unknown_member', message: 'Okänd medlem' }] });
        const outcome = to.role === 'deputy' ? 'handed-over' : 'nominated';
        if (outcome === 'handed-over') [to.role, person.role] = ['contact-person', 'member'];
        return this.json(res, 200, { outcome });
      }
      if (match[6] && req.method === 'DELETE') {
        group.declined = group.declined.filter((h) => h.id !== match![6]);
        res.writeHead(204).end();
        return;
      }
      if (req.method === 'POST') {
        const id = randomUUID();
        group.declined.push({ id, address: (body as { address: Group['declined'][number]['address'] }).address });
        return this.json(res, 201, { id });
      }
      const members = this.members(group.id);
      const visible = members.filter((m) => !m.protectedIdentity);
      return this.json(res, 200, {
        group: { id: group.id, name: group.name, status: group.status, coverage: { joined: members.length, declined: group.declined.length, households: 40, text: { sv: `${members.length} av 40 hushåll med, ${group.declined.length} har tackat nej`, en: `${members.length} of 40 households joined, ${group.declined.length} declined` } } },
        members: visible.map((m) => ({ memberId: m.personId, personId: m.personId, name: m.name, address: m.address, role: m.role, joinedAt: m.confirmedAt, emailNotWorking: m.emailNotWorkingSince !== null })),
        hiddenMembers: members.length - visible.length,
        declinedHouseholds: group.declined,
      });
    }

    if ((match = /^\/self-service\/([^/]+)(\/leave|\/erase)?$/.exec(path))) {
      const personId = this.selfServiceTokens.get(decodeURIComponent(match[1]!));
      const person = personId ? this.persons.get(personId) : undefined;
      if (!personId) return this.json(res, 404, { error: 'token_invalid' });
      if (!person) return this.json(res, 404, { error: 'not_found' });
      if (req.method === 'GET' && !match[2]) return this.json(res, 200, this.view(person));
      if (req.method === 'PATCH' && !match[2]) {
        const b = body as Record<string, unknown>;
        for (const key of ['name', 'email', 'mobile', 'smsOptIn', 'emailUpdates', 'protectedIdentity', 'address'] as const) {
          if (key in b) (person as unknown as Record<string, unknown>)[key] = key === 'address' ? FakeEnrolment.tidy(b[key]) : b[key];
        }
        return this.json(res, 200, this.view(person));
      }
      if (req.method === 'POST' && match[2] === '/leave') {
        const left = person.groupId ? [person.groupId] : [];
        person.groupId = null;
        return this.json(res, 200, { left });
      }
      if (req.method === 'POST' && match[2] === '/erase') {
        this.persons.delete(person.personId);
        return this.json(res, 200, { status: 'erased', mode: 'anonymise-now', anonymiseAt: new Date().toISOString() });
      }
    }

    if ((match = /^\/staff\/([^/]+)(\/.*)$/.exec(path))) {
      const m = decodeURIComponent(match[1]!);
      const rest = match[2]!;
      // Like enrolment: the bearer token decides who calls (here a coordinator token per municipality, tokenFor).
      const authorization = req.headers['authorization'];
      if (!authorization?.startsWith('Bearer ')) return this.json(res, 401, { error: 'unauthenticated' });
      if (authorization !== `Bearer ${this.tokenFor(m)}`) return this.json(res, 403, { error: 'forbidden' });
      const persons = [...this.persons.values()].filter((p) => p.municipalityId === m);
      const groups = [...this.groups.values()].filter((g) => g.municipalityId === m);
      if (rest === '/triage') {
        const items = persons.filter((p) => p.status === 'triage').map((p) => ({ registrationId: p.registrationId, personId: p.personId, name: p.protectedIdentity ? null : p.name, email: p.protectedIdentity ? null : p.email, mobile: p.protectedIdentity ? null : p.mobile, address: p.address, intent: p.intent, protectedIdentity: p.protectedIdentity, submittedAt: p.submittedAt, confirmedAt: p.confirmedAt }));
        return this.json(res, 200, { items });
      }
      if ((match = /^\/triage\/([^/]+)\/place$/.exec(rest))) {
        const person = persons.find((p) => p.registrationId === match![1]);
        if (!person) return this.json(res, 404, { error: 'not_found' });
        person.address = { ...person.address, postcode: '449 30' };
        return this.json(res, 200, this.confirmPerson(person));
      }
      if (rest === '/areas') {
        return this.json(res, 200, { areas: [{ id: 'centrum', name: 'Centrum', householdCount: 40, groupCount: groups.length, coverage: { joined: persons.length, declined: 0, households: 40, text: { sv: `${persons.length} av 40 hushåll med`, en: `${persons.length} of 40 households joined` } } }] });
      }
      if (rest === '/groups') {
        const status = url.searchParams.get('status');
        return this.json(res, 200, { groups: groups.filter((g) => !status || g.status === status).map((g) => this.groupSummary(g)) });
      }
      if (rest === '/signs/replacements' && req.method === 'GET') {
        const items = groups.flatMap((g) => g.signs.filter((x) => x.condition !== 'ok').map((x) => ({ groupId: g.id, groupName: g.name, areaId: g.areaId, areaName: g.areaName, ...x })));
        return this.json(res, 200, { items });
      }
      if ((match = /^\/groups\/([^/]+)\/signs(?:\/([^/]+))?$/.exec(rest))) {
        const group = groups.find((g) => g.id === match![1]);
        if (!group) return this.json(res, 404, { error: 'not_found' });
        const b = body as { place?: unknown; putUpAt?: unknown; condition?: unknown };
        if (req.method === 'PATCH' && match[2]) {
          const sign = group.signs.find((x) => x.id === match![2]);
          if (!sign) return this.json(res, 404, { error: 'not_found' });
          if (b.condition === 'ok') sign.condition = 'ok';
          return this.json(res, 200, sign);
        }
        if (req.method !== 'POST' || match[2]) return this.json(res, 404, { error: 'not_found' });
        if (typeof b.place !== 'string' || !b.place.trim()) return this.json(res, 400, { error: 'validation_failed', fields: [{ field: 'place', code: 'required', message: 'Platsen: fyll i' }] });
        if (group.status !== 'active') return this.json(res, 409, { error: 'signs_need_active_group', message: 'signs are only put up for active groups' });
        const sign = { id: randomUUID(), place: b.place, putUpAt: typeof b.putUpAt === 'string' ? b.putUpAt : null, condition: 'ok', lastReport: null };
        group.signs.push(sign);
        return this.json(res, 201, sign);
      }
      if (rest === '/import' && req.method === 'POST') {
        return this.importCsv(res, m, String((body as { csv?: unknown }).csv ?? ''), url.searchParams.get('dryRun') !== 'false');
      }
      if ((match = /^\/groups\/([^/]+)(\/members\.csv)?$/.exec(rest))) {
        const group = groups.find((g) => g.id === match![1]);
        if (!group) return this.json(res, 404, { error: 'not_found' });
        const members = this.members(group.id);
        if (match[2]) {
          const rows = [['Namn', 'E-post', 'Mobil', 'Gatuadress', 'Postnummer', 'Ort', 'Roll', 'Gick med', 'E-post fungerar inte'], ...members.filter((p) => !p.protectedIdentity).map((p) => [p.name, p.email, p.mobile ?? '', `${p.address.street} ${p.address.number}`, p.address.postcode, p.address.city ?? '', 'Medlem', (p.confirmedAt ?? '').slice(0, 10), p.emailNotWorkingSince ? 'ja' : ''])];
          res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="grupp-centrum-1.csv"' });
          res.end(`\ufeff${rows.map((r) => r.join(';')).join('\r\n')}\r\n`);
          return;
        }
        const visible = members.filter((p) => !p.protectedIdentity);
        return this.json(res, 200, {
          ...this.groupSummary(group),
          members: visible.map((p) => ({ memberId: p.personId, personId: p.personId, name: p.name, email: p.email, mobile: p.mobile, protectedIdentity: false, address: p.address, role: 'member', joinedAt: p.confirmedAt, emailNotWorkingSince: p.emailNotWorkingSince })),
          hiddenMembers: members.length - visible.length,
          signs: group.signs,
          households: [{ id: 'h1', address: { street: 'Storgatan', number: '9', postcode: '449 30' }, status: 'declined' }],
          nominations: group.nominations.map((n) => ({ nominationId: n.nominationId, personId: n.personId, name: n.name !== undefined ? n.name : (this.persons.get(n.personId)?.name ?? null), status: n.status, reason: n.reason ?? null })),
          history: group.history,
        });
      }
    }
    this.json(res, 404, { error: 'not_found' });
  }

  /** A small imitation of enrolment's import: header row required, `omrade` must be Centrum, natural key group+email. */
  private importCsv(res: ServerResponse, municipalityId: string, csv: string, dryRun: boolean): void {
    const lines = csv.split(/\r?\n/);
    if (!lines[0]?.startsWith('omrade')) return this.json(res, 400, { error: 'validation_failed', fields: [{ field: 'csv', code: 'missing_header', message: 'Rubrikraden saknas' }] });
    const rejected: Array<{ row: number; reason: string }> = [];
    let accepted = 0;
    let skippedExisting = 0;
    const created = { groups: 0, members: 0, contactPersons: 0 };
    const newGroups = new Set<string>();
    lines.slice(1).forEach((line, i) => {
      if (!line.trim()) return;
      const [area, group, role, name, email] = line.split(/[;,]/).map((c) => c.trim());
      if (area !== 'Centrum' && area !== 'centrum') return void rejected.push({ row: i + 2, reason: `okänt område "${area ?? ''}"` });
      if (!name) return void rejected.push({ row: i + 2, reason: 'namn saknas' });
      accepted++;
      const key = `${municipalityId}|${group}|${email || name}`;
      if (this.imported.has(key)) return void skippedExisting++;
      if (![...this.imported].some((k) => k.startsWith(`${municipalityId}|${group}|`)) && !newGroups.has(String(group))) {
        newGroups.add(String(group));
        created.groups++;
      }
      created.members++;
      if (role === 'kontaktombud') created.contactPersons++;
      if (!dryRun) this.imported.add(key);
    });
    this.json(res, 200, { dryRun, accepted, rejected, created, skippedExisting });
  }

  private async mail(person: Person, link: string): Promise<void> {
    await createTransport(this.smtpUrl).sendMail({
      from: 'no-reply@web-fake.example',
      to: person.email,
      subject: 'Bekräfta din anmälan till grannsamverkan',
      text: `Hej ${person.name}!\n\nBekräfta din anmälan: ${link}\n`,
    });
  }

  private async readJson(req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    try {
      return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    } catch {
      return {};
    }
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    const answer = checkedAnswer(this.routes.get(res), status, body);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer));
  }
}
