import { modeKeyOf, modeOfKey, type Mode, type Network } from '../network/index.js';

/**
 * Kinds of arc in the expanded ("virtual") network, after NODUS:
 * - `link`: one direction of a physical link, departure vertex → arrival vertex of the same mode;
 * - `pass`: through a node without changing mode (carries the node's border charge);
 * - `transfer`: change of mode at a node (transfer charge, plus border charge);
 * - `gauge`: change of rail gauge at a node (gauge-change charge, plus border charge);
 * - `origin` / `destination`: connectors from a node's origin vertex / to its destination vertex, free.
 */
export type ArcKind = 'link' | 'pass' | 'transfer' | 'gauge' | 'origin' | 'destination';

export const VERTEX_ROLE = { origin: 0, destination: 1, arrival: 2, departure: 3 } as const;
export type VertexRole = keyof typeof VERTEX_ROLE;
const ROLE_PREFIX: Record<VertexRole, string> = { origin: 'o', destination: 'd', arrival: 'a', departure: 'p' };

export interface ExpandOptions {
  /** Candidate link ids to switch on ('all' for every candidate). Candidates are off by default. */
  includeCandidates?: Iterable<string> | 'all';
}

/**
 * The one multimodal expanded graph shared by routing and the LP. Struct-of-arrays, indexed by
 * vertex and arc number, so that pricing and LP building run over typed arrays.
 *
 * Each physical node has an origin vertex, a destination vertex, and an arrival and a departure
 * vertex per mode key that serves it (rail is keyed by gauge: `rail-1435`, `rail-1520`, `rail-1000`).
 * Splitting arrival from departure is what lets a border charge fall on flow *passing* the node and
 * not on flow that starts or ends there, and lets terminal throughput be the sum over the node's arcs:
 * each TEU touching a node uses exactly one of its origin, destination, pass, transfer or gauge arcs.
 */
export interface ExpandedGraph {
  network: Network;
  /** Physical node id → index into network.nodes. */
  nodeIndex: Map<string, number>;
  /** Link id → index into network.links. */
  linkIndex: Map<string, number>;
  /** Link indices that are active (existing links plus the candidates switched on). */
  activeLinks: boolean[];

  vertexCount: number;
  /** Readable key: `o|node`, `d|node`, `a|node|modeKey` (arrival), `p|node|modeKey` (departure). */
  vertexKey: string[];
  vertexNode: Int32Array;
  vertexRole: Uint8Array;
  /** Mode key of arrival/departure vertices; '' for origin/destination. */
  vertexModeKey: string[];
  /** Per physical node: its origin vertex and destination vertex. */
  originVertex: Int32Array;
  destinationVertex: Int32Array;

  arcCount: number;
  arcFrom: Int32Array;
  arcTo: Int32Array;
  arcKind: ArcKind[];
  /** Physical link index for link arcs, −1 otherwise. */
  arcLink: Int32Array;
  /** 1 when a link arc runs to → from. */
  arcReverse: Uint8Array;
  /** Physical node index for node arcs (pass, transfer, gauge, origin, destination), −1 for link arcs. */
  arcNode: Int32Array;
  /** Mode of a link arc; for node arcs the mode being departed on (null for destination arcs). */
  arcMode: (Mode | null)[];
  /** Money, USD per TEU. */
  arcCostUsd: Float64Array;
  arcHours: Float64Array;
  arcCo2Kg: Float64Array;
  arcKm: Float64Array;
  /** Per-direction capacity of link arcs in TEU per year; Infinity when unlimited and for node arcs. */
  arcCapacityTeuPerYear: Float64Array;

  /** Outgoing arcs of vertex v: outArcs[outStart[v] .. outStart[v+1]). */
  outStart: Int32Array;
  outArcs: Int32Array;
  inStart: Int32Array;
  inArcs: Int32Array;
  /** Arc ids of each physical link (1 or 2 directions). */
  linkArcs: number[][];
  /** Node arcs of each physical node: the set whose flow is the node's throughput. */
  nodeArcs: number[][];
}


