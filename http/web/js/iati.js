// The IATI page (managers and admins): the IATI 2.03 activity file the API publishes, for the
// dates chosen, previewed activity by activity, checked here for what the server guarantees,
// and downloaded as the same bytes the API answers.
import { get, query } from './api.js';
import { h, field, view, n, cards } from './ui.js';
import { fileLink } from './downloads.js';

const PATH = '/api/v1/iati/activities.xml';

/** The activity status codes IATI 2.03 uses, in words. */
const STATUS = { 1: 'Pipeline', 2: 'Implementation', 3: 'Finalisation', 4: 'Closed', 5: 'Cancelled' };

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
  const failing = (test) => activities.filter((a) => !test(a)).map((a) => text(a, 'iati-identifier') || '(no identifier)');
  return [
    ['The document is IATI version 2.03', root.nodeName === 'iati-activities' && root.getAttribute('version') === '2.03' ? [] : ['the root element']],
    ['Every activity has an identifier, unique and prefixed by the reporting organisation\'s', failing((a) => {
      const id = text(a, 'iati-identifier');
      return id && id.startsWith(`${a.querySelector('reporting-org')?.getAttribute('ref') || reporting}-`) && ids.indexOf(id) === ids.lastIndexOf(id);
    })],
    ['Every activity has a title, a status, a sector and a start date', failing((a) => text(a, 'title narrative')
      && a.querySelector('activity-status') && a.querySelector('sector') && a.querySelector('activity-date[type="1"], activity-date[type="2"]'))],
    ['Country shares add up to exactly 100 in every activity', failing((a) => sumsTo100(a.querySelectorAll('recipient-country')))],
    ['Sector shares add up to exactly 100 in every activity', failing((a) => sumsTo100(a.querySelectorAll('sector')))],
  ];
}

function checkList(doc) {
  return h('ul', { class: 'checks', id: 'iati-checks' }, checks(doc).map(([what, bad]) => h('li', { class: bad.length ? 'error' : 'ok' },
    bad.length ? `Fails: ${what} (${bad.slice(0, 5).join(', ')}${bad.length > 5 ? ', …' : ''})` : `Passes: ${what}`)));
}

function activityTable(doc) {
  const activities = [...doc.querySelectorAll('iati-activity')];
  return h('div', { class: 'table-wrap' }, cards(h('table', { id: 'iati-activities' },
    h('caption', {}, `${n(activities.length)} activities in the file`),
    h('thead', {}, h('tr', {}, ['Identifier', 'Title', 'Status', 'Countries', 'Funding lines', 'Results'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, activities.map((a) => h('tr', {},
      h('td', { class: 'id' }, text(a, 'iati-identifier')),
      h('td', {}, text(a, 'title narrative')),
      h('td', {}, STATUS[a.querySelector('activity-status')?.getAttribute('code')] || ''),
      h('td', {}, [...a.querySelectorAll('recipient-country')].map((c) => c.getAttribute('code')).join(', ')),
      h('td', { class: 'num' }, n(a.querySelectorAll('transaction').length)),
      h('td', { class: 'num' }, n(a.querySelectorAll('result').length))))))));
}

export async function iatiPage(session, params) {
  const page = view();
  const range = { from: params.get('from') || '', to: params.get('to') || '' };
  const form = h('form', { class: 'filters', 'aria-label': 'Which activities to publish' },
    field('From', 'from', { type: 'date', attrs: { value: range.from } }),
    field('To', 'to', { type: 'date', attrs: { value: range.to } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Show')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = `#/iati${query({ from: form.elements.from.value, to: form.elements.to.value })}`;
  });
  const about = h('details', { class: 'card', id: 'iati-about' }, h('summary', {}, 'What is checked, and where'),
    h('p', {}, 'The server writes every activity from the same records as the rest of tatrack: codes from IATI\'s codelists (status, dates, roles, DAC 5-digit sectors, countries as ISO codes), country shares in hundredths that add up to exactly 100, and identifiers prefixed by the reporting organisation\'s. This page checks the file it received for those rules.'),
    h('p', {}, 'The server has no XSD validator: the file is validated against the official IATI 2.03 schema, with its codelists, by ', h('code', {}, 'scripts/iati-check'), ' (xmllint), which the test suite runs on every change.'));
  let xml;
  try {
    xml = await get(`${PATH}${query(range)}`, { text: true });
  } catch (problem) {
    if (problem.status !== 404 && problem.status !== 409) throw problem;
    page('IATI activity file', form, h('p', { class: 'form-error', role: 'alert' }, problem.message), about);
    return;
  }
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const broken = doc.querySelector('parsererror');
  page('IATI activity file', form,
    h('p', { class: 'actions downloads' }, h('span', { class: 'muted' }, `IATI 2.03 XML, ${n(Math.ceil(new Blob([xml]).size / 1024))} KB:`),
      fileLink(PATH, range, 'Download the IATI file', { id: 'iati-download' })),
    h('section', { 'aria-labelledby': 'iati-validation' }, h('h2', { id: 'iati-validation' }, 'Validation'),
      broken ? h('p', { class: 'form-error' }, 'The file is not well-formed XML.') : checkList(doc), about),
    h('section', { 'aria-labelledby': 'iati-preview' }, h('h2', { id: 'iati-preview' }, 'Preview'),
      broken ? null : activityTable(doc),
      h('details', {}, h('summary', {}, 'The XML itself'), h('pre', { class: 'xml', id: 'iati-xml' }, xml))));
}
