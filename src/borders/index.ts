export { countryAt, countryOutlines } from './country-outlines.js';
export { crossedBorders, type BorderCrossingPoint } from './crossed-borders.js';
export { uncheckedBorderLinks, uncheckedGaugeChanges } from './unchecked-border-links.js';
