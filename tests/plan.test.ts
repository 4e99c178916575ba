import { describe, expect, it } from 'vitest';
import { applyCandidates } from '../src/evaluate/apply-candidates.js';
import { parseCandidates, type Candidate } from '../src/evaluate/candidates.js';
import { buildNetwork } from '../src/network/build-network.js';
import { ValidationError } from '../src/shared/errors.js';
import { optimize } from '../src/assignment/optimize.js';
import { applyGrowth, makeHorizon, parseGrowth, planProblem, stageCandidates, solvePlan, type PlanProblem, parseStaging } from '../src/plan/index.js';
import { demandAB, railUpgrade, roadCheaper, secondTrackFeature, twoRouteNetwork } from './support/evaluate-tiny-network.js';

// Two routes A → B: rail 200 USD/TEU (1,000 TEU/yr per direction), road 500 USD/TEU (unlimited). With VOT 0 and
// carbon price 0 the yearly cost is money only, so every figure below can be worked out by hand.
const net = twoRouteNetwork();
const money = { vot: 0, carbonPrice: 0 } as const;
const track = (capexUsd: number, lifetimeYears: number) => ({ ...secondTrackFeature, properties: { ...secondTrackFeature.properties, capexUsd, lifetimeYears } });

/** A problem on the two-route network with demand A → B given per period year. */
function problemWith(teuByYear: Record<string, number>, candidates: Candidate[], opts: { years: number[]; endYear: number; rate: number; staging?: unknown; budgetPerPeriodUsd?: number | (number | null)[] | null; budgetTotalUsd?: number | null }): PlanProblem {
  const horizon = makeHorizon(opts.years, opts.endYear);
  const growth = parseGrowth({ baseYear: opts.years[0], rules: [{ row: 2, teuByYear, source: 'test figures' }] });
  const grown = applyGrowth(demandAB(1000), growth, horizon, net);
  const staged = stageCandidates(candidates, horizon, parseStaging(opts.staging ?? { defaults: { constructionYears: 0 } }));
  return planProblem({ network: net, horizon, demandByPeriod: grown.demandByPeriod, staged, discountRate: opts.rate, budgetPerPeriodUsd: opts.budgetPerPeriodUsd, budgetTotalUsd: opts.budgetTotalUsd, optimizeOptions: money });
}

describe('hand-solved staged plans (two routes, money only, discount rate 0)', () => {
  // Second track: capex USD 1.2 M, 8-year life, opens in its decision year. Periods 2026–2029 and 2030–2033.
  const cands = parseCandidates([track(1.2e6, 8)], net);

  it('delays the build when early demand does not pay for it', async () => {
    // 2026: 1,300 TEU → 300 over the rail capacity, saving 300 USD/TEU with the track = 90,000 USD/yr.
    // 2030: 2,000 TEU → 1,000 over = 300,000 USD/yr.
    // Build 2026: 4 × 90,000 + 4 × 300,000 − 1.2 M (life ends 2034: no residual) = 360,000.
    // Build 2030: 4 × 300,000 − 1.2 M + residual 1.2 M × 4/8 = 600,000.   → delay; NPV 600,000.
    const p = problemWith({ 2026: 1300, 2030: 2000 }, cands, { years: [2026, 2030], endYear: 2034, rate: 0 });
    for (const method of ['extensive', 'decomposition'] as const) {
      const r = await solvePlan(p, { method });
      expect(r.status).toBe('optimal');
      expect(r.timeline[0].decisionYear).toBe(2030);
      expect(r.timeline[0].openingYear).toBe(2030);
      expect(r.npvUsd!).toBeCloseTo(600_000, 0);
      expect(r.timeline[0].benefitByPeriodUsd[0]).toBeNull();
      expect(r.timeline[0].benefitByPeriodUsd[1]!).toBeCloseTo(300_000, 0);
      expect(r.timeline[0].residualValueUsd).toBeCloseTo(600_000, 3);
      // Waiting once more (no later decision opens in time) drops it: NPV 0, so waiting costs 600,000.
      expect(r.timeline[0].delayedDecisionYear).toBeNull();
      expect(r.timeline[0].valueOfWaitingUsd!).toBeCloseTo(-600_000, 0);
      expect(r.periods[1].built).toEqual(['rail-2']);
      expect(r.periods[0].built).toEqual([]);
    }
  });

  it('growth makes an otherwise unattractive link worth building', async () => {
    // Without growth (900 TEU in both periods) the rail line has room: the track saves nothing, NPV 0.
    const flat = await solvePlan(problemWith({ 2026: 900, 2030: 900 }, cands, { years: [2026, 2030], endYear: 2034, rate: 0 }), { method: 'extensive' });
    expect(flat.timeline[0].decisionYear).toBeNull();
    expect(flat.npvUsd!).toBeCloseTo(0, 3);
    // With 2,000 TEU in 2030: build 2030, 4 × 300,000 − 1.2 M + 0.6 M = 600,000.
    const grown = await solvePlan(problemWith({ 2026: 900, 2030: 2000 }, cands, { years: [2026, 2030], endYear: 2034, rate: 0 }), { method: 'extensive' });
    expect(grown.timeline[0].decisionYear).toBe(2030);
    expect(grown.npvUsd!).toBeCloseTo(600_000, 0);
  });

  it('construction time: decided 2026, opens 2029, carries traffic from the 2030 period; capex phased evenly', async () => {
    // 3 years: USD 400,000 in each of 2026, 2027, 2028 (all in period 2026). Build 2030 would open 2033: no period after.
    const p = problemWith({ 2026: 2000, 2030: 2000 }, cands, { years: [2026, 2030], endYear: 2034, rate: 0, staging: { defaults: { constructionYears: 3 } } });
    const r = await solvePlan(p, { method: 'extensive' });
    expect(r.timeline[0].decisionYear).toBe(2026);
    expect(r.timeline[0].openingYear).toBe(2029);
    expect(r.timeline[0].availableFromYear).toBe(2030);
    expect(r.timeline[0].capexByPeriodUsd).toEqual([1.2e6, 0]);
    // 4 × 300,000 − 1.2 M + residual 1.2 M × (2029 + 8 − 2034)/8 = 450,000 → NPV 450,000.
    expect(r.npvUsd!).toBeCloseTo(450_000, 0);
  });
});

