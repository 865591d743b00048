// "My activities" (advisers) and the activity lists dashboards link to: the API's filters and
// paging, and what needs doing next.
import { get, query, words as vocabulary } from './api.js';
import {
  h, field, select, view, n, today, day, cards, money as grouped, kindName, statusName, outputName, institutionName, listed,
} from './ui.js';
import { downloads } from './downloads.js';
import { t, language } from './i18n.js';
import { vocabularySelect } from './pickers.js';

const FILTERS = ['q', 'status', 'country', 'programme', 'kind', 'donor', 'from', 'to', 'figure', 'institution', 'output', 'currency'];

/** What a dashboard's figure (the list's `figure` and the filters naming which) counts, in words. */
function figureName({ figure, institution, output, donor, currency }) {
  const lower = (word) => word.toLocaleLowerCase(language());
  switch (figure) {
    case 'activities': return t('list-figure-activities');
    case 'participants': return t('list-figure-participants');
    case 'female': return t('list-figure-female');
    case 'male': return t('list-figure-male');
    case 'other_or_undisclosed': return t('list-figure-other');
    case 'unattributed': return t('list-figure-unattributed');
    case 'institution': return t('list-figure-institution', { institution: lower(institutionName(institution)) });
    case 'output': return output ? t('list-figure-output', { output: lower(outputName(output)) }) : t('list-figure-outputs');
    case 'funding': return t('list-figure-funding', { donor, currency });
    default: return '';
  }
}

/** The sum of decimal strings ("12.50", "3"), exactly, as a decimal string. */
function addDecimals(amounts) {
  const places = Math.max(0, ...amounts.map((a) => (a.split('.')[1] || '').length));
  const scaled = (a) => { const [w, f = ''] = a.split('.'); return BigInt(w + f.padEnd(places, '0')); };
  const total = amounts.reduce((sum, a) => sum + scaled(a), 0n).toString().padStart(places + 1, '0');
  return places ? `${total.slice(0, -places)}.${total.slice(-places)}` : total;
}

/** What the adviser should do next about an activity, or null. */
export function nextStep(item, day = today()) {
  if (item.status === 'planned' && item.planned_end < day) {
    return t('list-next-step-overdue');
  }
  if (item.status === 'delivered') return t('list-next-step-report');
  return null;
}

function countryNames(vocab) {
  return new Map(vocab.countries.map((c) => [c.code, c.name]));
}

function row(item, names, programmes, steps, part) {
  const step = steps ? nextStep(item) : null;
  const programme = programmes.get(item.programme_id);
  return h('tr', { class: step ? 'todo' : undefined },
    h('td', {}, h('a', { href: `#/activity/${item.id}` }, item.title),
      h('div', { class: 'muted' }, programme ? programme.code : '', ' · ', item.location)),
    h('td', {}, kindName(item.kind)),
    h('td', {}, item.countries.split(',').filter(Boolean).map((c) => names.get(c) || c).join(', ')),
    h('td', {}, day(item.date)),
    h('td', {}, h('span', { class: `badge ${item.status}` }, statusName(item.status))),
    h('td', { class: 'num' }, n(item.participants)),
    part ? h('td', { class: 'num part' }, part(item.part_of_figure)) : null,
    steps ? h('td', {}, step || '') : null);
}

/** The activities as a table (cards on a phone); `steps` adds what the adviser should do next,
 * `part` (named `partName`) what each adds to the dashboard figure the list stands behind. */
function table(items, names, programmes, { steps = false, part, partName } = {}) {
  const heads = [t('list-column-activity'), t('list-column-kind'), t('list-column-countries'), t('list-column-date'), t('list-column-status'),
    t('list-column-participants'), ...(part ? [partName] : []), ...(steps ? [t('list-column-next-step')] : [])];
  return h('div', { class: 'table-wrap' }, cards(h('table', {},
    h('thead', {}, h('tr', {}, heads.map((head) => h('th', { scope: 'col' }, head)))),
    h('tbody', {}, items.map((i) => row(i, names, programmes, steps, part))))));
}

const listPath = (params) => `/api/v1/activities${query(params)}`;

/** What "Needs doing" asks for on `day`: the delivered, and the planned due by then. */
const needsDoingPaths = (day) => [listPath({ status: 'delivered', limit: 100 }), listPath({ status: 'planned', to: day, limit: 100 })];

/** What the page asks for without filters, so that it can be kept for opening offline. */
export const unfilteredPaths = () => [...needsDoingPaths(today()), listPath({ limit: 50 })];

async function needsDoing(names, programmes) {
  const day = today();
  const [delivered, planned] = await Promise.all(needsDoingPaths(day).map((path) => get(path)));
  const items = [...planned.items, ...delivered.items].filter((i) => nextStep(i, day));
  if (!items.length) return h('p', { class: 'ok', id: 'needs-doing' }, t('list-needs-doing-none'));
  return h('section', { id: 'needs-doing', 'aria-labelledby': 'needs-title' },
    h('h2', { id: 'needs-title' }, t('list-needs-doing', { count: items.length })), table(items, names, programmes, { steps: true }));
}