/**
 * Expand a network into directed arcs. This is the only place that turns links and node charges into
 * arcs (as AequilibraE builds its graph in one place); routing, the LP and column generation all read it.
 * @example const g = expandNetwork(net); g.arcCostUsd[g.linkArcs[0][0]] // = lengthKm × costUsdPerTeuKm
 */
export function expandNetwork(network: Network, options: ExpandOptions = {}): ExpandedGraph {
  const include = options.includeCandidates;
  const includeAll = include === 'all';
  const includeSet = new Set(include && include !== 'all' ? include : []);
  const nodeIndex = new Map(network.nodes.map((n, i) => [n.id, i]));
  const linkIndex = new Map(network.links.map((l, i) => [l.id, i]));
  const activeLinks = network.links.map((l) => l.status === 'existing' || includeAll || includeSet.has(l.id));

  // Mode keys serving each node, in a stable order.
  const keysAt: Set<string>[] = network.nodes.map(() => new Set<string>());
  network.links.forEach((l, i) => {
    if (!activeLinks[i]) return;
    const key = modeKeyOf(l.mode, l.gauge);
    keysAt[nodeIndex.get(l.from)!].add(key);
    keysAt[nodeIndex.get(l.to)!].add(key);
  });

  const vertexKey: string[] = [];
  const vertexNodeArr: number[] = [];
  const vertexRoleArr: number[] = [];
  const vertexModeKey: string[] = [];
  const addVertex = (node: number, role: VertexRole, modeKey: string) => {
    vertexKey.push(`${ROLE_PREFIX[role]}|${network.nodes[node].id}${modeKey ? `|${modeKey}` : ''}`);
    vertexNodeArr.push(node);
    vertexRoleArr.push(VERTEX_ROLE[role]);
    vertexModeKey.push(modeKey);
    return vertexKey.length - 1;
  };
  const originVertex = new Int32Array(network.nodes.length);
  const destinationVertex = new Int32Array(network.nodes.length);
  const arrival: Map<string, number>[] = [];
  const departure: Map<string, number>[] = [];
  network.nodes.forEach((_, n) => {
    originVertex[n] = addVertex(n, 'origin', '');
    destinationVertex[n] = addVertex(n, 'destination', '');
    const arr = new Map<string, number>();
    const dep = new Map<string, number>();
    for (const key of [...keysAt[n]].sort()) {
      arr.set(key, addVertex(n, 'arrival', key));
      dep.set(key, addVertex(n, 'departure', key));
    }
    arrival.push(arr);
    departure.push(dep);
  });

  const from: number[] = [];
  const to: number[] = [];
  const kind: ArcKind[] = [];
  const arcLink: number[] = [];
  const arcReverse: number[] = [];
  const arcNode: number[] = [];
  const arcMode: (Mode | null)[] = [];
  const cost: number[] = [];
  const hours: number[] = [];
  const co2: number[] = [];
  const km: number[] = [];
  const cap: number[] = [];
  const linkArcs: number[][] = network.links.map(() => []);
  const nodeArcs: number[][] = network.nodes.map(() => []);
  const addArc = (a: {
    from: number; to: number; kind: ArcKind; link: number; reverse: boolean; node: number; mode: Mode | null;
    costUsd: number; hours: number; co2Kg: number; km: number; capacity: number;
  }) => {
    const id = from.length;
    from.push(a.from); to.push(a.to); kind.push(a.kind); arcLink.push(a.link); arcReverse.push(a.reverse ? 1 : 0);
    arcNode.push(a.node); arcMode.push(a.mode); cost.push(a.costUsd); hours.push(a.hours); co2.push(a.co2Kg);
    km.push(a.km); cap.push(a.capacity);
    if (a.link >= 0) linkArcs[a.link].push(id);
    if (a.node >= 0) nodeArcs[a.node].push(id);
    return id;
  };

  network.links.forEach((l, li) => {
    if (!activeLinks[li]) return;
    const key = modeKeyOf(l.mode, l.gauge);
    const u = nodeIndex.get(l.from)!;
    const v = nodeIndex.get(l.to)!;
    const common = {
      kind: 'link' as const, link: li, node: -1, mode: l.mode,
      // Money cost of a link per TEU is lengthKm × costUsdPerTeuKm, exactly (network format v1).
      costUsd: l.lengthKm * l.costUsdPerTeuKm, hours: l.hours, co2Kg: l.lengthKm * l.co2KgPerTeuKm, km: l.lengthKm,
      capacity: l.capacityTeuPerYear ?? Infinity,
    };
    addArc({ ...common, from: departure[u].get(key)!, to: arrival[v].get(key)!, reverse: false });
    if (!l.oneway) addArc({ ...common, from: departure[v].get(key)!, to: arrival[u].get(key)!, reverse: true });
  });

  network.nodes.forEach((node, n) => {
    const keys = [...arrival[n].keys()];
    const nodeArc = (k: ArcKind, f: number, t: number, mode: Mode | null, costUsd: number, h: number) =>
      addArc({ from: f, to: t, kind: k, link: -1, reverse: false, node: n, mode, costUsd, hours: h, co2Kg: 0, km: 0, capacity: Infinity });
    for (const inKey of keys) {
      for (const outKey of keys) {
        const inMode = modeOfKey(inKey);
        const outMode = modeOfKey(outKey);
        let k: ArcKind;
        let c = node.borderCrossingUsdPerTeu;
        let h = node.borderCrossingHours;
        if (inKey === outKey) k = 'pass';
        else if (inMode === 'rail' && outMode === 'rail') {
          k = 'gauge';
          c += node.gaugeChangeUsdPerTeu;
          h += node.gaugeChangeHours;
        } else {
          k = 'transfer';
          c += node.transferUsdPerTeu;
          h += node.transferHours;
        }
        nodeArc(k, arrival[n].get(inKey)!, departure[n].get(outKey)!, outMode, c, h);
      }
    }
    for (const key of keys) nodeArc('origin', originVertex[n], departure[n].get(key)!, modeOfKey(key), 0, 0);
    for (const key of keys) nodeArc('destination', arrival[n].get(key)!, destinationVertex[n], null, 0, 0);
  });

  const vertexCount = vertexKey.length;
  const arcCount = from.length;
  const csr = (heads: number[]) => {
    const start = new Int32Array(vertexCount + 1);
    for (const h of heads) start[h + 1]++;
    for (let i = 0; i < vertexCount; i++) start[i + 1] += start[i];
    const fill = start.slice(0, vertexCount);
    const arcs = new Int32Array(arcCount);
    heads.forEach((h, a) => {
      arcs[fill[h]++] = a;
    });
    return { start, arcs };
  };
  const out = csr(from);
  const inn = csr(to);
  return {
    network, nodeIndex, linkIndex, activeLinks,
    vertexCount, vertexKey, vertexNode: Int32Array.from(vertexNodeArr), vertexRole: Uint8Array.from(vertexRoleArr), vertexModeKey,
    originVertex, destinationVertex,
    arcCount, arcFrom: Int32Array.from(from), arcTo: Int32Array.from(to), arcKind: kind,
    arcLink: Int32Array.from(arcLink), arcReverse: Uint8Array.from(arcReverse), arcNode: Int32Array.from(arcNode), arcMode,
    arcCostUsd: Float64Array.from(cost), arcHours: Float64Array.from(hours), arcCo2Kg: Float64Array.from(co2),
    arcKm: Float64Array.from(km), arcCapacityTeuPerYear: Float64Array.from(cap),
    outStart: out.start, outArcs: out.arcs, inStart: inn.start, inArcs: inn.arcs,
    linkArcs, nodeArcs,
  };
}
