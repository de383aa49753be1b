import type { Instance, StepState } from './engine';
import { median, processStats } from './stats';

const step = (id: string, status: StepState['status'], requested: string | null, answered: string | null): StepState => ({
  id, type: 't', status, attempt: 1, firstRequestedAt: requested, waitingSince: null, answeredAt: answered, remindersSent: 0, outcome: null, reason: null, actor: null, evidence: null,
});
const instance = (status: Instance['status'], currentStepId: string | null, steps: StepState[]): Instance => ({
  id: 'i', municipalityId: 'm', kind: 'member', processVersion: 1, subject: { kind: 'member', id: 's', personId: 'p' }, subjectFields: {}, policeAreaId: null,
  status, currentStepId, steps, timeline: [], startedAt: '2026-01-01T00:00:00Z', completedAt: null,
});
const h = (hours: number) => new Date(Date.UTC(2026, 0, 1, hours)).toISOString();

describe('process statistics', () => {
  it('counts the instances waiting at each step and the median time from first request to answer', () => {
    const stats = processStats(['a', 'b'], [
      instance('running', 'a', [step('a', 'waiting', h(0), null), step('b', 'pending', null, null)]),
      instance('running', 'b', [step('a', 'approved', h(0), h(2)), step('b', 'needs-info', h(2), null)]),
      instance('approved', null, [step('a', 'approved', h(0), h(4)), step('b', 'approved', h(4), h(5))]),
      instance('rejected', null, [step('a', 'rejected', h(0), h(10)), step('b', 'pending', null, null)]),
    ]);
    expect(stats.instances).toEqual({ running: 2, approved: 1, rejected: 1, withdrawn: 0 });
    expect(stats.steps).toEqual([
      { stepId: 'a', waiting: 1, medianMs: 4 * 3_600_000, answered: 3 },
      { stepId: 'b', waiting: 1, medianMs: 3_600_000, answered: 1 },
    ]);
  });

  it('has a median of the middle value, the mean of the two middle values, or null', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});
