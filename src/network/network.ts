import type { GaugeMm, Mode, NodeKind } from './modes.js';
import type { Problem } from '../shared/index.js';

/** A validated node, every default resolved. Units are in the names. */
export interface NetworkNode {
  id: string;
  name: string;
  country: string | null;
  kind: NodeKind;
  aliases: string[];
  lon: number;
  lat: number;
  transferUsdPerTeu: number;
  transferHours: number;
  borderCrossingUsdPerTeu: number;
  borderCrossingHours: number;
  gaugeChangeUsdPerTeu: number;
  gaugeChangeHours: number;
  /** null = unlimited. */
  throughputTeuPerYear: number | null;
  source: string | null;
  estimated: string[];
  notes: string | null;
  /** Index of the feature in the input FeatureCollection (−1 when built in code). */
  featureIndex: number;
}

export type LinkStatus = 'existing' | 'candidate';

/** A validated link, every default resolved. */
export interface NetworkLink {
  id: string;
  from: string;
  to: string;
  mode: Mode;
  name: string | null;
  lengthKm: number;
  costUsdPerTeuKm: number;
  /** null when the link gives `hours` directly. */
  speedKmh: number | null;
  /** Transit time: `hours` if given, else lengthKm / speedKmh. */
  hours: number;
  co2KgPerTeuKm: number;
  /** Per direction; null = unlimited. */
  capacityTeuPerYear: number | null;
  oneway: boolean;
  /** Rail only: the gauge, 1435 when the input is silent. null for other modes. */
  gauge: GaugeMm | null;
  status: LinkStatus;
  capexUsd: number | null;
  lifetimeYears: number | null;
  source: string | null;
  estimated: string[];
  notes: string | null;
  /** Properties that took a documented default (mode default or geometry length). */
  defaulted: string[];
  coordinates: [number, number][];
  featureIndex: number;
}

/** A validated multimodal network. Plain data, so it can cross worker threads. */
export interface Network {
  id: string;
  name: string;
  description: string | null;
  nodes: NetworkNode[];
  links: NetworkLink[];
  /** Non-fatal findings (e.g. unknown properties that were ignored). */
  warnings: Problem[];
}
