import type { ModalSplitEntry } from './api-types.js';
import { formatCompact } from './dom.js';
import { modeColor, modeLabel } from './mode-colors.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

function svgEl<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * A horizontal bar chart of the modal split as inline SVG: one bar per mode, length = share of TEU-km,
 * labelled with the share and the TEU/yr whose main mode it is. Modes without traffic are left out.
 * @example container.append(modalSplitChart(result.modalSplit))
 */
export function modalSplitChart(entries: readonly ModalSplitEntry[]): SVGSVGElement {
  const rows = entries.filter((e) => e.teuKm > 0 || e.teuPerYear > 0);
  const rowHeightPx = 22;
  const labelWidthPx = 104;
  const barWidthPx = 150;
  const widthPx = labelWidthPx + barWidthPx + 96;
  const heightPx = rows.length * rowHeightPx + 22;
  const svg = svgEl('svg', { width: widthPx, height: heightPx, viewBox: `0 0 ${widthPx} ${heightPx}`, role: 'img', 'aria-label': 'Modal split by TEU-km', class: 'modal-split-chart' });
  svg.append(svgEl('text', { x: 0, y: 12, class: 'chart-title' }, 'Share of TEU-km (TEU/yr by main mode)'));
  rows.forEach((e, i) => {
    const y = 20 + i * rowHeightPx;
    const share = Math.max(0, Math.min(1, e.shareOfTeuKm));
    svg.append(svgEl('text', { x: 0, y: y + 14, class: 'chart-label' }, modeLabel(e.mode)));
    svg.append(svgEl('rect', { x: labelWidthPx, y: y + 3, width: barWidthPx, height: 14, fill: '#e5e7eb' }));
    const bar = svgEl('rect', { x: labelWidthPx, y: y + 3, width: Math.max(1, share * barWidthPx), height: 14, fill: modeColor(e.mode), 'data-mode': e.mode });
    bar.append(svgEl('title', {}, `${modeLabel(e.mode)}: ${(share * 100).toFixed(1)} % of TEU-km, ${formatCompact(e.teuKm)} TEU-km/yr; ${formatCompact(e.teuPerYear)} TEU/yr with ${modeLabel(e.mode)} as main mode`));
    svg.append(bar);
    svg.append(svgEl('text', { x: labelWidthPx + barWidthPx + 6, y: y + 14, class: 'chart-value' }, `${(share * 100).toFixed(0)} % · ${formatCompact(e.teuPerYear)}`));
  });
  return svg;
}
