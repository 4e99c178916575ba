import * as L from 'leaflet';
import { el } from './dom.js';
import { MODE_COLORS, modeLabel } from './mode-colors.js';
import { UNCAPACITATED_COLOR, utilizationColor } from './utilization-color.js';

/** A map legend: one swatch per mode, the candidate dash, and (while flows are shown) the utilization scale. */
export interface Legend {
  control: L.Control;
  showUtilization(show: boolean): void;
}

function swatch(color: string, dashed = false): HTMLElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('width', '28');
  svg.setAttribute('height', '10');
  const line = document.createElementNS('http://www.w3.org/2000/svg', 'line');
  line.setAttribute('x1', '1');
  line.setAttribute('x2', '27');
  line.setAttribute('y1', '5');
  line.setAttribute('y2', '5');
  line.setAttribute('stroke', color);
  line.setAttribute('stroke-width', '3');
  if (dashed) line.setAttribute('stroke-dasharray', '5 4');
  svg.append(line);
  const span = el('span', { class: 'swatch' });
  span.append(svg);
  return span;
}

/** Add the legend to the top-right corner of the map (over the Arctic, where no corridor runs). */
export function addLegend(map: L.Map): Legend {
  const utilization = el('div', { class: 'legend-utilization', hidden: true }, [
    el('div', { class: 'legend-title', text: 'Utilization (flow ÷ capacity)' }),
  ]);
  const scale = el('div', { class: 'legend-scale' });
  for (const u of [0, 0.25, 0.5, 0.75, 1]) {
    scale.append(el('span', { class: 'legend-step', style: `background:${utilizationColor(u)}`, text: `${u * 100}%` }));
  }
  utilization.append(
    scale,
    el('div', { class: 'legend-row' }, [swatch(UNCAPACITATED_COLOR), 'no capacity limit']),
    el('div', { class: 'legend-note', text: 'Line width ∝ TEU/yr; ring = terminal throughput; ◆ = binding capacity with its shadow price (USD/yr per extra TEU/yr).' }),
  );
  const box = el('div', { class: 'legend', id: 'legend' }, [el('div', { class: 'legend-title', text: 'Mode' })]);
  for (const [mode, color] of Object.entries(MODE_COLORS)) {
    box.append(el('div', { class: 'legend-row' }, [swatch(color), modeLabel(mode)]));
  }
  box.append(el('div', { class: 'legend-row' }, [swatch('#444444', true), 'candidate link']));
  box.append(utilization);
  const Control = L.Control.extend({
    onAdd: () => {
      L.DomEvent.disableClickPropagation(box);
      return box;
    },
  });
  const control = new Control({ position: 'topright' });
  control.addTo(map);
  return {
    control,
    showUtilization(show) {
      utilization.hidden = !show;
    },
  };
}
