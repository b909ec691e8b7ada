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

/**
 * The request never reached the API (offline, DNS, a dropped connection): nothing was refused, so the same request may
 * be sent again — with the same Idempotency-Key it files once, however often (issue 14: nothing typed is lost).
 */
export class NetworkError extends Error {}

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
  }).catch((error: unknown) => {
    // fetch rejects only when no answer came back at all (an HTTP error status resolves), and says so in developer
    // English ("Failed to fetch"): say it in the user's language, and let a draft's retry know it was the network.
    throw new NetworkError(t('apiUnreachable'), { cause: error });
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

/**
 * A POST with an Idempotency-Key, so a double click or a retried request files once: a fresh one, or the caller's (a
 * reporter's draft keeps its key, so a retry after a network failure — even after a reload — files the same document).
 */
export async function postJson<T>(
  path: string,
  body: unknown,
  idempotencyKey: string = crypto.randomUUID(),
): Promise<T> {
  const response = await request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
    body: JSON.stringify(body),
  });
  return (await response.json()) as T;
}

/** A PUT of a JSON body (issue 15: a unit or a contact as it should be; the same PUT twice changes it once). */
export async function putJson<T>(path: string, body: unknown): Promise<T> {
  const response = await request(path, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await response.json()) as T;
}

/** A DELETE; the API answers with what remains (issue 15: the unit, deactivated or without the contact). */
export async function deleteJson<T>(path: string): Promise<T> {
  return (await (await request(path, { method: 'DELETE' })).json()) as T;
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
