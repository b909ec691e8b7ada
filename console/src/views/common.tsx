import { ApiProblem, SessionExpiredError } from '../api';
import { t } from '../i18n';

/** A failed load, said plainly; the board keeps polling and clears it when the API answers again. */
export function ErrorNote({ error }: { error?: Error }) {
  // An expired session is said once, by the banner over the page (issue 14 item 10).
  if (!error || error instanceof SessionExpiredError) return null;
  return (
    <p class="error" role="alert">
      {t('error')}: {error.message}
    </p>
  );
}

/** A refused form: each bad field named, as the API's problem+json names it. */
export function FormError({ error }: { error?: Error }) {
  if (!error || error instanceof SessionExpiredError) return null;
  if (error instanceof ApiProblem && error.fields.length > 0) {
    return (
      <div class="error" role="alert">
        {error.message.split(' · ')[0]}
        <ul>
          {error.fields.map((problem) => (
            <li key={problem.field}>
              <code>{problem.field}</code>: {problem.message}
            </li>
          ))}
        </ul>
      </div>
    );
  }
  return (
    <p class="error" role="alert">
      {error.message}
    </p>
  );
}
