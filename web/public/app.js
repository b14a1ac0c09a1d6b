// pacta's web page: one script, no framework. Everything shown comes from the JSON API
// (/api/v1); nothing about the law is computed here. Routes live in the URL hash:
//   #/                                   home: every treaty with its counts, and a state search
//   #/state/ISO3?on=DATE                 one state under every treaty
//   #/TREATY?on=DATE                     overview: counts, charts, map, status table
//        &q=TEXT&status=S&sort=K&dir=asc|desc&range=6m|1y|2y|10y   (the table's filter and sort, the chart's range)
//        &show=COMPETENCE&acc=accepting|not_accepting   (map and table by a treaty body's competence)
//   #/TREATY/status-page?on=DATE         the status page in the UN's layout, with end notes
//   #/TREATY/compare?from=D1&to=D2       who joined, left or changed status between two dates
//   #/TREATY/state/ISO3?on=DATE          one state: status and why, timeline, other treaties
//   #/TREATY/notifications               the depositary notifications issued, with their text
// Every route takes known_on=DATE: the record as it was known on that day. A date in the
// address that is not a real day is shown as an error, never replaced by today.
'use strict';

(() => {
  const API = '/api/v1';
  // Human labels: never a raw id on the page.
  const STATUS_LABELS = {
    party: 'Party',
    withdrawing: 'Withdrawing',
    withdrawal_suspended: 'Withdrawal suspended',
    withdrawn: 'Withdrawn',
    contracting: 'Consent deposited',
    signatory: 'Signatory',
    not_intending: 'Signatory, not intending to become a party',
    none: 'No action recorded',
  };
  const STATUS_HELP = {
    party: 'bound by the treaty that day',
    withdrawing: 'still bound until its withdrawal takes effect',
    withdrawal_suspended: 'still bound: its withdrawal is held back',
    withdrawn: 'its withdrawal has taken effect',
    contracting: 'consent deposited, the treaty not yet in force for it',
    signatory: 'signed, no consent deposited',
    not_intending: 'signed, then notified that it does not intend to become a party',
    none: 'no action recorded by that day',
  };
  const STATUS_ORDER = ['party', 'withdrawing', 'withdrawal_suspended', 'contracting', 'signatory', 'not_intending', 'withdrawn', 'none'];
  const KIND_LABELS = {
    signature: 'Signature', ratification: 'Ratification', acceptance: 'Acceptance', approval: 'Approval', accession: 'Accession',
    succession: 'Succession', withdrawal: 'Notification of withdrawal', 'withdrawal-revocation': 'Revocation of a withdrawal',
    'not-intending': 'Notice of not intending to become a party', reservation: 'Reservation', declaration: 'Declaration',
    objection: 'Objection', communication: 'Communication', 'instrument-withdrawal': 'Instrument withdrawn before it took effect',
    'reservation-withdrawal': 'Withdrawal of a reservation', 'objection-withdrawal': 'Withdrawal of an objection',
    'competence-declaration': 'Declaration on the competence of a treaty body', 'competence-withdrawal': 'Withdrawal of a declaration on competence',
    entry_into_force: 'Entry into force', withdrawal_effect: 'Withdrawal takes effect', withdrawal_suspended: 'Withdrawal held back',
    obligation_deadline: 'Obligation due', armed_conflict: 'Armed conflict', state_succession: 'Date of the succession of States',
    threshold_met: 'Threshold for entry into force met', disputed_effect: 'A reading of a disputed effect',
    withdrawal_revocation: 'Revocation of a withdrawal', not_intending: 'Notice of not intending to become a party',
    instrument_withdrawal: 'Instrument withdrawn before it took effect', correction: 'Correction of the record',
    ceased: 'State ceased to exist', state_extinction: 'State ceased to exist',
  };
  const SOURCE_KINDS = { depositary: 'Depositary', treaty_body: 'Treaty body', government: 'Government', other: 'Other' };
  const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  // Showing a competence of the treaty body: each state accepts it, is a party not accepting it,
  // or is not a party (the API's row "competences" and "party").
  const ACC_FILTERS = ['accepting', 'not_accepting'];
  const ACC_LABELS = { accepted: 'Accepts it', not_accepting: 'Party, does not accept it', not_party: 'Not a party' };
  const acceptance = (row, id) => (row && (row.competences || []).includes(id) ? 'accepted' : row && row.party ? 'not_accepting' : 'not_party');
  const RANGES = { '6m': [183, 91, '6 months'], '1y': [365, 120, '1 year'], '2y': [730, 182, '2 years'], '10y': [3652, 365, '10 years'] };

  const main = document.getElementById('main');
  const dateInput = document.getElementById('date');
  const knownInput = document.getElementById('known-on');
  const treatySelect = document.getElementById('treaty');

  // --- small helpers
  const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
  const dash = (s) => (s == null || s === '' ? '<span class="none" aria-label="none">–</span>' : esc(s));
  const DAY = 86400000;
  const toDays = (iso) => Date.parse(iso + 'T00:00:00Z') / DAY;
  const fromDays = (d) => new Date(d * DAY).toISOString().slice(0, 10);
  const isDate = (s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && Number.isFinite(toDays(s)) && fromDays(toDays(s)) === s;
  const label = (id) => KIND_LABELS[id] || STATUS_LABELS[id] || String(id || '').replace(/[-_]/g, ' ').replace(/^./, (c) => c.toUpperCase());
  const longDate = (iso) => (isDate(iso) ? `${+iso.slice(8, 10)} ${MONTHS[+iso.slice(5, 7) - 1]} ${+iso.slice(0, 4)}` : iso);
  // An ISO date with its long form beside it: 2025-12-27 (27 December 2025).
  const dateHtml = (iso) => (iso ? `<time datetime="${esc(iso)}">${esc(iso)}</time> <span class="long-date">(${esc(longDate(iso))})</span>` : dash(iso));
  const cell = (iso) => (iso ? `<time datetime="${esc(iso)}" title="${esc(longDate(iso))}">${esc(iso)}</time>` : dash(iso));
  const badge = (status) => `<span class="badge st-${esc(status)}" data-status="${esc(status)}" title="${esc(STATUS_HELP[status] || '')}">${esc(STATUS_LABELS[status] || label(status))}</span>`;
  const fold = (s) => String(s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[’'`.]/g, '').toLowerCase();
  // "withdrawal of LTU takes effect" -> "withdrawal of Lithuania takes effect": codes named.
  const named = (text, names) => String(text || '').replace(/\b[A-Z]{3}\b/g, (c) => (names.has(c) ? names.get(c) : c));
  const partialTag = (note) => (note ? ` <span class="tag partial" title="${esc(note)}">partial record</span>` : '');
  // A treaty whose record holds nobody yet (a profile loaded without its participation):
  // said so, rather than showing every state as not a participant.
  const emptyRecord = (t) => !!t && !!t.count && t.count.parties + t.count.deposited + t.count.signatories === 0;
  const emptyTag = (t) => (emptyRecord(t) ? ' <span class="tag partial empty-record" title="pacta holds no signature or consent for this treaty yet">no participation recorded</span>' : '');
  const partialNote = (note, id = 'record-note') => (note ? `<p class="record-note" id="${id}" role="note"><strong>Partial record:</strong> ${esc(note)}</p>` : '');

  // Answers are kept a minute: moving the date back and forth is instant, and what someone
  // records meanwhile shows up soon without reloading the page.
  const cache = new Map();
  const cachedAt = new Map();
  function getJSON(path, { fresh = false } = {}) {
    if (fresh || Date.now() - (cachedAt.get(path) || 0) > 60000) cache.delete(path);
    if (!cache.has(path)) {
      cachedAt.set(path, Date.now());
      cache.set(path, fetch(path, { headers: { Accept: 'application/json' } }).then(async (r) => {
        const body = await r.json().catch(() => ({}));
        if (!r.ok) {
          cache.delete(path);
          throw new Error(body.error ? body.error.message : `HTTP ${r.status} for ${path}`);
        }
        return body;
      }));
    }
    return cache.get(path);
  }

  function sourcesHtml(text) {
    if (!text) return '';
    return text.split(';').map((s) => s.trim()).filter(Boolean).map((s) => (/^https?:\/\//.test(s)
      ? `<a href="${esc(s)}" rel="noopener noreferrer">${esc(s.replace(/^https?:\/\/(www\.)?/, '').slice(0, 60))}${s.length > 68 ? '…' : ''}</a>`
      : esc(s))).join('; ');
  }

  // An entry's sources as the API ranks them (depositary first), each a link where it has an
  // address; the raw source text only when the answer has no ranked list.
  function entrySourcesHtml(e) {
    if (Array.isArray(e.sources) && e.sources.length) {
      return `<ul class="sources">${e.sources.map((x) => `<li><span class="tag">${esc(SOURCE_KINDS[x.kind] || label(x.kind))}</span> ${
        x.url ? `<a href="${esc(x.url)}" rel="noopener noreferrer">${esc(x.title)}</a>` : esc(x.title)}${
        x.via ? ` <span class="via">(read in <a href="${esc(x.via)}" rel="noopener noreferrer">a saved copy</a>)</span>` : ''}</li>`).join('')}</ul>`;
    }
    return e.source ? sourcesHtml(e.source) : '';
  }

  function reasonsHtml(reasons) {
    if (!reasons || !reasons.length) return '';
    return `<ul class="reasons">${reasons.map((r) => `<li class="reason${r.disputed ? ' disputed' : ''}">
        <p>${esc(r.text)}${r.disputed ? ' <span class="tag">disputed reading</span>' : ''}</p>
        ${r.article ? `<blockquote class="quote"><p><cite>${esc(r.article)}</cite>: “${esc(r.quote)}”</p></blockquote>` : ''}
        ${r.references && r.references.length ? `<p class="refs">Notifications: ${r.references.map(esc).join(', ')}</p>` : ''}
      </li>`).join('')}</ul>`;
  }

  // --- routing
  const state = { treaties: [], today: null };
  const VIEWS = ['state', 'notifications', 'status-page', 'compare'];

  function parseHash() {
    const h = location.hash.replace(/^#\/?/, '');
    const q = h.indexOf('?');
    const path = q < 0 ? h : h.slice(0, q);
    const params = new URLSearchParams(q < 0 ? '' : h.slice(q + 1));
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    const errors = [];
    const dateParam = (name, fallback) => {
      const v = params.get(name);
      if (v == null || v === '') return fallback;
      if (!isDate(v)) {
        errors.push(`${name}=${v}`);
        return fallback;
      }
      return v;
    };
    const r = { view: 'home', treaty: null, iso3: null, errors };
    if (parts[0] === 'state' && parts[1]) {
      r.view = 'state-all';
      r.iso3 = parts[1].toUpperCase();
    } else if (parts[0]) {
      r.treaty = parts[0];
      r.view = VIEWS.includes(parts[1]) ? parts[1] : 'overview';
      if (r.view === 'state') {
        if (parts[2]) r.iso3 = parts[2].toUpperCase();
        else r.view = 'overview';
      }
    }
    r.on = dateParam('on', state.today);
    r.known_on = dateParam('known_on', null);
    r.from = dateParam('from', fromDays(toDays(r.on) - 365));
    r.to = dateParam('to', r.on);
    r.q = params.get('q') || '';
    r.status = STATUS_ORDER.includes(params.get('status')) ? params.get('status') : '';
    r.sort = ['name', 'status', 'signature', 'consent', 'entry_into_force', 'withdrawal_received', 'withdrawal_effective'].includes(params.get('sort')) ? params.get('sort') : 'name';
    r.dir = params.get('dir') === 'desc' ? -1 : 1;
    r.range = RANGES[params.get('range')] ? params.get('range') : '2y';
    // A competence id of the treaty's profile (checked against the treaty's answer when shown).
    r.show = params.get('show') || '';
    r.acc = ACC_FILTERS.includes(params.get('acc')) ? params.get('acc') : '';
    return r;
  }

  // The address of a route: only what differs from the defaults is written.
  function hrefFor(r) {
    let path = '#/';
    if (r.view === 'state-all') path += `state/${encodeURIComponent(r.iso3)}`;
    else if (r.view !== 'home' && r.treaty) {
      path += encodeURIComponent(r.treaty);
      if (r.view === 'state') path += `/state/${encodeURIComponent(r.iso3)}`;
      else if (r.view !== 'overview') path += `/${r.view}`;
    }
    const p = new URLSearchParams();
    if (r.on) p.set('on', r.on);
    if (r.known_on) p.set('known_on', r.known_on);
    if (r.view === 'compare') {
      p.set('from', r.from);
      p.set('to', r.to);
    }
    if (r.view === 'overview') {
      if (r.q) p.set('q', r.q);
      if (r.status) p.set('status', r.status);
      if (r.sort && r.sort !== 'name') p.set('sort', r.sort);
      if (r.dir < 0) p.set('dir', 'desc');
      if (r.range && r.range !== '2y') p.set('range', r.range);
      if (r.show) p.set('show', r.show);
      if (r.show && r.acc) p.set('acc', r.acc);
    }
    const qs = p.toString();
    return path + (qs ? `?${qs}` : '');
  }
  function go(changes) {
    const next = hrefFor({ ...parseHash(), ...changes });
    if (location.hash !== next) location.hash = next;
    else render();
  }
  // The same view with other table settings: the address changes, nothing is fetched again.
  function note(changes) {
    history.replaceState(null, '', hrefFor({ ...parseHash(), ...changes }));
  }
  // known_on as a query suffix for the API.
  const known = (r) => (r.known_on ? `&known_on=${r.known_on}` : '');

  // --- charts: inline SVG, counts as step lines (a count changes on a day and stays)
  // Ticks that fit the range: years over long spans, months (with their year at January and
  // at the first tick) over a few years or less.
  function timeTicks(x0, x1) {
    const span = x1 - x0, out = [];
    const y0 = +fromDays(x0).slice(0, 4), y1 = +fromDays(x1).slice(0, 4);
    if (span > 4 * 365) {
      const every = [1, 2, 5, 10, 20, 25, 50].find((k) => (y1 - y0 + 1) / k <= 8) || 100;
      for (let y = Math.ceil(y0 / every) * every; y <= y1; y += every) {
        const d = toDays(`${String(y).padStart(4, '0')}-01-01`);
        if (d >= x0 && d <= x1) out.push([d, String(y)]);
      }
      return out;
    }
    const step = span > 730 ? 6 : span > 400 ? 3 : span > 300 ? 2 : 1;
    for (let y = y0; y <= y1; y++) {
      for (let m = 0; m < 12; m += step) {
        const iso = `${String(y).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}-01`;
        const d = toDays(iso);
        if (d < x0 || d > x1) continue;
        const short = MONTHS[m].slice(0, 3);
        out.push([d, m === 0 || out.length === 0 ? `${short} ${y}` : short]);
      }
    }
    return out;
  }

  function lineChart(points, opts) {
    const W = 640, H = opts.height || 220, m = { l: 44, r: 12, t: 12, b: 26 };
    if (!points.length) return '<p>No data.</p>';
    const x0 = toDays(points[0].date), x1 = toDays(points[points.length - 1].date);
    const vals = points.flatMap((p) => [p.parties, p.deposited]);
    let y0 = opts.fromZero ? 0 : Math.min(...vals), y1 = Math.max(...vals);
    if (!opts.fromZero) { y0 = Math.max(0, y0 - 2); y1 += 2; }
    if (y1 === y0) y1 = y0 + 1;
    const X = (d) => m.l + ((d - x0) / Math.max(1, x1 - x0)) * (W - m.l - m.r);
    const Y = (v) => H - m.b - ((v - y0) / (y1 - y0)) * (H - m.t - m.b);
    const stepPath = (key) => points.map((p, i) => {
      const x = X(toDays(p.date)).toFixed(1), y = Y(p[key]).toFixed(1);
      return i === 0 ? `M${x},${y}` : `H${x}V${y}`;
    }).join('');
    const yTicks = [];
    const step = Math.max(1, Math.ceil((y1 - y0) / 5 / (y1 - y0 > 20 ? 10 : 1)) * (y1 - y0 > 20 ? 10 : 1));
    for (let v = Math.ceil(y0 / step) * step; v <= y1; v += step) yTicks.push(v);
    const xTicks = timeTicks(x0, x1);
    const marker = opts.marker && toDays(opts.marker) >= x0 && toDays(opts.marker) <= x1
      ? `<line class="marker" x1="${X(toDays(opts.marker))}" x2="${X(toDays(opts.marker))}" y1="${m.t}" y2="${H - m.b}"/>` : '';
    const last = points.find((p) => p.date === opts.marker) || null;
    // Each day the number of parties changes, a dot dated in its tooltip; labelled when few.
    let steps = '';
    if (opts.steps) {
      const changes = points.filter((p, i) => i > 0 && p.parties !== points[i - 1].parties)
        .map((p) => ({ p, before: points[points.indexOf(p) - 1].parties }));
      const labelled = changes.length <= 8;
      steps = changes.map(({ p, before }, k) => {
        const x = X(toDays(p.date)), y = Y(p.parties), diff = p.parties - before;
        const text = `${longDate(p.date)}: ${p.parties} parties (${diff > 0 ? '+' : '−'}${Math.abs(diff)})`;
        return `<g class="step" data-date="${p.date}"><circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="3.5"><title>${esc(text)}</title></circle>${
          labelled ? `<text x="${Math.min(x + 4, W - 40).toFixed(1)}" y="${(y + (k % 2 ? 14 : -6)).toFixed(1)}">${esc(`${+p.date.slice(8)} ${MONTHS[+p.date.slice(5, 7) - 1].slice(0, 3)}`)}</text>` : ''}</g>`;
      }).join('');
    }
    return `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(opts.label)}">
      <title>${esc(opts.label)}</title>
      ${yTicks.map((v) => `<g class="tick"><line x1="${m.l}" x2="${W - m.r}" y1="${Y(v)}" y2="${Y(v)}"/><text x="${m.l - 6}" y="${Y(v) + 4}" text-anchor="end">${v}</text></g>`).join('')}
      ${xTicks.map(([d, t]) => `<g class="tick x-tick"><line x1="${X(d)}" x2="${X(d)}" y1="${H - m.b}" y2="${H - m.b + 4}"/><text x="${X(d)}" y="${H - 8}" text-anchor="middle">${esc(t)}</text></g>`).join('')}
      <path class="line deposited" d="${stepPath('deposited')}"/>
      <path class="line parties" d="${stepPath('parties')}"/>
      ${marker}${steps}
      ${last ? `<text class="marker-label" x="${Math.min(X(toDays(opts.marker)) + 4, W - 90)}" y="${m.t + 12}">${last.parties} parties</text>` : ''}
    </svg>`;
  }

  // --- the map: world-atlas countries (ISO numeric ids) joined to alpha-3 via /states.
  // States the 1:110m map leaves out, or draws smaller than a few pixels, get a dot at their
  // centroid (small-states.json, from the 1:10m map, written by scripts/vendor.mjs).
  let mapGeometry = null;
  async function mapShapes() {
    if (!mapGeometry) {
      const [world, states, small] = await Promise.all([getJSON('/vendor/countries-110m.json'), getJSON(`${API}/states`),
        getJSON('/vendor/small-states.json').catch(() => ({ centroids: {} }))]);
      const byNumeric = new Map(states.states.filter((s) => s.numeric).map((s) => [s.numeric, s]));
      const countries = topojson.feature(world, world.objects.countries);
      const projection = d3.geoEqualEarth().fitExtent([[4, 4], [956, 476]], { type: 'Sphere' });
      const path = d3.geoPath(projection);
      const dots = [];
      const shapes = countries.features.map((f) => {
        const s = byNumeric.get(String(f.id).padStart(3, '0'));
        const d = path(f);
        if (s && d && path.area(f) < 6) {
          const [x, y] = path.centroid(f);
          dots.push({ iso3: s.state, name: s.name, x, y });
        }
        return { iso3: s ? s.state : '', name: s ? s.name : f.properties.name, d };
      }).filter((s) => s.d);
      for (const [numeric, lonLat] of Object.entries(small.centroids || {})) {
        const s = byNumeric.get(numeric);
        const xy = s && projection(lonLat);
        if (xy) dots.push({ iso3: s.state, name: s.name, x: xy[0], y: xy[1] });
      }
      mapGeometry = { sphere: path({ type: 'Sphere' }), shapes, dots };
    }
    return mapGeometry;
  }

  function mapSvg(geo, rowsByState, route, shown) {
    if (shown) return competenceMapSvg(geo, rowsByState, route, shown);
    const tip = (name, row) => `${name}: ${row ? STATUS_LABELS[row.status] || label(row.status) : 'not a participant'}`;
    return `<svg class="map" viewBox="0 0 960 480" role="img" aria-labelledby="map-title">
      <title id="map-title">World map: status of each state on ${esc(route.on)} (the table below lists every participant)</title>
      <path class="sphere" d="${geo.sphere}"/>
      ${geo.shapes.map((s) => {
        const row = rowsByState.get(s.iso3);
        const st = row ? row.status : 'none';
        return `<path class="country st-${st}" data-state="${esc(s.iso3)}" data-status="${st}" d="${s.d}"><title>${esc(tip(s.name, row))}</title></path>`;
      }).join('')}
      ${geo.dots.filter((s) => rowsByState.has(s.iso3)).map((s) => {
        const row = rowsByState.get(s.iso3);
        return `<circle class="dot country st-${row.status}" data-state="${esc(s.iso3)}" data-status="${row.status}" cx="${s.x.toFixed(1)}" cy="${s.y.toFixed(1)}" r="3.2"><title>${esc(tip(s.name, row))}</title></circle>`;
      }).join('')}
    </svg>`;
  }

  // The map by one competence of the treaty body (`shown`, an entry of the treaty's competences).
  function competenceMapSvg(geo, rowsByState, route, shown) {
    const tip = (name, row) => `${name}: ${ACC_LABELS[acceptance(row, shown.id)]} (${shown.title})`;
    const shape = (s, row, attrs) => {
      const a = acceptance(row, shown.id);
      return `class="country acc-${a}" data-state="${esc(s.iso3)}" data-accepts="${a}" ${attrs}><title>${esc(tip(s.name, row))}</title>`;
    };
    return `<svg class="map" viewBox="0 0 960 480" role="img" aria-labelledby="map-title">
      <title id="map-title">World map: which states accept ${esc(shown.title)} (${esc(shown.article)}) on ${esc(route.on)} (the table below lists every participant)</title>
      <path class="sphere" d="${geo.sphere}"/>
      ${geo.shapes.map((s) => `<path ${shape(s, rowsByState.get(s.iso3), `d="${s.d}"`)}</path>`).join('')}
      ${geo.dots.filter((s) => rowsByState.has(s.iso3)).map((s) => `<circle ${shape(s, rowsByState.get(s.iso3), `cx="${s.x.toFixed(1)}" cy="${s.y.toFixed(1)}" r="3.2"`).replace('class="country', 'class="dot country')}</circle>`).join('')}
    </svg>`;
  }

  // The legend of the map by a competence: the API's counts, and whether the competence itself
  // is in force (when its article requires a number of declarations).
  function competenceLegend(treaty, shown, route) {
    const notParty = `<li><span class="badge acc-not_party">${esc(ACC_LABELS.not_party)}</span></li>`;
    return `<ul class="legend" id="legend" data-competence="${esc(shown.id)}">
      <li><span class="badge acc-accepted">${esc(ACC_LABELS.accepted)}</span> <span id="legend-accepting">${shown.accepting}</span></li>
      <li><span class="badge acc-not_accepting">${esc(ACC_LABELS.not_accepting)}</span> <span id="legend-not-accepting">${shown.parties_not_accepting}</span></li>
      ${notParty}
      <li><svg width="12" height="12" aria-hidden="true"><circle cx="6" cy="6" r="4" class="legend-dot"/></svg> a state too small to draw at this scale</li></ul>
      <p class="competence-note" id="competence-note">${esc(shown.title)}, ${esc(shown.article)} (${shown.kind === 'opt_out'
        ? 'every party accepts it unless it has declared that it does not recognise it'
        : 'accepted by a declaration'})${shown.declarations_required ? `; ${shown.in_force
        ? `in force since ${dateHtml(shown.in_force_since)} (${esc(shown.effect_article || '')}: ${shown.declarations_required} declarations required)`
        : `<strong>not in force</strong> on ${dateHtml(route.on)}: ${shown.declared} of the ${shown.declarations_required} declarations required (${esc(shown.effect_article || '')})`}` : ''}.</p>`;
  }

  // --- views
  async function renderHome(route) {
    // Today's list is the one start() read: not asked again.
    const list = await getJSON(route.on === state.today ? `${API}/treaties` : `${API}/treaties?on=${route.on}`);
    main.innerHTML = `
      <h1 id="title">Treaties and who is bound by them</h1>
      <p>pacta keeps the depositary's record of these treaties and computes, article by article, who is bound on any day.
        Counts on ${dateHtml(route.on)}.</p>
      <div class="table-wrap"><table id="treaty-list">
        <thead><tr><th scope="col">Treaty</th><th scope="col">Depositary</th><th scope="col">In force since</th>
          <th scope="col" class="num">Parties</th><th scope="col" class="num">Deposited</th><th scope="col" class="num">Signatories</th></tr></thead>
        <tbody>${list.treaties.map((t) => `<tr data-treaty="${esc(t.id)}">
          <th scope="row"><a href="${hrefFor({ ...route, view: 'overview', treaty: t.id })}">${esc(t.short_title)}</a>${partialTag(t.record_note)}${emptyTag(t)}
            <span class="sub">${esc(t.title)}${t.chapter ? ` · UN chapter ${esc(t.chapter)}` : ''}</span></th>
          <td class="wrap">${esc(t.depositary)}</td><td>${cell(t.entry_into_force)}</td>
          <td class="num">${t.count.parties}</td><td class="num">${t.count.deposited}</td><td class="num">${t.count.signatories}</td></tr>`).join('')}</tbody>
      </table></div>
      <section aria-labelledby="search-heading">
        <h2 id="search-heading">Find a state</h2>
        <label for="state-search">Name, another name it is known by, or ISO code</label>
        <input type="search" id="state-search" autocomplete="off" placeholder="e.g. Cote d'Ivoire, Holland, LTU" aria-describedby="state-count">
        <p id="state-count" class="muted" role="status"></p>
        <ul class="plain" id="state-results"></ul>
      </section>`;
    document.title = 'pacta: who is bound by a treaty';
    const input = main.querySelector('#state-search');
    const states = (await getJSON(`${API}/states`)).states;
    const search = () => {
      const f = fold(input.value.trim());
      const hits = !f ? [] : states.map((s) => {
        const alias = (s.aliases || []).find((a) => fold(a).includes(f));
        return fold(s.name).includes(f) || s.state.toLowerCase() === f ? { s, alias: null } : alias ? { s, alias } : null;
      }).filter(Boolean).slice(0, 30);
      main.querySelector('#state-results').innerHTML = hits.map(({ s, alias }) => `<li data-state="${esc(s.state)}"><a href="${hrefFor({ ...route, view: 'state-all', iso3: s.state })}">${esc(s.name)}</a> <span class="iso">${esc(s.state)}</span>${alias ? ` <span class="muted">(also known as ${esc(alias)})</span>` : ''}</li>`).join('');
      main.querySelector('#state-count').textContent = f ? `${hits.length} state${hits.length === 1 ? '' : 's'} found` : '';
    };
    input.addEventListener('input', search);
  }

  async function renderStateAll(route) {
    const s = encodeURIComponent(route.iso3);
    const st = await getJSON(`${API}/states/${s}?on=${route.on}${known(route)}`);
    main.innerHTML = `
      <p class="crumbs"><a href="${hrefFor({ ...route, view: 'home' })}">← All treaties</a></p>
      <h1 id="title">${esc(st.name)} <span class="iso">${esc(st.state)}</span></h1>
      <p>Every treaty pacta keeps, on ${dateHtml(route.on)}${route.known_on ? `, as known on ${dateHtml(route.known_on)}` : ''}.</p>
      <div class="table-wrap"><table id="state-treaties"><thead><tr><th scope="col">Treaty</th><th scope="col">Status</th><th scope="col">Since</th><th scope="col">Until</th></tr></thead>
      <tbody>${st.treaties.map((x) => `<tr data-treaty="${esc(x.treaty)}" data-status="${esc(x.status)}"><th scope="row"><a href="${hrefFor({ ...route, view: 'state', treaty: x.treaty })}">${esc(x.short_title)}</a>${partialTag(x.record_note)}${emptyTag(state.treaties.find((t) => t.id === x.treaty))}</th>
        <td>${badge(x.status)}</td><td>${cell(x.since)}</td><td>${cell(x.until)}</td></tr>`).join('')}</tbody></table></div>`;
    document.title = `${st.name} · pacta`;
  }

  async function renderOverview(route) {
    const t = encodeURIComponent(route.treaty);
    const on = route.on;
    const [back, ahead] = RANGES[route.range];
    const from = fromDays(toDays(on) - back), to = fromDays(toDays(on) + ahead);
    const [treaty, table, history, recent, geo] = await Promise.all([
      getJSON(`${API}/treaties/${t}?on=${on}${known(route)}`),
      getJSON(`${API}/treaties/${t}/participants?on=${on}${known(route)}`),
      getJSON(`${API}/treaties/${t}/series?step=month&to=${on > state.today ? on : state.today}${known(route)}`),
      getJSON(`${API}/treaties/${t}/series?step=day&from=${from}&to=${to}${known(route)}`),
      mapShapes(),
    ]);
    const rowsByState = new Map(table.participants.map((r) => [r.state, r]));
    const n = table.count;
    // The treaty body's competences (none for most treaties: nothing below is then shown).
    const comps = treaty.competences || [];
    const shown = comps.find((k) => k.id === route.show) || null;
    const showControl = comps.length ? `<label class="map-show">Show <select id="map-show">
        <option value="">participation</option>${comps.map((k) => `<option value="${esc(k.id)}"${shown === k ? ' selected' : ''}>${esc(k.title)} (${esc(k.article)})</option>`).join('')}</select></label>` : '';
    const showUnknown = route.show && !shown ? `<p class="record-note" id="show-unknown" role="note">The address asks to show “${esc(route.show)}”, which is not a competence of the ${esc(treaty.short_title)}${comps.length ? ` (its competences: ${comps.map((k) => esc(k.id)).join(', ')})` : ''}: participation is shown.</p>` : '';
    const list = (rows, key, title) => (rows.length ? `<h3>${esc(title)}</h3><ul class="plain">${rows.map((r) =>
      `<li><a href="${hrefFor({ ...route, view: 'state', iso3: r.state })}">${esc(r.name)}</a>: ${dateHtml(r[key])}</li>`).join('')}</ul>` : '');
    const partial = treaty.record_note ? ' <span class="tag partial" id="counts-partial" title="' + esc(treaty.record_note) + '">in a partial record: the counts are of the states recorded</span>' : '';
    main.innerHTML = `
      <section class="summary" aria-labelledby="title">
        <h1 id="title">${esc(treaty.short_title)}</h1>
        <p class="full-title">${esc(treaty.title)}</p>
        ${partialNote(treaty.record_note)}
        ${table.participants.length ? '' : '<p class="record-note" id="empty-record" role="note"><strong>No participation recorded:</strong> pacta holds no signature, consent or other action for this treaty (as known on the date asked), so every state shows as not a participant. This says nothing about who is bound.</p>'}
        <dl class="facts">
          <div><dt>Depositary</dt><dd>${esc(treaty.depositary)}</dd></div>
          <div><dt>Adopted</dt><dd>${dateHtml(treaty.adopted)}${treaty.place ? `, ${esc(treaty.place)}` : ''}</dd></div>
          <div><dt>In force since</dt><dd><span id="eif">${treaty.entry_into_force ? dash(treaty.entry_into_force) : 'not in force'}</span>${treaty.entry_into_force ? ` <span class="long-date">(${esc(longDate(treaty.entry_into_force))})</span>` : ''}</dd></div>
          ${treaty.chapter ? `<div><dt>UN chapter</dt><dd>${esc(treaty.chapter)}</dd></div>` : ''}
          <div><dt>Rules</dt><dd id="rules-version" title="the version of the treaty's final clauses (its profile) these answers were computed with: id@first 12 hex digits of its SHA-256">${esc(treaty.rules_version || '')}</dd></div>
        </dl>
        ${treaty.entry_into_force_requires ? `<p class="record-note" id="eif-requires" role="note"><strong>Not in force</strong> until all ${treaty.entry_into_force_requires.states.length} States listed in ${esc(treaty.entry_into_force_requires.article)} have deposited; on ${dateHtml(on)}, ${treaty.entry_into_force_requires.not_deposited.length} have not:
          ${treaty.entry_into_force_requires.not_deposited.map((x) => `<a href="${hrefFor({ ...route, view: 'state', iso3: x.state })}">${esc(x.name)}</a>`).join(', ')}. Those that have deposited are contracting, not parties.</p>` : ''}
        ${treaty.parent ? `<p id="parent">Open only to the parties of <a href="${hrefFor({ ...route, view: 'overview', treaty: treaty.parent.treaty })}">${esc(treaty.parent.treaty)}</a> (${esc(treaty.parent.article)}).</p>` : ''}
        ${treaty.protocols && treaty.protocols.length ? `<div id="protocols"><h2>Protocols and amendments</h2><ul class="plain">${treaty.protocols.map((x) => `<li><a href="${hrefFor({ ...route, view: 'overview', treaty: x.treaty })}">${esc(x.short_title)}</a> (${esc(x.chapter)}): ${x.entry_into_force ? `in force ${dateHtml(x.entry_into_force)}` : 'not in force'}, ${x.count.parties} parties</li>`).join('')}</ul>${treaty.protocols_rule ? `<p>${esc(treaty.protocols_rule.article)}: consent comes with consent to at least ${treaty.protocols_rule.minimum_with_consent} protocols.</p>` : ''}</div>` : ''}
        <p class="counts" id="counts">On ${dateHtml(on)}${route.known_on ? `, as known on ${dateHtml(route.known_on)}` : ''}:
          <span class="count"><strong id="count-parties">${n.parties}</strong> parties</span> (bound that day) ·
          <span class="count"><strong id="count-deposited">${n.deposited}</strong> deposited</span> (consent deposited, not withdrawn) ·
          <span class="count"><strong id="count-signatories">${n.signatories}</strong> signatories</span>${partial}</p>
        <p class="views-here"><a href="${hrefFor({ ...route, view: 'status-page' })}" id="to-status-page">Status page in the UN's layout</a> ·
          <a href="${hrefFor({ ...route, view: 'compare', from: fromDays(toDays(on) - 365), to: on })}" id="to-compare">Compare two dates</a></p>
      </section>
      <section class="charts" aria-label="Number of parties over time">
        <figure><figcaption>Parties over time (solid: bound that day; dashed: deposited, not withdrawn)</figcaption>
          ${lineChart(history.points, { fromZero: true, marker: null, label: `Number of parties of the ${treaty.short_title} by month since ${history.from}` })}</figure>
        <figure><figcaption>${dateHtml(from)} to ${dateHtml(to)}, day by day; the line marks ${esc(on)}, each dot a change
          <label class="range">Range <select id="chart-range">${Object.entries(RANGES).map(([k, v]) => `<option value="${k}"${k === route.range ? ' selected' : ''}>${v[2]}</option>`).join('')}</select></label></figcaption>
          <div id="recent-chart">${lineChart(recent.points, { fromZero: false, marker: on, steps: true, label: `Number of parties day by day from ${from} to ${to}` })}</div></figure>
      </section>
      <section class="world" aria-labelledby="map-heading">
        <h2 id="map-heading">${shown ? `Who accepts ${esc(shown.title)} on ${esc(on)}` : `Who is bound on ${esc(on)}`}</h2>
        ${showControl}${showUnknown}
        ${shown ? competenceLegend(treaty, shown, route) : `<ul class="legend" id="legend">${STATUS_ORDER.filter((s) => table.by_status[s]).map((s) => `<li>${badge(s)} ${table.by_status[s]}</li>`).join('')}
          <li><span class="badge st-absent">Not a participant</span></li>
          <li><svg width="12" height="12" aria-hidden="true"><circle cx="6" cy="6" r="4" class="legend-dot"/></svg> a state too small to draw at this scale</li>
          ${treaty.record_note ? `<li class="partial-legend" id="legend-partial"><span class="tag partial">partial record</span> states missing from the record are shown as not participants</li>` : ''}</ul>`}
        <div class="map-wrap">${mapSvg(geo, rowsByState, route, shown)}</div>
      </section>
      <section class="changing" aria-labelledby="changing-heading">
        <h2 id="changing-heading">What is changing</h2>
        ${list(treaty.withdrawals_pending, 'withdrawal_effective', 'Withdrawals pending (takes effect on)')}
        ${list(treaty.withdrawals_suspended, 'withdrawal_suspended_from', 'Withdrawals held back by an armed conflict (since)')}
        ${list(treaty.contracting, 'entry_into_force', 'Consent deposited, in force for them on')}
        ${treaty.next.length ? `<h3>Next effects</h3><ul class="plain">${treaty.next.map((e) => `<li>${dateHtml(e.date)}: ${esc(named(e.label, new Map(table.participants.map((r) => [r.state, r.name]))))}${e.conditional ? ' <span class="tag">subject to a condition</span>' : ''}</li>`).join('')}</ul>` : '<p>Nothing scheduled after this date.</p>'}
        ${treaty.communications.length ? `<h3>Communications the treaty does not provide for (no change of status)</h3><ul class="plain">${treaty.communications.map((c) => `<li><a href="${hrefFor({ ...route, view: 'state', iso3: c.state })}">${esc(c.name)}</a>, ${dateHtml(c.date)}: ${esc((c.notes || '').length > 200 ? c.notes.slice(0, 200) + '…' : (c.notes || ''))}</li>`).join('')}</ul>` : ''}
      </section>
      <section class="table-section" aria-labelledby="table-heading">
        <h2 id="table-heading">Status of participants on ${esc(on)}${partialTag(treaty.record_note)}</h2>
        <div class="table-tools">
          <label>Filter by name <input type="search" id="filter" value="${esc(route.q)}" placeholder="e.g. Lithuania" autocomplete="off"></label>
          <label>Status <select id="status-filter"><option value="">all</option>${STATUS_ORDER.filter((s) => table.by_status[s] || s === route.status).map((s) => `<option value="${s}"${route.status === s ? ' selected' : ''}>${esc(STATUS_LABELS[s])} (${table.by_status[s] || 0})</option>`).join('')}</select></label>
          ${shown ? `<label>Competence <select id="acc-filter"><option value="">all</option>
            <option value="accepting"${route.acc === 'accepting' ? ' selected' : ''}>accepting (${shown.accepting})</option>
            <option value="not_accepting"${route.acc === 'not_accepting' ? ' selected' : ''}>parties not accepting (${shown.parties_not_accepting})</option></select></label>` : ''}
          <a class="button" id="csv" href="${API}/treaties/${t}/participants.csv?on=${on}${known(route)}" download>Download CSV</a>
          <span id="shown" role="status"></span>
        </div>
        <div class="table-wrap scroll" tabindex="0" aria-label="Status table (scrolls; its header stays in view)">
          <table id="participants">
            <thead><tr>${[['name', 'Participant'], ['status', 'Status'], ['signature', 'Signature'], ['consent', 'Consent'], ['entry_into_force', 'In force for it'], ['withdrawal_received', 'Withdrawal received'], ['withdrawal_effective', 'Withdrawal effective']]
              .map(([k, text]) => `<th scope="col" aria-sort="${route.sort === k ? (route.dir > 0 ? 'ascending' : 'descending') : 'none'}"><button type="button" data-sort="${k}">${text}</button></th>`).join('')}${
              shown ? `<th scope="col" id="competence-column" data-competence="${esc(shown.id)}" title="${esc(shown.title)}">${esc(shown.article)}</th>` : ''}</tr></thead>
            <tbody></tbody>
          </table>
        </div>
      </section>
      <section class="rules" aria-labelledby="rules-heading">
        <h2 id="rules-heading">Final clauses pacta applies</h2>
        ${treaty.rules.map((r) => `<details><summary>${esc(r.article)}: ${esc(r.summary)}</summary><blockquote class="quote"><p>“${esc(r.quote)}”</p></blockquote></details>`).join('')}
      </section>`;
    const settings = { q: route.q, status: route.status, sort: route.sort, dir: route.dir, acc: shown ? route.acc : '' };
    const refill = () => fillTable(table, route, settings, shown);
    refill();
    main.querySelector('#map-show')?.addEventListener('change', (e) => go({ show: e.target.value, acc: '' }));
    main.querySelector('#acc-filter')?.addEventListener('change', (e) => { settings.acc = e.target.value; note({ acc: settings.acc }); refill(); });
    main.querySelector('#filter').addEventListener('input', (e) => { settings.q = e.target.value; note({ q: settings.q }); refill(); });
    main.querySelector('#status-filter').addEventListener('change', (e) => { settings.status = e.target.value; note({ status: settings.status }); refill(); });
    main.querySelector('#chart-range').addEventListener('change', (e) => go({ range: e.target.value }));
    main.querySelectorAll('th button[data-sort]').forEach((b) => b.addEventListener('click', () => {
      const k = b.dataset.sort;
      settings.dir = settings.sort === k ? -settings.dir : 1;
      settings.sort = k;
      main.querySelectorAll('#participants th').forEach((th) => th.setAttribute('aria-sort', 'none'));
      b.parentElement.setAttribute('aria-sort', settings.dir > 0 ? 'ascending' : 'descending');
      note({ sort: settings.sort, dir: settings.dir });
      refill();
    }));
    main.querySelector('.map').addEventListener('click', (e) => {
      const iso3 = e.target.closest('[data-state]')?.dataset.state;
      if (iso3 && rowsByState.has(iso3)) go({ view: 'state', iso3 });
    });
    document.title = `${treaty.short_title} on ${on}: ${n.parties} parties · pacta`;
  }

  function fillTable(table, route, settings, shown) {
    const f = fold(settings.q.trim());
    const { sort: key, dir } = settings;
    // Showing a competence: from when each state accepting it accepts it (the treaty's answer).
    const since = new Map(shown ? shown.accepted_by.map((x) => [x.state, x.since]) : []);
    const accCell = (r) => {
      const a = acceptance(r, shown.id);
      return `<td class="accepts" data-accepts="${a}">${a === 'accepted' ? `<span class="badge acc-accepted">Accepts</span> since ${cell(since.get(r.state))}`
        : a === 'not_accepting' ? '<span class="badge acc-not_accepting">Does not accept</span>' : dash('')}</td>`;
    };
    const rows = table.participants
      .filter((r) => (!f || fold(r.name).includes(f) || r.state.toLowerCase() === f) && (!settings.status || r.status === settings.status))
      .filter((r) => !shown || !settings.acc || acceptance(r, shown.id) === (settings.acc === 'accepting' ? 'accepted' : 'not_accepting'))
      .sort((a, b) => {
        const va = key === 'status' ? STATUS_ORDER.indexOf(a.status) : key === 'name' ? fold(a.name) : (a[key] ?? '');
        const vb = key === 'status' ? STATUS_ORDER.indexOf(b.status) : key === 'name' ? fold(b.name) : (b[key] ?? '');
        if (va === vb) return fold(a.name) < fold(b.name) ? -1 : 1;
        if (va === '') return 1;  // empty dates last, either direction
        if (vb === '') return -1;
        return (va < vb ? -1 : 1) * dir;
      });
    main.querySelector('#participants tbody').innerHTML = rows.map((r) => `<tr data-state="${esc(r.state)}" data-status="${esc(r.status)}">
        <th scope="row"><a href="${hrefFor({ ...route, view: 'state', iso3: r.state })}">${esc(r.name)}</a></th>
        <td class="status">${badge(r.status)}${r.disputed ? ' <span class="tag">disputed</span>' : ''}${r.communications ? ' <span class="tag" title="made a communication the treaty does not provide for">communication</span>' : ''}</td>
        <td>${cell(r.signature)}</td>
        <td>${cell(r.consent)}${r.consent_kind ? ` <span class="kind">(${esc(label(r.consent_kind))})</span>` : ''}</td>
        <td>${cell(r.entry_into_force)}</td>
        <td>${cell(r.withdrawal_received)}</td>
        <td>${cell(r.withdrawal_effective)}${r.withdrawal_suspended_from ? ` <span class="tag">suspended from ${esc(r.withdrawal_suspended_from)}</span>` : ''}</td>
        ${shown ? accCell(r) : ''}
      </tr>`).join('');
    main.querySelector('#shown').textContent = `${rows.length} of ${table.participants.length} participants shown`;
  }

  // A section of the status page after its end notes: each statement with its State, date,
  // kind and text (the API's status-page statements, objections, competence_declarations).
  function statementsSection(id, heading, items, route) {
    if (!items || !items.length) return '';
    return `<section aria-labelledby="${id}-heading" class="statements">
      <h2 id="${id}-heading">${esc(heading)}</h2>
      <ul id="${id}">${items.map((x) => `<li data-state="${esc(x.state)}" data-kind="${esc(x.kind)}">
        <a href="${hrefFor({ ...route, view: 'state', iso3: x.state })}">${esc(x.name)}</a>, ${dateHtml(x.date)}: <span class="tag">${esc(label(x.kind))}</span>${
          x.subject_name ? ` to ${esc(x.subject_name)}` : x.subject ? ` (${esc(x.subject)})` : ''}${x.qualifier ? ` <span class="tag">${esc(label(x.qualifier))}</span>` : ''}${
          x.until ? `, in effect until ${dateHtml(x.until)}` : ''}${x.reference ? ` (${esc(x.reference)})` : ''}
        ${x.text ? `<blockquote>${esc(x.text)}</blockquote>` : ''}</li>`).join('')}</ul>
    </section>`;
  }

  async function renderStatusPage(route) {
    const t = encodeURIComponent(route.treaty);
    const page = await getJSON(`${API}/treaties/${t}/status-page?on=${route.on}${known(route)}`);
    const here = hrefFor(route);
    main.innerHTML = `
      <p class="crumbs"><a href="${hrefFor({ ...route, view: 'overview' })}">← ${esc(page.short_title)} on ${esc(route.on)}</a></p>
      <h1 id="title">${esc(page.title)}</h1>
      ${partialNote(page.record_note)}
      <dl class="facts">
        ${page.chapter ? `<div><dt>UN chapter</dt><dd>${esc(page.chapter)}</dd></div>` : ''}
        <div><dt>Depositary</dt><dd>${esc(page.depositary)}</dd></div>
        <div><dt>Entry into force</dt><dd>${dateHtml(page.entry_into_force)}</dd></div>
        <div><dt>Status as at</dt><dd id="status-as-at">${dateHtml(page.on)}${page.known_on ? `, as known on ${dateHtml(page.known_on)}` : ''}</dd></div>
      </dl>
      <p class="counts" id="un-counts">Signatories: <strong>${page.counts.signatories}</strong>. Parties: <strong>${page.counts.deposited}</strong>.${partialTag(page.record_note)}</p>
      ${page.untc_url ? `<p>The depositary's own page: <a id="untc-link" href="${esc(page.untc_url)}" rel="noopener noreferrer">UN Treaty Collection, status of treaty ${esc(page.chapter)}</a>.
        Dates in square brackets are those of a state that has withdrawn.</p>` : '<p>Dates in square brackets are those of a state that has withdrawn.</p>'}
      <div class="table-wrap scroll" tabindex="0" aria-label="Status table (scrolls; its header stays in view)">
        <table id="status-page"><thead><tr>${page.columns.map((c) => `<th scope="col">${esc(c)}</th>`).join('')}</tr></thead>
        <tbody>${page.participants.map((r) => `<tr data-state="${esc(r.state)}" data-status="${esc(r.status)}">
          <th scope="row"><a href="${hrefFor({ ...route, view: 'state', iso3: r.state })}">${esc(r.name)}</a>${r.notes.map((k) => ` <sup><a class="note-ref" href="${here}" data-note="${k}" aria-label="end note ${k}">${k}</a></sup>`).join('')}</th>
          <td class="sig">${esc(r.signature_text)}</td><td class="consent">${esc(r.consent_text)}</td></tr>`).join('')}</tbody></table></div>
      <section aria-labelledby="notes-heading">
        <h2 id="notes-heading">End notes</h2>
        ${page.notes.length ? `<ol class="endnotes" id="endnotes">${page.notes.map((x) => `<li id="note-${x.number}" value="${x.number}" data-state="${esc(x.state)}" data-kind="${esc(x.kind)}" tabindex="-1">
          <span class="tag">${esc(label(x.kind))}</span> ${esc(x.text)}${x.url ? ` <a href="${esc(x.url)}" rel="noopener noreferrer">${esc(x.reference)}</a>` : ''}</li>`).join('')}</ol>` : '<p>No end notes.</p>'}
      </section>
      ${statementsSection('statements', 'Declarations and Reservations', page.statements, route)}
      ${statementsSection('objections', 'Objections', page.objections, route)}
      ${statementsSection('competence-declarations', 'Declarations on the competence of the treaty body', page.competence_declarations, route)}
      <p class="cite"><strong>Cite this:</strong> ${esc(page.cite)}</p>`;
    main.querySelectorAll('a.note-ref').forEach((a) => a.addEventListener('click', (e) => {
      e.preventDefault();
      const target = document.getElementById(`note-${a.dataset.note}`);
      target.scrollIntoView({ block: 'center' });
      target.focus({ preventScroll: true });
    }));
    document.title = `Status page · ${page.short_title} on ${route.on} · pacta`;
  }

  async function renderCompare(route) {
    const t = encodeURIComponent(route.treaty);
    const [a, b, treaty] = await Promise.all([
      getJSON(`${API}/treaties/${t}/participants?on=${route.from}${known(route)}`),
      getJSON(`${API}/treaties/${t}/participants?on=${route.to}${known(route)}`),
      getJSON(`${API}/treaties/${t}?on=${route.to}${known(route)}`),
    ]);
    const bound = (s) => ['party', 'withdrawing', 'withdrawal_suspended'].includes(s);
    const before = new Map(a.participants.map((r) => [r.state, r]));
    const after = new Map(b.participants.map((r) => [r.state, r]));
    const joined = [], left = [], changed = [];
    for (const iso3 of new Set([...before.keys(), ...after.keys()])) {
      const x = before.get(iso3), y = after.get(iso3);
      const s1 = x ? x.status : 'none', s2 = y ? y.status : 'none';
      if (s1 === s2) continue;
      const item = { iso3, name: (y || x).name, s1, s2, row: y || x };
      if (!bound(s1) && bound(s2)) joined.push(item);
      else if (bound(s1) && !bound(s2)) left.push(item);
      else changed.push(item);
    }
    const byName = (p, q) => (fold(p.name) < fold(q.name) ? -1 : 1);
    const listHtml = (id, title, items, why) => `<section aria-labelledby="${id}-heading"><h2 id="${id}-heading">${esc(title)} (${items.length})</h2>${items.length
      ? `<ul class="plain" id="${id}">${items.sort(byName).map((i) => `<li data-state="${esc(i.iso3)}"><a href="${hrefFor({ ...route, view: 'state', iso3: i.iso3, on: route.to })}">${esc(i.name)}</a>: ${badge(i.s1)} → ${badge(i.s2)}${why(i)}</li>`).join('')}</ul>`
      : `<p id="${id}">None.</p>`}</section>`;
    main.innerHTML = `
      <p class="crumbs"><a href="${hrefFor({ ...route, view: 'overview', on: route.to })}">← ${esc(treaty.short_title)} on ${esc(route.to)}</a></p>
      <h1 id="title">${esc(treaty.short_title)}: what changed between two dates</h1>
      ${partialNote(treaty.record_note)}
      <form id="compare-form" class="compare-form">
        <label>From <input type="date" id="compare-from" value="${esc(route.from)}" required min="1900-01-01" max="2199-12-31"></label>
        <label>To <input type="date" id="compare-to" value="${esc(route.to)}" required min="1900-01-01" max="2199-12-31"></label>
        <button type="submit">Compare</button>
      </form>
      <p class="counts" id="compare-counts">Parties: <strong>${a.count.parties}</strong> on ${dateHtml(route.from)} → <strong>${b.count.parties}</strong> on ${dateHtml(route.to)}${partialTag(treaty.record_note)}</p>
      ${listHtml('joined', 'Joined (bound on the second date, not on the first)', joined, (i) => (i.row.entry_into_force ? `, in force for it from ${dateHtml(i.row.entry_into_force)}` : ''))}
      ${listHtml('left', 'Left (bound on the first date, not on the second)', left, (i) => (i.row.withdrawal_effective ? `, withdrawal effective ${dateHtml(i.row.withdrawal_effective)}` : ''))}
      ${listHtml('changed', 'Changed status otherwise', changed, () => '')}`;
    main.querySelector('#compare-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const f = main.querySelector('#compare-from').value, to = main.querySelector('#compare-to').value;
      if (isDate(f) && isDate(to)) go({ from: f, to });
    });
    document.title = `${treaty.short_title}: ${route.from} to ${route.to} · pacta`;
  }

  async function renderState(route) {
    const t = encodeURIComponent(route.treaty), s = encodeURIComponent(route.iso3);
    const [status, timeline, across, treaty] = await Promise.all([
      getJSON(`${API}/treaties/${t}/participants/${s}?on=${route.on}${known(route)}`),
      getJSON(`${API}/treaties/${t}/participants/${s}/timeline${route.known_on ? `?known_on=${route.known_on}` : ''}`),
      getJSON(`${API}/states/${s}?on=${route.on}${known(route)}`),
      getJSON(`${API}/treaties/${t}?on=${route.on}${known(route)}`),
    ]);
    // An obligation's title from the treaty's rules ("obligation:ID"), not its id.
    const obligations = new Map(treaty.rules.filter((r) => r.rule.startsWith('obligation:')).map((r) => [r.rule.slice(11), r.summary.split(':')[0]]));
    const eventHtml = (e) => {
      if (e.type === 'derived') {
        const text = e.kind === 'obligation_deadline' ? `${obligations.get(e.label) || label(e.label)}: due` : named(e.label, new Map([[status.state, status.name]]));
        return `<p><strong>${esc(text)}</strong>${e.conditional ? ' <span class="tag">subject to a condition</span>' : ''}</p>${reasonsHtml(e.explanation)}`;
      }
      if (e.type === 'action') {
        return `<p><strong>${esc(label(e.kind))}</strong>${e.reference ? ` (${esc(e.reference)})` : ''}${e.later_date ? `, effective on ${dateHtml(e.later_date)}` : ''}</p>
          ${e.notes ? `<p class="notes">${esc(e.notes)}</p>` : ''}
          ${e.text ? `<details><summary>Text of the instrument</summary><blockquote class="instrument"><p>${esc(e.text)}</p></blockquote></details>` : ''}
          ${(e.sources && e.sources.length) || e.source ? `<div class="source">Sources: ${entrySourcesHtml(e)}</div>` : ''}`;
      }
      if (e.type === 'step') {
        return `<p><strong>Domestic ${esc(e.kind)}</strong> (${esc(e.body)}): ${esc(e.description)}</p>${(e.sources && e.sources.length) || e.source ? `<div class="source">Sources: ${entrySourcesHtml(e)}</div>` : ''}`;
      }
      const factTitle = e.kind === 'state_succession'
        ? `<p><strong>Date of the succession of States</strong>: ${dateHtml(e.date)}</p>`
        : `<p><strong>${esc(label(e.kind))}</strong> from ${dateHtml(e.date)}${e.to ? ` to ${dateHtml(e.to)}` : ' (ongoing)'}</p>`;
      return `${factTitle}${e.notes ? `<p class="notes">${esc(e.notes)}</p>` : ''}${(e.sources && e.sources.length) || e.source ? `<div class="source">Sources: ${entrySourcesHtml(e)}</div>` : ''}`;
    };
    const typeLabel = (e) => (e.type === 'derived' ? 'computed' : e.type === 'action' ? 'instrument or notice' : e.type === 'step' ? 'domestic step' : 'fact');
    main.innerHTML = `
      <p class="crumbs"><a href="${hrefFor({ ...route, view: 'overview' })}">← ${esc(treaty.short_title)} on ${esc(route.on)}</a></p>
      <h1 id="title">${esc(status.name)} <span class="iso">${esc(status.state)}</span></h1>
      ${partialNote(treaty.record_note)}
      <section class="status-box" aria-labelledby="status-heading">
        <h2 id="status-heading">${esc(treaty.short_title)} on ${dateHtml(route.on)}: ${badge(status.status)} <span id="party">${status.party ? 'a party (bound that day)' : 'not a party'}</span></h2>
        <p>${status.since ? `Since ${dateHtml(status.since)}` : 'No status before its first recorded action'}${status.until ? `, until ${dateHtml(status.until)}${status.next_status ? `, then ${badge(status.next_status)}` : ''}` : ''}.
          ${status.disputed ? '<span class="tag">disputed: every reading is shown below</span>' : ''}</p>
        <h3>Why</h3>
        <div class="explanation" id="explanation">${reasonsHtml(status.explanation)}</div>
        ${status.cite ? `<p class="cite"><strong>Cite this:</strong> ${esc(status.cite)}</p>` : ''}
      </section>
      ${status.competences && status.competences.length ? `<section aria-labelledby="competences-heading">
        <h2 id="competences-heading">Competences of the treaty body on ${dateHtml(route.on)}</h2>
        <ul class="plain" id="competences">${status.competences.map((k) => `<li data-competence="${esc(k.id)}" data-accepted="${k.accepted}">
          <p><strong>${esc(k.title)}</strong> (${esc(k.article)}): ${k.accepted
            ? `<span class="badge acc-accepted">Accepts it</span> since ${dateHtml(k.since)}`
            : `<span class="badge ${status.party ? 'acc-not_accepting' : 'acc-not_party'}">${status.party ? 'Does not accept it' : 'Not a party'}</span>`}
            · <a href="${hrefFor({ ...route, view: 'overview', show: k.id, acc: '' })}">who accepts it</a></p>
          <details><summary>Why</summary>${reasonsHtml(k.explanation)}</details></li>`).join('')}</ul>
      </section>` : ''}
      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Timeline</h2>
        <ol class="timeline" id="timeline">${timeline.events.map((e) => `<li class="ev ev-${esc(e.type)}${e.date > route.on ? ' future' : ''}">
            <div class="when"><time datetime="${esc(e.date)}">${esc(e.date)}</time><span class="long-date">${esc(longDate(e.date))}</span></div><div class="ev-body"><span class="type">${esc(typeLabel(e))}</span>${eventHtml(e)}</div></li>`).join('') || '<li>No entries recorded.</li>'}</ol>
      </section>
      <section aria-labelledby="intervals-heading">
        <h2 id="intervals-heading">Status intervals</h2>
        <div class="table-wrap"><table class="intervals"><thead><tr><th scope="col">From</th><th scope="col">Until (exclusive)</th><th scope="col">Status</th></tr></thead>
        <tbody>${timeline.intervals.map((i) => `<tr${i.from <= route.on && (!i.until || route.on < i.until) ? ' class="current"' : ''}><td>${cell(i.from)}</td><td>${cell(i.until)}</td><td>${badge(i.status)}</td></tr>`).join('')}</tbody></table></div>
      </section>
      <section aria-labelledby="across-heading">
        <h2 id="across-heading">Every treaty for ${esc(status.name)} on ${esc(route.on)}</h2>
        <ul class="plain">${across.treaties.map((x) => `<li><a href="${hrefFor({ ...route, treaty: x.treaty })}">${esc(x.short_title)}</a>: ${badge(x.status)}${x.since ? ` since ${dateHtml(x.since)}` : ''}${partialTag(x.record_note)}</li>`).join('')}</ul>
      </section>`;
    document.title = `${status.name}: ${STATUS_LABELS[status.status] || label(status.status)} on ${route.on} · ${treaty.short_title} · pacta`;
  }

  async function renderNotifications(route) {
    const t = encodeURIComponent(route.treaty);
    const list = await getJSON(`${API}/notifications?treaty=${t}`, { fresh: true });
    const treaty = state.treaties.find((x) => x.id === route.treaty) || { short_title: route.treaty };
    const feed = `${API}/notifications.atom?treaty=${t}`;
    main.innerHTML = `
      <h1 id="title">Depositary notifications: ${esc(treaty.short_title)}</h1>
      ${partialNote(treaty.record_note)}
      <p>Notifications pacta has issued for this treaty, newest first, as the depositary circulates them.
        Subscribe: <a href="${feed}" type="application/atom+xml" id="atom-link">Atom feed</a>
        (all treaties: <a href="${API}/notifications.atom" type="application/atom+xml">Atom</a>).</p>
      ${list.notifications.length ? list.notifications.map((n) => `<article class="notification" data-reference="${esc(n.reference)}" aria-labelledby="n-${esc(n.action)}">
          <h2 id="n-${esc(n.action)}">${esc(n.title)}</h2>
          <p class="meta">Issued ${dateHtml(n.issued_on)}${n.state ? ` · <a href="${hrefFor({ ...route, view: 'state', iso3: n.state })}">${esc(n.state)}: timeline and explanation</a>` : ''}${n.date ? ` · action of ${dateHtml(n.date)}` : ''}</p>
          <pre class="cn-text" tabindex="0">${esc(n.text)}</pre>
        </article>`).join('') : '<p id="no-notifications">No notification has been issued for this treaty yet (<code>pacta notify ACTION-ID</code>, or <code>POST /api/v1/actions?notify=true</code>).</p>'}`;
    document.title = `Notifications · ${treaty.short_title} · pacta`;
  }

  function updateNav(route) {
    const treaty = route.treaty || treatySelect.value || 'apmbc';
    const links = { 'nav-home': { view: 'home' }, 'nav-overview': { view: 'overview' }, 'nav-status-page': { view: 'status-page' },
      'nav-compare': { view: 'compare' }, 'nav-notifications': { view: 'notifications' } };
    for (const [id, r] of Object.entries(links)) {
      const a = document.getElementById(id);
      if (!a) continue;
      a.href = hrefFor({ ...route, treaty, ...r, ...(r.view === 'compare' ? { from: route.from, to: route.to } : {}) });
      a.toggleAttribute('aria-current', route.view === r.view);
    }
  }

  let renderSeq = 0;
  let shownKey = null;  // view, treaty and state last shown: a new one starts at the top
  async function render() {
    const route = parseHash();
    const seq = ++renderSeq;
    dateInput.value = route.on;
    knownInput.value = route.known_on || '';
    if (route.treaty && treatySelect.value !== route.treaty) treatySelect.value = route.treaty;
    main.setAttribute('aria-busy', 'true');
    document.body.dataset.ready = '';
    document.body.dataset.known = route.known_on ? 'yes' : '';
    const key = `${route.view}:${route.treaty || ''}:${route.iso3 || ''}`;
    try {
      if (route.errors.length) {
        throw new Error(`The address has a date that is not a real day: ${route.errors.join(', ')} (expected YYYY-MM-DD, e.g. ${state.today}). Nothing is shown for another date instead.`);
      }
      const wasFocusedInMain = main.contains(document.activeElement) ? document.activeElement.id : null;
      updateNav(route);
      if (route.view === 'home') await renderHome(route);
      else if (route.view === 'state-all') await renderStateAll(route);
      else if (route.view === 'state') await renderState(route);
      else if (route.view === 'notifications') await renderNotifications(route);
      else if (route.view === 'status-page') await renderStatusPage(route);
      else if (route.view === 'compare') await renderCompare(route);
      else await renderOverview(route);
      if (seq !== renderSeq) return;
      if (route.known_on) main.insertAdjacentHTML('afterbegin', `<p class="known-banner" id="known-banner" role="note">As known on ${dateHtml(route.known_on)}: entries recorded after that day are left out. <a href="${hrefFor({ ...route, known_on: null })}">Show everything recorded</a></p>`);
      if (shownKey !== null && key !== shownKey) {
        // Another page, not another date: start at its top, with focus there for keyboards.
        window.scrollTo(0, 0);
        main.focus({ preventScroll: true });
      } else if (wasFocusedInMain) {
        const el = document.getElementById(wasFocusedInMain);
        if (el) el.focus();
      }
      shownKey = key;
    } catch (err) {
      if (seq !== renderSeq) return;
      main.innerHTML = `<div class="error" role="alert"><h1>Could not show this</h1><p>${esc(err.message)}</p><p><a href="#/">Back to the start</a></p></div>`;
    }
    main.setAttribute('aria-busy', 'false');
    document.body.dataset.ready = `${route.view}:${route.treaty || ''}:${route.iso3 || ''}:${route.on}`;
  }

  async function start() {
    try {
      const list = await getJSON(`${API}/treaties`);
      state.today = list.on;  // the server's today
      state.treaties = list.treaties;
      treatySelect.innerHTML = list.treaties.map((t) => `<option value="${esc(t.id)}">${esc(t.short_title)}${t.record_note ? ' (partial record)' : ''}</option>`).join('');
    } catch (err) {
      main.innerHTML = `<div class="error" role="alert"><p>The server did not answer: ${esc(err.message)}</p></div>`;
      return;
    }
    const setDate = () => { if (isDate(dateInput.value)) go({ on: dateInput.value }); };
    dateInput.addEventListener('change', setDate);
    dateInput.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); setDate(); } });
    const setKnown = () => { if (knownInput.value === '' || isDate(knownInput.value)) go({ known_on: knownInput.value || null }); };
    knownInput.addEventListener('change', setKnown);
    knownInput.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); setKnown(); } });
    document.getElementById('known-clear').addEventListener('click', () => go({ known_on: null }));
    document.getElementById('controls').addEventListener('submit', (e) => e.preventDefault());
    document.getElementById('today').addEventListener('click', () => go({ on: state.today }));
    document.getElementById('prev-day').addEventListener('click', () => go({ on: fromDays(toDays(parseHash().on) - 1) }));
    document.getElementById('next-day').addEventListener('click', () => go({ on: fromDays(toDays(parseHash().on) + 1) }));
    treatySelect.addEventListener('change', () => {
      const r = parseHash();
      go({ treaty: treatySelect.value, view: ['home', 'state-all'].includes(r.view) ? 'overview' : r.view, q: '', status: '', show: '', acc: '' });
    });
    window.addEventListener('hashchange', render);
    render();
  }

  start();
})();
