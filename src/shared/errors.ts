/**
 * Typed errors with stable codes. Tests and the API map on `code`, never on message text.
 * Validation happens once at the edge (loader, CLI, API); inside, types are trusted.
 */

/** One problem found while validating input: where it is and what is wrong. */
export interface Problem {
  /** JSON-pointer-like path, e.g. `features[12].properties.to` or `row 4, column teuPerYear`. */
  path: string;
  /** What is wrong and, where possible, what to do. */
  message: string;
  /** Feature index in the FeatureCollection, when the problem is in a feature. */
  featureIndex?: number;
  /** Feature or record id, when known. */
  id?: string;
  /** Property or column name, when known. */
  property?: string;
  /** CSV row (1-based, header = row 1), when the input is a CSV. */
  row?: number;
}

/** Base class: every error of this project carries a stable `code`. */
export class CorridorError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
    this.name = new.target.name;
  }
}

/** Input that is malformed: every problem found is listed at once. */
export class ValidationError extends CorridorError {
  readonly problems: Problem[];
  constructor(what: string, problems: Problem[]) {
    const head = `${what}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`;
    const body = problems
      .slice(0, 50)
      .map((p) => `  - ${p.path}: ${p.message}`)
      .join('\n');
    const more = problems.length > 50 ? `\n  … and ${problems.length - 50} more` : '';
    super('VALIDATION_ERROR', `${head}\n${body}${more}`);
    this.problems = problems;
  }
}

/** A network that parses but cannot be used as asked (e.g. a merge with conflicting features). */
export class InconsistentNetworkError extends CorridorError {
  readonly problems: Problem[];
  constructor(message: string, problems: Problem[] = []) {
    super('INCONSISTENT_NETWORK', message);
    this.problems = problems;
  }
}

/** An id or name that does not exist; `suggestions` holds the closest known names. */
export class NotFoundError extends CorridorError {
  readonly kind: string;
  readonly query: string;
  readonly suggestions: string[];
  /**
   * @param suggestions the close matches found; an empty array means the known names were searched and
   *   none is close (the message says so); leave it out when there is nothing to search (a file path).
   */
  constructor(kind: string, query: string, suggestions?: string[]) {
    const hint = suggestions === undefined ? '' : suggestions.length ? `; did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?` : `; no known ${kind} is close to that name`;
    super('NOT_FOUND', `unknown ${kind} "${query}"${hint}`);
    this.kind = kind;
    this.query = query;
    this.suggestions = suggestions ?? [];
  }
}

/** Arguments that are individually valid but not allowed together, or out of range. */
export class InvalidArgumentError extends CorridorError {
  /**
   * The option at fault, by its library name (`pricingWorkers`), and what is wrong with it without the name:
   * an edge (the CLI) can then name its own spelling of the option (`--pricing-workers: must be …`).
   */
  readonly option?: { name: string; problem: string };
  constructor(message: string, option?: { name: string; problem: string }) {
    super('INVALID_ARGUMENT', message);
    if (option) this.option = option;
  }
}

/** A feature a backend or method does not support (distinct from "not allowed now"). */
export class UnsupportedError extends CorridorError {
  constructor(message: string) {
    super('UNSUPPORTED', message);
  }
}

/**
 * The job queue (Redis/BullMQ) could not carry a task through: Redis lost it, a task failed on every
 * attempt, or its sweep was abandoned. The message says which and what to do.
 */
export class QueueError extends CorridorError {
  constructor(message: string) {
    super('QUEUE_ERROR', message);
  }
}
