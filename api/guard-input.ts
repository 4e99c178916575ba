import type { RequestHandler } from 'express';
import type { Problem } from '../src/shared/index.js';
import { HttpProblem } from './problem.js';

/** Keys that could reach an object's prototype if a body were ever merged into an object. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export interface InputGuardLimits {
  /** Deepest nesting accepted (a network GeoJSON needs 6). */
  maxDepth: number;
  /** Largest magnitude of any number; schemas cap individual fields tighter. */
  maxAbsNumber: number;
}

export const DEFAULT_INPUT_GUARD: InputGuardLimits = { maxDepth: 32, maxAbsNumber: 1e15 };

const pathOf = (parent: string, key: string | number) =>
  typeof key === 'number' ? `${parent}[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? (parent ? `${parent}.${key}` : key) : `${parent}[${JSON.stringify(key)}]`;

/**
 * Walk parsed JSON (iteratively, so deep nesting cannot overflow the stack) and list what no schema
 * should ever have to see: prototype-pollution keys anywhere, nesting deeper than `maxDepth`,
 * numbers beyond ±`maxAbsNumber` (or non-finite ones from a custom parser). Stops after 20 problems.
 */
export function inspectInput(value: unknown, limits: InputGuardLimits = DEFAULT_INPUT_GUARD, root = ''): Problem[] {
  const problems: Problem[] = [];
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: root, depth: 0 }];
  while (stack.length && problems.length < 20) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === 'number') {
      if (!Number.isFinite(v) || Math.abs(v) > limits.maxAbsNumber) {
        problems.push({ path: path || '(root)', message: `number ${v} is out of range (|x| ≤ ${limits.maxAbsNumber})` });
      }
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= limits.maxDepth) {
      problems.push({ path: path || '(root)', message: `nested deeper than ${limits.maxDepth} levels` });
      continue;
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: pathOf(path, i), depth: depth + 1 });
      continue;
    }
    for (const key of Object.keys(v)) {
      if (FORBIDDEN_KEYS.has(key)) {
        problems.push({ path: pathOf(path, key), property: key, message: `key "${key}" is not allowed` });
        continue;
      }
      stack.push({ v: (v as Record<string, unknown>)[key], path: pathOf(path, key), depth: depth + 1 });
    }
  }
  return problems;
}

/**
 * Middleware: reject a body or query string that fails `inspectInput` with 400, before any schema or
 * handler sees it.
 */
export function guardInput(limits: InputGuardLimits = DEFAULT_INPUT_GUARD): RequestHandler {
  return (req, _res, next) => {
    const problems = [...inspectInput(req.query, limits, 'query'), ...(req.body === undefined ? [] : inspectInput(req.body, limits, 'body'))];
    if (problems.length) throw new HttpProblem('invalid-request', `${problems[0].path}: ${problems[0].message}`, { problems });
    next();
  };
}