describe('staged plan against brute force over every build schedule', () => {
  // Three candidates that interact (the track and the rail upgrade are substitutes), three periods, growth, a
  // 6 % discount rate, construction times, budgets per period and for the horizon.
  const cands = parseCandidates([track(3e6, 30), railUpgrade, roadCheaper], net);
  const years = [2026, 2030, 2035];
  const endYear = 2040;
  const rate = 0.06;
  const teu = { 2026: 1500, 2030: 2600, 2035: 4200 };
  const staging = { defaults: { constructionYears: 2 }, candidates: [{ id: 'road-cheaper', constructionYears: 0 }, { id: 'rail-2', earliestDecisionYear: 2030, capexPhasing: [0.25, 0.75] }] };
  const budgets = [
    { budgetPerPeriodUsd: null, budgetTotalUsd: null },
    { budgetPerPeriodUsd: 1.5e6, budgetTotalUsd: 4e6 },
    { budgetPerPeriodUsd: [1e6, 3e6, null], budgetTotalUsd: null },
  ];

  // Independent evaluation: every schedule, each period's flows by a cold arc LP of the network with that set
  // built, discounted year by year here (not with the module's weights or options).
  const yearlyCost = new Map<string, number>();
  async function costOf(period: number, set: Candidate[]): Promise<number> {
    const key = `${period}|${set.map((c) => c.id).join()}`;
    if (!yearlyCost.has(key)) {
      const r = await optimize(applyCandidates(net, set), demandAB(teu[years[period] as 2026]), { ...money, paths: false, method: 'arc' });
      yearlyCost.set(key, r.objectiveUsd!);
    }
    return yearlyCost.get(key)!;
  }
  const df = (y: number) => (1 + rate) ** -(y - 2026);
  const build = { 'rail-2': { years: 2, phasing: [0.25, 0.75], earliest: 2030 }, 'rail-cap': { years: 2, phasing: [0.5, 0.5], earliest: 2026 }, 'road-cheaper': { years: 0, phasing: [1], earliest: 2026 } } as const;
  async function bruteForce(budget: (typeof budgets)[number]): Promise<{ pv: number; decisions: (number | null)[] }> {
    let best = { pv: Infinity, decisions: [] as (number | null)[] };
    const choices = [null, 2026, 2030, 2035];
    for (const a of choices) for (const b of choices) for (const c of choices) {
      const decisions = [a, b, c];
      let ok = true;
      let pv = 0;
      const spend = [0, 0, 0];
      decisions.forEach((d, i) => {
        if (d === null) return;
        const cand = cands[i];
        const info = build[cand.id as keyof typeof build];
        const opening = d + info.years;
        if (d < info.earliest || !years.some((y) => y >= opening)) ok = false;
        info.phasing.forEach((share, k) => {
          pv += share * cand.capexUsd * df(d + k);
          const y = d + k;
          spend[y >= 2035 ? 2 : y >= 2030 ? 1 : 0] += share * cand.capexUsd;
        });
        const lifeLeft = Math.max(0, Math.min(cand.lifetimeYears, opening + cand.lifetimeYears - endYear));
        pv -= ((cand.capexUsd * lifeLeft) / cand.lifetimeYears) * df(endYear);
      });
      if (!ok) continue;
      const per = budget.budgetPerPeriodUsd;
      const perList = Array.isArray(per) ? per : [per, per, per];
      if (spend.some((v, i) => perList[i] !== null && v > perList[i]! + 1e-6)) continue;
      if (budget.budgetTotalUsd !== null && spend.reduce((s, v) => s + v, 0) > budget.budgetTotalUsd + 1e-6) continue;
      for (let s = 0; s < years.length; s++) {
        const built = cands.filter((cand, i) => decisions[i] !== null && years.find((y) => y >= decisions[i]! + build[cand.id as keyof typeof build].years)! <= years[s]);
        const z = await costOf(s, built);
        for (let y = years[s]; y < (years[s + 1] ?? endYear); y++) pv += z * df(y);
      }
      if (pv < best.pv - 1e-6) best = { pv, decisions };
    }
    return best;
  }

  budgets.forEach((budget, i) => {
    it(`budget case ${i}: extensive form (GLPK, HiGHS) and decomposition equal brute force`, async () => {
      const best = await bruteForce(budget);
      const p = problemWith(teu, cands, { years, endYear, rate, staging, ...budget });
      for (const [method, mipBackend] of [['extensive', 'glpk'], ['extensive', 'highs'], ['decomposition', 'auto']] as const) {
        const r = await solvePlan(p, { method, mipBackend });
        expect(r.status).toBe('optimal');
        expect(r.pvCostUsd!).toBeCloseTo(best.pv, 1);
        if (method === 'extensive') expect(r.solve.mipObjectiveUsd!).toBeCloseTo(best.pv, 1);
        // The plan's schedule is itself one of the best (ties allowed): its brute-force PV equals the optimum.
        expect(r.timeline.map((t) => t.decisionYear).length).toBe(3);
        expect(r.capexByPeriodUsd.reduce((s, v) => s + v, 0)).toBeLessThanOrEqual((budget.budgetTotalUsd ?? Infinity) + 1e-6);
      }
    }, 120_000);
  });
});