export async function activitiesPage(session, params) {
  const page = view();
  const [vocab, countries, programmeList] = await Promise.all([
    vocabulary(), get('/api/v1/countries'), get('/api/v1/programmes'),
  ]);
  const names = countryNames(vocab);
  const programmes = new Map(programmeList.map((p) => [p.id, p]));
  const current = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) || '']));

  const form = h('form', { class: 'filters', role: 'search', 'aria-label': t('list-filters-label') },
    field(t('list-filter-status'), 'status', { control: vocabularySelect('status', vocab.statuses, statusName, { value: current.status, empty: t('list-filter-status-any') }) }),
    field(t('list-filter-country'), 'country', {
      control: select('country', countries.map((c) => [c.country, `${names.get(c.country) || c.country} (${c.country})`]),
        { value: current.country, empty: t('list-filter-country-any') }),
    }),
    field(t('list-filter-programme'), 'programme', {
      control: select('programme', programmeList.map((p) => [p.code, `${p.code} – ${p.name}`]),
        { value: current.programme, empty: t('list-filter-programme-any') }),
    }),
    field(t('list-filter-from'), 'from', { type: 'date', attrs: { value: current.from } }),
    field(t('list-filter-to'), 'to', { type: 'date', attrs: { value: current.to } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('list-filters-show')),
      h('a', { href: '#/activities', class: 'button secondary' }, t('list-filters-clear'))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = { ...current };
    for (const f of ['status', 'country', 'programme', 'from', 'to']) chosen[f] = form.elements[f].value;
    location.hash = `#/activities${query(chosen)}`;
  });

  // The search box (the API's `q`): kept in the URL with the filters, the best match first.
  const search = h('form', { class: 'search row', role: 'search', 'aria-label': t('list-search-label') },
    field(t('list-search-label'), 'q', {
      type: 'search', hint: t('list-search-hint'),
      attrs: { value: current.q, maxlength: 200, autocomplete: 'off' },
    }),
    h('button', { type: 'submit' }, t('list-search-button')));
  search.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = `#/activities${query({ ...current, q: search.elements.q.value.trim() })}`;
  });

  const filtered = Object.fromEntries(Object.entries(current).filter(([, v]) => v));
  // Filters the form does not show (a dashboard's links by kind or donor) are named here.
  const hidden = ['kind', 'donor'].filter((f) => current[f]);
  if (hidden.length) {
    const named = hidden.map((f) => (f === 'kind' ? t('list-filter-by-kind', { kind: kindName(current.kind) }) : t('list-filter-by-donor', { donor: current.donor })));
    form.append(h('p', { class: 'muted also' }, t('list-filters-also', { filters: listed(named) }), ' ',
      h('a', { href: `#/activities${query({ ...current, kind: '', donor: '', figure: '', institution: '', output: '', currency: '' })}` }, t('list-filters-remove'))));
  }
  // A dashboard figure's list: the activities behind it, each with its part, and their sum.
  const partName = figureName(current);
  const amounts = current.figure === 'funding';
  const figureParts = [];
  const part = partName && current.figure !== 'activities'
    ? (value) => { figureParts.push(value || '0'); return amounts ? grouped(value || '0') : n(Number(value || 0)); }
    : null;
  const figureText = h('span', { id: 'figure' });
  const everyActivity = { ...filtered, figure: '', institution: '', output: '', currency: '' };
  const figureNote = partName
    ? h('p', { class: 'figure-note' }, figureText, ' ', h('a', { href: `#/activities${query(everyActivity)}` }, t('list-figure-every-activity')))
    : null;
  const noteFigure = (complete) => {
    if (!figureNote) return;
    const sum = part ? (amounts ? grouped(addDecimals(figureParts), current.currency) : n(figureParts.reduce((s, v) => s + Number(v), 0))) : null;
    const said = { figure: partName, count, sum, complete: complete ? 'yes' : 'no' };
    figureText.textContent = sum ? t('list-figure-note-sum', said) : t('list-figure-note', said);
  };
  const first = await get(listPath({ ...filtered, limit: 50 }));
  const title = session.role === 'adviser' ? t('list-title-mine') : t('list-title');
  const shown = h('p', { class: 'muted', id: 'shown' });
  const results = h('section', { 'aria-labelledby': 'list-title' },
    h('h2', { id: 'list-title' }, Object.keys(filtered).length ? t('list-matching') : t('list-all')),
    figureNote, downloads('/api/v1/activities', filtered, t('list-download-what')), shown);
  let count = 0;
  const addPage = (p) => {
    count += p.items.length;
    shown.textContent = p.next_cursor ? t('list-shown-more', { count }) : t('list-shown', { count });
    if (p.items.length) results.append(table(p.items, names, programmes, { steps: session.role === 'adviser', part, partName }));
    else if (!count) results.append(h('p', {}, t('list-none')));
    noteFigure(!p.next_cursor);
    const more = results.querySelector('.more');
    if (more) more.remove();
    if (p.next_cursor) {
      results.append(h('button', {
        type: 'button', class: 'secondary more',
        onclick: async () => addPage(await get(listPath({ ...filtered, limit: 50, cursor: p.next_cursor }))),
      }, t('list-show-more')));
    }
  };
  addPage(first);
  // The filters fold away (open when one is set, or on a wide screen), so that on a phone what
  // needs doing comes first.
  const filtering = Object.keys(filtered).some((f) => f !== 'q') || window.matchMedia('(min-width: 40rem)').matches;
  const filters = h('details', { class: 'filter-box', open: filtering }, h('summary', {}, t('list-filters-summary')), form);
  const parts = [];
  if (session.role === 'adviser') {
    parts.push(await needsDoing(names, programmes));
    parts.push(h('p', {}, h('a', { class: 'button', href: '#/plan' }, t('plan-title'))));
  }
  page(title, ...parts, search, filters, results);
}
