import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Issue 19: docs/cost-model.md had "0.2 USD/TEU-km … ≈ USD 245 for 1,450 km" (it is 290). Every worked
// example in the cost model is recomputed here from the figures the text itself states.
const doc = readFileSync(join(import.meta.dirname, '..', 'docs', 'cost-model.md'), 'utf8');
const num = (s: string) => Number(s.replace(/,/g, ''));

/** The text must contain the pattern; returns its numeric groups. */
function figures(pattern: RegExp): number[] {
  const m = pattern.exec(doc);
  expect(m, String(pattern)).not.toBeNull();
  return m!.slice(1).map(num);
}

const within = (value: number, expected: number, relative: number) => expect(Math.abs(value - expected) / expected, `${value} vs ${expected}`).toBeLessThanOrEqual(relative);

describe('docs/cost-model.md worked examples add up', () => {
  it('rail: the 2008 tariff for 1,450 km, and 0.2 USD/TEU-km × 1,450 km = 290', () => {
    const [box, perKm, cny, usd, fx, km, rate, usdNow, km2] = figures(/CNY ([\d.]+)\/box \+ CNY ([\d.]+)\/km[^:]*: CNY ([\d,]+) ≈ USD ([\d,]+) at ([\d.]+) CNY\/USD for ([\d,]+) km in 2008, inflated to USD ([\d.]+)\/TEU-km = USD ([\d,]+) for ([\d,]+) km/);
    within(box + perKm * km, cny, 0.001);
    within(cny / fx, usd, 0.01);
    expect(rate * km2).toBeCloseTo(usdNow, 9);
    expect(0.2 * 1450).toBe(290);
  });

  it('rail speed: 1,450 km in 48 h and 5,430 km in 7.31 days are about 30 km/h', () => {
    const [km, h, km2, d, kmh] = figures(/([\d,]+) km in (\d+) h \(2017 pilot train\); ERAI broad gauge ([\d,]+) km in ([\d.]+) days ≈ (\d+) km\/h/);
    within(km / h, 30, 0.02);
    within(km2 / (d * 24), kmh, 0.01);
  });

  it('value of time: USD 54,000 × 10–25 %/yr ÷ 365 is USD 15–37/TEU-day, and 24/TEU-day ≈ 1/TEU-hour', () => {
    const [lo, hi, value, a, b, perDay] = figures(/USD (\d+)–(\d+) per TEU-day in-transit inventory cost \(USD ([\d,]+)\/TEU average cargo value × (\d+)–(\d+)%\/yr ÷ 365, Rodrigue\) → USD (\d+)\/TEU-day/);
    within((value * a) / 100 / 365, lo, 0.02);
    within((value * b) / 100 / 365, hi, 0.01);
    expect(perDay).toBeGreaterThanOrEqual(lo);
    expect(perDay).toBeLessThanOrEqual(hi);
    within(perDay / 24, 1, 0.001);
  });

  it('bulk: USD 19,500 × 10–25 %/yr ÷ 8,760 h brackets 0.4/TEU-hour and is USD 5–13/box-day', () => {
    const [value, a, b, h, lo, hi] = figures(/~USD ([\d,]+)\) × (\d+)–(\d+) %\/yr ÷ ([\d,]+) h \(USD (\d+)–(\d+)\/box-day\)/);
    const low = (value * a) / 100 / h;
    const high = (value * b) / 100 / h;
    expect(low).toBeLessThan(0.4);
    expect(high).toBeGreaterThan(0.4);
    within(low * 24, lo, 0.1);
    within(high * 24, hi, 0.05);
  });

  it('high-value: CNY 52.50/TEU-h at ~7.2 CNY/USD is USD 7.3', () => {
    const [cny, fx] = figures(/CNY ([\d.]+)\/TEU-h shipper value of time \([^)]*\) at ~([\d.]+) CNY\/USD/);
    within(cny / fx, 7.3, 0.01);
  });

  it('sea: USD 1,400/FEU = USD 700/TEU over ~19,600 km ≈ 0.036/TEU-km; air: USD 2.44/kg × 10 t over ~8,400 km ≈ 2.9', () => {
    const [feu, teu, km] = figures(/~USD ([\d,]+)\/FEU Shanghai–Rotterdam \([^)]*\) = USD ([\d,]+)\/TEU over ~([\d,]+) km/);
    expect(feu / 2).toBe(teu);
    within(teu / km, 0.036, 0.01);
    const [perKg, tonnes, km2] = figures(/USD ([\d.]+)\/kg \(spring 2019\) × (\d+) t\/TEU over ~([\d,]+) km/);
    within((perKg * tonnes * 1000) / km2, 2.9, 0.01);
  });

  it('road and river: the CNY per t-km bound, Nanning–Hanoi speed, Chongqing–Shanghai speed', () => {
    const [cny, usd, t] = figures(/road > CNY ([\d.]+)\/t-km ≈ USD ([\d.]+)\/t-km × (\d+) t\/TEU/);
    within(cny / 7, usd, 0.01);
    expect(usd * t).toBeLessThanOrEqual(0.6);
    const [km, h] = figures(/Nanning–Hanoi ~(\d+) km in ~(\d+) h/);
    within(km / h, 50, 0.03);
    const [km2, d1, d2] = figures(/Chongqing–Shanghai ~([\d,]+) km in (\d+)–(\d+) days/);
    within(km2 / (((d1 + d2) / 2) * 24), 13, 0.03);
  });

  it('CO2: per t-km figures × 10 t/TEU are the per TEU-km defaults', () => {
    expect(figures(/(\d+) g CO2\/t-km, between the China road average/)[0] * 10 / 1000).toBeCloseTo(0.6, 9);
    expect(figures(/estimate: (\d+) g CO2\/t-km \(Netherlands/)[0] * 10 / 1000).toBeCloseTo(0.35, 9);
    expect(figures(/air >[\d,]+ km (\d+) g CO2e\/t-km/)[0] * 10 / 1000).toBeCloseTo(6.3, 9);
    expect(figures(/deep-sea container industry average (\d+) g CO2e\/TEU-km/)[0] / 1000).toBeCloseTo(0.076, 9);
  });
});
