import type { Logger } from 'pino';
import { type Clock, systemClock } from '@trygg/values';
import type { StepWorkStore } from './ports';
import type { StepRequestBase, StepWork } from './step-work';

export interface ReceivePlan<TRequest extends StepRequestBase, TWork extends StepWork> {
  /** The step type this worker does; requests for other types are not ours. */
  stepType: string;
  /** The pending work for a request of our type (may throw, e.g. when the request cannot be placed). */
  open(request: TRequest, now: Date): TWork;
  /** Logged when new work was opened. */
  opened: { message: string; fields(work: TWork): Record<string, unknown> };
}

/** Keeps one pending piece of work per request of the worker's step type; a redelivered request opens nothing. */
export class ReceiveStepRequest<TRequest extends StepRequestBase, TWork extends StepWork> {
  constructor(
    private readonly store: StepWorkStore<TWork>,
    private readonly plan: ReceivePlan<TRequest, TWork>,
    private readonly logger: Logger,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(request: TRequest): Promise<TWork | undefined> {
    if (request.stepType !== this.plan.stepType) return undefined;
    const work = this.plan.open(request, this.clock());
    if (!(await this.store.insert(work))) return undefined;
    this.logger.info(this.plan.opened.fields(work), this.plan.opened.message);
    return work;
  }
}
