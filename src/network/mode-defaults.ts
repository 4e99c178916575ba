import type { Mode } from './modes.js';

/** A default value with the reference it comes from and whether it is an estimate. */
export interface SourcedValue {
  value: number;
  source: string;
  estimate: boolean;
}

/** Defaults used for a link property that the network does not set. */
export interface ModeDefaults {
  costUsdPerTeuKm: SourcedValue;
  speedKmh: SourcedValue;
  co2KgPerTeuKm: SourcedValue;
}

/**
 * Mode defaults, applied only where a link omits the property. The figures come from
 * `networks/reference/corridor-reference.md` (section numbers given); "estimate" marks derived values.
 * 1 TEU is taken as 10 t of cargo where a per-tonne figure is converted.
 */
export const MODE_DEFAULTS: Readonly<Record<Mode, ModeDefaults>> = {
  rail: {
    costUsdPerTeuKm: {
      value: 0.2,
      estimate: true,
      source:
        'estimate from the 2008 China Railway container tariff (20 ft: CNY 219/box + CNY 1.0374/km, NDRC via chinagate.cn): CNY 1,723 ≈ USD 246 at 7.0 CNY/USD for 1,450 km in 2008, inflated to USD 0.2/TEU-km = USD 290 for 1,450 km; reference §5a',
    },
    speedKmh: {
      value: 30,
      estimate: true,
      source: 'derived: Chongqing–Qinzhou 1,450 km in 48 h (2017 pilot train); ERAI broad gauge 5,430 km in 7.31 days ≈ 31 km/h; reference §2a, §2e',
    },
    co2KgPerTeuKm: {
      value: 0.1,
      estimate: true,
      source: 'estimate: Chinese electrified rail 6–10 g CO2/t-km (Li & Loo 2024 China average 6.11) × 10 t/TEU; reference §6',
    },
  },
  road: {
    costUsdPerTeuKm: {
      value: 0.6,
      estimate: true,
      source: 'derived lower bound: China rail tariff is "less than 25% of the road freight price" → road > CNY 0.38/t-km ≈ USD 0.054/t-km × 10 t/TEU; reference §5a',
    },
    speedKmh: { value: 50, estimate: true, source: 'estimate: Nanning–Hanoi ~410 km in ~8 h overland; reference §2a' },
    co2KgPerTeuKm: {
      value: 0.6,
      estimate: true,
      source: 'estimate: 60 g CO2/t-km, between the China road average 41 g and GLEC v2 HGV 92 g, × 10 t/TEU; reference §6',
    },
  },
  inland_waterway: {
    costUsdPerTeuKm: {
      value: 0.12,
      estimate: true,
      source: 'estimate: no per-TEU Yangtze rate was found; Minsheng Shipping says river is cheaper than rail, so below the rail default; reference §5a',
    },
    speedKmh: {
      value: 13,
      estimate: true,
      source: 'derived: Chongqing–Shanghai ~2,400 km in 7–8 days (JOC 2009); reference §2c',
    },
    co2KgPerTeuKm: {
      value: 0.35,
      estimate: true,
      source: 'estimate: 35 g CO2/t-km (Netherlands 2014 KiM/CE Delft 38.6; CCNR 25–40) × 10 t/TEU; reference §6',
    },
  },
  sea: {
    costUsdPerTeuKm: {
      value: 0.036,
      estimate: true,
      source: 'derived: Drewry WCI ~USD 1,400/FEU Shanghai–Rotterdam (2019 average, Dec 2023) = USD 700/TEU over ~19,600 km; reference §5b',
    },
    speedKmh: {
      value: 26,
      estimate: true,
      source: 'derived: Shanghai–Rotterdam via Suez ~19,800 km, 2025 median 32 days port to port; reference §2g',
    },
    co2KgPerTeuKm: {
      value: 0.076,
      estimate: false,
      source: 'GLEC Framework v2 deep-sea container industry average 76 g CO2e/TEU-km (WTW), secondary copy; reference §6',
    },
  },
  air: {
    costUsdPerTeuKm: {
      value: 2.9,
      estimate: true,
      source: 'derived: TAC Index Shanghai–Europe USD 2.44/kg (spring 2019) × 10 t/TEU over ~8,400 km; reference §5b',
    },
    speedKmh: { value: 700, estimate: true, source: 'estimate: block speed of a long-haul freighter' },
    co2KgPerTeuKm: {
      value: 6.3,
      estimate: false,
      source: 'GLEC Framework v2 air >3,700 km 630 g CO2e/t-km (WTW) × 10 t/TEU; reference §6',
    },
  },
};

/** Default value of time: USD per TEU-hour. */
export const DEFAULT_VOT_USD_PER_TEU_HOUR: SourcedValue = {
  value: 1.0,
  estimate: true,
  source:
    'estimate: USD 15–37 per TEU-day in-transit inventory cost (USD 54,000/TEU average cargo value × 10–25%/yr ÷ 365, Rodrigue) → USD 24/TEU-day ≈ USD 1/TEU-hour; reference §7',
};

/** Default carbon price: USD per tonne CO2. Zero because the reference gives no carbon price to cite. */
export const DEFAULT_CARBON_PRICE_USD_PER_T_CO2: SourcedValue = {
  value: 0,
  estimate: false,
  source: 'no carbon price in the reference data; set one per query (e.g. --carbon-price 80)',
};

/** Cargo classes of `corridor route --cargo` (and the API's `cargo`), each with its value of time. */
export const CARGO_CLASSES = ['high-value', 'standard', 'bulk'] as const;
export type CargoClass = (typeof CARGO_CLASSES)[number];

/**
 * Value of time by cargo class, USD per TEU-hour: the three figures the cost model already uses
 * (docs/cost-model.md), so a route for "high-value" cargo weighs time as the China–Europe rail demand does.
 */
export const CARGO_VALUE_OF_TIME: Readonly<Record<CargoClass, SourcedValue>> = {
  'high-value': {
    value: 7.3,
    estimate: false,
    source:
      'CNY 52.50/TEU-h shipper value of time (Hangzhou–Ningbo container shippers, TRID 1438150) at ~7.2 CNY/USD; the China-Europe Railway Express demand rows use it; reference §7',
  },
  standard: DEFAULT_VOT_USD_PER_TEU_HOUR,
  bulk: {
    value: 0.4,
    estimate: true,
    source:
      'estimate: ILSTC cargo ~CNY 140,000/box (~USD 19,500) × 10–25 %/yr ÷ 8,760 h (USD 5–13/box-day); the ILSTC demand rows use it; reference §7',
  },
};
