// The annual report's activity statistics for a chosen period and programme, as
// GET /api/v1/reports/activity writes them: each area's paragraph, where every figure opens its
// evidence (the question and the activities behind it, each by title and dates, a link to its
// page that still works in a saved copy); the same report downloads as HTML, Markdown, JSON or DOCX.
// The report is written in the language its menu chooses (the app's by default), the page's own
// words in the app's.
import { get, query } from './api.js';
import { language, t } from './i18n.js';
import { h, field, select, view, day } from './ui.js';

/** The languages a report is written in, each named in itself. */
const REPORT_LANGUAGES = [['en', 'English'], ['fr', 'Français'], ['es', 'Español']];

/** The report's language: the one asked for, else the app's when a report is written in it. */
function reportLanguage(asked) {
  const known = (code) => REPORT_LANGUAGES.some(([c]) => c === code);
  if (known(asked)) return asked;
  return known(language()) ? language() : 'en';
}

/** One activity behind a figure: its title and dates (the report names it), linked absolutely. */
function activity(id, named) {
  const name = named.get(id);
  const link = h('a', { href: `${location.origin}/#/activity/${id}`, title: id }, name ? name.title : id);
  if (!name) return link;
  const dates = name.start === name.end ? day(name.start) : t('report-page-dates', { start: day(name.start), end: day(name.end) });
  return h('span', { class: 'behind' }, link, ` (${dates})`);
}

/** The evidence of one figure: its question and its activities. */
function evidence(figure, number, named) {
  const count = figure.activities.length;
  return h('li', { id: `evidence-${number}`, tabindex: '-1' },
    h('p', {}, h('strong', {}, figure.label), ' ', h('code', {}, figure.id)),
    h('p', { class: 'muted' }, figure.query),
    h('p', {}, `${t('report-page-activities', { count })} `,
      figure.activities.map((id, i) => [i ? ', ' : '', activity(id, named)])));
}

/** Links that download exactly the report shown, in each format the API writes. */
function downloads(asked) {
  const stem = `activity-report-${asked.from}-${asked.to}`;
  const link = (format, extension, text) => h('a', {
    href: `/api/v1/reports/activity${query({ ...asked, format })}`, download: `${stem}.${extension}`, id: `download-${format}`,
  }, text);
  return h('p', { class: 'downloads' }, `${t('report-page-downloads')} `,
    link('docx', 'docx', t('report-page-docx')), ' · ', link('html', 'html', t('report-page-html')), ' · ',
    link('markdown', 'md', t('report-page-markdown')), ' · ', link('json', 'json', t('report-page-json')));
}

function area(section, figures, numbers) {
  const paragraph = h('p', { class: 'report-text' });
  for (const segment of section.paragraph) {
    if (typeof segment === 'string') { paragraph.append(segment); continue; }
    const n = numbers.get(segment.figure);
    const button = h('button', { type: 'button', class: 'link figure', 'aria-describedby': `evidence-${n}` }, segment.text);
    button.addEventListener('click', () => {
      const target = document.getElementById(`evidence-${n}`);
      if (target) { target.scrollIntoView({ block: 'center' }); target.focus(); }
    });
    paragraph.append(button);
  }
  return h('section', { class: 'card wide', 'aria-label': section.title },
    h('h2', {}, section.title),
    h('p', { class: 'muted' }, t('report-page-programmes', { programmes: section.programmes.map((p) => `${p.name} (${p.code})`).join('; ') })),
    paragraph);
}

export async function reportPage(session, params) {
  const page = view();
  const programmes = await get('/api/v1/programmes');
  const from = params.get('from') || '';
  const to = params.get('to') || '';
  const programme = params.get('programme') || '';
  const lang = reportLanguage(params.get('lang'));
  const form = h('form', { class: 'filters', 'aria-label': t('report-page-choose') },
    field(t('report-page-from'), 'from', { type: 'date', required: true, attrs: { value: from } }),
    field(t('report-page-to'), 'to', { type: 'date', required: true, attrs: { value: to } }),
    field(t('report-page-programme'), 'programme', { control: select('programme', programmes.map((p) => [p.code, `${p.code} – ${p.name}`]), { value: programme, empty: t('report-page-all-programmes') }) }),
    field(t('report-page-language'), 'lang', { control: select('lang', REPORT_LANGUAGES, { value: lang }) }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('report-page-write'))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const { elements } = form;
    location.hash = `#/report${query({ from: elements.from.value, to: elements.to.value, programme: elements.programme.value, lang: elements.lang.value })}`;
  });
  const intro = h('p', {}, t('report-page-intro'));
  if (!from || !to) {
    page(t('report-page-title'), intro, form);
    return;
  }
  // `lang` chooses the language of the report's own words (the API answers in it).
  const asked = { from, to, programme, lang };
  const report = await get(`/api/v1/reports/activity${query(asked)}`);
  const numbers = new Map();
  const cited = [];
  for (const section of report.areas) {
    for (const segment of section.paragraph) {
      if (typeof segment === 'string' || numbers.has(segment.figure)) continue;
      numbers.set(segment.figure, cited.length + 1);
      cited.push(section.figures.find((f) => f.id === segment.figure));
    }
  }
  const named = new Map((report.activities || []).map((a) => [a.id, a]));
  const basis = h('p', { class: 'muted' },
    t('report-page-basis', { seq: String(report.basis.seq), position: String(report.basis.position), hash: report.basis.link.slice(0, 16) }));
  // The report's words are in its language, which may not be the page's.
  const areas = report.areas.length
    ? h('div', { class: 'grid', lang }, report.areas.map((section) => area(section, section.figures, numbers)))
    : h('p', {}, t('report-page-nothing'));
  const proof = cited.length
    ? h('section', { 'aria-labelledby': 'evidence-title' }, h('h2', { id: 'evidence-title' }, t('report-page-evidence')),
      h('ol', { class: 'evidence', lang }, cited.map((figure, i) => evidence(figure, i + 1, named))))
    : null;
  page(report.title, form, downloads(asked), areas, basis, proof);
}
