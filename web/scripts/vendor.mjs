// Copies the few library files the page needs from node_modules (installed by `npm ci`)
// into public/vendor/, which is not committed. Run by `make run` and `make test`.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
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
console.log('web: vendored ' + Object.entries(versions).map(([p, v]) => `${p}@${v}`).join(', '));
