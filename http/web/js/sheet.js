// Importing an attendance sheet (issue 28): the CSV or XLSX file goes to the server's preview,
// which writes nothing and answers each row read, its problems and the people it may be; the
// adviser says for each suggested match whether it is the same person; only the last button
// registers the new people and records the whole list.
import { upload, post, uuid, Problem } from './api.js';
import { h, field, cards, n, inWords, showProblem, clearErrors, institutionName } from './ui.js';
import { t } from './i18n.js';
import { fieldName } from './pickers.js';
import {
  consentFields, withAdded, recordAttendance, radio, sexName, ageBandName, whyName, reasonField, reasonOf, DOMAINS,
} from './attendees.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The type the preview reads a file as: by its name, since browsers name CSV files variously. */
const typeOf = (file) => (/\.xlsx$/i.test(file.name) ? XLSX : 'text/csv');

/** A row's person in a few words: name, sex, age band, institution, country. */
function personLine(v) {
  return [v.name, v.sex && sexName(v.sex), v.age_band && ageBandName(v.age_band), v.institution && institutionName(v.institution), v.country]
    .filter(Boolean).join(' · ');
}

const problemLine = (p) => (p.field ? t('sheet-problem-field', { field: fieldName(p.field), detail: inWords(p.detail) }) : inWords(p.detail));

/** The registration of a row's new person, as POST /participants takes it. */
function registration(id, v, consent, matches) {
  const answered = DOMAINS.filter((d) => v[d]);
  const disability = v.disability || (answered.length ? Object.fromEntries(DOMAINS.map((d) => [d, v[d]])) : undefined);
  const body = {
    id, name: v.name, email: v.email, phone: v.phone, function: v.function, sex: v.sex, age_band: v.age_band || 'not_given',
    institution: v.institution, country: v.country, disability, consent, not_same_as: matches.map((m) => m.participant_id),
  };
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined && value !== null && value !== ''));
}

/** The preview's rows as a table: each with its person, scores, problems and, per match, the choice. */
function previewTable(rows) {
  const heads = [t('sheet-column-row'), t('sheet-column-person'), t('sheet-column-scores'), t('sheet-column-problems'), t('sheet-column-same')];
  const score = (v) => (v === null || v === undefined ? '–' : n(v));
  return h('div', { class: 'table-wrap' }, cards(h('table', { id: 'sheet-rows' }, h('caption', {}, t('sheet-rows-caption')),
    h('thead', {}, h('tr', {}, heads.map((head, i) => h('th', { scope: 'col', class: i === 0 ? 'num' : undefined }, head)))),
    h('tbody', {}, rows.map((r) => h('tr', { class: r.problems.length ? 'todo' : undefined, dataset: { row: r.row } },
      h('td', { class: 'num' }, r.row),
      h('td', {}, personLine(r.values)),
      h('td', {}, t('sheet-scores', { before: score(r.values.pre_score), after: score(r.values.post_score) })),
      h('td', {}, r.problems.length ? h('ul', { class: 'problems' }, r.problems.map((p) => h('li', {}, problemLine(p)))) : t('sheet-no-problems')),
      h('td', { dataset: { field: `row-${r.row}` } }, r.matches.length ? [
        ...r.matches.map((m) => radio(`same-${r.row}`, m.participant_id, t('sheet-same', { name: m.name, why: whyName(m.why) }))),
        radio(`same-${r.row}`, 'new', t('sheet-not-same')),
        h('p', { class: 'error', role: 'alert', hidden: true }),
      ] : t('sheet-new-person'))))))));
}

