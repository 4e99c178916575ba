/**
 * Data checks on the built-in network files, with plain JSON reading (no project code), so that a broken
 * data file is reported as a data problem even when the loader itself is being changed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const NETWORKS = join(import.meta.dirname, '..', 'networks');
const FILES = ['land-sea-corridor', 'eurasian-land-bridge'] as const;
type FileId = (typeof FILES)[number];

type Position = [number, number];
interface Feature {
  type: string;
  geometry: { type: string; coordinates: unknown };
  properties: Record<string, unknown>;
}
interface Collection {
  type: string;
  name?: string;
  source?: string;
  features: Feature[];
}

const read = (file: FileId): Collection => JSON.parse(readFileSync(join(NETWORKS, `${file}.geojson`), 'utf8'));
const data: Record<FileId, Collection> = { 'land-sea-corridor': read('land-sea-corridor'), 'eurasian-land-bridge': read('eurasian-land-bridge') };
const nodesOf = (fc: Collection) => fc.features.filter((f) => f.geometry.type === 'Point');
const linksOf = (fc: Collection) => fc.features.filter((f) => f.geometry.type === 'LineString');
const idOf = (f: Feature) => String(f.properties.id);

/** Great-circle distance in km (haversine, R = 6,371 km), positions as [lon, lat]. */
function haversineKm([lon1, lat1]: Position, [lon2, lat2]: Position): number {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(a));
}

/** Minimal RFC 4180 CSV reader (quoted fields may hold commas and doubled quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length) rows.push([...row, field]);
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

const NODE_KINDS = ['seaport', 'river_port', 'rail_terminal', 'border_crossing', 'airport', 'city', 'waypoint'];
const MODES = ['rail', 'road', 'inland_waterway', 'sea', 'air'];
const GAUGES = [1435, 1520, 1000];
const NODE_NUMBERS = ['transferUsdPerTeu', 'transferHours', 'borderCrossingUsdPerTeu', 'borderCrossingHours', 'gaugeChangeUsdPerTeu', 'gaugeChangeHours', 'throughputTeuPerYear'];
const LINK_NUMBERS = ['lengthKm', 'costUsdPerTeuKm', 'speedKmh', 'hours', 'co2KgPerTeuKm', 'capacityTeuPerYear'];

/** Node ids the named disruption scenarios, the demand files and the brief rely on. */
const REQUIRED_NODE_IDS = [
  'chongqing', 'chongqing-guoyuan', 'chongqing-airport', 'chengdu', 'chengdu-airport', 'guiyang', 'kunming', 'nanning', 'huaihua',
  'lanzhou', 'qinzhou', 'beihai', 'fangchenggang', 'pingxiang', 'youyiguan', 'dong-dang', 'hanoi', 'haiphong', 'hekou', 'mohan',
  'vientiane', 'laem-chabang', 'singapore', 'port-klang', 'shanghai', 'taicang', 'wuhan', 'three-gorges-locks', 'lianyungang',
  'xuzhou', 'zhengzhou', 'zhengzhou-airport', 'xian', 'xian-airport', 'urumqi', 'jinghe', 'alashankou', 'dostyk', 'khorgos',
  'altynkol', 'aktogay', 'almaty', 'astana', 'moscow', 'aktau', 'baku', 'poti', 'constanta', 'brest', 'malaszewicze', 'bruzgi',
  'warsaw', 'duisburg', 'hamburg', 'rotterdam', 'erenhot', 'zamyn-uud', 'ulaanbaatar', 'suez', 'bab-el-mandeb',
  'cape-of-good-hope', 'malacca-strait', 'luxembourg-airport', 'frankfurt-airport',
];
const SHARED_NODE_IDS = ['chongqing', 'chengdu', 'xian', 'lanzhou', 'shanghai', 'singapore', 'malacca-strait'];

