// pacta's web page: one script, no framework. Everything shown comes from the JSON API
// (/api/v1); nothing about the law is computed here. Routes live in the URL hash:
//   #/TREATY?on=DATE              overview: counts, charts, map, status table
//   #/TREATY/state/ISO3?on=DATE   one state: status and why, timeline, other treaties
//   #/TREATY/notifications        the depositary notifications issued, with their text
// The date control changes counts, map and table together (one render per change).
'use strict';

(() => {
  const API = '/api/v1';
  const STATUS_LABELS = {
    party: 'Party',
    withdrawing: 'Withdrawing (still bound until the withdrawal takes effect)',
    withdrawal_suspended: 'Withdrawal suspended (still bound)',
    withdrawn: 'Withdrawn',
    contracting: 'Consent deposited, not yet in force for it',
    signatory: 'Signatory',
    not_intending: 'Signatory that does not intend to become a party',
    none: 'No action yet on this date',
  };
  const STATUS_ORDER = ['party', 'withdrawing', 'withdrawal_suspended', 'contracting', 'signatory', 'not_intending', 'withdrawn', 'none'];
  const main = document.getElementById('main');
  const dateInput = document.getElementById('date');
  const treatySelect = document.getElementById('treaty');

  // --- small helpers
  const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
  const dash = (s) => (s == null || s === '' ? '<span class="none" aria-label="none">–</span>' : esc(s));
  const DAY = 86400000;
  const toDays = (iso) => Date.parse(iso + 'T00:00:00Z') / DAY;
  const fromDays = (d) => new Date(d * DAY).toISOString().slice(0, 10);
  const isDate = (s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && fromDays(toDays(s)) === s;
  const badge = (status) => `<span class="badge st-${esc(status)}" title="${esc(STATUS_LABELS[status] || status)}">${esc(status)}</span>`;

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
  const SOURCE_KINDS = { depositary: 'Depositary', treaty_body: 'Treaty body', government: 'Government', other: 'Other' };
  function entrySourcesHtml(e) {
    if (Array.isArray(e.sources) && e.sources.length) {
      return `<ul class="sources">${e.sources.map((x) => `<li><span class="tag">${esc(SOURCE_KINDS[x.kind] || x.kind)}</span> ${
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
  const state = { treaties: [], today: null, sort: { key: 'name', dir: 1 }, filter: '', statusFilter: '' };

  function parseHash() {
    const h = location.hash.replace(/^#\/?/, '');
    const [path, query] = h.split('?');
    const params = new URLSearchParams(query || '');
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    const on = params.get('on');
    return {
      treaty: parts[0] || (state.treaties.find((t) => t.id === 'apmbc') || state.treaties[0] || {}).id,
      view: parts[1] === 'state' && parts[2] ? 'state' : parts[1] === 'notifications' ? 'notifications' : 'overview',
      iso3: parts[1] === 'state' ? (parts[2] || '').toUpperCase() : null,
      on: on && isDate(on) ? on : state.today,
    };
  }
  const hrefFor = (r) => `#/${encodeURIComponent(r.treaty)}${r.view === 'state' ? `/state/${encodeURIComponent(r.iso3)}`
    : r.view === 'notifications' ? '/notifications' : ''}?on=${r.on}`;
  function go(changes) {
    const next = hrefFor({ ...parseHash(), ...changes });
    if (location.hash !== next) location.hash = next;
    else render();
  }

  // --- charts: inline SVG, counts as step lines (a count changes on a day and stays)
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
    const xTicks = [];
    const yFirst = +points[0].date.slice(0, 4), yLast = +points[points.length - 1].date.slice(0, 4);
    const every = Math.max(1, Math.ceil((yLast - yFirst + 1) / 8));
    for (let y = yFirst; y <= yLast + 1; y += every) {
      const d = toDays(`${y}-01-01`);
      if (d >= x0 && d <= x1) xTicks.push([d, String(y)]);
    }
    if (xTicks.length < 2 && opts.monthTicks) {
      xTicks.length = 0;
      for (let d = x0; d <= x1; d++) {
        const iso = fromDays(d);
        if (iso.endsWith('-01') && (+iso.slice(5, 7)) % 3 === 1) xTicks.push([d, iso.slice(0, 7)]);
      }
    }
    const marker = opts.marker && toDays(opts.marker) >= x0 && toDays(opts.marker) <= x1
      ? `<line class="marker" x1="${X(toDays(opts.marker))}" x2="${X(toDays(opts.marker))}" y1="${m.t}" y2="${H - m.b}"/>` : '';
    const last = points.find((p) => p.date === opts.marker) || null;
    return `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(opts.label)}">
      <title>${esc(opts.label)}</title>
      ${yTicks.map((v) => `<g class="tick"><line x1="${m.l}" x2="${W - m.r}" y1="${Y(v)}" y2="${Y(v)}"/><text x="${m.l - 6}" y="${Y(v) + 4}" text-anchor="end">${v}</text></g>`).join('')}
      ${xTicks.map(([d, t]) => `<g class="tick"><text x="${X(d)}" y="${H - 8}" text-anchor="middle">${t}</text></g>`).join('')}
      <path class="line deposited" d="${stepPath('deposited')}"/>
      <path class="line parties" d="${stepPath('parties')}"/>
      ${marker}
      ${last ? `<text class="marker-label" x="${Math.min(X(toDays(opts.marker)) + 4, W - 90)}" y="${m.t + 12}">${last.parties} parties</text>` : ''}
    </svg>`;
  }

  // --- the map: world-atlas countries (ISO numeric ids) joined to alpha-3 via /states
  let mapGeometry = null;
  async function mapShapes() {
    if (!mapGeometry) {
      const [world, states] = await Promise.all([getJSON('/vendor/countries-110m.json'), getJSON(`${API}/states`)]);
      const byNumeric = new Map(states.states.filter((s) => s.numeric).map((s) => [s.numeric, s]));
      const countries = topojson.feature(world, world.objects.countries);
      const projection = d3.geoEqualEarth().fitExtent([[4, 4], [956, 476]], { type: 'Sphere' });
      const path = d3.geoPath(projection);
      mapGeometry = {
        sphere: path({ type: 'Sphere' }),
        shapes: countries.features.map((f) => {
          const s = byNumeric.get(String(f.id).padStart(3, '0'));
          return { iso3: s ? s.state : '', name: s ? s.name : f.properties.name, d: path(f) };
        }).filter((s) => s.d),
      };
    }
    return mapGeometry;
  }

  function mapSvg(geo, rowsByState, route) {
    return `<svg class="map" viewBox="0 0 960 480" role="img" aria-labelledby="map-title">
      <title id="map-title">World map: status of each state on ${esc(route.on)} (the table below lists every participant)</title>
      <path class="sphere" d="${geo.sphere}"/>
      ${geo.shapes.map((s) => {
        const row = rowsByState.get(s.iso3);
        const st = row ? row.status : 'none';
        return `<path class="country st-${st}" data-state="${esc(s.iso3)}" data-status="${st}" d="${s.d}"><title>${esc(s.name)}: ${esc(row ? st : 'not a participant')}</title></path>`;
      }).join('')}
    </svg>`;
  }

  // --- views
  async function renderOverview(route) {
    const t = encodeURIComponent(route.treaty);
    const on = route.on;
    const from = fromDays(toDays(on) - 730), to = fromDays(toDays(on) + 182);
    const [treaty, table, history, recent, geo] = await Promise.all([
      getJSON(`${API}/treaties/${t}?on=${on}`),
      getJSON(`${API}/treaties/${t}/participants?on=${on}`),
      getJSON(`${API}/treaties/${t}/series?step=month&to=${on > state.today ? on : state.today}`),
      getJSON(`${API}/treaties/${t}/series?step=day&from=${from}&to=${to}`),
      mapShapes(),
    ]);
    const rowsByState = new Map(table.participants.map((r) => [r.state, r]));
    const n = table.count;
    const list = (rows, key, title) => (rows.length ? `<h3>${esc(title)}</h3><ul class="plain">${rows.map((r) =>
      `<li><a href="${hrefFor({ ...route, view: 'state', iso3: r.state })}">${esc(r.name)}</a>: ${dash(r[key])}</li>`).join('')}</ul>` : '');
    main.innerHTML = `
      <section class="summary" aria-labelledby="title">
        <h1 id="title">${esc(treaty.short_title)}</h1>
        <p class="full-title">${esc(treaty.title)}</p>
        ${treaty.record_note ? `<p class="record-note" role="note"><strong>Partial record:</strong> ${esc(treaty.record_note)}</p>` : ''}
        <dl class="facts">
          <div><dt>Depositary</dt><dd>${esc(treaty.depositary)}</dd></div>
          <div><dt>Adopted</dt><dd>${esc(treaty.adopted)}${treaty.place ? `, ${esc(treaty.place)}` : ''}</dd></div>
          <div><dt>In force since</dt><dd id="eif">${dash(treaty.entry_into_force)}</dd></div>
          ${treaty.chapter ? `<div><dt>UN chapter</dt><dd>${esc(treaty.chapter)}</dd></div>` : ''}
          <div><dt>Rules</dt><dd id="rules-version" title="the version of the treaty's final clauses (its profile) these answers were computed with: id@first 12 hex digits of its SHA-256">${esc(treaty.rules_version || '')}</dd></div>
        </dl>
        <p class="counts" id="counts">On <strong>${esc(on)}</strong>:
          <span class="count"><strong id="count-parties">${n.parties}</strong> parties</span> (bound that day) ·
          <span class="count"><strong id="count-deposited">${n.deposited}</strong> deposited</span> (consent deposited, not withdrawn) ·
          <span class="count"><strong id="count-signatories">${n.signatories}</strong> signatories</span></p>
      </section>
      <section class="charts" aria-label="Number of parties over time">
        <figure><figcaption>Parties over time (solid: bound that day; dashed: deposited, not withdrawn)</figcaption>
          ${lineChart(history.points, { fromZero: true, marker: null, label: `Number of parties of the ${treaty.short_title} by month since ${history.from}` })}</figure>
        <figure><figcaption>${esc(from)} to ${esc(to)}, day by day; the line marks ${esc(on)}</figcaption>
          ${lineChart(recent.points, { fromZero: false, marker: on, monthTicks: true, label: `Number of parties day by day from ${from} to ${to}` })}</figure>
      </section>
      <section class="world" aria-labelledby="map-heading">
        <h2 id="map-heading">Who is bound on ${esc(on)}</h2>
        <ul class="legend">${STATUS_ORDER.filter((s) => table.by_status[s]).map((s) => `<li>${badge(s)} ${table.by_status[s]}</li>`).join('')}
          <li><span class="badge st-absent">not a participant</span></li></ul>
        <div class="map-wrap">${mapSvg(geo, rowsByState, route)}</div>
      </section>
      <section class="changing" aria-labelledby="changing-heading">
        <h2 id="changing-heading">What is changing</h2>
        ${list(treaty.withdrawals_pending, 'withdrawal_effective', 'Withdrawals pending (takes effect on)')}
        ${list(treaty.withdrawals_suspended, 'withdrawal_suspended_from', 'Withdrawals held back by an armed conflict (since)')}
        ${list(treaty.contracting, 'entry_into_force', 'Consent deposited, in force for them on')}
        ${treaty.next.length ? `<h3>Next effects</h3><ul class="plain">${treaty.next.map((e) => `<li>${esc(e.date)}: ${esc(e.label)}${e.conditional ? ' <span class="tag">subject to a condition</span>' : ''}</li>`).join('')}</ul>` : '<p>Nothing scheduled after this date.</p>'}
        ${treaty.communications.length ? `<h3>Communications the treaty does not provide for (no change of status)</h3><ul class="plain">${treaty.communications.map((c) => `<li><a href="${hrefFor({ ...route, view: 'state', iso3: c.state })}">${esc(c.name)}</a>, ${esc(c.date)}: ${esc((c.notes || '').length > 200 ? c.notes.slice(0, 200) + '…' : (c.notes || ''))}</li>`).join('')}</ul>` : ''}
      </section>
      <section class="table-section" aria-labelledby="table-heading">
        <h2 id="table-heading">Status of participants on ${esc(on)}</h2>
        <div class="table-tools">
          <label>Filter by name <input type="search" id="filter" value="${esc(state.filter)}" placeholder="e.g. Lithuania" autocomplete="off"></label>
          <label>Status <select id="status-filter"><option value="">all</option>${STATUS_ORDER.filter((s) => table.by_status[s]).map((s) => `<option value="${s}"${state.statusFilter === s ? ' selected' : ''}>${s} (${table.by_status[s]})</option>`).join('')}</select></label>
          <a class="button" id="csv" href="${API}/treaties/${t}/participants.csv?on=${on}" download>Download CSV</a>
          <span id="shown" role="status"></span>
        </div>
        <div class="table-wrap" tabindex="0" aria-label="Status table (scrolls sideways on small screens)">
          <table id="participants">
            <thead><tr>${[['name', 'Participant'], ['status', 'Status'], ['signature', 'Signature'], ['consent', 'Consent'], ['entry_into_force', 'In force for it'], ['withdrawal_received', 'Withdrawal received'], ['withdrawal_effective', 'Withdrawal effective']]
              .map(([k, label]) => `<th scope="col" aria-sort="${state.sort.key === k ? (state.sort.dir > 0 ? 'ascending' : 'descending') : 'none'}"><button type="button" data-sort="${k}">${label}</button></th>`).join('')}</tr></thead>
            <tbody></tbody>
          </table>
        </div>
      </section>
      <section class="rules" aria-labelledby="rules-heading">
        <h2 id="rules-heading">Final clauses pacta applies</h2>
        ${treaty.rules.map((r) => `<details><summary>${esc(r.article)}: ${esc(r.summary)}</summary><blockquote class="quote"><p>“${esc(r.quote)}”</p></blockquote></details>`).join('')}
      </section>`;
    fillTable(table, route);
    main.querySelector('#filter').addEventListener('input', (e) => { state.filter = e.target.value; fillTable(table, route); });
    main.querySelector('#status-filter').addEventListener('change', (e) => { state.statusFilter = e.target.value; fillTable(table, route); });
    main.querySelectorAll('th button[data-sort]').forEach((b) => b.addEventListener('click', () => {
      const k = b.dataset.sort;
      state.sort = { key: k, dir: state.sort.key === k ? -state.sort.dir : 1 };
      main.querySelectorAll('th').forEach((th) => th.setAttribute('aria-sort', 'none'));
      b.parentElement.setAttribute('aria-sort', state.sort.dir > 0 ? 'ascending' : 'descending');
      fillTable(table, route);
    }));
    main.querySelector('.map').addEventListener('click', (e) => {
      const iso3 = e.target.dataset && e.target.dataset.state;
      if (iso3 && rowsByState.has(iso3)) go({ view: 'state', iso3 });
    });
    document.title = `${treaty.short_title} on ${on}: ${n.parties} parties · pacta`;
  }

  function fillTable(table, route) {
    const f = state.filter.trim().toLowerCase();
    const { key, dir } = state.sort;
    const rows = table.participants
      .filter((r) => (!f || r.name.toLowerCase().includes(f) || r.state.toLowerCase() === f) && (!state.statusFilter || r.status === state.statusFilter))
      .sort((a, b) => {
        const va = key === 'status' ? STATUS_ORDER.indexOf(a.status) : (a[key] ?? '');
        const vb = key === 'status' ? STATUS_ORDER.indexOf(b.status) : (b[key] ?? '');
        if (va === vb) return a.name.localeCompare(b.name);
        if (va === '') return 1;  // empty dates last, either direction
        if (vb === '') return -1;
        return (va < vb ? -1 : 1) * dir;
      });
    main.querySelector('#participants tbody').innerHTML = rows.map((r) => `<tr data-state="${esc(r.state)}" data-status="${esc(r.status)}">
        <th scope="row"><a href="${hrefFor({ ...route, view: 'state', iso3: r.state })}">${esc(r.name)}</a></th>
        <td class="status">${badge(r.status)}${r.disputed ? ' <span class="tag">disputed</span>' : ''}${r.communications ? ' <span class="tag" title="made a communication the treaty does not provide for">communication</span>' : ''}</td>
        <td>${dash(r.signature)}</td>
        <td>${dash(r.consent)}${r.consent_kind ? ` <span class="kind">(${esc(r.consent_kind)})</span>` : ''}</td>
        <td>${dash(r.entry_into_force)}</td>
        <td>${dash(r.withdrawal_received)}</td>
        <td>${dash(r.withdrawal_effective)}${r.withdrawal_suspended_from ? ` <span class="tag">suspended from ${esc(r.withdrawal_suspended_from)}</span>` : ''}</td>
      </tr>`).join('');
    main.querySelector('#shown').textContent = `${rows.length} of ${table.participants.length} participants shown`;
  }

  async function renderState(route) {
    const t = encodeURIComponent(route.treaty), s = encodeURIComponent(route.iso3);
    const [status, timeline, across] = await Promise.all([
      getJSON(`${API}/treaties/${t}/participants/${s}?on=${route.on}`),
      getJSON(`${API}/treaties/${t}/participants/${s}/timeline`),
      getJSON(`${API}/states/${s}?on=${route.on}`),
    ]);
    const treaty = state.treaties.find((x) => x.id === route.treaty) || { short_title: route.treaty };
    const eventHtml = (e) => {
      if (e.type === 'derived') {
        return `<p><strong>${esc(e.label)}</strong>${e.conditional ? ' <span class="tag">subject to a condition</span>' : ''}</p>${reasonsHtml(e.explanation)}`;
      }
      if (e.type === 'action') {
        return `<p><strong>${esc(e.kind)}</strong>${e.reference ? ` (${esc(e.reference)})` : ''}${e.later_date ? `, effective on ${esc(e.later_date)}` : ''}</p>
          ${e.notes ? `<p class="notes">${esc(e.notes)}</p>` : ''}
          ${e.text ? `<details><summary>Text of the instrument</summary><blockquote class="instrument"><p>${esc(e.text)}</p></blockquote></details>` : ''}
          ${(e.sources && e.sources.length) || e.source ? `<div class="source">Sources: ${entrySourcesHtml(e)}</div>` : ''}`;
      }
      if (e.type === 'step') {
        return `<p><strong>Domestic ${esc(e.kind)}</strong> (${esc(e.body)}): ${esc(e.description)}</p>${(e.sources && e.sources.length) || e.source ? `<div class="source">Sources: ${entrySourcesHtml(e)}</div>` : ''}`;
      }
      const factTitle = e.kind === 'state_succession'
        ? `<p><strong>Date of the succession of States</strong>: ${esc(e.date)}</p>`
        : `<p><strong>Fact: ${esc(e.kind)}</strong> from ${esc(e.date)}${e.to ? ` to ${esc(e.to)}` : ' (ongoing)'}</p>`;
      return `${factTitle}${e.notes ? `<p class="notes">${esc(e.notes)}</p>` : ''}${(e.sources && e.sources.length) || e.source ? `<div class="source">Sources: ${entrySourcesHtml(e)}</div>` : ''}`;
    };
    main.innerHTML = `
      <p class="crumbs"><a href="${hrefFor({ ...route, view: 'overview' })}">← ${esc(treaty.short_title)} on ${esc(route.on)}</a></p>
      <h1 id="title">${esc(status.name)} <span class="iso">${esc(status.state)}</span></h1>
      <section class="status-box" aria-labelledby="status-heading">
        <h2 id="status-heading">${esc(treaty.short_title)} on ${esc(route.on)}: ${badge(status.status)} <span id="party">${status.party ? 'a party (bound that day)' : 'not a party'}</span></h2>
        <p>${status.since ? `Since ${esc(status.since)}` : 'No status before its first recorded action'}${status.until ? `, until ${esc(status.until)}${status.next_status ? `, then ${badge(status.next_status)}` : ''}` : ''}.
          ${status.disputed ? '<span class="tag">disputed: every reading is shown below</span>' : ''}</p>
        <h3>Why</h3>
        <div class="explanation" id="explanation">${reasonsHtml(status.explanation)}</div>
      </section>
      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Timeline</h2>
        <ol class="timeline" id="timeline">${timeline.events.map((e) => `<li class="ev ev-${esc(e.type)}${e.date > route.on ? ' future' : ''}">
            <time datetime="${esc(e.date)}">${esc(e.date)}</time><div class="ev-body"><span class="type">${esc(e.type === 'derived' ? 'computed' : e.type)}</span>${eventHtml(e)}</div></li>`).join('') || '<li>No entries recorded.</li>'}</ol>
      </section>
      <section aria-labelledby="intervals-heading">
        <h2 id="intervals-heading">Status intervals</h2>
        <div class="table-wrap"><table class="intervals"><thead><tr><th scope="col">From</th><th scope="col">Until (exclusive)</th><th scope="col">Status</th></tr></thead>
        <tbody>${timeline.intervals.map((i) => `<tr${i.from <= route.on && (!i.until || route.on < i.until) ? ' class="current"' : ''}><td>${esc(i.from)}</td><td>${dash(i.until)}</td><td>${badge(i.status)}</td></tr>`).join('')}</tbody></table></div>
      </section>
      <section aria-labelledby="across-heading">
        <h2 id="across-heading">Every treaty for ${esc(status.name)} on ${esc(route.on)}</h2>
        <ul class="plain">${across.treaties.map((x) => `<li><a href="${hrefFor({ ...route, treaty: x.treaty })}">${esc(x.short_title)}</a>: ${badge(x.status)}${x.since ? ` since ${esc(x.since)}` : ''}${x.record_note ? ` <span class="tag" title="${esc(x.record_note)}">partial record</span>` : ''}</li>`).join('')}</ul>
      </section>`;
    document.title = `${status.name}: ${status.status} on ${route.on} · ${treaty.short_title} · pacta`;
  }

  async function renderNotifications(route) {
    const t = encodeURIComponent(route.treaty);
    const list = await getJSON(`${API}/notifications?treaty=${t}`, { fresh: true });
    const treaty = state.treaties.find((x) => x.id === route.treaty) || { short_title: route.treaty };
    const feed = `${API}/notifications.atom?treaty=${t}`;
    main.innerHTML = `
      <h1 id="title">Depositary notifications: ${esc(treaty.short_title)}</h1>
      <p>Notifications pacta has issued for this treaty, newest first, as the depositary circulates them.
        Subscribe: <a href="${feed}" type="application/atom+xml" id="atom-link">Atom feed</a>
        (all treaties: <a href="${API}/notifications.atom" type="application/atom+xml">Atom</a>).</p>
      ${list.notifications.length ? list.notifications.map((n) => `<article class="notification" data-reference="${esc(n.reference)}" aria-labelledby="n-${esc(n.action)}">
          <h2 id="n-${esc(n.action)}">${esc(n.title)}</h2>
          <p class="meta">Issued ${esc(n.issued_on)}${n.state ? ` · <a href="${hrefFor({ ...route, view: 'state', iso3: n.state })}">${esc(n.state)}: timeline and explanation</a>` : ''}${n.date ? ` · action of ${esc(n.date)}` : ''}</p>
          <pre class="cn-text" tabindex="0">${esc(n.text)}</pre>
        </article>`).join('') : '<p id="no-notifications">No notification has been issued for this treaty yet (<code>pacta notify ACTION-ID</code>, or <code>POST /api/v1/actions?notify=true</code>).</p>'}`;
    document.title = `Notifications · ${treaty.short_title} · pacta`;
  }

  function updateNav(route) {
    document.getElementById('nav-overview').href = hrefFor({ ...route, view: 'overview' });
    document.getElementById('nav-notifications').href = hrefFor({ ...route, view: 'notifications' });
    document.getElementById('nav-overview').toggleAttribute('aria-current', route.view === 'overview');
    document.getElementById('nav-notifications').toggleAttribute('aria-current', route.view === 'notifications');
  }

  let renderSeq = 0;
  let shownKey = null;  // view, treaty and state last shown: a new one starts at the top
  async function render() {
    const route = parseHash();
    const seq = ++renderSeq;
    dateInput.value = route.on;
    if (treatySelect.value !== route.treaty) treatySelect.value = route.treaty;
    main.setAttribute('aria-busy', 'true');
    document.body.dataset.ready = '';
    try {
      const wasFocusedInMain = main.contains(document.activeElement) ? document.activeElement.id : null;
      updateNav(route);
      if (route.view === 'state') await renderState(route);
      else if (route.view === 'notifications') await renderNotifications(route);
      else await renderOverview(route);
      if (seq !== renderSeq) return;
      const key = `${route.view}:${route.treaty}:${route.iso3 || ''}`;
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
    document.body.dataset.ready = `${route.view}:${route.treaty}:${route.iso3 || ''}:${route.on}`;
  }

  async function start() {
    try {
      const list = await getJSON(`${API}/treaties`);
      state.today = list.on;  // the server's today
      state.treaties = list.treaties;
      treatySelect.innerHTML = list.treaties.map((t) => `<option value="${esc(t.id)}">${esc(t.short_title)}</option>`).join('');
    } catch (err) {
      main.innerHTML = `<div class="error" role="alert"><p>The server did not answer: ${esc(err.message)}</p></div>`;
      return;
    }
    dateInput.addEventListener('change', () => { if (isDate(dateInput.value)) go({ on: dateInput.value }); });
    dateInput.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); if (isDate(dateInput.value)) go({ on: dateInput.value }); } });
    document.getElementById('controls').addEventListener('submit', (e) => e.preventDefault());
    document.getElementById('today').addEventListener('click', () => go({ on: state.today }));
    document.getElementById('prev-day').addEventListener('click', () => go({ on: fromDays(toDays(parseHash().on) - 1) }));
    document.getElementById('next-day').addEventListener('click', () => go({ on: fromDays(toDays(parseHash().on) + 1) }));
    treatySelect.addEventListener('change', () => go({ treaty: treatySelect.value }));
    window.addEventListener('hashchange', render);
    render();
  }

  start();
})();
