// A programme's results framework for a year, exactly as GET /programmes/{id}/results answers
// it: each indicator's baseline, target and actual, with a bar for the share achieved; a counted
// actual links to the activities behind it.
import { get, query } from './api.js';
import { h, field, select, view, cards, money, kindName, outputName } from './ui.js';
import { t } from './i18n.js';

/** The web app's activity list for an API list URL (`/api/v1/activities?...`). */
function listLink(apiUrl) {
  const search = apiUrl.split('?')[1] || '';
  return `#/activities?${search}`;
}

/** What an indicator counts, in words: "Counted: participants (Training)". */
function countWords(count) {
  if (!count) return t('results-reported-by-manager');
  const what = count.of === 'outputs' ? t('results-of-outputs', { output: outputName(count.output) })
    : count.of === 'participants' ? t('results-of-participants') : t('results-of-activities');
  return count.kind ? t('results-counted-kind', { what, kind: kindName(count.kind) }) : t('results-counted', { what });
}

/** A figure of an indicator with its unit: "40 %" for a percentage. */
function withUnit(indicator, value) {
  return indicator.unit === 'percentage' ? t('results-percent', { value: figure(value) }) : figure(value);
}

/** A figure as the API writes it ("12" or "12.5"), in the reader's digits, its decimals kept. */
function figure(value) {
  return /^-?\d+(\.\d+)?$/.test(String(value)) ? money(value) : String(value);
}

function shareBar(percent) {
  if (percent === null || percent === undefined) return h('span', { class: 'muted' }, '–');
  const bar = h('span', { class: 'bar' });
  bar.style.width = `${Math.min(100, Number(percent))}%`;
  return h('span', { class: 'share' }, h('span', { class: 'track', 'aria-hidden': 'true' }, bar), h('span', { class: 'percent' }, t('results-percent', { value: figure(percent) })));
}

function actualCell(indicator) {
  if (indicator.actual === null || indicator.actual === undefined) return h('td', { class: 'num muted' }, t('results-not-reported'));
  const behind = indicator.activities;
  const value = behind && behind.links.length
    ? h('a', { href: listLink(behind.links[0]), title: t('results-delivered-behind') }, withUnit(indicator, indicator.actual))
    : withUnit(indicator, indicator.actual);
  const sexes = indicator.actual_by_sex;
  return h('td', { class: 'num' }, value,
    behind && behind.links[1] ? h('span', {}, ' ', h('a', { href: listLink(behind.links[1]), title: t('results-reported-behind') }, t('results-and-reported'))) : null,
    sexes ? h('div', { class: 'muted' }, t('results-by-sex', { female: sexes.female, male: sexes.male, other: sexes.other })) : null,
    indicator.reported_reason ? h('div', { class: 'muted' }, indicator.reported_reason) : null);
}

function indicatorRow(indicator) {
  const baseline = indicator.baseline ? t('results-baseline-value', { value: withUnit(indicator, indicator.baseline.value), year: String(indicator.baseline.year) }) : '–';
  return h('tr', {},
    h('th', { scope: 'row' }, indicator.name, h('div', { class: 'muted' }, countWords(indicator.count))),
    h('td', { class: 'num' }, baseline),
    h('td', { class: 'num' }, indicator.target === null ? '–' : withUnit(indicator, indicator.target)),
    actualCell(indicator),
    h('td', { class: 'barcell' }, shareBar(indicator.achieved_percent)));
}

export async function resultsPage(session, params) {
  const page = view();
  const programmes = await get('/api/v1/programmes');
  const id = params.get('id') || programmes[0]?.id || '';
  const year = params.get('year') || String(new Date().getUTCFullYear());
  const idSelect = select('id', programmes.map((p) => [p.id, `${p.code} – ${p.name}`]), { value: id });
  const form = h('form', { class: 'filters', 'aria-label': t('results-form-label') },
    field(t('results-programme'), 'id', { control: idSelect }),
    field(t('results-year'), 'year', { type: 'number', attrs: { value: year, min: '1900', max: '2200' } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('pages-show'))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = `#/results${query({ id: idSelect.value, year: form.elements.year.value })}`;
  });
  if (!id) {
    page(t('results-title'), form, h('p', {}, t('results-no-programme')));
    return;
  }
  const results = await get(`/api/v1/programmes/${encodeURIComponent(id)}/results${query({ year })}`);
  const programme = programmes.find((p) => p.id === id);
  const outcomes = results.outcomes.map((outcome) => h('section', { class: 'card wide', 'aria-label': outcome.name },
    h('h2', {}, outcome.name),
    outcome.indicators.length
      ? cards(h('table', { class: 'results' },
        h('caption', {}, t('results-caption', { year: String(results.year) })),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('results-indicator')), h('th', { scope: 'col', class: 'num' }, t('results-baseline')),
          h('th', { scope: 'col', class: 'num' }, t('results-target')), h('th', { scope: 'col', class: 'num' }, t('results-actual')),
          h('th', { scope: 'col' }, t('results-share')))),
        h('tbody', {}, outcome.indicators.map(indicatorRow))))
      : h('p', {}, t('results-no-indicator'))));
  page(t('results-title-of', { programme: programme ? programme.code : id, year: String(results.year) }), form,
    h('p', { class: 'muted' }, t('results-as-of', { position: results.as_of_position })),
    outcomes.length ? h('div', { class: 'grid' }, outcomes) : h('p', {}, t('results-no-framework')));
}
