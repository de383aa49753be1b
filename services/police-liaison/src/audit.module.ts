import { Module } from '@nestjs/common';
import { collectionProvider } from '@trygg/service-kit';
import { MongoDecisionAudit } from '@trygg/step-worker';
import type { mongo } from 'mongoose';
import { DECISION_AUDIT } from './application/ports';
import { AUDIT_COLLECTION } from './infrastructure/mongo-cases';

const AUDIT = Symbol('audit collection');

/** The one hash-chained audit trail of police-liaison: police decisions and start meetings (`DECISION_AUDIT`). */
@Module({
  providers: [
    collectionProvider(AUDIT, AUDIT_COLLECTION),
    // A provider of its own, so ServiceLifecycle creates the trail's indexes once connected.
    { provide: DECISION_AUDIT, inject: [AUDIT], useFactory: (audit: mongo.Collection) => new MongoDecisionAudit(audit as never) },
  ],
  exports: [DECISION_AUDIT],
})
export class AuditModule {}
