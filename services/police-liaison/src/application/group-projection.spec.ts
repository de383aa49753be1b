import { InMemoryGroupProjection, InMemoryObservations } from '../../test/fakes';
import { activeContactPersons, applyGroupFact, forgetPerson, type GroupFact, groupFigures, newGroup, type ProjectedGroup } from '../domain/group-projection';
import { ProjectGroups } from './project-groups';
import { ShowOverview } from './show-overview';

const GROUP = '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2b01';
const ANNA = '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2b11';
const BO = '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2b12';
const N_ANNA = '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2b21';
const N_BO = '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2b22';
const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 10, minute)).toISOString();

const joined = (m: number): GroupFact => ({ kind: 'member-joined', at: at(m), areaId: 'centrum' });
const nominated = (m: number, nominationId = N_ANNA, personId = ANNA): GroupFact => ({ kind: 'nominated', at: at(m), areaId: 'centrum', policeAreaId: 'lpo-trollhattan', nominationId, personId });
const approved = (m: number, nominationId = N_ANNA): GroupFact => ({ kind: 'nomination-decided', at: at(m), nominationId, outcome: 'approved' });
const activated = (m: number, personId = ANNA): GroupFact => ({ kind: 'activated', at: at(m), areaId: 'centrum', contactPersonId: personId });
const revoked = (m: number, nominationId = N_ANNA, personId = ANNA): GroupFact => ({ kind: 'revoked', at: at(m), nominationId, personId });
const snapshot = (m: number, status: ProjectedGroup['status'] & string, contactPersonIds: string[]): GroupFact => ({ kind: 'snapshot', at: at(m), areaId: 'centrum', status, contactPersonIds });

const project = (facts: GroupFact[]) => facts.reduce(applyGroupFact, newGroup(GROUP, 'lilla-edet'));
const summary = (g: ProjectedGroup) => ({ status: g.status, active: activeContactPersons(g).sort() });

