import { monthReport, monthWindow, walkMinutes } from './month-report';
import type { Walk } from './walk';
import type { WalkReport } from './walk-report';

const walk = (id: string, startsAt: string, over: Partial<Walk> = {}): Walk => ({
  id,
  municipalityId: 'ale',
  organisationId: 'kyrkan',
  seriesId: null,
  startsAt,
  endsAt: new Date(Date.parse(startsAt) + 4 * 3_600_000).toISOString(),
  meetingPoint: 'Busstationen',
  minWalkers: 2,
  maxWalkers: 4,
  status: 'scheduled',
  bookings: [],
  log: [],
  debrief: null,
  understaffedAt: null,
  cancellation: null,
  createdAt: '2027-01-01T00:00:00Z',
  createdBy: 'idp#c',
  ...over,
});
const report = (id: string, volunteerId: string, people: [number, number, number, number], places: WalkReport['unsafePlaces'] = [], incidents = 0): WalkReport => ({
  reportId: id,
  volunteerId,
  reportedAt: '2027-03-06T01:00:00Z',
  peopleMet: { children: people[0], youth: people[1], adults: people[2], elderly: people[3] },
  incidents: { count: incidents, description: 'Namn Namnsson bråkade' },
  unsafePlaces: places,
  followUp: 'Ring Kalle',
});
const log = (v: string, from: string, to: string) => [
  { volunteerId: v, kind: 'check-in' as const, at: from },
  { volunteerId: v, kind: 'check-out' as const, at: to },
];

describe('the walks\' monthly report', () => {
  const march = [
    // Friday 5 March 21:00 local (20:00Z): two walkers, 4 h and 3.5 h, two reports
    walk('w1', '2027-03-05T20:00:00Z', {
      log: [...log('a', '2027-03-05T20:00:00Z', '2027-03-06T00:00:00Z'), ...log('b', '2027-03-05T20:30:00Z', '2027-03-06T00:00:00Z')],
      reports: [
        report('r1', 'a', [0, 12, 4, 1], [{ place: 'Gångtunneln vid stationen', point: null, category: 'lighting', description: 'Två lampor trasiga' }], 1),
        report('r2', 'b', [1, 8, 2, 0], [{ place: null, point: { lat: 57.96, lng: 12.12 }, category: 'other', description: null }]),
      ],
      promotions: [{ reportId: 'r1', index: 0, findingId: 'f-1', roundId: 'round-1', promotedAt: '2027-03-07T10:00:00Z', promotedBy: 'idp#c' }],
    }),
    // cancelled: counts as a walk, not held, its (impossible) report figures ignored
    walk('w2', '2027-03-12T20:00:00Z', { status: 'cancelled', reports: [report('r3', 'c', [9, 9, 9, 9])] }),
    // debriefed without check-ins: held, no hours
    walk('w3', '2027-03-19T20:00:00Z', { status: 'held', debrief: 'Lugnt' }),
    // 31 March 23:30 local is 21:30Z (summer time from 28 March): still March
    walk('w4', '2027-03-31T21:30:00Z', { log: [{ volunteerId: 'a', kind: 'check-in', at: '2027-03-31T21:30:00Z' }] }),
    // 1 April 00:30 local = 31 March 22:30Z: April's
    walk('w5', '2027-03-31T22:30:00Z', { status: 'held' }),
    // 28 February 23:30Z = 1 March 00:30 local: March's
    walk('w0', '2027-02-28T23:30:00Z'),
  ];

  it('counts walks held, volunteer hours, people met by age group and the places, per walk and for the month', () => {
    const r = monthReport(march, '2027-03', 'Europe/Stockholm');
    expect(r.walks.map((w) => w.walkId)).toEqual(['w0', 'w1', 'w2', 'w3', 'w4']);
    const w1 = r.walks[1]!;
    expect(w1).toMatchObject({ localDate: '2027-03-05', localStartTime: '21:00', held: true, walkers: 2, volunteerMinutes: 450, reports: 2, incidents: 1, peopleMet: { children: 1, youth: 20, adults: 6, elderly: 1, total: 28 } });
    expect(w1.places).toEqual([
      { reportId: 'r1', index: 0, place: 'Gångtunneln vid stationen', point: null, category: 'lighting', findingId: 'f-1' },
      { reportId: 'r2', index: 0, place: null, point: { lat: 57.96, lng: 12.12 }, category: 'other', findingId: null },
    ]);
    expect(r.walks[2]).toMatchObject({ status: 'cancelled', held: false, reports: 0, peopleMet: { total: 0 }, places: [] });
    expect(r.walks[3]).toMatchObject({ held: true, volunteerMinutes: 0 });
    expect(r.walks[4]).toMatchObject({ held: true, walkers: 1, volunteerMinutes: 0 });
    expect(r.totals).toEqual({ walks: 5, held: 3, cancelled: 1, volunteerMinutes: 450, reports: 2, peopleMet: { children: 1, youth: 20, adults: 6, elderly: 1, total: 28 }, incidents: 1, places: 2 });
  });

  it('says nothing of walkers or free texts', () => {
    const text = JSON.stringify(monthReport(march, '2027-03', 'Europe/Stockholm'));
    for (const secret of ['Namnsson', 'Kalle', 'Två lampor', '"a"', 'volunteerId']) expect(text).not.toContain(secret);
  });

  it('an empty month is all zeros; the window has a day of margin each side', () => {
    expect(monthReport(march, '2027-05', 'Europe/Stockholm').totals).toMatchObject({ walks: 0, held: 0, volunteerMinutes: 0, places: 0, peopleMet: { total: 0 } });
    expect(monthWindow('2027-03')).toEqual({ from: new Date('2027-02-28T00:00:00Z'), to: new Date('2027-04-02T00:00:00Z') });
    expect(monthWindow('2027-12').to).toEqual(new Date('2028-01-02T00:00:00Z'));
  });

  it('volunteer minutes pair each check-in with the same walker\'s next check-out', () => {
    expect(walkMinutes([...log('a', '2027-03-05T20:00:00Z', '2027-03-05T21:00:00Z'), { volunteerId: 'b', kind: 'check-in', at: '2027-03-05T20:00:00Z' }])).toEqual({ minutes: 60, walkers: 2 });
    expect(walkMinutes([{ volunteerId: 'a', kind: 'check-out', at: '2027-03-05T20:00:00Z' }])).toEqual({ minutes: 0, walkers: 0 });
  });
});
