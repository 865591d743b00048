// Dashboards for donors and managers: the summary of a country, a programme or a donor over a
// date range, exactly as GET .../summary answers it; every number links to the activities
// behind it. Activities per month are the same summary asked month by month.
import { get, query, words as vocabulary } from './api.js';
import { h, field, select, view, n, day, month, money as grouped, kindName, statusName, outputName, institutionName } from './ui.js';
import { worldMap } from './map.js';
import { downloads } from './downloads.js';
import { t } from './i18n.js';
import { peopleCard, count as headcount } from './trained.js';

function summaryPath(scope, id) {
  const e = encodeURIComponent(id);
  return scope === 'country' ? `/api/v1/countries/${e}/summary`
    : scope === 'programme' ? `/api/v1/programmes/${e}/summary`
      : `/api/v1/donors/${e}/summary`;
}

/**
 * A span of dates in words: "1 Jan 2019 to 31 Dec 2019", "From the start to today"; `at` is
 * `start` where it opens a sentence (French and Spanish begin it with a capital), else `within`.
 */
function span(from, to, at) {
  if (from && to) return t('range-between', { from: day(from), to: day(to), at });
  if (to) return t('range-until', { to: day(to), at });
  if (from) return t('range-since', { from: day(from), at });
  return t('range-all', { at });
}

/** Months from..to (inclusive) as [first day, last day, label]. */
function months(from, to) {
  const out = [];
  let [y, m] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  while ((y < ty || (y === ty && m <= tm)) && out.length < 36) {
    const first = `${y}-${String(m).padStart(2, '0')}-01`;
    const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    out.push([first < from ? from : first, last > to ? to : last, month(first)]);
    m += 1;
    if (m > 12) { m = 1; y += 1; }
  }
  return out;
}

/** A bar per row: [name, value, link]; a value a donor may not read (null) is "not shown", unlinked. */
function bars(rows, max, label) {
  return h('table', { class: 'bars' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, label), h('th', { scope: 'col', class: 'num' }, t('dashboard-bars-number')), h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, t('dashboard-bars-share'))))),
    h('tbody', {}, rows.map(([name, value, href]) => {
      const bar = h('span', { class: 'bar' });
      bar.style.width = `${max ? Math.round(((value ?? 0) / max) * 100) : 0}%`;
      const shown = value === null ? headcount(null, 5, true) : n(value);
      return h('tr', {}, h('th', { scope: 'row' }, name),
        h('td', { class: 'num' }, href && value !== null ? h('a', { href }, shown) : shown),
        h('td', { class: 'barcell', 'aria-hidden': 'true' }, bar));
    })));
}

function card(title, ...children) {
  return h('section', { class: 'card', 'aria-label': title }, h('h2', {}, title), ...children);
}

