import { Module } from '@nestjs/common';
import { AuditRecordsController } from '@trygg/service-kit';
import { PersistenceModule } from './persistence.module';

/**
 * The audit trail for an admin or the municipality's data-protection officer (`GET /audit`, by subject or actor):
 * libs/service-kit's AuditRecordsController over the trail PersistenceModule provides as `AUDIT_RECORDS`.
 */
@Module({
  imports: [PersistenceModule],
  controllers: [AuditRecordsController],
})
export class AuditModule {}
