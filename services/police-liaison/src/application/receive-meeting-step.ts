import { createEvent, type EventEnvelope, OnboardingStepCompletedV1 } from '@trygg/contracts';
import type { StepRequestBase } from '@trygg/step-worker';
import { type Clock, systemClock } from '@trygg/values';
import type { StartMeeting } from '../domain/start-meeting';
import type { GroupDirectory, MeetingStep, MeetingStepStore, MeetingStore } from './start-meeting-ports';

/** The step type and parameter of a contact person's start meeting in the municipalities' processes. */
const MEETING_ATTENDANCE = 'meeting-attendance';

export type MeetingStepRequest = StepRequestBase & { parameters?: Record<string, unknown> };

/**
 * The answer to onboarding for a contact person recorded at their group's start meeting: approved, with the day of
 * the meeting (`evidence.meetingDate`), as whoever recorded the attendance (`police` or `staff`, their
 * `issuer#sub`). Onboarding accepts it only from police-liaison (its `builtInAnswerers`).
 */
export function stepCompletedFor(step: MeetingStep, meeting: StartMeeting, correlationId: string, now: Date): EventEnvelope {
  if (!meeting.attendance) throw new Error(`meeting ${meeting.id} is not held`);
  return createEvent(
    OnboardingStepCompletedV1,
    { municipalityId: step.municipalityId, correlationId, causationId: meeting.id },
    {
      instanceId: step.instanceId,
      stepId: step.stepId,
      stepType: MEETING_ATTENDANCE,
      attempt: step.attempt,
      outcome: 'approved',
      reason: null,
      actor: { kind: meeting.attendance.recordedByKind, id: meeting.attendance.recordedBy },
      evidence: { meetingDate: meeting.attendance.heldOn },
    },
    now,
  );
}

/**
 * Keeps each contact person's start-meeting step (`meeting-attendance` with `meeting: start`) that onboarding
 * requests, so recording the group's attendance answers it. A request that arrives after the person was already
 * recorded at a held meeting of their group is answered at once (in the same write as the stored step). Other step
 * requests are not ours here (police approvals: OpenCase).
 */
export class ReceiveMeetingStep {
  constructor(
    private readonly groups: GroupDirectory,
    private readonly meetings: MeetingStore,
    private readonly steps: MeetingStepStore,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(request: MeetingStepRequest): Promise<void> {
    if (request.stepType !== MEETING_ATTENDANCE || request.parameters?.['meeting'] !== 'start' || request.subject.kind !== 'contact-person') return;
    const { municipalityId, instanceId, stepId, attempt, subject } = request;
    const group = await this.groups.byNomination(subject.id);
    const held = group ? (await this.meetings.ofGroup(group.groupId)).find((m) => m.status === 'held' && m.attendance?.personIds.includes(subject.personId)) : undefined;
    const step: MeetingStep = {
      id: `${instanceId}:${stepId}:${attempt}`,
      municipalityId,
      instanceId,
      stepId,
      attempt,
      nominationId: subject.id,
      personId: subject.personId,
      status: held ? 'answered' : 'pending',
      answeredBy: held?.attendance?.recordedBy ?? null,
    };
    const now = this.clock();
    await this.steps.insert(step, held ? [stepCompletedFor(step, held, `start-meeting:${held.id}`, now)] : []);
  }
}
