// A programme's results framework for a year, exactly as GET /programmes/{id}/results answers
// it: each indicator's baseline, target and actual, with a bar for the share achieved; a counted
// actual links to the activities behind it.
import { get, query } from './api.js';
import { h, field, select, view, words, n, cards } from './ui.js';

/** The web app's activity list for an API list URL (`/api/v1/activities?...`). */
function listLink(apiUrl) {
  const search = apiUrl.split('?')[1] || '';
  return `#/activities?${search}`;
}

function countWords(count) {
  if (!count) return 'Reported by a manager';
  const of = count.of === 'outputs' ? `outputs: ${words(count.output)}` : count.of;
  return `Counted: ${of}${count.kind ? ` (${words(count.kind)})` : ''}`;
}

function shareBar(percent) {
  if (percent === null || percent === undefined) return h('span', { class: 'muted' }, '–');
  const bar = h('span', { class: 'bar' });
  bar.style.width = `${Math.min(100, Number(percent))}%`;
  return h('span', { class: 'share' }, h('span', { class: 'track', 'aria-hidden': 'true' }, bar), ` ${percent} %`);
}

function actualCell(indicator) {
  if (indicator.actual === null || indicator.actual === undefined) return h('td', { class: 'num muted' }, 'not reported');
  const unit = indicator.unit === 'percentage' ? ' %' : '';
  const behind = indicator.activities;
  const value = behind && behind.links.length
    ? h('a', { href: listLink(behind.links[0]), title: 'The delivered (not yet reported) activities behind this figure' }, `${indicator.actual}${unit}`)
    : `${indicator.actual}${unit}`;
  const sexes = indicator.actual_by_sex;
  return h('td', { class: 'num' }, value,
    behind && behind.links[1] ? h('span', {}, ' ', h('a', { href: listLink(behind.links[1]), title: 'The reported activities behind this figure' }, '(and reported)')) : null,
    sexes ? h('div', { class: 'muted' }, `${sexes.female} women, ${sexes.male} men, ${sexes.other} other`) : null,
    indicator.reported_reason ? h('div', { class: 'muted' }, indicator.reported_reason) : null);
}

function indicatorRow(indicator) {
  const unit = indicator.unit === 'percentage' ? ' %' : '';
  const baseline = indicator.baseline ? `${indicator.baseline.value}${unit} (${indicator.baseline.year})` : '–';
  return h('tr', {},
    h('th', { scope: 'row' }, indicator.name, h('div', { class: 'muted' }, countWords(indicator.count))),
    h('td', { class: 'num' }, baseline),
    h('td', { class: 'num' }, indicator.target === null ? '–' : `${indicator.target}${unit}`),
    actualCell(indicator),
    h('td', { class: 'barcell' }, shareBar(indicator.achieved_percent)));
}

export async function resultsPage(session, params) {
  const page = view();
  const programmes = await get('/api/v1/programmes');
  const id = params.get('id') || programmes[0]?.id || '';
  const year = params.get('year') || String(new Date().getUTCFullYear());
  const idSelect = select('id', programmes.map((p) => [p.id, `${p.code} – ${p.name}`]), { value: id });
  const form = h('form', { class: 'filters', 'aria-label': 'Choose a programme and a year' },
    field('Programme', 'id', { control: idSelect }),
    field('Year', 'year', { type: 'number', attrs: { value: year, min: '1900', max: '2200' } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Show')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = `#/results${query({ id: idSelect.value, year: form.elements.year.value })}`;
  });
  if (!id) {
    page('Results', form, h('p', {}, 'No programme in your scope.'));
    return;
  }
  const results = await get(`/api/v1/programmes/${encodeURIComponent(id)}/results${query({ year })}`);
  const programme = programmes.find((p) => p.id === id);
  const outcomes = results.outcomes.map((outcome) => h('section', { class: 'card wide', 'aria-label': outcome.name },
    h('h2', {}, outcome.name),
    outcome.indicators.length
      ? cards(h('table', { class: 'results' },
        h('caption', {}, `Indicators of this outcome in ${results.year}`),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Indicator'), h('th', { scope: 'col', class: 'num' }, 'Baseline'),
          h('th', { scope: 'col', class: 'num' }, 'Target'), h('th', { scope: 'col', class: 'num' }, 'Actual'),
          h('th', { scope: 'col' }, 'Share of target'))),
        h('tbody', {}, outcome.indicators.map(indicatorRow))))
      : h('p', {}, 'No indicator yet.')));
  page(`Results: ${programme ? programme.code : id} in ${results.year}`, form,
    h('p', { class: 'muted' }, `Counted actuals include the first ${n(results.as_of_position)} changes recorded; they count delivered and reported activities dated in the year.`),
    outcomes.length ? h('div', { class: 'grid' }, outcomes) : h('p', {}, 'This programme has no results framework yet.'));
}
