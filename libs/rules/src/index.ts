export * from './core';
export { ClassifierService } from './classifier.service';
export { extractFacts } from './facts';
export type { AmountFact, DateFact, Facts, PlaceFact, ResolutionFact, Span, VisaFact, VisaType, WorkerCountFact } from './facts/facts.types';
export { RulesModule } from './rules.module';
export { RulesService, toDefinition } from './rules.service';
export type { PackLoadResult } from './rules.service';
