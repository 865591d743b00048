// The IATI page (managers and admins): the IATI 2.03 activity file the API publishes, for the
// dates chosen, previewed activity by activity, checked here for what the server guarantees,
// and downloaded as the same bytes the API answers.
import { get, query } from './api.js';
import { h, field, view, n, cards, listed } from './ui.js';
import { fileLink } from './downloads.js';
import { t } from './i18n.js';

const PATH = '/api/v1/iati/activities.xml';

/** The activity status codes IATI 2.03 uses, in words. */
const STATUS = () => ({
  1: t('iati-status-pipeline'),
  2: t('iati-status-implementation'),
  3: t('iati-status-finalisation'),
  4: t('iati-status-closed'),
  5: t('iati-status-cancelled'),
});

/** The script that validates the file against the official schema (named, not translated). */
const SCRIPT = 'scripts/iati-check';

const text = (el, selector) => (el.querySelector(selector)?.textContent || '').trim();

/** Whether the percentages of `elements` add up to exactly 100 (in hundredths). */
function sumsTo100(elements) {
  const total = [...elements].reduce((sum, el) => sum + Math.round(Number(el.getAttribute('percentage') || 0) * 100), 0);
  return elements.length === 0 || total === 10000;
}

/** The checks this page runs on the document it received, each with the activities that fail it. */
function checks(doc) {
  const root = doc.documentElement;
  const activities = [...doc.querySelectorAll('iati-activity')];
  const reporting = root.querySelector('reporting-org')?.getAttribute('ref') || '';
  const ids = activities.map((a) => text(a, 'iati-identifier'));
  const failing = (test) => activities.filter((a) => !test(a)).map((a) => text(a, 'iati-identifier') || t('iati-no-identifier'));
  return [
    [t('iati-check-version'), root.nodeName === 'iati-activities' && root.getAttribute('version') === '2.03' ? [] : [t('iati-root-element')]],
    [t('iati-check-identifiers'), failing((a) => {
      const id = text(a, 'iati-identifier');
      return id && id.startsWith(`${a.querySelector('reporting-org')?.getAttribute('ref') || reporting}-`) && ids.indexOf(id) === ids.lastIndexOf(id);
    })],
    [t('iati-check-required'), failing((a) => text(a, 'title narrative')
      && a.querySelector('activity-status') && a.querySelector('sector') && a.querySelector('activity-date[type="1"], activity-date[type="2"]'))],
    [t('iati-check-countries'), failing((a) => sumsTo100(a.querySelectorAll('recipient-country')))],
    [t('iati-check-sectors'), failing((a) => sumsTo100(a.querySelectorAll('sector')))],
  ];
}

function checkList(doc) {
  return h('ul', { class: 'checks', id: 'iati-checks' }, checks(doc).map(([what, bad]) => h('li', { class: bad.length ? 'error' : 'ok' },
    bad.length ? t('iati-fails', { check: what, failing: `${bad.slice(0, 5).join(', ')}${bad.length > 5 ? ', …' : ''}` }) : t('iati-passes', { check: what }))));
}

function activityTable(doc) {
  const activities = [...doc.querySelectorAll('iati-activity')];
  return h('div', { class: 'table-wrap' }, cards(h('table', { id: 'iati-activities' },
    h('caption', {}, t('iati-in-file', { count: activities.length })),
    h('thead', {}, h('tr', {}, [t('iati-identifier'), t('iati-activity-title'), t('iati-status'), t('iati-countries'), t('iati-funding-lines'), t('iati-results')]
      .map((heading) => h('th', { scope: 'col' }, heading)))),
    h('tbody', {}, activities.map((a) => h('tr', {},
      h('td', { class: 'id' }, text(a, 'iati-identifier')),
      h('td', {}, text(a, 'title narrative')),
      h('td', {}, STATUS()[a.querySelector('activity-status')?.getAttribute('code')] || ''),
      h('td', {}, listed([...a.querySelectorAll('recipient-country')].map((c) => c.getAttribute('code')))),
      h('td', { class: 'num' }, n(a.querySelectorAll('transaction').length)),
      h('td', { class: 'num' }, n(a.querySelectorAll('result').length))))))));
}

export async function iatiPage(session, params) {
  const page = view();
  const range = { from: params.get('from') || '', to: params.get('to') || '' };
  const form = h('form', { class: 'filters', 'aria-label': t('iati-form-label') },
    field(t('pages-from'), 'from', { type: 'date', attrs: { value: range.from } }),
    field(t('pages-to'), 'to', { type: 'date', attrs: { value: range.to } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('pages-show'))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = `#/iati${query({ from: form.elements.from.value, to: form.elements.to.value })}`;
  });
  // The script's name is set in code type inside the translated sentence around it.
  const [beforeScript, afterScript = ''] = t('iati-about-schema', { script: SCRIPT }).split(SCRIPT);
  const about = h('details', { class: 'card', id: 'iati-about' }, h('summary', {}, t('iati-about')),
    h('p', {}, t('iati-about-server')),
    h('p', {}, beforeScript, h('code', {}, SCRIPT), afterScript));
  let xml;
  try {
    xml = await get(`${PATH}${query(range)}`, { text: true });
  } catch (problem) {
    if (problem.status !== 404 && problem.status !== 409) throw problem;
    page(t('iati-title'), form, h('p', { class: 'form-error', role: 'alert' }, problem.message), about);
    return;
  }
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const broken = doc.querySelector('parsererror');
  page(t('iati-title'), form,
    h('p', { class: 'actions downloads' }, h('span', { class: 'muted' }, t('iati-size', { size: Math.ceil(new Blob([xml]).size / 1024) })),
      fileLink(PATH, range, t('iati-download'), { id: 'iati-download' })),
    h('section', { 'aria-labelledby': 'iati-validation' }, h('h2', { id: 'iati-validation' }, t('iati-validation')),
      broken ? h('p', { class: 'form-error' }, t('iati-not-xml')) : checkList(doc), about),
    h('section', { 'aria-labelledby': 'iati-preview' }, h('h2', { id: 'iati-preview' }, t('iati-preview')),
      broken ? null : activityTable(doc),
      // The XML is code: read left to right in every language.
      h('details', {}, h('summary', {}, t('iati-xml')), h('pre', { class: 'xml', id: 'iati-xml', dir: 'ltr' }, xml))));
}
