// Copies the few library files the page needs from node_modules (installed by `npm ci`)
// into public/vendor/, which is not committed. Run by `make run` and `make test`.
// Also writes small-states.json: the centroid (longitude, latitude) of every country of
// Natural Earth's 1:10m map (world-atlas) that its 1:110m map, the one the page draws, leaves
// out (Andorra, Malta, Tuvalu...): the page draws those as dots.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { geoCentroid } from 'd3-geo';
import { feature } from 'topojson-client';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const files = [
  ['d3-array/dist/d3-array.min.js', 'd3-array.min.js'],
  ['d3-geo/dist/d3-geo.min.js', 'd3-geo.min.js'],
  ['topojson-client/dist/topojson-client.min.js', 'topojson-client.min.js'],
  ['world-atlas/countries-110m.json', 'countries-110m.json'],
];
const out = join(web, 'public', 'vendor');
mkdirSync(out, { recursive: true });
const versions = {};
for (const [from, to] of files) {
  const pkg = from.split('/')[0];
  versions[pkg] = JSON.parse(readFileSync(join(web, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  copyFileSync(join(web, 'node_modules', from), join(out, to));
}
const atlas = (name) => JSON.parse(readFileSync(join(web, 'node_modules', 'world-atlas', name), 'utf8'));
const drawn = new Set(atlas('countries-110m.json').objects.countries.geometries.map((g) => g.id));
const fine = atlas('countries-10m.json');
const small = {};
for (const f of feature(fine, fine.objects.countries).features) {
  if (f.id == null || drawn.has(f.id)) continue;
  small[f.id] = geoCentroid(f).map((x) => Math.round(x * 100) / 100);
}
writeFileSync(join(out, 'small-states.json'), JSON.stringify({ source: `world-atlas@${versions['world-atlas']} countries-10m (Natural Earth)`, centroids: small }));
console.log('web: vendored ' + Object.entries(versions).map(([p, v]) => `${p}@${v}`).join(', '));
