import type * as L from 'leaflet';
import type { Legend } from './legend.js';
import type { NetworkLayer } from './network-layer.js';

/** What the panels share: the map, the selected network and the active disruptions. */
export interface AppContext {
  map: L.Map;
  legend: Legend;
  /** Id of the network in the selector. */
  networkId: string;
  /** The drawn network, null while loading. */
  network: NetworkLayer | null;
  /** Named disruptions (or node/link ids) toggled on in the disruption panel. */
  closures: Set<string>;
}
