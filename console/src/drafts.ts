import { useEffect, useRef, useState } from 'preact/hooks';
import { NetworkError, postJson } from './api';

/**
 * Issue 14 — nothing a reporter types is lost. Each form's draft lives in localStorage, keyed by unit, incident and
 * form, saved as it is typed and restored after a reload (or a browser crash, or a phone that killed the tab). A draft
 * carries its own Idempotency-Key, made once with it: a submit that failed for the network is sent again with the same
 * key, automatically when the browser is back online or by a button, even after a reload, and the API files one
 * document however often it arrives. The draft is cleared once the API has taken it.
 */
export interface Draft<Fields> {
  fields: Fields;
  idempotencyKey: string;
  /**
   * A submit that has not been answered yet: what to send again, exactly as it was sent, and the page of its form (the
   * reporter's home lists it there, so a submit left unsent is not forgotten).
   */
  pending?: { path: string; body: unknown; href?: string };
}

const PREFIX = 'console.draft';

/** The draft's key: one per unit, incident (or `new` for a first report) and form. */
export function draftKey(unitId: string, incidentId: string, form: string): string {
  return [PREFIX, unitId, incidentId, form].map(encodeURIComponent).join('/');
}

/** The unit's drafts whose submit is still unanswered (the network failed), with the page of each form. */
export function unsentDrafts(unitId: string): { key: string; href: string }[] {
  const prefix = `${[PREFIX, unitId].map(encodeURIComponent).join('/')}/`;
  const unsent: { key: string; href: string }[] = [];
  for (let index = 0; index < localStorage.length; index++) {
    const key = localStorage.key(index);
    if (!key?.startsWith(prefix)) continue;
    const href = read<unknown>(key)?.pending?.href;
    if (href) unsent.push({ key, href });
  }
  return unsent;
}

function read<Fields>(key: string): Draft<Fields> | undefined {
  try {
    const stored = localStorage.getItem(key);
    return stored ? (JSON.parse(stored) as Draft<Fields>) : undefined;
  } catch {
    // A draft written by another version of the console, or storage that is off: start again rather than fail.
    return undefined;
  }
}

function write<Fields>(key: string, draft: Draft<Fields>): void {
  try {
    localStorage.setItem(key, JSON.stringify(draft));
  } catch {
    // Storage full or off (private browsing): the form still works, the draft just does not survive a reload.
  }
}

export type SubmitState<Result> =
  | { state: 'editing' }
  | { state: 'sending' }
  /** The network failed: waiting to be online again (or for the button). */
  | { state: 'offline' }
  | { state: 'refused'; error: Error }
  | { state: 'done'; result: Result };

export interface DraftForm<Fields, Result> {
  fields: Fields;
  /** Changes some fields; saved at once. */
  update: (change: Partial<Fields>) => void;
  submit: (path: string, body: unknown) => void;
  /** Sends the pending submit again, same body, same Idempotency-Key. */
  retry: () => void;
  status: SubmitState<Result>;
  /** Starts a new, empty draft (after a document was filed). */
  reset: () => void;
}

/** A form whose fields and pending submit survive a reload, and whose submit files once (see `Draft`). */
export function useDraftForm<Fields extends object, Result>(key: string, initial: Fields): DraftForm<Fields, Result> {
  const fresh = (): Draft<Fields> => ({ fields: initial, idempotencyKey: crypto.randomUUID() });
  const [draft, setDraft] = useState<Draft<Fields>>(() => {
    const stored = read<Fields>(key);
    // Fields added to a form since the draft was saved take their initial values.
    return stored ? { ...stored, fields: { ...initial, ...stored.fields } } : fresh();
  });
  const [status, setStatus] = useState<SubmitState<Result>>(
    draft.pending ? { state: 'offline' } : { state: 'editing' },
  );
  // The latest draft, for the `online` listener (registered once) and for a send that finishes after a re-render.
  const current = useRef(draft);
  current.current = draft;
  const sending = useRef(false);

  const save = (next: Draft<Fields>) => {
    current.current = next;
    setDraft(next);
    write(key, next);
  };

  const send = async () => {
    const pending = current.current.pending;
    if (!pending || sending.current) return;
    sending.current = true;
    setStatus({ state: 'sending' });
    try {
      const result = await postJson<Result>(pending.path, pending.body, current.current.idempotencyKey);
      // Taken: the draft is done with. The form starts again empty, with a new key, if it is used again.
      localStorage.removeItem(key);
      const next = fresh();
      current.current = next;
      setDraft(next);
      setStatus({ state: 'done', result });
    } catch (error) {
      if (error instanceof NetworkError) {
        setStatus({ state: 'offline' });
      } else {
        // Refused (a 4xx names the fields): nothing was filed, so the reporter corrects the draft and submits it anew.
        const { pending: _refused, ...rest } = current.current;
        save(rest);
        setStatus({ state: 'refused', error: error as Error });
      }
    } finally {
      sending.current = false;
    }
  };

  useEffect(() => {
    const onOnline = () => void send();
    window.addEventListener('online', onOnline);
    // A submit still pending from before a reload goes again now if the browser is online (else at `online`).
    if (current.current.pending && navigator.onLine) void send();
    return () => window.removeEventListener('online', onOnline);
  }, [key]);

  return {
    fields: draft.fields,
    update: (change) => save({ ...current.current, fields: { ...current.current.fields, ...change } }),
    submit: (path, body) => {
      save({ ...current.current, pending: { path, body, href: location.hash } });
      void send();
    },
    retry: () => void send(),
    status,
    reset: () => {
      localStorage.removeItem(key);
      const next = fresh();
      current.current = next;
      setDraft(next);
      setStatus({ state: 'editing' });
    },
  };
}
