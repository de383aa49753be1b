import { Controller, Inject, Optional } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type EventOf, OnboardingStepRequestedV1, ProtectedIdentityChangedV1, ResidentErasedV1, VolunteerErasedV1 } from '@trygg/contracts';
import { PermanentError } from '@trygg/messaging';
import type { StepWorkStore } from './ports';
import type { StepRequestBase, StepWork } from './step-work';
import type { ReceiveStepRequest } from './receive-step-request';

/** The worker's store (a `StepWorkStore`), bound by the service's module. */
export const STEP_WORK_STORE = Symbol('STEP_WORK_STORE');
/** The use case that keeps requests of the worker's step type (a `ReceiveStepRequest`), bound by the service's module. */
export const RECEIVE_STEP_REQUEST = Symbol('RECEIVE_STEP_REQUEST');
/** Errors of the receiving use case that retrying cannot fix (e.g. a request that cannot be placed): dead-lettered at once. */
export const STEP_WORKER_PERMANENT_ERRORS = Symbol('STEP_WORKER_PERMANENT_ERRORS');

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * A step worker's events: every step request is read and those of the worker's type are kept (the rest acknowledged
 * and ignored); erasure of a resident (enrolment.resident-erased.v1) or of a walker (volunteers.volunteer-erased.v1)
 * removes the person's subject fields, keeping ids and decisions (the audited record); a change of the person's
 * protected-identity flag (enrolment.protected-identity-changed.v1) sets it on all their work, so lists and pages follow it.
 * Declare it among the service's controllers and bind the two tokens above.
 */
@Controller()
export class StepWorkerEventsController {
  constructor(
    @Inject(RECEIVE_STEP_REQUEST) private readonly receive: Pick<ReceiveStepRequest<StepRequestBase, StepWork>, 'execute'>,
    @Inject(STEP_WORK_STORE) private readonly store: Pick<StepWorkStore<StepWork>, 'forgetPerson' | 'setProtectedIdentity'>,
    @Optional() @Inject(STEP_WORKER_PERMANENT_ERRORS) private readonly permanentErrors: readonly ErrorClass[] = [],
  ) {}

  @EventPattern(OnboardingStepRequestedV1.type)
  async stepRequested(@Payload() event: EventOf<typeof OnboardingStepRequestedV1>): Promise<void> {
    try {
      await this.receive.execute({ municipalityId: event.municipalityId, ...event.payload });
    } catch (error) {
      if (this.permanentErrors.some((type) => error instanceof type)) throw new PermanentError((error as Error).message);
      throw error;
    }
  }

  @EventPattern(ResidentErasedV1.type)
  async residentErased(@Payload() event: EventOf<typeof ResidentErasedV1>): Promise<void> {
    await this.store.forgetPerson(event.municipalityId, event.payload.personId);
  }

  @EventPattern(VolunteerErasedV1.type)
  async volunteerErased(@Payload() event: EventOf<typeof VolunteerErasedV1>): Promise<void> {
    await this.store.forgetPerson(event.municipalityId, event.payload.personId);
  }

  @EventPattern(ProtectedIdentityChangedV1.type)
  async protectedIdentityChanged(@Payload() event: EventOf<typeof ProtectedIdentityChangedV1>): Promise<void> {
    await this.store.setProtectedIdentity(event.municipalityId, event.payload.personId, event.payload.protectedIdentity);
  }
}