/** Every order of the facts (permutations). */
function orders<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => orders([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

describe('the groups projection: rules (domain/group-projection.ts)', () => {
  it('follows a group from forming through awaiting approval to active, with its contact person', () => {
    expect(summary(project([joined(0)]))).toEqual({ status: 'forming', active: [] });
    expect(summary(project([joined(0), nominated(1)]))).toEqual({ status: 'awaiting-approval', active: [] });
    expect(summary(project([joined(0), nominated(1), approved(2)]))).toEqual({ status: 'active', active: [ANNA] });
    expect(summary(project([joined(0), nominated(1), approved(2), activated(2)]))).toEqual({ status: 'active', active: [ANNA] });
  });

  it('gives the same group whatever order the events arrive in (newest wins by occurredAt; a decision before its nomination is parked)', async () => {
    const facts = [joined(0), nominated(1), approved(3), activated(3), nominated(4, N_BO, BO), approved(5, N_BO), revoked(6)];
    const expected = summary(project(facts));
    expect(expected).toEqual({ status: 'active', active: [BO] });
    for (const order of orders(facts)) {
      const store = new InMemoryGroupProjection();
      const groups = new ProjectGroups(store, { policeAreaOf: () => 'lpo-trollhattan' });
      for (const fact of order) {
        if (fact.kind === 'nomination-decided' || fact.kind === 'revoked') await groups.nominationFact(fact);
        else await groups.groupFact('lilla-edet', GROUP, fact);
      }
      expect([order.map((f) => f.kind), summary(store.byId.get(GROUP)!)]).toEqual([order.map((f) => f.kind), expected]);
    }
  }, 60_000); // 5,040 orders

  it('a revocation deactivates the contact person; a group whose only contact person it was has none', () => {
    const group = project([joined(0), nominated(1), approved(2), activated(2), revoked(9)]);
    expect(summary(group)).toEqual({ status: 'active', active: [] });
    expect(groupFigures([group])).toMatchObject({ activeContactPersons: 0, groupsWithoutContactPerson: 1 });
  });

  it('a rejected nomination sends a group waiting for approval back to forming; a member who leaves leaves the role', () => {
    expect(summary(project([joined(0), nominated(1), { kind: 'nomination-decided', at: at(2), nominationId: N_ANNA, outcome: 'rejected' }]))).toEqual({ status: 'forming', active: [] });
    expect(summary(project([joined(0), nominated(1), approved(2), { kind: 'member-left', at: at(3), personId: ANNA }]))).toEqual({ status: 'active', active: [] });
  });

  it('takes the status-changed snapshot as the state at its time: paused, closed, deputies; older facts change nothing after it', () => {
    const paused = project([joined(0), nominated(1), approved(2), snapshot(5, 'paused', [ANNA, BO])]);
    expect(summary(paused)).toEqual({ status: 'paused', active: [ANNA, BO] });
    // A late, older activation or revocation does not undo the snapshot.
    expect(summary(applyGroupFact(applyGroupFact(paused, activated(3)), revoked(4)))).toEqual({ status: 'paused', active: [ANNA, BO] });
    // A newer revocation does.
    expect(summary(applyGroupFact(paused, revoked(6)))).toEqual({ status: 'paused', active: [BO] });
    // A newer snapshot replaces the set.
    expect(summary(applyGroupFact(paused, snapshot(7, 'closed', [])))).toEqual({ status: 'closed', active: [] });
  });

  it('is idempotent: the same fact twice changes nothing', () => {
    const facts = [joined(0), nominated(1), approved(2), snapshot(3, 'active', [ANNA]), revoked(4)];
    const once = project(facts);
    expect(project([...facts, ...facts])).toEqual(once);
  });

  it('counts groups by status, distinct active contact persons and groups without one — closed groups need none', () => {
    const g = (id: string, facts: GroupFact[]) => facts.reduce(applyGroupFact, newGroup(id, 'lilla-edet'));
    const figures = groupFigures([
      g('a', [snapshot(1, 'active', [ANNA, BO])]),
      g('b', [snapshot(1, 'active', [ANNA])]),
      g('c', [snapshot(1, 'paused', [])]),
      g('d', [snapshot(1, 'closed', [])]),
      g('e', [joined(1)]),
      g('f', [{ kind: 'member-left', at: at(1), personId: BO }]), // no status known: not counted
    ]);
    expect(figures).toEqual({ byStatus: { forming: 1, 'awaiting-approval': 0, active: 2, paused: 1, closed: 1 }, activeContactPersons: 2, groupsWithoutContactPerson: 2 });
  });

  it('forgets an erased person: their contact-person state and their nominations\' link to them', () => {
    const group = project([joined(0), nominated(1), approved(2), nominated(3, N_BO, BO), approved(4, N_BO)]);
    const { group: forgotten, changed } = forgetPerson(group, ANNA);
    expect(changed).toBe(true);
    expect(JSON.stringify(forgotten)).not.toContain(ANNA);
    expect(activeContactPersons(forgotten)).toEqual([BO]);
    expect(forgetPerson(forgotten, ANNA).changed).toBe(false);
  });
});

describe('the groups projection: ProjectGroups and the overview', () => {
  const areas = { policeAreaOf: (m: string) => (m === 'lilla-edet' ? 'lpo-trollhattan' : undefined) };

  it('places a group by its area when no nomination names a police area, and parks a decision that comes before its nomination', async () => {
    const store = new InMemoryGroupProjection();
    const groups = new ProjectGroups(store, areas);
    await groups.groupFact('lilla-edet', GROUP, joined(0));
    expect(store.byId.get(GROUP)).toMatchObject({ policeAreaId: 'lpo-trollhattan', status: 'forming' });
    // onboarding.completed (approved) before contact-person-nominated: parked, then applied.
    await groups.nominationFact({ kind: 'nomination-decided', at: at(3), nominationId: N_ANNA, outcome: 'approved' });
    expect(store.parked.get(N_ANNA)).toHaveLength(1);
    await groups.groupFact('lilla-edet', GROUP, nominated(1));
    expect(store.parked.has(N_ANNA)).toBe(false);
    expect(summary(store.byId.get(GROUP)!)).toEqual({ status: 'active', active: [ANNA] });
  });

  it('the overview counts the area\'s groups and unread observations per municipality and in total', async () => {
    const store = new InMemoryGroupProjection();
    const groups = new ProjectGroups(store, areas);
    await groups.groupFact('lilla-edet', GROUP, snapshot(1, 'active', [ANNA]));
    await groups.groupFact('lilla-edet', '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2b02', joined(1));
    const observations = new InMemoryObservations();
    const observation = (id: string, status: 'open' | 'read') =>
      ({ id, municipalityId: 'lilla-edet', policeAreaId: 'lpo-trollhattan', groupId: GROUP, areaId: 'centrum', reporterId: ANNA, occurredAt: at(0), receivedAt: at(0), place: { kind: 'address', address: 'Storgatan 1' }, activity: 'vandalism', description: 'Krossad ruta', status, readAt: null, readBy: null, answer: null }) as const;
    await observations.insert({ ...observation('o1', 'open') }, []);
    await observations.insert({ ...observation('o2', 'read') }, []);
    const targets = { targetDaysOf: () => 14, timeZoneOf: () => 'Europe/Stockholm' };
    const cases = { pending: async () => [], decidedSince: async () => [] };
    const overview = await new ShowOverview(cases, targets, store, observations).execute('lpo-trollhattan', ['lilla-edet', 'trollhattan']);
    const lillaEdet = { byStatus: { forming: 1, 'awaiting-approval': 0, active: 1, paused: 0, closed: 0 }, activeContactPersons: 1, groupsWithoutContactPerson: 1, openObservations: 1 };
    expect(overview.groups).toEqual({
      municipalities: [
        { municipalityId: 'lilla-edet', ...lillaEdet },
        { municipalityId: 'trollhattan', byStatus: { forming: 0, 'awaiting-approval': 0, active: 0, paused: 0, closed: 0 }, activeContactPersons: 0, groupsWithoutContactPerson: 0, openObservations: 0 },
      ],
      total: lillaEdet,
    });
  });
});