export async function dashboardPage(session, params) {
  const page = view();
  const vocab = await vocabulary();
  const names = new Map(vocab.countries.map((c) => [c.code, c.name]));
  const isDonor = session.role === 'donor';
  const landing = !isDonor && ![...params.keys()].length && await busiest();
  // Where the reader has already moved on, the landing's choice is dropped.
  if (landing) { if (page.current()) location.replace(`#/dashboard${query(landing)}`); return; }
  // The map's figures (GET /api/v1/countries) are asked after the rest of the page is shown.
  const [programmes, donors] = await Promise.all([
    get('/api/v1/programmes'), get('/api/v1/donors').catch(() => []),
  ]);
  const scope = params.get('scope') || (isDonor ? 'donor' : 'country');
  const choices = {
    country: vocab.countries.map((c) => [c.code, `${c.name} (${c.code})`]),
    programme: programmes.map((p) => [p.id, `${p.code} – ${p.name}`]),
    donor: donors.map((d) => [d.donor, d.donor]),
  };
  const id = params.get('id') || (isDonor && scope === 'donor' ? session.scope.donor : choices[scope]?.[0]?.[0]) || '';
  const from = params.get('from') || '';
  const to = params.get('to') || '';

  const scopeSelect = select('scope', [['country', t('dashboard-scope-country')], ['programme', t('dashboard-scope-programme')], ['donor', t('dashboard-scope-donor')]], { value: scope });
  const idSelect = select('id', choices[scope] || [], { value: id });
  scopeSelect.addEventListener('change', () => {
    idSelect.replaceChildren(...(choices[scopeSelect.value] || []).map(([v, name]) => h('option', { value: v }, name)));
  });
  const form = h('form', { class: 'filters', 'aria-label': t('dashboard-form-label') },
    field(t('dashboard-scope'), 'scope', { control: scopeSelect }),
    field(t('dashboard-which'), 'id', { control: idSelect }),
    field(t('pages-from'), 'from', { type: 'date', attrs: { value: from } }),
    field(t('pages-to'), 'to', { type: 'date', attrs: { value: to } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('pages-show'))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = `#/dashboard${query({ scope: scopeSelect.value, id: idSelect.value, from: form.elements.from.value, to: form.elements.to.value })}`;
  });
  if (!id) {
    page(t('dashboard-title'), form, h('p', {}, t('dashboard-nothing')));
    return;
  }

  const range = { from, to };
  const summary = await get(`${summaryPath(scope, id)}${query(range)}`);
  const base = { ...range };
  if (scope === 'country') base.country = id;
  if (scope === 'programme') base.programme = summary.code || id;
  if (scope === 'donor') base.donor = id;
  const list = (extra = {}) => `#/activities${query({ ...base, ...extra })}`;
  const a = summary.activities;
  const p = summary.participants;
  const title = scope === 'country' ? `${names.get(id) || id} (${id})`
    : scope === 'programme' ? `${summary.code} – ${summary.name}` : id;

  const kinds = Object.entries(a.by_kind).filter(([, v]) => v > 0);
  const statuses = Object.entries(a.by_status);
  const outputs = Object.entries(summary.outputs);
  const institutions = Object.entries(p.by_institution || {});
  // A donor's summary leaves a count of one to four people null.
  const total = (id, href, count, word) => h('p', { class: 'big' },
    count === null ? h('strong', { id }, headcount(null, p.suppressed_below)) : h('a', { href, id }, n(count)), h('span', {}, ' ', word));
  const outputCount = outputs.reduce((s, [, v]) => s + v, 0);
  const totals = h('div', { class: 'totals' },
    total('total-activities', list({ figure: 'activities' }), a.total, t('dashboard-total-activities', { count: a.total })),
    total('total-participants', list({ figure: 'participants' }), p.total, t('dashboard-total-participants', { count: p.total ?? (p.suppressed_below || 5) })),
    total('total-outputs', list({ figure: 'output' }), outputCount, t('dashboard-total-outputs', { count: outputCount })));

  const none = () => h('p', {}, t('pages-none'));
  const cards = [
    card(t('dashboard-by-kind'), kinds.length ? bars(kinds.map(([k, v]) => [kindName(k), v, list({ figure: 'activities', kind: k })]), Math.max(...kinds.map(([, v]) => v)), t('dashboard-kind')) : none()),
    card(t('dashboard-by-status'), bars(statuses.map(([k, v]) => [statusName(k), v, list({ status: k })]), Math.max(1, ...statuses.map(([, v]) => v)), t('dashboard-status'))),
    card(t('dashboard-by-sex'), bars([[t('dashboard-women'), p.female, list({ figure: 'female' })], [t('dashboard-men'), p.male, list({ figure: 'male' })], [t('dashboard-other-sex'), p.other_or_undisclosed, list({ figure: 'other_or_undisclosed' })]], Math.max(1, p.female ?? 0, p.male ?? 0, p.other_or_undisclosed ?? 0), t('dashboard-sex')),
      p.unattributed ? h('p', { class: 'muted' }, h('a', { href: list({ figure: 'unattributed' }) }, n(p.unattributed)), ' ', t('dashboard-unattributed', { count: p.unattributed })) : null),
  ];
  cards.push(peopleCard(summary.people));
  if (institutions.length) cards.push(card(t('dashboard-by-institution'), bars(institutions.map(([k, v]) => [institutionName(k), v, list({ figure: 'institution', institution: k })]), Math.max(1, ...institutions.map(([, v]) => v ?? 0)), t('dashboard-institution'))));
  cards.push(card(t('dashboard-outputs-by-kind'), outputs.length ? bars(outputs.map(([k, v]) => [outputName(k), v, list({ figure: 'output', output: k })]), Math.max(...outputs.map(([, v]) => v)), t('dashboard-output')) : none()));
  // Funding links to the activities it funds; contributions go to a programme, to no activity.
  // On a phone each line reads as a card: a donor's name and an amount side by side need more than 320 px.
  const money = (lines, caption, linked) => h('table', { class: 'cards' }, h('caption', {}, caption),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('dashboard-donor')), h('th', { scope: 'col' }, t('dashboard-currency')), h('th', { scope: 'col', class: 'num' }, t('dashboard-amount')))),
    h('tbody', {}, lines.map((l) => h('tr', {}, h('th', { scope: 'row', 'data-label': t('dashboard-donor') }, l.donor), h('td', { 'data-label': t('dashboard-currency') }, l.currency),
      h('td', { class: 'num', 'data-label': t('dashboard-amount') }, linked ? h('a', { href: list({ figure: 'funding', donor: l.donor, currency: l.currency }) }, grouped(l.amount)) : grouped(l.amount))))));
  cards.push(card(t('dashboard-funding'), summary.funding.length ? money(summary.funding, t('dashboard-funding-caption'), true) : none(),
    summary.contributions && summary.contributions.length
      ? [money(summary.contributions, t('dashboard-contributions'), false), h('p', { class: 'muted' }, t('dashboard-contributions-note'))]
      : null));

  const perMonth = card(t('dashboard-per-month'));
  if (from && to) {
    const spans = months(from, to);
    const counts = await Promise.all(spans.map(([f, last]) => get(`${summaryPath(scope, id)}${query({ from: f, to: last })}`).then((s) => s.activities.total)));
    perMonth.append(bars(spans.map(([f, last, label], i) => [label, counts[i], list({ from: f, to: last, figure: 'activities' })]), Math.max(1, ...counts), t('dashboard-month')));
    if (spans.length === 36) perMonth.append(h('p', { class: 'muted' }, t('dashboard-months-cut')));
  } else {
    perMonth.append(h('p', { class: 'muted' }, t('dashboard-months-ask')));
  }
  cards.push(perMonth);

  const mapCaption = t('dashboard-map-caption', { funded: isDonor ? 'yes' : 'no', range: span(from, to, 'within') });
  const mapBody = h('p', { class: 'muted', 'aria-live': 'polite' }, t('dashboard-map-loading'));
  const mapCard = h('section', { class: 'card wide', 'aria-label': t('dashboard-per-country'), id: 'map' },
    h('h2', {}, t('dashboard-per-country')), h('p', { class: 'muted' }, t('dashboard-map-lead', { caption: mapCaption })), mapBody,
    downloads('/api/v1/countries', range, t('dashboard-per-country-file')));
  cards.unshift(mapCard);

  const resultsLink = scope === 'programme'
    ? h('p', {}, h('a', { href: `#/results${query({ id, year: (from || to || '').slice(0, 4) })}`, id: 'results-link' }, t('dashboard-results-link')))
    : null;
  page(t('dashboard-title-of', { name: title }), form,
    h('p', { class: 'muted' }, t('dashboard-as-of', { range: span(from, to, 'start'), position: summary.as_of_position })),
    downloads(summaryPath(scope, id), range, t('dashboard-this-summary')),
    resultsLink,
    totals, h('div', { class: 'grid' }, cards));
  drawMap(mapBody, vocab, range, mapCaption).catch((problem) => {
    mapBody.textContent = t('dashboard-map-failed', { reason: problem.message });
  });
}

/** The map: activities per country in the caller's scope over the range, in one request. */
async function drawMap(where, vocab, range, caption) {
  const { from, to } = range;
  const countries = await get(`/api/v1/countries${query(range)}`);
  const perCountry = new Map(countries.map((c) => [c.country, c.activities]));
  where.replaceWith(await worldMap(vocab, perCountry, (code) => `#/dashboard${query({ scope: 'country', id: code, from, to })}`, caption));
}

/** Where a manager or admin lands: this year, or the latest of the last ten with activities, and
 * the country with the most activities in it (the first by code among equals); null when none of
 * those years has any. */
async function busiest() {
  const year = new Date().getUTCFullYear();
  // One year at a time: where the current year has activities (the usual case), one request.
  for (let y = year; y > year - 10; y -= 1) {
    const range = { from: `${y}-01-01`, to: `${y}-12-31` };
    const busy = (await get(`/api/v1/countries${query(range)}`)).filter((c) => c.activities > 0);
    const more = (c, best) => c.activities > best.activities || (c.activities === best.activities && c.country < best.country);
    if (busy.length) return { scope: 'country', id: busy.reduce((best, c) => (more(c, best) ? c : best)).country, ...range };
  }
  return null;
}
