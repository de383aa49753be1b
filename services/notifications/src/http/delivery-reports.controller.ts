import { createHash, timingSafeEqual } from 'node:crypto';
import { Body, Controller, HttpCode, HttpException, HttpStatus, Inject, Param, Post } from '@nestjs/common';
import type { z } from 'zod';
import { notifications } from '@trygg/http-contracts';
import { type Logger, LOGGER } from '@trygg/observability';
import { parseInput } from '@trygg/service-kit';
import { RecordDeliveryReport } from '../application/record-delivery-report';
import { DELIVERY_REPORT_SECRET } from './tokens';

/** 46elks-style delivery report: form fields id, status (delivered|failed), delivered (time). */
const report = notifications.receiveDeliveryReport.body;

/**
 * Constant time whatever is given: both sides are hashed to 32 bytes first, so neither the length nor the first
 * differing byte of a guess changes how long the comparison takes.
 */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * POST /sms/delivery-reports/:secret — the URL given to the provider as `whendelivered`. Wrong secret → 401;
 * malformed report → 400, both logged; otherwise 204, also for an id we never sent (the
 * provider retries non-2xx for hours).
 */
@Controller('sms/delivery-reports')
export class DeliveryReportsController {
  constructor(
    private readonly record: RecordDeliveryReport,
    @Inject(DELIVERY_REPORT_SECRET) private readonly secret: string,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Post(':secret')
  @HttpCode(204)
  async receive(@Param('secret') secret: string, @Body() body: unknown): Promise<void> {
    if (!sameSecret(secret, this.secret)) {
      this.logger.warn('SMS delivery report with a wrong secret: refused (401)');
      throw new HttpException({ statusCode: 401, error: 'unauthorised' }, HttpStatus.UNAUTHORIZED);
    }
    let r: z.infer<typeof report>;
    try {
      r = parseInput(report, body);
    } catch (error) {
      this.logger.warn({ fields: Object.keys((body ?? {}) as object) }, 'malformed SMS delivery report: refused (400)');
      throw error;
    }
    const at = r.delivered ? new Date(r.delivered.replace(' ', 'T') + (/[zZ]|[+-]\d\d:?\d\d$/.test(r.delivered) ? '' : 'Z')) : new Date();
    await this.record.execute({ providerMessageId: r.id, status: r.status, at: Number.isNaN(at.getTime()) ? new Date() : at });
  }
}
