/**
 * The interactive API docs at /docs: a small self-written page that reads /openapi.json, lists the
 * operations with their parameters and body schemas, and can try GET operations. No CDN and no inline
 * script, so it works offline under the strict Content-Security-Policy ('self' only).
 */

export const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>corridor API</title>
<link rel="stylesheet" href="/docs/docs.css">
<script type="module" src="/docs/docs.js"></script>
</head>
<body>
<header><h1>corridor API</h1><p id="info">Loading <a href="/openapi.json">/openapi.json</a>…</p>
<label>Filter <input id="filter" type="search" placeholder="path, tag or words"></label></header>
<main id="ops"></main>
</body>
</html>
`;

export const DOCS_CSS = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1100px; padding: 1rem; color: #1d232a; }
h1 { margin: 0 0 .25rem; }
header { border-bottom: 1px solid #ccd; padding-bottom: .5rem; margin-bottom: 1rem; }
h2 { margin: 1.5rem 0 .5rem; text-transform: capitalize; }
details { border: 1px solid #d5dae0; border-radius: 6px; margin: .4rem 0; background: #fafbfc; }
summary { cursor: pointer; padding: .45rem .6rem; display: flex; gap: .6rem; align-items: baseline; }
.method { font: bold 12px monospace; text-transform: uppercase; padding: .1rem .4rem; border-radius: 3px; color: #fff; min-width: 3.6rem; text-align: center; }
.get { background: #2b7a4b; } .post { background: #1f5fa8; } .patch { background: #8a5a00; } .delete { background: #a12b2b; }
.path { font-family: monospace; font-weight: 600; }
.body { padding: .2rem .9rem .8rem; }
table { border-collapse: collapse; margin: .3rem 0; }
td, th { border: 1px solid #d5dae0; padding: .2rem .4rem; text-align: left; vertical-align: top; }
pre { background: #eef1f4; padding: .5rem; overflow: auto; max-height: 28rem; font-size: 12px; }
input[type=text] { width: 16rem; }
button { margin-top: .4rem; }
.status { font-weight: bold; }
`;

export const DOCS_JS = `
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
};

function paramTable(params, inputs) {
  if (!params.length) return el('p', {}, 'No parameters.');
  const table = el('table', {}, el('tr', {}, el('th', {}, 'name'), el('th', {}, 'in'), el('th', {}, 'description'), el('th', {}, 'value')));
  for (const p of params) {
    const input = el('input', { type: 'text', placeholder: p.required ? 'required' : 'optional' });
    if (inputs) inputs.push([p, input]);
    table.append(el('tr', {}, el('td', {}, p.name + (p.required ? ' *' : '')), el('td', {}, p.in), el('td', {}, p.description ?? ''), el('td', {}, inputs ? input : '')));
  }
  return table;
}

async function tryIt(path, inputs, out) {
  let url = path;
  const query = new URLSearchParams();
  for (const [p, input] of inputs) {
    const v = input.value.trim();
    if (p.in === 'path') url = url.replace('{' + p.name + '}', encodeURIComponent(v));
    else if (v !== '') query.set(p.name, v);
  }
  const qs = query.toString();
  out.textContent = 'GET ' + url + (qs ? '?' + qs : '') + ' …';
  const t0 = performance.now();
  const res = await fetch(url + (qs ? '?' + qs : ''), { headers: { Accept: 'application/json' } });
  const text = await res.text();
  let shown = text;
  try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch {}
  if (shown.length > 200000) shown = shown.slice(0, 200000) + '\\n… (truncated)';
  out.textContent = res.status + ' ' + res.statusText + ' (' + Math.round(performance.now() - t0) + ' ms, ' + (res.headers.get('content-type') ?? '') + ')\\n\\n' + shown;
}

function operationView(path, method, op) {
  const body = el('div', { class: 'body' });
  if (op.description) body.append(el('p', {}, op.description));
  const inputs = method === 'get' ? [] : null;
  body.append(el('h4', {}, 'Parameters'), paramTable(op.parameters ?? [], inputs));
  if (op.requestBody) {
    const [type, media] = Object.entries(op.requestBody.content)[0];
    body.append(el('h4', {}, 'Request body (' + type + ')'), el('pre', {}, JSON.stringify(media.schema, null, 2)));
  }
  const responses = el('table', {}, el('tr', {}, el('th', {}, 'status'), el('th', {}, 'meaning')));
  for (const [status, r] of Object.entries(op.responses)) responses.append(el('tr', {}, el('td', {}, status), el('td', {}, r.description)));
  body.append(el('h4', {}, 'Responses'), responses);
  if (op.security) body.append(el('p', {}, 'Needs Authorization: Bearer <token> when the server has API_TOKEN set.'));
  if (inputs) {
    const out = el('pre', { class: 'status' });
    const button = el('button', { type: 'button' }, 'Try it');
    button.addEventListener('click', () => tryIt(path, inputs, out).catch((e) => (out.textContent = String(e))));
    body.append(button, out);
  }
  const summary = el('summary', {}, el('span', { class: 'method ' + method }, method), el('span', { class: 'path' }, path), el('span', {}, op.summary ?? ''));
  const details = el('details', { 'data-search': (method + ' ' + path + ' ' + (op.tags ?? []).join(' ') + ' ' + (op.summary ?? '')).toLowerCase() }, summary, body);
  return details;
}

async function main() {
  const doc = await (await fetch('/openapi.json')).json();
  document.getElementById('info').textContent = doc.info.title + ' ' + doc.info.version + ' — ' + doc.info.description;
  const byTag = new Map();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const tag = (op.tags ?? ['other'])[0];
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push(operationView(path, method, op));
    }
  }
  const root = document.getElementById('ops');
  for (const [tag, views] of byTag) root.append(el('h2', {}, tag), ...views);
  document.getElementById('filter').addEventListener('input', (e) => {
    const q = e.target.value.trim().toLowerCase();
    for (const d of root.querySelectorAll('details')) d.hidden = q !== '' && !d.dataset.search.includes(q);
  });
}

main().catch((e) => { document.getElementById('info').textContent = 'Could not load /openapi.json: ' + e; });
`;
