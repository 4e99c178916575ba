import { Piscina } from 'piscina';
import type { BackendName, LpModel, LpSolution, SolveOptions } from '../../solver/lp-model.js';
import type { MipTask, WarmUpTask } from './mip-worker.js';
import { workerModule } from '../threads/index.js';

/** A solution that settles the question: proven optimal, or proven infeasible / unbounded. */
const decisive = (s: LpSolution) => s.status === 'optimal' || s.status === 'infeasible' || s.status === 'unbounded';

/**
 * Solve one MIP with several backends at once, each in its own worker thread, and return the first decisive
 * solution (optimal, infeasible or unbounded); the other solves are aborted (their threads terminated).
 * Which backend is faster depends on the instance — on the portfolio MIPs measured in bench/portfolio-mip.ts
 * GLPK won some by 5× and HiGHS others by 10× — so racing costs one extra core and saves the worst case.
 * When no solve is decisive (limits, errors), the best solution found is returned: a feasible point with the
 * better objective, else the first result.
 */
export class MipRace {
  private readonly pool: Piscina;
  private warm: Promise<unknown>;
  private poolError: unknown = null;
  /**
   * Starts the threads and warms every backend up in each (a backend's first solve in a thread pays its
   * loading and, for HiGHS, WebAssembly compilation: seconds), so that this overlaps the caller's other work.
   */
  constructor(private readonly backends: readonly BackendName[]) {
    const { filename, execArgv } = workerModule('mip-worker', import.meta.url);
    this.pool = new Piscina({ filename, execArgv, minThreads: backends.length, maxThreads: backends.length, idleTimeout: 60_000 });
    // A thread that dies outside a task (e.g. out of memory while being terminated) is reported on the pool;
    // unhandled, that event would end the process. Keep it: a race whose every solve fails rejects with it.
    this.pool.on('error', (e: unknown) => {
      this.poolError = e;
    });
    const warmUp: WarmUpTask = { warmUp: [...backends] };
    this.warm = Promise.allSettled(backends.map(() => this.pool.run(warmUp)));
  }

  /** Race the backends on `model`. */
  async solve(model: LpModel, options: SolveOptions = {}): Promise<LpSolution> {
    await this.warm;
    const controllers = this.backends.map(() => new AbortController());
    const results: LpSolution[] = [];
    return new Promise<LpSolution>((resolve, reject) => {
      let settled = false;
      let pending = this.backends.length;
      const finish = (s: LpSolution) => {
        settled = true;
        controllers.forEach((c) => c.abort());
        // Aborting terminates the losers' threads; warm their replacements up before the next race.
        const warmUp: WarmUpTask = { warmUp: [...this.backends] };
        this.warm = Promise.allSettled(this.backends.map(() => this.pool.run(warmUp)));
        resolve(s);
      };
      this.backends.forEach((backend, i) => {
        const task: MipTask = { model, backend, options };
        (this.pool.run(task, { signal: controllers[i].signal }) as Promise<LpSolution>).then(
          (s) => {
            pending--;
            if (settled) return;
            results.push(s);
            if (decisive(s)) finish(s);
            else if (pending === 0) finish(bestOf(model, results));
          },
          (e: unknown) => {
            pending--;
            if (settled) return;
            if (pending === 0) {
              if (results.length) finish(bestOf(model, results));
              else reject(this.poolError ?? e);
            }
          },
        );
      });
    });
  }

  /** Stop the worker threads. */
  close(): Promise<void> {
    return this.pool.destroy();
  }
}

function bestOf(model: LpModel, results: LpSolution[]): LpSolution {
  const sign = model.sense === 'minimize' ? 1 : -1;
  const feasible = results.filter((r) => r.objective !== null && r.columnValues !== null);
  if (!feasible.length) return results[0];
  return feasible.reduce((a, b) => (sign * b.objective! < sign * a.objective! ? b : a));
}