/** The form: the sheet, the consent everyone on it gave, and (for a reported activity) a reason. */
export function sheetForm(ctx) {
  const { record, reload, current, reported } = ctx;
  const file = h('input', { type: 'file', accept: `.csv,.xlsx,text/csv,${XLSX}` });
  const check = h('button', { type: 'submit', class: 'secondary' }, t('sheet-check'));
  const form = h('form', { class: 'command', novalidate: true, 'aria-label': t('sheet-title') },
    h('p', { class: 'hint' }, t('sheet-intro')),
    field(t('sheet-file'), 'file', { control: file, hint: t('sheet-file-hint', { columns: 'name, sex, age_band, institution, country, function, email, phone, pre_score, post_score, seeing … communicating' }) }),
    consentFields(t('sheet-consent-hint')),
    reported ? reasonField() : null,
    h('div', { class: 'actions' }, check),
    h('p', { id: 'sheet-progress', role: 'status', 'aria-live': 'polite' }));
  const result = h('div', { id: 'sheet-result' });
  form.append(result);
  const progress = form.querySelector('#sheet-progress');
  file.addEventListener('change', () => result.replaceChildren());
  // A choice made answers the row's question: its error goes.
  result.addEventListener('change', (event) => {
    const error = event.target.closest('[data-field]')?.querySelector('.error');
    if (error) { error.textContent = ''; error.hidden = true; }
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    result.replaceChildren();
    if (!file.files.length) { showProblem(form, new Problem(422, { field: 'file', detail: t('sheet-file-missing') })); return; }
    check.disabled = true;
    progress.textContent = t('sheet-checking');
    try {
      const preview = await upload(`/api/v1/activities/${encodeURIComponent(record.id)}/attendance/preview`, file.files[0], () => {}, typeOf(file.files[0]));
      shown(preview.rows || []);
    } catch (problem) {
      if (!(problem instanceof Problem)) throw problem;
      // Whatever the server says of the whole sheet (a column it does not know, a file it cannot read) is said of the file.
      if (problem.status !== 0 && problem.status !== 503) problem.field = 'file';
      showProblem(form, problem);
    } finally {
      check.disabled = false;
      progress.textContent = '';
    }
  });

  /** Shows what the preview read; offers the button only when every row can be recorded. */
  const shown = (rows) => {
    const troubled = rows.filter((r) => r.problems.length).length;
    const matched = rows.filter((r) => r.matches.length).length;
    const ok = rows.length > 0 && troubled === 0;
    // The ids of the people to register, chosen once: a retry registers each of them once.
    const ids = new Map(rows.map((r) => [r.row, uuid()]));
    const button = h('button', { type: 'button', id: 'sheet-record' }, t('sheet-record', { count: rows.length }));
    button.addEventListener('click', () => recordRows(rows, ids, button));
    result.replaceChildren(
      h('p', { class: ok ? 'ok' : 'form-error', id: 'sheet-checked', role: 'status' }, t('sheet-checked', { rows: rows.length, problems: troubled, matches: matched })),
      rows.length ? previewTable(rows) : null,
      ok ? h('div', { class: 'actions' }, button) : h('p', {}, t('sheet-fix-first')));
  };

  const landed = new Set();
  const key = uuid();
  /** Registers the new people (each once), then records the list with everyone on the sheet. */
  const recordRows = async (rows, ids, button) => {
    clearErrors(form);
    let choices;
    try {
      choices = rows.map((r) => {
        if (!r.matches.length) return 'new';
        const chosen = form.querySelector(`input[name="same-${r.row}"]:checked`);
        if (!chosen) throw new Problem(422, { field: `row-${r.row}`, detail: t('sheet-choose') });
        return chosen.value;
      });
      const reason = reasonOf(form, reported);
      const consent = { purpose: form.elements.purpose.value.trim(), given_on: form.elements.given_on.value };
      if (!consent.purpose) throw new Problem(422, { field: 'consent.purpose', detail: t('participant-missing-purpose') });
      if (!consent.given_on) throw new Problem(422, { field: 'consent.given_on', detail: t('participant-missing-date') });
      button.disabled = true;
      const added = [];
      for (const [i, r] of rows.entries()) {
        const scores = { pre_score: r.values.pre_score ?? undefined, post_score: r.values.post_score ?? undefined };
        if (choices[i] !== 'new') { added.push({ participant_id: choices[i], match_confirmed: true, ...scores }); continue; }
        const id = ids.get(r.row);
        if (!landed.has(id)) {
          progress.textContent = t('sheet-registering', { row: r.row, rows: rows.length });
          await post('/api/v1/participants', registration(id, r.values, consent, r.matches), { 'Idempotency-Key': id });
          landed.add(id);
        }
        added.push({ participant_id: id, ...scores });
      }
      progress.textContent = t('sheet-recording');
      await recordAttendance(record.id, withAdded(current, added), reason, key);
      await reload();
      document.getElementById('participants')?.scrollIntoView();
    } catch (problem) {
      if (!(problem instanceof Problem)) throw problem;
      showProblem(form, problem, { reload });
    } finally {
      button.disabled = false;
      progress.textContent = '';
    }
  };
  return form;
}