describe('bad plan inputs name the row and field', () => {
  const horizon = makeHorizon([2026, 2030, 2035, 2040]);
  const cands = parseCandidates([track(1e6, 30)], net);
  const problems = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      return (e as ValidationError).problems;
    }
    throw new Error('no error');
  };

  it('an unknown OD row, an unknown row number and a missing period year', () => {
    const spec = parseGrowth({ baseYear: 2024, rules: [{ origin: 'B', destination: 'A', cagr: 0.05, source: 'x' }, { row: 9, cagr: 0.05, source: 'x' }, { corridor: 'nope', teuByYear: { 2026: 1 }, source: 'x' }] });
    const ps = problems(() => applyGrowth(demandAB(), spec, horizon, net));
    expect(ps.map((p) => p.path)).toEqual(expect.arrayContaining(['rules[0]', 'rules[1].row', 'rules[2].corridor', 'rules[2].teuByYear.2030']));
    expect(ps.find((p) => p.path === 'rules[0]')!.message).toMatch(/unknown OD row B → A/);
  });

  it('schema errors: negative TEU, a rate of 150 %, no source, both cagr and teuByYear', () => {
    const ps = problems(() => parseGrowth({ baseYear: 2024, rules: [{ row: 2, teuByYear: { 2026: -5 }, source: 'x' }, { row: 2, cagr: 1.5, source: 'x' }, { row: 3, cagr: 0.1 }] }));
    expect(ps.map((p) => p.path)).toEqual(expect.arrayContaining(['rules[0].teuByYear.2026', 'rules[1].cagr', 'rules[2].source']));
    const both = problems(() => parseGrowth({ baseYear: 2024, rules: [{ row: 2, cagr: 0.1, teuByYear: { 2026: 1 }, source: 'x' }] }));
    expect(both[0].path).toBe('rules[0]');
  });

  it('a decision year outside the horizon, an unknown candidate, negative capex, a bad phasing', () => {
    const ps = problems(() =>
      stageCandidates(cands, horizon, parseStaging({ candidates: [{ id: 'rail-2', earliestDecisionYear: 2050, capexPhasing: [0.5, 0.4] }, { id: 'nope' }] })),
    );
    expect(ps.map((p) => p.path)).toEqual(expect.arrayContaining(['candidates[0].earliestDecisionYear', 'candidates[0].capexPhasing', 'candidates[1].id']));
    const neg = problems(() => parseStaging({ candidates: [{ id: 'rail-2', capexUsd: -1 }] }));
    expect(neg[0]).toMatchObject({ path: 'candidates[0].capexUsd', property: 'capexUsd' });
  });

  it('CAGR segments compound year by year from the base year', () => {
    const spec = parseGrowth({ baseYear: 2023, rules: [{ row: 2, cagr: [{ untilYear: 2030, rate: 0.1 }, { rate: 0.05 }], source: 'x' }] });
    const g = applyGrowth(demandAB(1000), spec, horizon, net);
    expect(g.rows[0].teuPerYearByPeriod[0]).toBeCloseTo(1000 * 1.1 ** 3, 6);
    expect(g.rows[0].teuPerYearByPeriod[2]).toBeCloseTo(1000 * 1.1 ** 7 * 1.05 ** 5, 6);
  });
});

