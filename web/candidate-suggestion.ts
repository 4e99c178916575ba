import { apiJson } from './api-client.js';
import type { RouteResult } from './api-types.js';

/** Length, speed and cost of a new link suggested from the existing route it would parallel (issue 19). */
export interface CandidateSuggestion {
  /** km of the cheapest existing route between the two nodes by the same mode. */
  lengthKm: number;
  /** km/h over that route's legs (Σ km ÷ Σ hours, transfers excluded). */
  speedKmh: number | null;
  /** USD/TEU-km over that route's legs (Σ cost ÷ Σ km). */
  costUsdPerTeuKm: number | null;
  /** What it was taken from, for the hint under the fields. */
  basis: string;
}

/**
 * Ask GET /networks/:id/route for the cheapest route `from` → `to` using `mode` only and derive the
 * candidate's figures from it: a new line between two cities runs roughly along the existing one, so its
 * length is that route's, not the straight line's (Kunming–Guiyang: 642 km by rail against 416 km).
 * Null when that mode has no route between them (the server then falls back to the geodesic length).
 */
export async function suggestFromRoute(networkId: string, from: string, to: string, mode: string): Promise<CandidateSuggestion | null> {
  const query = new URLSearchParams({ from, to, modes: mode });
  const route = await apiJson<RouteResult>(`/networks/${encodeURIComponent(networkId)}/route?${query}`);
  if (!route.found) return null;
  const legs = route.legs.filter((l) => l.mode === mode);
  const km = legs.reduce((s, l) => s + l.km, 0);
  const hours = legs.reduce((s, l) => s + l.hours, 0);
  const cost = legs.reduce((s, l) => s + l.costUsd, 0);
  if (!(km > 0)) return null;
  const through = route.nodeIds.length > 2 ? ` via ${route.nodeIds.slice(1, -1).join(', ')}` : '';
  return {
    lengthKm: Math.round(route.totalKm),
    speedKmh: hours > 0 ? Math.round((km / hours) * 10) / 10 : null,
    costUsdPerTeuKm: Math.round((cost / km) * 10000) / 10000,
    basis: `suggested from the existing ${mode.replace('_', ' ')} route ${route.fromName} → ${route.toName}${through} (${Math.round(route.totalKm)} km)`,
  };
}