describe.each(FILES)('networks/%s.geojson', (file) => {
  const fc = data[file];
  const nodes = nodesOf(fc);
  const links = linksOf(fc);
  const nodeById = new Map(nodes.map((n) => [idOf(n), n]));

  it('is a FeatureCollection of Point nodes and LineString links with a top-level source', () => {
    expect(fc.type).toBe('FeatureCollection');
    expect(typeof fc.source).toBe('string');
    for (const f of fc.features) {
      expect(f.type).toBe('Feature');
      expect(['Point', 'LineString'], idOf(f)).toContain(f.geometry.type);
    }
    expect(nodes.length).toBeGreaterThan(20);
    expect(links.length).toBeGreaterThan(20);
  });

  it('every feature has a non-empty source', () => {
    const missing = fc.features.filter((f) => typeof f.properties.source !== 'string' || !(f.properties.source as string).trim());
    expect(missing.map(idOf)).toEqual([]);
  });

  it('ids are unique across nodes and links', () => {
    const seen = new Set<string>();
    const dupes: string[] = [];
    for (const f of fc.features) {
      const id = f.properties.id;
      expect(typeof id === 'string' && id.length > 0, JSON.stringify(f.properties).slice(0, 80)).toBe(true);
      if (seen.has(idOf(f))) dupes.push(idOf(f));
      seen.add(idOf(f));
    }
    expect(dupes).toEqual([]);
  });

  it('links name existing, distinct from/to nodes', () => {
    const bad = links.filter((l) => !nodeById.has(String(l.properties.from)) || !nodeById.has(String(l.properties.to)) || l.properties.from === l.properties.to);
    expect(bad.map(idOf)).toEqual([]);
  });

  it("every link's geometry starts within 50 km of its from node and ends within 50 km of its to node", () => {
    const far: string[] = [];
    for (const l of links) {
      const coords = l.geometry.coordinates as Position[];
      expect(coords.length, idOf(l)).toBeGreaterThanOrEqual(2);
      const from = nodeById.get(String(l.properties.from))!.geometry.coordinates as Position;
      const to = nodeById.get(String(l.properties.to))!.geometry.coordinates as Position;
      const d0 = haversineKm(coords[0], from);
      const d1 = haversineKm(coords[coords.length - 1], to);
      if (d0 > 50 || d1 > 50) far.push(`${idOf(l)} (${d0.toFixed(1)} km, ${d1.toFixed(1)} km)`);
    }
    expect(far).toEqual([]);
  });

  it('coordinates are [lon, lat] in range', () => {
    const positions = fc.features.flatMap((f) => (f.geometry.type === 'Point' ? [f.geometry.coordinates as Position] : (f.geometry.coordinates as Position[])));
    for (const [lon, lat] of positions) {
      expect(Number.isFinite(lon) && lon >= -180 && lon <= 180).toBe(true);
      expect(Number.isFinite(lat) && lat >= -90 && lat <= 90).toBe(true);
    }
  });

  it('nodes have a known kind, a two-letter country and string aliases', () => {
    for (const n of nodes) {
      expect(NODE_KINDS, idOf(n)).toContain(n.properties.kind);
      expect(n.properties.country, idOf(n)).toMatch(/^[A-Z]{2}$/);
      expect(Array.isArray(n.properties.aliases) && (n.properties.aliases as unknown[]).every((a) => typeof a === 'string'), idOf(n)).toBe(true);
    }
  });

  it('links have a known mode and a positive lengthKm; gauge only on rail, and always there', () => {
    for (const l of links) {
      const p = l.properties;
      expect(MODES, idOf(l)).toContain(p.mode);
      expect(typeof p.lengthKm === 'number' && p.lengthKm > 0, idOf(l)).toBe(true);
      if (p.mode === 'rail') expect(GAUGES, idOf(l)).toContain(p.gauge);
      else expect(p.gauge, idOf(l)).toBeUndefined();
      expect(p.status ?? 'existing', idOf(l)).toBe('existing');
    }
  });

  it('numbers are finite and ≥ 0, and `estimated` only names properties the feature has', () => {
    for (const f of fc.features) {
      const numeric = f.geometry.type === 'Point' ? NODE_NUMBERS : LINK_NUMBERS;
      for (const key of numeric) {
        const v = f.properties[key];
        if (v === undefined) continue;
        expect(typeof v === 'number' && Number.isFinite(v) && v >= 0, `${idOf(f)}.${key}`).toBe(true);
      }
      const estimated = f.properties.estimated;
      if (estimated === undefined) continue;
      expect(Array.isArray(estimated), idOf(f)).toBe(true);
      for (const key of estimated as string[]) expect(f.properties[key], `${idOf(f)} estimated ${key}`).toBeDefined();
    }
  });

  it('gauge-change charges sit exactly where rail links of two gauges meet', () => {
    const gauges = new Map<string, Set<number>>();
    for (const l of links) {
      if (l.properties.mode !== 'rail') continue;
      for (const end of [l.properties.from, l.properties.to]) {
        const set = gauges.get(String(end)) ?? new Set<number>();
        set.add(l.properties.gauge as number);
        gauges.set(String(end), set);
      }
    }
    for (const n of nodes) {
      const mixed = (gauges.get(idOf(n))?.size ?? 0) > 1;
      const charged = n.properties.gaugeChangeHours !== undefined;
      expect(charged, `${idOf(n)}: ${mixed ? 'two gauges meet but no gaugeChangeHours' : 'gaugeChangeHours on a single-gauge node'}`).toBe(mixed);
    }
  });

  it('every node reaches singapore or rotterdam (links taken both ways)', () => {
    const adjacent = new Map<string, string[]>();
    for (const l of links) {
      const a = String(l.properties.from);
      const b = String(l.properties.to);
      adjacent.set(a, [...(adjacent.get(a) ?? []), b]);
      if (l.properties.oneway !== true) adjacent.set(b, [...(adjacent.get(b) ?? []), a]);
    }
    const targets = ['singapore', 'rotterdam'].filter((t) => nodeById.has(t));
    expect(targets.length).toBeGreaterThan(0);
    // Reverse reachability: walk from the targets over reversed edges.
    const reverse = new Map<string, string[]>();
    for (const [a, bs] of adjacent) for (const b of bs) reverse.set(b, [...(reverse.get(b) ?? []), a]);
    const seen = new Set(targets);
    const stack = [...targets];
    while (stack.length) {
      for (const u of reverse.get(stack.pop()!) ?? []) {
        if (seen.has(u)) continue;
        seen.add(u);
        stack.push(u);
      }
    }
    expect(nodes.map(idOf).filter((id) => !seen.has(id))).toEqual([]);
  });
});

