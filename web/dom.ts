/** Attributes and properties for {@link el}: `text` sets textContent, `on*` functions add listeners. */
export type ElementSpec = Record<string, string | number | boolean | ((event: Event) => void) | undefined>;

/**
 * Create an element. Text always goes through textContent, never innerHTML, because node names and
 * notes come from uploaded networks and must not become markup.
 * @example el('td', { class: 'num', text: '1,234' })
 */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, spec: ElementSpec = {}, children: (Node | string)[] = []): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(spec)) {
    if (value === undefined || value === false) continue;
    if (key === 'text') node.textContent = String(value);
    else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    // CSSOM rather than a style attribute, so a strict Content-Security-Policy (no 'unsafe-inline') allows it.
    else if (key === 'style') node.style.cssText = String(value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children) node.append(child);
  return node;
}

/** The element with this id, typed; throws when the page markup lacks it (a bug in index.html). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`index.html has no element #${id}`);
  return node as T;
}

const NUMBER_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const NUMBER_FORMAT_1 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** 12,345 (no decimals) or 12.3 (one decimal). */
export function formatNumber(value: number | null | undefined, decimals: 0 | 1 = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return (decimals === 1 ? NUMBER_FORMAT_1 : NUMBER_FORMAT).format(value);
}

/** 9.1 bn, 1.2 M, 34 k, 560: compact figures for map labels and summaries. */
export function formatCompact(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${(value / 1e9).toFixed(1)} bn`;
  if (abs >= 1e6) return `${(value / 1e6).toFixed(1)} M`;
  if (abs >= 1e4) return `${(value / 1e3).toFixed(0)} k`;
  return formatNumber(value);
}
