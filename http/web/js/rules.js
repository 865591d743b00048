// The activity's rules on this device: tatrack-domain's own decide and apply, compiled to
// WebAssembly (web-rules/, built by scripts/build-web-rules into /app/rules/). Offline, a page
// folds the commands its outbox keeps onto the activity as the server last showed it, so it shows
// the activity as it will be once they land and offers exactly what that state takes: no rule is
// written a second time in JavaScript.
import init, { preview } from '../rules/tatrack_web_rules.js';
import { t } from './i18n.js';

let loading = null;

/** Today in UTC, as the server dates a delivery. */
const today = () => new Date().toISOString().slice(0, 10);

/**
 * The activity `shown` (the API's view, or null when it was never fetched) once each of `kept`
 * ({ action, body }) is decided in turn: { record, version, outcomes: [{ outcome: 'taken' |
 * 'refused', detail, field }], actions }. A refusal's `detail` is in the app's language, read from
 * the domain's message ({ id, args }) with the catalogue the server's problems use.
 */
export async function foresee(shown, kept) {
  if (!loading) loading = init();
  await loading;
  const answer = JSON.parse(preview(JSON.stringify({ activity: shown, version: shown ? shown.version : 0, kept, today: today() })));
  if (answer.error) throw new Error(`The rules could not read the question: ${answer.error}`);
  for (const outcome of answer.outcomes) {
    if (outcome.message) outcome.detail = t(outcome.message.id, outcome.message.args);
  }
  return answer;
}
