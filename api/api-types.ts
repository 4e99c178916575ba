/**
 * The public HTTP API's request and answer shapes, as types only: the one source that the map page
 * (web/) imports. Each is the server's own type (or inferred from the zod schema the OpenAPI document
 * is generated from), so when the server changes a field the page reads, `npm run typecheck` and
 * `npm run build:web` fail instead of the map breaking silently. Type-only: nothing here runs.
 */
import type { z } from 'zod';
import type { corridorsAnswer } from './routers/corridors-router.js';
import type { jobAccepted, jobRecord, networkSummary, problemSchema } from './schemas.js';

export type { LinkFeature, LinkFeatureProperties, NetworkGeoJson, NodeFeature, NodeFeatureProperties } from '../src/network/index.js';
export type {
  BorderCrossingEvent,
  GaugeChangeEvent,
  RouteAlternative,
  RouteFound,
  RouteLeg,
  RouteNotFound,
  RoutePath,
  RouteResult,
  TransferEvent,
} from '../src/routing/index.js';
export type {
  AssignmentResult as OptimizeResult,
  Bottleneck,
  LinkFlow,
  ModalSplitEntry,
  ObjectiveBreakdown,
  ShadowPriceUsdPerTeu,
  TerminalFlow,
} from '../src/assignment/index.js';
export type { CandidateEvaluation as CandidateEvaluationResult, DisruptionReport, LinkFlowChange, OdDisruption } from '../src/evaluate/index.js';
export type { LinkRedundancy, ResilienceReport, RobustPortfolioResult, RobustScenarioOutcome, ScenarioTotals } from '../src/resilience/index.js';
export type { PlanPeriod, PlanReport, TimelineEntry } from '../src/plan/index.js';

/** One network of `GET /networks`. */
export type NetworkSummary = z.infer<typeof networkSummary>;
/** `POST …/optimize|evaluate|disrupt|criticality` → 202. */
export type JobAccepted = z.infer<typeof jobAccepted>;
/** `GET /jobs/:id`, with the result typed by the job kind. */
export type JobState<R = unknown> = Omit<z.infer<typeof jobRecord>, 'result'> & { result?: R };
/** An RFC 9457 problem answer (`application/problem+json`). */
export type ProblemBody = z.infer<typeof problemSchema>;
/** `GET /networks/:id/corridors`: which links belong to the ILSTC and which to the NELB. */
export type CorridorsAnswer = z.infer<typeof corridorsAnswer>;
