// The Import page (advisers and admins, who may import): a CSV or XLSX file of past activities
// is first checked by the server with nothing written (a dry run), each row's outcome and every
// problem shown by row and column; then imported, all or nothing unless asked otherwise.
import { upload, query, Problem } from './api.js';
import { h, field, view, cards, inWords, showProblem, clearErrors } from './ui.js';
import { fileLink } from './downloads.js';
import { t } from './i18n.js';
import { fieldName } from './pickers.js';

/** Each outcome of a row, as the page says it. */
const outcomeText = (outcome) => t('import-outcome', { outcome });

/** A problem of a row in words: the column, what is wrong, and the cell it quotes. */
function problemText(e) {
  const detail = inWords(e.detail);
  const said = e.column ? t('import-problem-column', { column: fieldName(e.column), header: e.column, detail }) : detail;
  return e.value && !String(e.detail).includes(e.value) ? t('import-problem-cell', { problem: said, value: e.value }) : said;
}

/** One line per row of the file: its outcome, its activity once written, and its problems. */
function outcomeTable(rows, errors) {
  const byRow = new Map();
  for (const r of rows) byRow.set(r.row, { ...r, problems: [] });
  for (const e of errors) {
    if (!byRow.has(e.row)) byRow.set(e.row, { row: e.row, outcome: 'invalid', problems: [] });
    byRow.get(e.row).problems.push(e);
  }
  const lines = [...byRow.values()].sort((a, b) => a.row - b.row);
  return h('div', { class: 'table-wrap' }, cards(h('table', { id: 'import-rows' },
    h('caption', {}, t('import-rows-caption')),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col', class: 'num' }, t('import-column-row')),
      [t('import-column-outcome'), t('import-column-activity'), t('import-column-problems')].map((head) => h('th', { scope: 'col' }, head)))),
    h('tbody', {}, lines.map((line) => h('tr', { class: line.problems.length ? 'todo' : undefined, dataset: { row: line.row } },
      h('td', { class: 'num' }, line.row),
      h('td', { class: 'outcome' }, outcomeText(line.outcome)),
      h('td', {}, line.id && ['imported', 'already_imported', 'failed'].includes(line.outcome)
        ? h('a', { href: `#/activity/${line.id}` }, t('import-open-activity', { row: String(line.row) })) : ''),
      h('td', {}, line.problems.length
        ? h('ul', { class: 'problems' }, line.problems.map((e) => h('li', {}, problemText(e)))) : t('import-no-problems'))))))));
}

/** What the counts say, in a sentence. */
function countsText(counts, dryRun) {
  if (dryRun) return t('import-checked', { rows: counts.rows, ready: counts.would_import, invalid: counts.invalid });
  return t('import-done', {
    rows: counts.rows, imported: counts.imported, before: counts.already_imported || 0, unwritten: (counts.invalid || 0) + (counts.failed || 0),
  });
}

export async function importPage() {
  const page = view();
  const file = h('input', { type: 'file', accept: '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  const partial = h('input', { type: 'checkbox', name: 'partial', id: 'import-partial' });
  const check = h('button', { type: 'submit' }, t('import-check'));
  const form = h('form', { class: 'card', novalidate: true, 'aria-label': t('import-form-label') },
    field(t('import-file'), 'file', { control: file, hint: t('import-file-hint') }),
    h('p', { class: 'check' }, partial, ' ', h('label', { for: 'import-partial' }, t('import-partial'))),
    h('div', { class: 'actions' }, check));
  const progress = h('p', { id: 'import-progress', role: 'status', 'aria-live': 'polite' });
  const result = h('section', { id: 'import-result', 'aria-label': t('import-column-outcome') });

  /** Sends the chosen file; `dryRun` checks only. Shows the progress; answers the report or a Problem. */
  const send = async (dryRun) => {
    const body = new FormData();
    body.append('file', file.files[0]);
    const params = query({ dry_run: dryRun ? 'true' : '', partial: dryRun || partial.checked ? 'true' : '' });
    const checking = dryRun ? t('import-checking') : t('import-writing');
    progress.textContent = t('import-sending');
    try {
      return await upload(`/api/v1/imports${params}`, body, (step, share) => {
        progress.textContent = step === 'sending' && share !== null && share < 1
          ? t('import-sending-share', { percent: Math.round(share * 100) }) : checking;
      });
    } finally {
      progress.textContent = '';
    }
  };

  /** Shows a refusal: rows' problems as the table, anything else beside the file or the form. */
  const refused = (problem) => {
    const errors = (problem.body && problem.body.errors) || [];
    if (!errors.length) {
      if (problem.status !== 0 && problem.status !== 503) problem.field = 'file';
      showProblem(form, problem);
      result.replaceChildren();
      return;
    }
    const total = problem.body.total || errors.length;
    result.replaceChildren(
      h('p', { class: 'form-error', role: 'alert' }, t('import-refused', { total })),
      total > errors.length ? h('p', { class: 'muted' }, t('import-first-listed', { listed: errors.length })) : null,
      outcomeTable([], errors));
  };

  const importButton = (report) => {
    const ready = report.counts.would_import;
    if (!ready || (report.counts.invalid && !partial.checked)) return null;
    const button = h('button', { type: 'button', id: 'import-now' },
      partial.checked && report.counts.invalid ? t('import-valid-rows', { rows: ready }) : t('import-activities', { count: ready }));
    button.addEventListener('click', async () => {
      button.disabled = true;
      check.disabled = true;
      try {
        const done = await send(false);
        result.replaceChildren(h('p', { class: 'ok', role: 'status', id: 'import-done' }, countsText(done.counts, false)),
          outcomeTable(done.rows, done.errors), h('p', {}, h('a', { href: '#/activities' }, t('import-see-activities'))));
      } catch (problem) {
        refused(problem);
      } finally {
        check.disabled = false;
      }
    });
    return button;
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    if (!file.files.length) {
      showProblem(form, new Problem(422, { detail: t('import-file-missing'), field: 'file' }));
      return;
    }
    check.disabled = true;
    try {
      const report = await send(true);
      const hasProblems = report.counts.invalid > 0;
      result.replaceChildren(
        h('p', { class: hasProblems ? 'form-error' : 'ok', role: 'status', id: 'import-checked' }, countsText(report.counts, true)),
        hasProblems && !partial.checked ? h('p', {}, t('import-all-or-none')) : null,
        outcomeTable(report.rows, report.errors),
        h('div', { class: 'actions' }, importButton(report)));
    } catch (problem) {
      refused(problem);
    } finally {
      check.disabled = false;
    }
  });
  for (const control of [file, partial]) control.addEventListener('change', () => result.replaceChildren());

  page(t('import-title'),
    h('p', {}, t('import-intro')),
    h('p', { class: 'actions' }, h('span', { class: 'muted' }, t('import-template')),
      fileLink('/api/v1/imports/template.csv', {}, t('import-template-csv')), fileLink('/api/v1/imports/template.xlsx', {}, t('import-template-xlsx'))),
    form, progress, result);
}
