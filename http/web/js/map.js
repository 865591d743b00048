// A world map shaded by activities per country, drawn as SVG from the embedded Natural Earth
// shapes (TopoJSON of world-atlas 2.0.2, decoded here: no library, no tile server).
import { get } from './api.js';
import { h, n } from './ui.js';
import { t } from './i18n.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 960;
const HEIGHT = 470;
const NORTH = 85;
const SOUTH = -60;
/** Light to dark; the darkest class holds the most activities. */
const SHADES = ['#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];
const NONE = '#e3e3e3';

let shapes = null;

function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  el.append(...children);
  return el;
}

/** Country outlines as SVG path data, by ISO 3166-1 numeric code. */
async function outlines() {
  if (shapes) return shapes;
  const topology = await get('/app/vendor/countries-110m.json');
  const [sx, sy] = topology.transform.scale;
  const [tx, ty] = topology.transform.translate;
  const arcs = topology.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    return arc.map(([dx, dy]) => { x += dx; y += dy; return [x * sx + tx, y * sy + ty]; });
  });
  const project = ([lon, lat]) => [((lon + 180) / 360) * WIDTH, ((NORTH - lat) / (NORTH - SOUTH)) * HEIGHT];
  const ring = (indices) => {
    const points = [];
    for (const i of indices) {
      const arc = i < 0 ? [...arcs[~i]].reverse() : arcs[i];
      arc.forEach((p, k) => { if (k > 0 || !points.length) points.push(p); });
    }
    // A ring across the antimeridian (Russia's east, Fiji) is drawn whole on the side where
    // most of it lies; what falls past the frame's edge is clipped.
    const east = points.filter(([lon]) => lon > 90).length;
    const west = points.filter(([lon]) => lon < -90).length;
    const shift = east && west ? (east >= west ? 360 : -360) : 0;
    const placed = shift ? points.map(([lon, lat]) => [(shift > 0 ? lon < 0 : lon > 0) ? lon + shift : lon, lat]) : points;
    return `M${placed.map((p) => project(p).map((v) => v.toFixed(1)).join(',')).join('L')}Z`;
  };
  shapes = new Map();
  for (const g of topology.objects.countries.geometries) {
    if (!g.id || g.id === '010') continue; // unnamed areas, and Antarctica (no activities, most of the frame)
    const polygons = g.type === 'Polygon' ? [g.arcs] : g.type === 'MultiPolygon' ? g.arcs : [];
    shapes.set(Number(g.id), polygons.map((rings) => rings.map(ring).join('')).join(''));
  }
  return shapes;
}

/**
 * The map: `counts` maps alpha-3 codes to activities; `href(code)` links a country to the
 * activities behind its figure. A table with the same figures follows for screen readers.
 */
export async function worldMap(vocab, counts, href, caption) {
  const paths = await outlines();
  const max = Math.max(1, ...counts.values());
  const shade = (value) => (value ? SHADES[Math.min(SHADES.length - 1, Math.floor(((value - 1) / max) * SHADES.length))] : NONE);
  const map = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'group', 'aria-label': caption, class: 'worldmap' });
  for (const country of vocab.countries) {
    const d = paths.get(country.numeric);
    if (!d) continue;
    const value = counts.get(country.code) || 0;
    const label = t('map-country', { country: country.name, count: value });
    const path = svg('path', { d, fill: shade(value), stroke: '#ffffff', 'stroke-width': 0.5, 'data-country': country.code },
      svg('title', {}, label));
    if (value) map.append(svg('a', { href: href(country.code), 'aria-label': label }, path));
    else { path.setAttribute('aria-hidden', 'true'); map.append(path); }
  }
  const names = new Map(vocab.countries.map((c) => [c.code, c.name]));
  const rows = [...counts.entries()].filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]);
  const legend = h('p', { class: 'legend muted' }, t('map-legend-fewer'), ...SHADES.map((colour) => {
    const swatch = h('span', { class: 'swatch' });
    swatch.style.background = colour;
    return swatch;
  }), t('map-legend-more'));
  // The map is a picture of the world: it keeps its orientation in right-to-left pages (app.css).
  return h('div', {}, h('div', { class: 'map-frame' }, map), legend, h('details', {}, h('summary', {}, t('map-table')),
    h('table', {}, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('map-country-column')), h('th', { scope: 'col', class: 'num' }, t('map-activities-column')))),
      h('tbody', {}, rows.map(([code, value]) => h('tr', {}, h('th', { scope: 'row' }, `${names.get(code) || code} (${code})`),
        h('td', { class: 'num' }, h('a', { href: href(code) }, n(value)))))))));
}
