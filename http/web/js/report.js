// The annual report's activity statistics for a chosen period and programme, as
// GET /api/v1/reports/activity writes them: each area's paragraph, where every figure opens its
// evidence (the question and the activities behind it, each by title and dates, a link to its
// page that still works in a saved copy); the same report downloads as HTML, Markdown, JSON or DOCX.
import { get, query } from './api.js';
import { h, field, select, view, n, day } from './ui.js';

/** One activity behind a figure: its title and dates (the report names it), linked absolutely. */
function activity(id, named) {
  const name = named.get(id);
  const link = h('a', { href: `${location.origin}/#/activity/${id}`, title: id }, name ? name.title : id);
  if (!name) return link;
  const dates = name.start === name.end ? day(name.start) : `${day(name.start)} to ${day(name.end)}`;
  return h('span', { class: 'behind' }, link, ` (${dates})`);
}

/** The evidence of one figure: its question and its activities. */
function evidence(figure, number, named) {
  const count = figure.activities.length;
  return h('li', { id: `evidence-${number}`, tabindex: '-1' },
    h('p', {}, h('strong', {}, figure.label), ' ', h('code', {}, figure.id)),
    h('p', { class: 'muted' }, figure.query),
    h('p', {}, `${n(count)} ${count === 1 ? 'activity' : 'activities'}: `,
      figure.activities.map((id, i) => [i ? ', ' : '', activity(id, named)])));
}

/** Links that download exactly the report shown, in each format the API writes. */
function downloads(asked) {
  const stem = `activity-report-${asked.from}-${asked.to}`;
  const link = (format, extension, text) => h('a', {
    href: `/api/v1/reports/activity${query({ ...asked, format })}`, download: `${stem}.${extension}`, id: `download-${format}`,
  }, text);
  return h('p', { class: 'downloads' }, 'Download this report: ',
    link('docx', 'docx', 'Word (DOCX)'), ' · ', link('html', 'html', 'printable page (HTML)'), ' · ',
    link('markdown', 'md', 'Markdown'), ' · ', link('json', 'json', 'figures (JSON)'));
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
    h('p', { class: 'muted' }, `Programmes: ${section.programmes.map((p) => `${p.name} (${p.code})`).join('; ')}.`),
    paragraph);
}

export async function reportPage(session, params) {
  const page = view();
  const programmes = await get('/api/v1/programmes');
  const from = params.get('from') || '';
  const to = params.get('to') || '';
  const programme = params.get('programme') || '';
  const form = h('form', { class: 'filters', 'aria-label': 'Choose the period and programme' },
    field('From', 'from', { type: 'date', required: true, attrs: { value: from } }),
    field('To', 'to', { type: 'date', required: true, attrs: { value: to } }),
    field('Programme', 'programme', { control: select('programme', programmes.map((p) => [p.code, `${p.code} – ${p.name}`]), { value: programme, empty: 'All programmes' }) }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Write the report')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = `#/report${query({ from: form.elements.from.value, to: form.elements.to.value, programme: form.elements.programme.value })}`;
  });
  const intro = h('p', {}, 'The activity statistics of an annual report, written from the log: every figure leads to the question that produced it and the activities behind it.');
  if (!from || !to) {
    page('Annual report', intro, form);
    return;
  }
  const asked = { from, to, programme };
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
    `Computed from the log up to link ${report.basis.seq} of the hash chain (event position ${report.basis.position}, hash ${report.basis.link.slice(0, 16)}…).`);
  const areas = report.areas.length
    ? h('div', { class: 'grid' }, report.areas.map((section) => area(section, section.figures, numbers)))
    : h('p', {}, 'No activity was delivered in this period.');
  const proof = cited.length
    ? h('section', { 'aria-labelledby': 'evidence-title' }, h('h2', { id: 'evidence-title' }, 'Evidence'),
      h('ol', { class: 'evidence' }, cited.map((figure, i) => evidence(figure, i + 1, named))))
    : null;
  page(report.title, form, downloads(asked), areas, basis, proof);
}
