/** Something /health/ready asks: it throws (with a reason) when the dependency is not usable. */
export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<void>;
}

/**
 * What /health/ready asks. A provider that is a dependency of the service's work adds itself (or the module's
 * factory adds it) with `add`, e.g. a Redis connection or the event consumer.
 */
export class ReadinessRegistry {
  private readonly checks: ReadinessCheck[];

  constructor(initial: ReadinessCheck[] = []) {
    this.checks = [...initial];
  }

  add<T extends ReadinessCheck>(check: T): T {
    if (!this.checks.includes(check)) this.checks.push(check);
    return check;
  }

  all(): readonly ReadinessCheck[] {
    return this.checks;
  }
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}
