// The Import page (advisers and admins, who may import): a CSV or XLSX file of past activities
// is first checked by the server with nothing written (a dry run), each row's outcome and every
// problem shown by row and column; then imported, all or nothing unless asked otherwise.
import { upload, query, Problem } from './api.js';
import { h, field, view, words, n, cards, inWords, showProblem, clearErrors } from './ui.js';
import { fileLink } from './downloads.js';

/** Each outcome of a row, as the page says it. */
const OUTCOMES = {
  would_import: 'Can be imported',
  invalid: 'Has problems: not written',
  imported: 'Imported',
  already_imported: 'Already imported: nothing new',
  failed: 'Refused while writing',
};

/** A problem of a row in words: the column, what is wrong, and the cell it quotes. */
function problemText(e) {
  const where = e.column ? `${words(e.column)}: ` : '';
  const quoted = e.value && !String(e.detail).includes(e.value) ? ` (the cell reads "${e.value}")` : '';
  return `${where}${inWords(e.detail)}${quoted}`;
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
    h('caption', {}, 'Each row of the file (row 1 is the header)'),
    h('thead', {}, h('tr', {}, ['Row', 'Outcome', 'Activity', 'Problems'].map((t) => h('th', { scope: 'col', class: t === 'Row' ? 'num' : undefined }, t)))),
    h('tbody', {}, lines.map((line) => h('tr', { class: line.problems.length ? 'todo' : undefined, dataset: { row: line.row } },
      h('td', { class: 'num' }, line.row),
      h('td', { class: 'outcome' }, OUTCOMES[line.outcome] || words(line.outcome)),
      h('td', {}, line.id && ['imported', 'already_imported', 'failed'].includes(line.outcome)
        ? h('a', { href: `#/activity/${line.id}` }, `Open row ${line.row}'s activity`) : ''),
      h('td', {}, line.problems.length
        ? h('ul', { class: 'problems' }, line.problems.map((e) => h('li', {}, problemText(e)))) : 'None')))))));
}

/** `count` rows, in words: "1 row", "12 rows". */
const rowsOf = (count) => `${n(count)} row${count === 1 ? '' : 's'}`;

/** What the counts say, in a sentence. */
function countsText(counts, dryRun) {
  if (dryRun) {
    return `${rowsOf(counts.rows)} checked: ${n(counts.would_import)} can be imported, ${n(counts.invalid)} with problems. Nothing was written.`;
  }
  const parts = [`${n(counts.imported)} imported`];
  if (counts.already_imported) parts.push(`${n(counts.already_imported)} already imported before`);
  if (counts.invalid || counts.failed) parts.push(`${n(counts.invalid + counts.failed)} not written`);
  return `Done: ${rowsOf(counts.rows)}, ${parts.join(', ')}.`;
}

export async function importPage() {
  const page = view();
  const file = h('input', { type: 'file', accept: '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  const partial = h('input', { type: 'checkbox', name: 'partial', id: 'import-partial' });
  const check = h('button', { type: 'submit' }, 'Check the file');
  const form = h('form', { class: 'card', novalidate: true, 'aria-label': 'The file to import' },
    field('Your file (CSV or XLSX)', 'file', {
      control: file,
      hint: 'One row per activity, with the template\'s columns. Checking writes nothing: you see each row\'s outcome first.',
    }),
    h('p', { class: 'check' }, partial, h('label', { for: 'import-partial' },
      ' Write the valid rows even when others have problems (otherwise nothing is written unless every row is right)')),
    h('div', { class: 'actions' }, check));
  const progress = h('p', { id: 'import-progress', role: 'status', 'aria-live': 'polite' });
  const result = h('section', { id: 'import-result', 'aria-label': 'Outcome' });

  /** Sends the chosen file; `dryRun` checks only. Shows the progress; answers the report or a Problem. */
  const send = async (dryRun) => {
    const body = new FormData();
    body.append('file', file.files[0]);
    const params = query({ dry_run: dryRun ? 'true' : '', partial: dryRun || partial.checked ? 'true' : '' });
    const checking = dryRun ? 'Checking every row…' : 'Checking and writing every row…';
    progress.textContent = 'Sending the file…';
    try {
      return await upload(`/api/v1/imports${params}`, body, (step, share) => {
        progress.textContent = step === 'sending' && share !== null && share < 1
          ? `Sending the file… ${Math.round(share * 100)}%` : checking;
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
      h('p', { class: 'form-error', role: 'alert' }, `${n(total)} problem${total === 1 ? '' : 's'} in the file: nothing was written. Put the rows right and check the file again.`),
      total > errors.length ? h('p', { class: 'muted' }, `The first ${n(errors.length)} are listed.`) : null,
      outcomeTable([], errors));
  };

  const importButton = (report) => {
    const ready = report.counts.would_import;
    if (!ready || (report.counts.invalid && !partial.checked)) return null;
    const button = h('button', { type: 'button', id: 'import-now' },
      partial.checked && report.counts.invalid ? `Import the ${rowsOf(ready)} without problems` : `Import ${n(ready)} ${ready === 1 ? 'activity' : 'activities'}`);
    button.addEventListener('click', async () => {
      button.disabled = true;
      check.disabled = true;
      try {
        const done = await send(false);
        result.replaceChildren(h('p', { class: 'ok', role: 'status', id: 'import-done' }, countsText(done.counts, false)),
          outcomeTable(done.rows, done.errors), h('p', {}, h('a', { href: '#/activities' }, 'See the activities')));
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
      showProblem(form, new Problem(422, { detail: 'Choose the CSV or XLSX file to import.', field: 'file' }));
      return;
    }
    check.disabled = true;
    try {
      const report = await send(true);
      const hasProblems = report.counts.invalid > 0;
      result.replaceChildren(
        h('p', { class: hasProblems ? 'form-error' : 'ok', role: 'status', id: 'import-checked' }, countsText(report.counts, true)),
        hasProblems && !partial.checked ? h('p', {}, 'Import writes all rows or none: put the rows with problems right and check the file again, or tick "Write the valid rows".') : null,
        outcomeTable(report.rows, report.errors),
        h('div', { class: 'actions' }, importButton(report)));
    } catch (problem) {
      refused(problem);
    } finally {
      check.disabled = false;
    }
  });
  for (const control of [file, partial]) control.addEventListener('change', () => result.replaceChildren());

  page('Import past activities',
    h('p', {}, 'Bring in activities recorded elsewhere, one row per activity, from a CSV or XLSX file. Every row goes through the same rules as a form.'),
    h('p', { class: 'actions' }, h('span', { class: 'muted' }, 'The template, with an example row in your scope:'),
      fileLink('/api/v1/imports/template.csv', {}, 'Template (CSV)'), fileLink('/api/v1/imports/template.xlsx', {}, 'Template (XLSX)')),
    form, progress, result);
}
