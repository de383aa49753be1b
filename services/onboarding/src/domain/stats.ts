import type { Instance } from './engine';

export interface StepStats {
  stepId: string;
  /** Running instances waiting at this step now (for its actor or, after needs-info, for the subject). */
  waiting: number;
  /** Median time from the step's first request to its final answer, over the answered steps; null when none. */
  medianMs: number | null;
  answered: number;
}

/** Per step of one process version: how many wait there and the median time spent in it. */
export function processStats(stepIds: readonly string[], instances: readonly Instance[]): { instances: Record<string, number>; steps: StepStats[] } {
  const byStatus: Record<string, number> = { running: 0, approved: 0, rejected: 0, withdrawn: 0 };
  for (const i of instances) byStatus[i.status] = (byStatus[i.status] ?? 0) + 1;
  const steps = stepIds.map((stepId) => {
    let waiting = 0;
    const durations: number[] = [];
    for (const instance of instances) {
      const state = instance.steps.find((s) => s.id === stepId);
      if (!state) continue;
      if (instance.status === 'running' && instance.currentStepId === stepId) waiting++;
      if ((state.status === 'approved' || state.status === 'rejected') && state.firstRequestedAt && state.answeredAt) {
        durations.push(Date.parse(state.answeredAt) - Date.parse(state.firstRequestedAt));
      }
    }
    return { stepId, waiting, medianMs: median(durations), answered: durations.length };
  });
  return { instances: byStatus, steps };
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 ? upper : ((sorted[mid - 1] ?? 0) + upper) / 2;
}