describe('both corridors together', () => {
  const [a, b] = FILES.map((f) => data[f]);
  const byId = (fc: Collection) => new Map(fc.features.map((f) => [idOf(f), f]));
  const aById = byId(a);
  const bById = byId(b);

  it('the shared nodes are in both files', () => {
    for (const id of SHARED_NODE_IDS) {
      expect(aById.get(id)?.geometry.type, `${id} in land-sea-corridor`).toBe('Point');
      expect(bById.get(id)?.geometry.type, `${id} in eurasian-land-bridge`).toBe('Point');
    }
  });

  it('every feature present in both files is identical in both (the merge is a plain union)', () => {
    const shared = [...aById.keys()].filter((id) => bById.has(id));
    expect(shared.length).toBeGreaterThanOrEqual(SHARED_NODE_IDS.length);
    for (const id of shared) {
      expect(bById.get(id), id).toEqual(aById.get(id));
      expect(JSON.stringify(bById.get(id)), id).toBe(JSON.stringify(aById.get(id)));
    }
  });

  it('has at least 60 nodes in all, including every id the scenarios rely on', () => {
    const all = new Set([...nodesOf(a), ...nodesOf(b)].map(idOf));
    expect(all.size).toBeGreaterThanOrEqual(60);
    expect(REQUIRED_NODE_IDS.filter((id) => !all.has(id))).toEqual([]);
  });

  it('puts throughput limits on the border crossings, ports, locks and gauge-change terminals named in the reference', () => {
    const all = new Map([...aById, ...bById]);
    for (const id of ['alashankou', 'khorgos', 'erenhot', 'malaszewicze', 'bruzgi', 'vientiane', 'hekou', 'pingxiang', 'three-gorges-locks', 'qinzhou', 'beihai', 'fangchenggang', 'aktau']) {
      const cap = all.get(id)?.properties.throughputTeuPerYear;
      expect(typeof cap === 'number' && cap > 0, id).toBe(true);
    }
  });

  it('the sea chains add up to the sourced Shanghai–Rotterdam totals (Suez 10,600 nm / 32 days; Cape 13,900 nm / 44 days)', () => {
    const links = new Map(linksOf(b).map((l) => [idOf(l), l.properties]));
    const total = (ids: string[], key: 'lengthKm' | 'hours') => ids.reduce((s, id) => s + Number(links.get(id)?.[key]), 0);
    const head = ['shanghai-singapore-sea', 'singapore-malacca-strait-sea'];
    const suez = [...head, 'malacca-strait-sri-lanka-sea', 'sri-lanka-bab-el-mandeb-sea', 'bab-el-mandeb-suez-sea', 'suez-gibraltar-sea', 'gibraltar-rotterdam-sea'];
    const cape = [...head, 'malacca-strait-cape-of-good-hope-sea', 'cape-of-good-hope-rotterdam-sea'];
    expect(total(suez, 'lengthKm')).toBeCloseTo(10600 * 1.852, -1);
    expect(total(suez, 'hours')).toBeCloseTo(32 * 24, 0);
    expect(total(cape, 'lengthKm')).toBeCloseTo(13900 * 1.852, -1);
    expect(total(cape, 'hours')).toBeCloseTo(44 * 24, 0);
  });

  it('the broad-gauge chain Dostyk–Brest is the sourced 5,430 km', () => {
    const links = new Map(linksOf(b).map((l) => [idOf(l), l.properties]));
    const chain = ['dostyk-aktogay-rail', 'aktogay-astana-rail', 'astana-moscow-rail', 'moscow-brest-rail'];
    expect(chain.reduce((s, id) => s + Number(links.get(id)?.lengthKm), 0)).toBe(5430);
    for (const id of chain) expect(links.get(id)?.gauge, id).toBe(1520);
  });
});

