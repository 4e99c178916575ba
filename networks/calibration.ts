import type { AssignmentResult } from '../src/assignment/index.js';

/**
 * Published volumes the default demand is calibrated to (issue 18), and how each is measured in a solved
 * assignment. Sources: networks/reference/corridor-reference.md §3 and §9 (tags as there). docs/calibration.md
 * holds the table of model vs published figure; tests/calibration.test.ts solves the default demand and
 * checks it.
 */
export interface CalibrationTarget {
  id: string;
  /** What is compared, with its unit. */
  label: string;
  /** The published figure, in `unit`. */
  publishedValue: number;
  unit: string;
  year: string;
  /** Where the published figure comes from, and any conversion. */
  source: string;
  /** The same quantity in a solved assignment of china-eurasia, in `unit`. */
  measure: (r: AssignmentResult) => number;
}

const TEU_PER_TRAIN = 105;
const throughput = (r: AssignmentResult, ...ids: string[]) => ids.reduce((s, id) => s + (r.terminals.find((t) => t.id === id)?.throughputTeuPerYear ?? 0), 0);
const BEIBU = new Set(['qinzhou', 'beihai', 'fangchenggang']);
/** TEU/yr on rail links that end at a Beibu Gulf port (both directions): the ILSTC rail–sea trains. */
const beibuRail = (r: AssignmentResult) => r.links.filter((l) => l.mode === 'rail' && (BEIBU.has(l.from) || BEIBU.has(l.to))).reduce((s, l) => s + l.flowTeuPerYear, 0);
const linkFlow = (r: AssignmentResult, id: string) => r.links.filter((l) => l.id === id).reduce((s, l) => s + l.flowTeuPerYear, 0);

export const CALIBRATION_TARGETS: readonly CalibrationTarget[] = [
  {
    id: 'alashankou-khorgos', label: 'Alashankou + Khorgos China–Europe/Central Asia rail, TEU/yr (both directions)', publishedValue: 16_414 * TEU_PER_TRAIN, unit: 'TEU/yr', year: '2024',
    source: '16,414 trains (+14%) [NEWS] Xinhua 2025-05-29 / http://en.people.cn/n3/2025/0529/c90000-20321136.html × 105 TEU/train (CRE 1.749 M TEU ÷ 16,145 trains)',
    measure: (r) => throughput(r, 'alashankou', 'khorgos'),
  },
  {
    id: 'alashankou', label: 'Alashankou trains × 105 TEU, TEU/yr', publishedValue: 7_860 * TEU_PER_TRAIN, unit: 'TEU/yr', year: '2024',
    source: '~7,860 trains = 16,414 (Alashankou + Khorgos) − 8,541 (Khorgos to 24 Dec) (reference §3, derived); 8,165 in 2025 [NEWS] people.cn 2026-01-13',
    measure: (r) => throughput(r, 'alashankou'),
  },
  {
    id: 'khorgos', label: 'Khorgos trains × 105 TEU, TEU/yr', publishedValue: 8_541 * TEU_PER_TRAIN, unit: 'TEU/yr', year: '2024',
    source: '8,541 trains by 24 Dec 2024 [NEWS] http://en.people.cn/n3/2024/1226/c90000-20258523.html',
    measure: (r) => throughput(r, 'khorgos'),
  },
  {
    id: 'erenhot', label: 'Erenhot CRE trains × 105 TEU, TEU/yr', publishedValue: 3_500 * TEU_PER_TRAIN, unit: 'TEU/yr', year: '2024 or 2025',
    source: '>3,500 CRE trains in one year for the first time [NEWS] https://news.livedoor.com/topics/detail/30058080/',
    measure: (r) => throughput(r, 'erenhot'),
  },
  {
    id: 'ilstc-rail-sea', label: 'ILSTC rail–sea intermodal TEU/yr (rail to and from the Beibu Gulf ports)', publishedValue: 960_000, unit: 'TEU/yr', year: '2024',
    source: '960,000 TEU (2024) China Railway Nanning Group via china.com.cn, 2025-09-22 (reference §9)',
    measure: beibuRail,
  },
  {
    id: 'ilstc-trains', label: 'ILSTC rail–sea trains/yr at Qinzhou Port East (model TEU ÷ 105 TEU/train)', publishedValue: 24 * 365, unit: 'trains/yr', year: 'Jan 2025',
    source: 'Qinzhou Port East 24 trains/day (Jan 2025), Guangxi Daily (reference §9) × 365',
    measure: (r) => beibuRail(r) / TEU_PER_TRAIN,
  },
  {
    id: 'beibu-gulf-ports', label: 'Beibu Gulf Port container throughput (Qinzhou + Beihai + Fangchenggang), TEU/yr', publishedValue: 8_000_000, unit: 'TEU/yr', year: '2023',
    source: '>8 M TEU (2023) [NEWS] https://german.cri.cn/2024/01/03/ARTI9vR9BxSL9gc9UBgqu0CZ240103.shtml',
    measure: (r) => throughput(r, ...BEIBU),
  },
  {
    id: 'three-gorges-locks', label: 'Three Gorges ship locks, Mt/yr (TEU-equivalents × 10 t)', publishedValue: 169, unit: 'Mt/yr', year: '2023',
    source: '~169 Mt (2023); 156.18 Mt (2022), >154 Mt (2024), China Three Gorges Corp. / Changjiang Three Gorges Navigation Authority (reference §9)',
    measure: (r) => (throughput(r, 'three-gorges-locks') * 10) / 1e6,
  },
  {
    id: 'yangtze-containers', label: 'Chongqing–Shanghai Direct Express Line containers through the locks, TEU/yr', publishedValue: Math.round(1_390_000 / (63 / 12)), unit: 'TEU/yr', year: 'May 2019–Jul 2024',
    source: '1.39 M TEU in 63 months [NEWS] https://news.cqnews.net/1/detail/1274021851349659648/web/content_1274021851349659648.htm',
    measure: (r) => linkFlow(r, 'chongqing-guoyuan-three-gorges-locks-river'),
  },
];

/** One row of the calibration table. */
export interface CalibrationRow {
  id: string;
  label: string;
  unit: string;
  year: string;
  publishedValue: number;
  modelValue: number;
  /** (model − published) / published. */
  deviation: number;
  source: string;
}

/** Model vs published figure for every target, from a solved china-eurasia assignment of the default demand. */
export function calibrationTable(result: AssignmentResult): CalibrationRow[] {
  return CALIBRATION_TARGETS.map((t) => {
    const modelValue = t.measure(result);
    return { id: t.id, label: t.label, unit: t.unit, year: t.year, publishedValue: t.publishedValue, modelValue, deviation: (modelValue - t.publishedValue) / t.publishedValue, source: t.source };
  });
}
