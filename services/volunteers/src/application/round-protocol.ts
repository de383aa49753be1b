import { daysToFix, type Finding } from '../domain/finding';
import { participatingGroups, protocolPublic, type Round, swedishDate } from '../domain/round';
import type { FindingStore, RoundStore } from './round-ports';

export interface ProtocolFinding {
  findingId: string;
  place: Finding['place'];
  category: Finding['category'];
  description: string;
  responsibleOrganisation: string;
  status: Finding['status'];
  deadline: string;
  fixedOn: string | null;
  daysToFix: number | null;
  wontFixReason: string | null;
}

export interface Protocol {
  municipalityId: string;
  roundId: string;
  district: string;
  plannedDate: string;
  status: Round['status'];
  groups: string[];
  counts: { findings: number; open: number; assigned: number; fixed: number; wontFix: number };
  medianDaysToFix: number | null;
  findings: ProtocolFinding[];
}

/** The median of some numbers (the mean of the middle two for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The protocol of a round as published: no participant, no owner, no one who recorded anything. */
export function protocolOf(round: Round, findings: readonly Finding[]): Protocol {
  const rows = findings.map((f) => ({
    findingId: f.id,
    place: f.place,
    category: f.category,
    description: f.description,
    responsibleOrganisation: f.responsibleOrganisation,
    status: f.status,
    deadline: f.deadline,
    fixedOn: f.fixedAt ? swedishDate(new Date(f.fixedAt)) : null,
    daysToFix: daysToFix(f),
    wontFixReason: f.wontFixReason,
  }));
  const count = (s: Finding['status']) => findings.filter((f) => f.status === s).length;
  return {
    municipalityId: round.municipalityId,
    roundId: round.id,
    district: round.district,
    plannedDate: round.plannedDate,
    status: round.status,
    groups: participatingGroups(round),
    counts: { findings: findings.length, open: count('open'), assigned: count('assigned'), fixed: count('fixed'), wontFix: count('wont-fix') },
    medianDaysToFix: median(rows.flatMap((r) => (r.daysToFix === null ? [] : [r.daysToFix]))),
    findings: rows,
  };
}

/** The public protocol of a held round; null for an unknown round, another municipality's, or one not yet held. */
export class ShowRoundProtocol {
  constructor(
    private readonly rounds: RoundStore,
    private readonly findings: FindingStore,
  ) {}

  async execute(municipalityId: string, roundId: string): Promise<Protocol | null> {
    const round = await this.rounds.find(municipalityId, roundId);
    if (!round || !protocolPublic(round)) return null;
    return protocolOf(round, await this.findings.ofRound(municipalityId, roundId));
  }
}
