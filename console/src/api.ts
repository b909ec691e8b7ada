import { expireSession, idToken } from './auth';
import type { ConsoleConfig } from './config';
import { locale, t } from './i18n';

/** An RFC 9457 problem the API answered with, each bad field named. */
export class ApiProblem extends Error {
  public readonly status: number;
  public readonly fields: { field: string; message: string }[];
  public constructor(
    status: number,
    title: string,
    detail: string | undefined,
    fields: { field: string; message: string }[] = [],
  ) {
    super(
      [
        `${title}${detail ? `: ${detail}` : ''}`,
        ...fields.map((problem) => `${problem.field}: ${problem.message}`),
      ].join(' · '),
    );
    this.status = status;
    this.fields = fields;
  }
}

let apiUrl = '';
export function useApi(config: ConsoleConfig): void {
  apiUrl = config.apiUrl.replace(/\/$/, '');
}

/** The session ended (issue 14 item 10): the console greys the page and asks to sign in; nothing else to say. */
export class SessionExpiredError extends Error {}

async function request(path: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(`${apiUrl}${path}`, {
    ...init,
    headers: {
      ...(idToken.value ? { authorization: `Bearer ${idToken.value}` } : {}),
      // The API's problem+json speaks the console's language, not the browser's (issue 14: errors the user reads).
      'accept-language': locale.value,
      ...(init.headers as Record<string, string> | undefined),
    },
  }).catch(() => {
    // fetch says "Failed to fetch" in developer English: say it in the user's language.
    throw new Error(t('apiUnreachable'));
  });
  if (response.status === 401) {
    expireSession();
    throw new SessionExpiredError(t('sessionExpired'));
  }
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as {
      title?: string;
      detail?: string;
      errors?: { field: string; message: string }[];
    };
    throw new ApiProblem(
      response.status,
      problem.title ?? `${t('httpError')} ${response.status}`,
      problem.detail,
      problem.errors,
    );
  }
  return response;
}

export async function getJson<T>(path: string): Promise<T> {
  return (await (await request(path)).json()) as T;
}

/** A POST with a fresh Idempotency-Key, so a double click or a retried request files once. */
export async function postJson<T>(path: string, body: unknown): Promise<T> {
  const response = await request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify(body),
  });
  return (await response.json()) as T;
}

/** Fetches a protected file and hands it to the browser as a download. */
export async function download(path: string, filename: string, accept?: string): Promise<void> {
  const blob = await (await request(path, accept ? { headers: { accept } } : {})).blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/** Opens a protected HTML page (the notice) in a new tab. */
export async function openPage(path: string): Promise<void> {
  const html = await (await request(path)).text();
  const page = window.open(URL.createObjectURL(new Blob([html], { type: 'text/html' })), '_blank');
  if (!page) throw new Error(t('popupBlocked'));
}
