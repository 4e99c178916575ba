import type { CalibrationRow } from './calibration.js';

const fmt = (v: number, unit: string) => (unit === 'Mt/yr' ? v.toFixed(1) : Math.round(v).toLocaleString('en-US'));

/** The calibration table as Markdown (docs/calibration.md holds it between BEGIN/END markers). */
export function calibrationMarkdown(rows: readonly CalibrationRow[]): string {
  const lines = ['| id | quantity | year | published | model | model − published | source |', '|---|---|---|---:|---:|---:|---|'];
  for (const r of rows) {
    const dev = `${r.deviation >= 0 ? '+' : '−'}${Math.abs(r.deviation * 100).toFixed(1)}%`;
    lines.push(`| ${r.id} | ${r.label} | ${r.year} | ${fmt(r.publishedValue, r.unit)} | ${fmt(r.modelValue, r.unit)} | ${dev} | ${r.source} |`);
  }
  return lines.join('\n');
}
