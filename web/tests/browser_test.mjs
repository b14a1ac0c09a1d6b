// The web page in a real browser: Debian's chromium driven by playwright-core (no browser
// download). Usage: node browser_test.mjs BASE_URL SCREENSHOT_DIR
// Sets the date to 2025-12-26 then 2025-12-27 and checks that Lithuania changes from
// withdrawing to withdrawn in the table, on the map and in the count (the count must equal
// the API's for that date); opens Lithuania's page and finds the explanation quoting
// article 20(3); checks keyboard use, phone width, and that nothing is fetched from
// anywhere but the server. Screenshots go to SCREENSHOT_DIR.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const [base, shots] = process.argv.slice(2);
if (!base || !shots) {
  console.error('usage: node browser_test.mjs BASE_URL SCREENSHOT_DIR');
  process.exit(2);
}
mkdirSync(shots, { recursive: true });

let pass = 0;
let fail = 0;
function check(name, ok, detail = '') {
  if (ok) pass++;
  else {
    fail++;
    console.log(`FAIL ${name}${detail ? ': ' + detail : ''}`);
  }
}
const api = async (path) => (await fetch(base + '/api/v1' + path)).json();

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const foreign = [];
  const problems = [];
  page.on('request', (r) => { if (!r.url().startsWith(base) && !r.url().startsWith('data:')) foreign.push(r.url()); });
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
  page.setDefaultTimeout(20000);

  const ready = (view, treaty, iso3, on) => page.waitForSelector(`body[data-ready="${view}:${treaty}:${iso3}:${on}"]`);

  // First load, timed.
  const t0 = Date.now();
  await page.goto(base + '/');
  await page.waitForSelector('body[data-ready^="overview:apmbc::"]');
  const firstLoad = Date.now() - t0;
  const bytes = await page.evaluate(() => performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation'))
    .reduce((n, e) => n + (e.encodedBodySize || 0), 0));
  console.log(`first load: ${firstLoad} ms, ${Math.round(bytes / 1024)} KiB transferred`);
  check('first load under 5 s', firstLoad < 5000, `${firstLoad} ms`);
  check('title', (await page.textContent('#title')).includes('Ottawa Convention'));
  check('depositary shown', (await page.textContent('.facts')).includes('Secretary-General of the United Nations'));
  check('EIF shown', (await page.textContent('#eif')).trim() === (await api('/treaties/apmbc')).entry_into_force);

  // The date control drives table, map and counts together.
  const observe = async (on) => ({
    table: (await page.textContent('#participants tr[data-state="LTU"] td.status')).trim(),
    map: await page.getAttribute('.map path[data-state="LTU"]', 'data-status'),
    count: Number(await page.textContent('#count-parties')),
    deposited: Number(await page.textContent('#count-deposited')),
    api: (await api(`/treaties/apmbc/participants?on=${on}`)).count,
  });
  await page.fill('#date', '2025-12-26');
  await ready('overview', 'apmbc', '', '2025-12-26');
  const before = await observe('2025-12-26');
  await page.screenshot({ path: join(shots, 'overview-2025-12-26.png'), fullPage: true });
  await page.fill('#date', '2025-12-27');
  await ready('overview', 'apmbc', '', '2025-12-27');
  const after = await observe('2025-12-27');
  await page.screenshot({ path: join(shots, 'overview-2025-12-27.png'), fullPage: true });
  check('table: LTU withdrawing on 2025-12-26', before.table.startsWith('withdrawing'), before.table);
  check('table: LTU withdrawn on 2025-12-27', after.table.startsWith('withdrawn'), after.table);
  check('map: LTU withdrawing on 2025-12-26', before.map === 'withdrawing', before.map);
  check('map: LTU withdrawn on 2025-12-27', after.map === 'withdrawn', after.map);
  check('count = API on 2025-12-26', before.count === before.api.parties && before.deposited === before.api.deposited, JSON.stringify(before));
  check('count = API on 2025-12-27', after.count === after.api.parties && after.deposited === after.api.deposited, JSON.stringify(after));
  check('count drops on 2025-12-27', after.count < before.count, `${before.count} -> ${after.count}`);
  const ltuFill = await page.$eval('.map path[data-state="LTU"]', (el) => getComputedStyle(el).fill);
  const partyFill = await page.$eval('.map path[data-status="party"]', (el) => getComputedStyle(el).fill);
  check('map colour differs from a party', ltuFill !== partyFill, `${ltuFill} vs ${partyFill}`);
  // Colour-blind safe: withdrawn and party stay apart under simulated deuteranopia and
  // protanopia (Machado et al. 2009, severity 1, on linear RGB).
  const rgb = (css) => css.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
  const simulate = (c, m) => {
    const lin = c.map((v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return m.map((row) => {
      const x = Math.min(1, Math.max(0, row[0] * lin[0] + row[1] * lin[1] + row[2] * lin[2]));
      return 255 * (x <= 0.0031308 ? 12.92 * x : 1.055 * x ** (1 / 2.4) - 0.055);
    });
  };
  const deficiencies = {
    deuteranopia: [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.01182, 0.04294, 0.968881]],
    protanopia: [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
  };
  for (const [name, m] of Object.entries(deficiencies)) {
    const a = simulate(rgb(ltuFill), m), b = simulate(rgb(partyFill), m);
    const dist = Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    check(`map: withdrawn and party told apart under ${name}`, dist > 60, `distance ${dist.toFixed(1)}`);
  }
  check('charts drawn', (await page.$$('svg.chart path.parties')).length === 2);

  // The chart shows the step down of Dec 2025 - Feb 2026 (parties line goes down).
  const series = await api('/treaties/apmbc/series?from=2025-11-01&to=2026-03-01&step=day');
  check('series steps down over Dec 2025 - Feb 2026', series.points.at(-1).parties < series.points[0].parties);

  // Keyboard: tab from the date control to the filter, type, sort with Enter.
  await page.focus('#filter');
  await page.keyboard.type('lith');
  const shown = await page.$$eval('#participants tbody tr', (rows) => rows.map((r) => r.dataset.state));
  check('filter by name', shown.length === 1 && shown[0] === 'LTU', shown.join(','));
  await page.fill('#filter', '');
  await page.selectOption('#status-filter', 'withdrawn');
  const withdrawn = await page.$$eval('#participants tbody tr', (rows) => rows.map((r) => r.dataset.status));
  check('filter by status', withdrawn.length > 0 && withdrawn.every((s) => s === 'withdrawn'), withdrawn.join(','));
  await page.selectOption('#status-filter', '');
  await page.focus('th button[data-sort="consent"]');
  await page.keyboard.press('Enter');
  check('sort by keyboard', await page.getAttribute('th:has(button[data-sort="consent"])', 'aria-sort') === 'ascending');
  const consents = await page.$$eval('#participants tbody tr td:nth-of-type(3)', (tds) => tds.map((t) => t.textContent.trim().slice(0, 10)).filter((s) => /\d{4}/.test(s)));
  check('sorted by consent date', consents.join() === [...consents].sort().join());
  const csvHref = await page.getAttribute('#csv', 'href');
  const csv = await (await fetch(base + csvHref)).text();
  check('CSV download link', csvHref.includes('on=2025-12-27') && /\nLTU,Lithuania,withdrawn,/.test(csv), csvHref);

  // Lithuania's page: reach it by keyboard from the table, find article 20(3) quoted.
  await page.fill('#filter', 'Lithuania');
  await page.focus('#participants tr[data-state="LTU"] a');
  await page.keyboard.press('Enter');
  await ready('state', 'apmbc', 'LTU', '2025-12-27');
  const explanation = await page.textContent('#explanation');
  const status = await api('/treaties/apmbc/participants/LTU?on=2025-12-27');
  const art = status.explanation.find((r) => r.article === 'Article 20(3)');
  check('API explains with article 20(3)', !!art);
  check('page quotes article 20(3)', explanation.includes('Article 20(3)') && art && explanation.includes(art.quote.slice(0, 80)), explanation.slice(0, 300));
  check('state page status', (await page.textContent('#status-heading')).includes('withdrawn'));
  const timelineText = await page.textContent('#timeline');
  check('timeline has the Seimas vote', timelineText.includes('Seimas'));
  check('timeline explains the withdrawal effect', timelineText.includes('withdrawal of LTU takes effect') && timelineText.includes('Article 20(3)'));
  check('timeline links sources', (await page.$$('#timeline .source a[href^="http"]')).length > 0);
  check('the depositary is cited first, with its C.N. as a link',
    (await page.$$('#timeline .source li:first-child a[href^="https://treaties.un.org/doc/Publication/CN/2025/CN.362.2025"]')).length > 0);
  check('no path of a repository folder in the timeline', !/shared\/(seeds|data|cn)\//.test(await page.textContent('#timeline')));
  await page.screenshot({ path: join(shots, 'state-LTU.png'), fullPage: true });

  // South Sudan: its notification of succession (2011-11-11) has effect from the date of the
  // succession of States, 2011-07-09; the page says so before the deposit.
  await page.goto(base + '/#/apmbc/state/SSD?on=2011-08-01');
  await ready('state', 'apmbc', 'SSD', '2011-08-01');
  check('succession: party before the notification', (await page.textContent('#party')).startsWith('a party'));
  check('succession: explained by the date of the succession of States',
    (await page.textContent('#explanation')).includes('date of the succession of States for SSD: 2011-07-09'));
  check('succession: the date shown on the timeline', (await page.textContent('#timeline')).includes('Date of the succession of States'));

  // Phone width: nothing wider than the screen but the table's own scroller.
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(base + '/#/apmbc?on=2025-12-27');
  await ready('overview', 'apmbc', '', '2025-12-27');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check('phone width: no sideways scroll', overflow <= 0, `${overflow}px too wide`);
  await page.screenshot({ path: join(shots, 'overview-phone.png'), fullPage: false });
  await page.goto(base + '/#/apmbc/state/LTU?on=2025-12-27');
  await ready('state', 'apmbc', 'LTU', '2025-12-27');
  const overflowState = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check('phone width (state page): no sideways scroll', overflowState <= 0, `${overflowState}px too wide`);
  await page.screenshot({ path: join(shots, 'state-LTU-phone.png'), fullPage: false });

  // The notifications page: every notification the API lists, with its text, and the feed.
  await page.setViewportSize({ width: 1280, height: 900 });
  const notes = (await api('/notifications?treaty=apmbc')).notifications;
  await page.click('#nav-notifications');
  await ready('notifications', 'apmbc', '', '2025-12-27');
  const shownRefs = await page.$$eval('article.notification', (as) => as.map((a) => a.dataset.reference));
  check('notifications listed', notes.length > 0 && shownRefs.join() === notes.map((n) => n.reference).join(), shownRefs.join());
  if (notes.length) check('notification text shown', (await page.textContent('article.notification .cn-text')).includes(notes[0].text.trim().split('\n')[0].trim()));
  const feedHref = await page.getAttribute('#atom-link', 'href');
  const feed = await fetch(base + feedHref);
  check('Atom feed linked', feed.ok && (feed.headers.get('content-type') || '').startsWith('application/atom+xml') && (await feed.text()).includes(notes.length ? notes[0].reference : '<feed'));
  await page.screenshot({ path: join(shots, 'notifications.png'), fullPage: false });

  // Every treaty's overview renders, with the API's count and a partial record flagged.
  for (const t of (await api('/treaties')).treaties) {
    await page.goto(`${base}/#/${t.id}?on=2026-01-01`);
    await ready('overview', t.id, '', '2026-01-01');
    await page.fill('#filter', '');  // the filter typed above is kept across views
    const n = (await api(`/treaties/${t.id}/participants?on=2026-01-01`));
    check(`${t.id}: count = API`, Number(await page.textContent('#count-parties')) === n.count.parties);
    check(`${t.id}: every participant in the table`, (await page.$$('#participants tbody tr')).length === n.participants.length);
    check(`${t.id}: partial record flagged`, !!(await page.$('.record-note')) === !!t.record_note);
    const rules = await page.$eval('#rules-version', (e) => e.textContent).catch(() => '');
    check(`${t.id}: rules version shown (${rules})`, new RegExp(`^${t.id}@[0-9a-f]{12}$`).test(rules));
  }

  // Errors are shown, not swallowed.
  await page.goto(base + '/#/apmbc/state/ATL?on=2025-12-27');
  await page.waitForSelector('.error[role="alert"]');
  check('unknown state shown as an error', (await page.textContent('.error')).includes('ATL'));

  check('no request left the server', foreign.length === 0, foreign.join(' '));

  // Accessibility: axe-core finds no serious or critical violation on the three views (a
  // separate context that lets the test inject axe despite the page's CSP).
  const audit = await (await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } })).newPage();
  for (const [hash, view, iso3] of [['#/apmbc?on=2025-12-27', 'overview', ''], ['#/apmbc/state/LTU?on=2025-12-27', 'state', 'LTU'], ['#/apmbc/notifications?on=2025-12-27', 'notifications', '']]) {
    await audit.goto(`${base}/${hash}`);
    await audit.waitForSelector(`body[data-ready="${view}:apmbc:${iso3}:2025-12-27"]`);
    await audit.addScriptTag({ path: axePath });
    const violations = await audit.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes.length}): ${v.help}`));
    check(`accessibility of ${view}`, violations.length === 0, violations.join('; '));
  }
  check('no errors in the page', problems.filter((p) => !p.includes('404')).length === 0, problems.join(' | '));
} finally {
  await browser.close();
}
console.log(`browser: ${pass} passed, ${fail} failed`);
process.exit(fail === 0 ? 0 : 1);
