// The dashboard's "People trained" card (issue 28): the summary's `people`, counted over the
// activities with an attendance list, each person once. A donor's summary leaves every cell
// under five empty (null), so that no one can be singled out: it reads "fewer than 5", never a
// number.
import { h, n } from './ui.js';
import { t } from './i18n.js';
import { sexName, ageBandName, AGE_BANDS } from './attendees.js';

/**
 * A count of people; where the server withheld it from a donor, "fewer than 5" for a count that
 * stands alone, "not shown" for one `among` others adding up to a total (it may be larger: hidden
 * so that a small one beside it cannot be worked out by subtraction).
 */
export function count(value, below = 5, among = false) {
  if (value !== null && value !== undefined) return n(value);
  return h('span', { class: 'suppressed' }, among ? t('trained-not-shown') : t('trained-fewer-than', { below }));
}

function row(label, value, below, among = false) {
  return h('tr', {}, h('th', { scope: 'row' }, label), h('td', { class: 'num' }, count(value, below, among)));
}

/** The card; null when the summary has no `people` (an older server). */
export function peopleCard(people) {
  if (!people) return null;
  const below = people.suppressed_below || 5;
  const bands = AGE_BANDS.filter((b) => people.by_age_band?.[b] !== 0 && people.by_age_band?.[b] !== undefined);
  const table = (caption, rows) => h('table', {}, h('caption', {}, caption),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('trained-group')), h('th', { scope: 'col', class: 'num' }, t('trained-people')))),
    h('tbody', {}, rows));
  const gain = people.knowledge_gain;
  return h('section', { class: 'card', id: 'people-trained', 'aria-labelledby': 'people-trained-title' },
    h('h2', { id: 'people-trained-title' }, t('trained-title')),
    h('p', { class: 'big' }, h('strong', { id: 'people-distinct' }, count(people.distinct, below)), ' ', t('trained-distinct', { count: people.distinct ?? 0 })),
    table(t('trained-by-sex'), ['female', 'male', 'other_or_undisclosed'].map((s) => row(sexName(s), people[s], below, true))),
    bands.length ? table(t('trained-by-age'), bands.map((b) => row(ageBandName(b), people.by_age_band[b], below, true))) : null,
    table(t('trained-more'), [
      row(t('trained-with-disability'), people.with_disability, below),
      row(t('trained-more-than-once'), people.trained_more_than_once, below),
    ]),
    h('p', { id: 'knowledge-gain' }, gain && gain.trainings
      ? t('trained-gain', { gain: n(Math.round(Number(gain.mean_gain) * 10) / 10), trainings: gain.trainings })
      : t('trained-gain-none')),
    h('p', { class: 'muted' }, below > 1 && people.suppressed_below ? t('trained-suppressed-note', { below }) : t('trained-note')));
}
