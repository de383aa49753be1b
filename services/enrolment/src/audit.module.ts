import { Module } from '@nestjs/common';
import { AUDIT_RECORDS } from './application/ports';
import { type AuditRecords, ViewAuditRecords } from './application/view-audit-records';
import { AuditController } from './http/audit.controller';
import { PersistenceModule } from './persistence.module';

/** The audit trail for an admin or the municipality's data-protection officer (`GET /audit`, by subject or actor). */
@Module({
  imports: [PersistenceModule],
  controllers: [AuditController],
  providers: [{ provide: ViewAuditRecords, inject: [AUDIT_RECORDS], useFactory: (records: AuditRecords) => new ViewAuditRecords(records) }],
})
export class AuditModule {}
