// Download links: the API route a page reads, with the page's own filters, as a file. The
// server answers the same question as the page's (same route, same filters, same scope) with
// `format=csv|xlsx`, as an attachment; the browser saves it with the session's cookie. A link
// sends the browser's own Accept-Language, not the app's: `lang` asks for the app's language,
// so the file's headers read as the page does.
import { query } from './api.js';
import { language, t } from './i18n.js';
import { h } from './ui.js';

/** The formats a list or a summary downloads as, with what each button says. */
const FORMATS = () => [['csv', t('download-format-csv')], ['xlsx', t('download-format-xlsx')]];

/** A link that saves `path` with `params` as a file; `label` says what it is. */
export function fileLink(path, params, label, attrs = {}) {
  const href = `${path}${query({ ...params, lang: language() })}`;
  return h('a', { class: 'button secondary', href, download: '', ...attrs }, label);
}

/**
 * "Download" buttons for what a page shows: `path` (an API route such as /api/v1/activities)
 * asked with the page's `params`, once per format. `what` names the file in the reader's
 * language ("this summary").
 */
export function downloads(path, params, what) {
  return h('p', { class: 'actions downloads' },
    h('span', { class: 'muted' }, t('download-what', { what })),
    FORMATS().map(([format, label]) => fileLink(path, { ...params, format }, label, { 'aria-label': t('download-as', { what, format: label }), dataset: { format } })));
}
