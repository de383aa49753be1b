import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { ReadinessRegistry, withTimeout } from './readiness';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly checks: ReadinessRegistry,
  ) {}

  /** The process is alive (restart it if not). Never depends on other systems. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /** The process can do its work: every dependency answers. 503 with the failing ones named otherwise. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check(
      this.checks.all().map((c) => async () => {
        const indicator = this.indicators.check(c.name);
        try {
          await withTimeout(c.check(), 2000, c.name);
          return indicator.up();
        } catch (error) {
          return indicator.down({ message: (error as Error).message });
        }
      }),
    );
  }
}