describe('three links in series: a benefit no single candidate or pair shows', () => {
  // A → B by road: 1,000 km × 0.5 = 500 USD/TEU. Candidates: rail A–M1, M1–M2, M2–B, 1,000/3 km each at
  // 0.2 USD/TEU-km: 200 USD/TEU only when all three are built. Demand 1,000 TEU/yr → 300,000 USD/yr saved.
  // Each USD 200,000, 30 years, no construction time; periods 2026–2029, 2030–2033; discount rate 0.
  // Build all in 2026: 8 × 300,000 − 600,000 + residual 600,000 × 22/30 = 2,240,000.
  const point = (id: string, lon: number) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, 0] }, properties: { id } });
  const series = buildSeries();
  function buildSeries() {
    return buildNetwork(
      {
        type: 'FeatureCollection',
        features: [point('A', 0), point('M1', 1), point('M2', 2), point('B', 3), { type: 'Feature', geometry: { type: 'LineString', coordinates: [[0, 0], [1.5, 0.3], [3, 0]] }, properties: { id: 'road', from: 'A', to: 'B', mode: 'road', lengthKm: 1000, costUsdPerTeuKm: 0.5, hours: 20 } }],
      },
      { id: 'series' },
    );
  }
  const leg = (id: string, from: string, to: string, a: number, b: number) => ({
    type: 'Feature',
    geometry: { type: 'LineString', coordinates: [[a, 0], [b, 0]] },
    properties: { id, from, to, mode: 'rail', status: 'candidate', lengthKm: 1000 / 3, costUsdPerTeuKm: 0.2, hours: 10, capacityTeuPerYear: 5000, capexUsd: 2e5, lifetimeYears: 30, source: 'test figures' },
  });

  it('extensive form and decomposition both build all three in 2026 (NPV 2.24 M by hand)', async () => {
    const cands = parseCandidates([leg('r1', 'A', 'M1', 0, 1), leg('r2', 'M1', 'M2', 1, 2), leg('r3', 'M2', 'B', 2, 3)], series);
    const horizon = makeHorizon([2026, 2030], 2034);
    const demand = [{ origin: 'A', destination: 'B', teuPerYear: 1000, commodity: null, valueOfTimeUsdPerTeuHour: null, source: null, row: 2 }];
    const p = planProblem({ network: series, horizon, demandByPeriod: [demand, demand], staged: stageCandidates(cands, horizon, parseStaging({ defaults: { constructionYears: 0 } })), discountRate: 0, optimizeOptions: money });
    for (const method of ['extensive', 'decomposition'] as const) {
      const r = await solvePlan(p, { method });
      expect(r.timeline.map((t) => t.decisionYear)).toEqual([2026, 2026, 2026]);
      expect(r.npvUsd!).toBeCloseTo(2_240_000, 0);
      // Each leg's marginal benefit in the plan is the whole saving: without it the route falls back to road.
      for (const t of r.timeline) expect(t.benefitByPeriodUsd[0]!).toBeCloseTo(300_000, 0);
    }
  });
});
