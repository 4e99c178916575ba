import type { CorridorsAnswer } from './api-types.js';
import { apiJson, describeError } from './api-client.js';
import { byId, el } from './dom.js';

/** The corridor toggle (issue 19): highlight the ILSTC or the NELB lines of a merged network, fade the rest. */
export interface CorridorToggle {
  /** Fetch GET /networks/:id/corridors and offer a choice when the network has two corridors or more. */
  load(networkId: string): Promise<void>;
  /** The corridor shown now ('' = all). */
  readonly selected: string;
}

/**
 * Wire up #corridor-toggle. The choice only sets classes on the drawn link paths (`corridor-in`,
 * `corridor-out`, styled in style.css), so it does not fight the panels' own setStyle calls.
 */
export function createCorridorToggle(container: HTMLElement): CorridorToggle {
  const box = byId<HTMLFieldSetElement>('corridor-toggle');
  let membership = new Map<string, Set<string>>();
  let selected = '';

  const apply = () => {
    const members = membership.get(selected);
    for (const path of container.querySelectorAll<SVGPathElement>('path.network-link[data-link-id]')) {
      const inside = members ? members.has(path.getAttribute('data-link-id') ?? '') : false;
      path.classList.toggle('corridor-in', Boolean(members) && inside);
      path.classList.toggle('corridor-out', Boolean(members) && !inside);
    }
  };

  const option = (value: string, text: string, title?: string) => {
    const input = el('input', { type: 'radio', name: 'corridor', value, id: `corridor-${value || 'all'}`, checked: value === selected });
    input.addEventListener('change', () => {
      selected = value;
      apply();
    });
    return el('label', { class: 'inline', title }, [input, ` ${text}`]);
  };

  return {
    get selected() {
      return selected;
    },
    async load(networkId) {
      selected = '';
      membership = new Map();
      box.hidden = true;
      box.replaceChildren(el('legend', { text: 'Corridor' }));
      apply();
      let answer: CorridorsAnswer;
      try {
        answer = await apiJson<CorridorsAnswer>(`/networks/${encodeURIComponent(networkId)}/corridors`);
      } catch (error) {
        // The map works without it; say why the toggle is missing instead of failing the network load.
        box.append(el('span', { class: 'hint', text: `corridor membership unavailable: ${describeError(error)}` }));
        box.hidden = false;
        return;
      }
      if (answer.corridors.length < 2) return;
      membership = new Map(answer.corridors.map((c) => [c.id, new Set(c.linkIds)]));
      box.append(option('', 'both'), ...answer.corridors.map((c) => option(c.id, c.shortName, `${c.name}: ${c.linkIds.length} links`)));
      box.hidden = false;
    },
  };
}
