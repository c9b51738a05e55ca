export { extractFacts, type ExtractFactsOptions } from './facts-extractor';
export type {
  AmountFact,
  DateFact,
  Facts,
  PlaceFact,
  ResolutionFact,
  Span,
  VisaFact,
  VisaType,
  WorkerCountFact,
} from './facts.types';
