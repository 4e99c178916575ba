import type { JobAccepted, JobState, ProblemBody } from './api-types.js';

/** An HTTP answer ≥ 400, with the problem+json body when the server sent one. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: ProblemBody | null;
  constructor(status: number, problem: ProblemBody | null, fallback: string) {
    super(problem?.detail ?? problem?.title ?? fallback);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

const TOKEN_KEY = 'corridor.apiToken';

/** The bearer token for writes, when the server has API_TOKEN set (kept for this browser tab only). */
export function apiToken(): string {
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

/** Remember (or, with '', forget) the bearer token for writes. */
export function setApiToken(token: string): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/**
 * Fetch JSON from the API (same origin). Throws ApiError for 4xx/5xx with the problem detail, so
 * the panels can show the server's own words ("unknown node "chongqin"; did you mean …").
 */
export async function apiJson<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  const token = apiToken();
  if (token && init.method && init.method !== 'GET') headers.Authorization = `Bearer ${token}`;
  const res = await fetch(path, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null; // not JSON (e.g. a proxy's HTML error page): fall back to the status text
  }
  if (!res.ok) {
    const problem = parsed && typeof parsed === 'object' ? (parsed as ProblemBody) : null;
    throw new ApiError(res.status, problem, `${res.status} ${res.statusText}`);
  }
  return parsed as T;
}

/** Describe a failure for a status line, with the first listed problems and suggestions. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const parts = [`${error.status}: ${error.message}`];
    const problems = error.problem?.problems ?? [];
    for (const p of problems.slice(1, 4)) parts.push(`${p.path}: ${p.message}`);
    return parts.join(' · ');
  }
  return error instanceof Error ? error.message : String(error);
}

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

/**
 * Start a job (`POST path` → 202 {jobId, statusUrl}) and poll it until it ends, reporting progress
 * (0–1). Resolves with the final state; a failed job's problem is in `state.error`.
 */
export async function runJob<R>(path: string, body: unknown, onProgress: (progress: number, status: string) => void = () => {}): Promise<JobState<R>> {
  const accepted = await apiJson<JobAccepted>(path, { method: 'POST', body });
  const statusUrl = accepted.statusUrl ?? `/jobs/${accepted.jobId}`;
  let delayMs = 150;
  for (;;) {
    const state = await apiJson<JobState<R>>(statusUrl);
    onProgress(state.progress ?? 0, state.status);
    if (TERMINAL.has(state.status)) return state;
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    delayMs = Math.min(1000, delayMs * 1.5);
  }
}

/** The error text of a failed job state. */
export function jobErrorText(state: JobState): string {
  const e = state.error;
  if (!e) return `job ${state.status}`;
  if (typeof e === 'string') return e;
  return e.detail ?? e.title ?? `job ${state.status}`;
}