describe('default demand CSVs', () => {
  const HEADER = ['origin', 'destination', 'teuPerYear', 'commodity', 'valueOfTimeUsdPerTeuHour', 'source'];
  const ids = (fcs: Collection[]) => new Set(fcs.flatMap((fc) => nodesOf(fc).map(idOf)));
  const cases: [string, Set<string>][] = [
    ['land-sea-corridor', ids([data['land-sea-corridor']])],
    ['eurasian-land-bridge', ids([data['eurasian-land-bridge']])],
    ['china-eurasia', ids(FILES.map((f) => data[f]))],
  ];
  const rowsOf = (name: string) => parseCsv(readFileSync(join(NETWORKS, 'demand', `${name}.csv`), 'utf8'));

  it.each(cases)('%s.csv has the standard columns, known node ids, positive volumes and a source on every row', (name, known) => {
    const [header, ...rows] = rowsOf(name);
    expect(header).toEqual(HEADER);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.length, r.join(',').slice(0, 60)).toBe(HEADER.length);
      const [origin, destination, teu, , vot, source] = r;
      expect(known.has(origin), origin).toBe(true);
      expect(known.has(destination), destination).toBe(true);
      expect(origin).not.toBe(destination);
      expect(Number(teu) > 0, `${origin}>${destination}`).toBe(true);
      if (vot !== '') expect(Number(vot) >= 0, `${origin}>${destination} vot`).toBe(true);
      expect(source.trim().length > 0, `${origin}>${destination} source`).toBe(true);
    }
  });

  it('china-eurasia.csv is the two corridor files together', () => {
    const body = (name: string) => rowsOf(name).slice(1).map((r) => r.join('\u0001'));
    expect(body('china-eurasia').sort()).toEqual([...body('land-sea-corridor'), ...body('eurasian-land-bridge')].sort());
  });

  it('Xinjiang-bound demand exceeds Khorgos throughput, so closing Alashankou makes Khorgos bind', () => {
    const [, ...rows] = rowsOf('eurasian-land-bridge');
    const west = new Set(['duisburg', 'hamburg', 'warsaw', 'rotterdam', 'moscow', 'almaty', 'baku', 'constanta']);
    const viaXinjiang = rows.filter(([o, d]) => west.has(o) || west.has(d)).reduce((s, r) => s + Number(r[2]), 0);
    const khorgos = nodesOf(data['eurasian-land-bridge']).find((n) => idOf(n) === 'khorgos')!.properties.throughputTeuPerYear as number;
    const erenhot = nodesOf(data['eurasian-land-bridge']).find((n) => idOf(n) === 'erenhot')!.properties.throughputTeuPerYear as number;
    expect(viaXinjiang).toBeGreaterThan(khorgos + erenhot);
  });
});
