// Two small SVG charts, drawn at the element's own size: no chart library.
const NS = 'http://www.w3.org/2000/svg';
const PAD = { left: 34, right: 6, top: 8, bottom: 16 };

function svgEl(tag, attrs = {}, text) {
  const el = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  if (text !== undefined) el.textContent = text;
  return el;
}

/** A round upper bound for an axis: 1, 2, 5, 10, 20, 50... */
function niceMax(value) {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) {
    if (value <= step * power) return step * power;
  }
  return 10 * power;
}

function frame(svg, max, format) {
  const width = svg.clientWidth || 300;
  const height = svg.clientHeight || 120;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const plot = {
    x: PAD.left, y: PAD.top, w: width - PAD.left - PAD.right, h: height - PAD.top - PAD.bottom,
  };
  const children = [];
  for (const fraction of [0, 0.5, 1]) {
    const y = plot.y + plot.h * (1 - fraction);
    children.push(svgEl('line', { x1: plot.x, x2: plot.x + plot.w, y1: y, y2: y, stroke: '#e3e6ea' }));
    children.push(svgEl('text', { x: plot.x - 4, y: y + 3, 'text-anchor': 'end' }, format(max * fraction)));
  }
  children.push(svgEl('text', { x: plot.x, y: height - 3 }, '-60 min'));
  children.push(svgEl('text', { x: plot.x + plot.w / 2, y: height - 3, 'text-anchor': 'middle' }, '-30'));
  children.push(svgEl('text', { x: plot.x + plot.w, y: height - 3, 'text-anchor': 'end' }, 'now'));
  return { plot, children };
}

function title(point, text) {
  return svgEl('title', {}, `${new Date(point.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}: ${text}`);
}

/** Stacked bars per minute: `ok` (green) under `bad` (red). */
export function drawBars(svg, points) {
  const max = niceMax(Math.max(4, ...points.map((p) => p.ok + p.bad)));
  const { plot, children } = frame(svg, max, (v) => String(Math.round(v)));
  const slot = plot.w / points.length;
  points.forEach((point, i) => {
    const x = plot.x + i * slot + slot * 0.1;
    const okHeight = (plot.h * point.ok) / max;
    const badHeight = (plot.h * point.bad) / max;
    const base = plot.y + plot.h;
    const group = svgEl('g', { 'data-minute': point.at });
    group.append(title(point, `${point.ok} completed, ${point.bad} failed`));
    if (point.ok) group.append(svgEl('rect', { x, y: base - okHeight, width: slot * 0.8, height: okHeight, fill: '#16a34a' }));
    if (point.bad) group.append(svgEl('rect', { x, y: base - okHeight - badHeight, width: slot * 0.8, height: badHeight, fill: '#dc2626' }));
    children.push(group);
  });
  svg.replaceChildren(...children);
}

/** A line per minute of a 0..1 value; minutes without a value (nothing processed) are gaps. */
export function drawLine(svg, points) {
  const max = Math.min(1, niceMax(Math.max(0.05, ...points.map((p) => p.value ?? 0))));
  const { plot, children } = frame(svg, max, (v) => `${Math.round(v * 100)}%`);
  const slot = plot.w / points.length;
  let path = '';
  let drawing = false;
  points.forEach((point, i) => {
    if (point.value === null) {
      drawing = false;
      return;
    }
    const x = plot.x + (i + 0.5) * slot;
    const y = plot.y + plot.h * (1 - point.value / max);
    path += `${drawing ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)} `;
    drawing = true;
    const dot = svgEl('circle', { cx: x, cy: y, r: 2.5, fill: point.value > 0 ? '#dc2626' : '#16a34a' });
    dot.append(title(point, `${(point.value * 100).toFixed(1)}% failed`));
    children.push(dot);
  });
  if (path) children.unshift(svgEl('path', { d: path, fill: 'none', stroke: '#dc2626', 'stroke-width': 1.5 }));
  svg.replaceChildren(...children);
}
