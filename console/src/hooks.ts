import { useEffect, useState } from 'preact/hooks';
import { sessionExpired } from './auth';

/**
 * Loads something now and every `everyMs` after (the board stays live without a reload). Issue 14 item 10: nothing is
 * loaded while the session is expired — the last value stays, greyed by the page — and loading starts again when the
 * user has signed in again.
 */
export function usePolling<T>(
  load: () => Promise<T>,
  everyMs: number,
  dependencies: unknown[] = [],
): { value?: T; error?: Error; reload: () => void } {
  const [state, setState] = useState<{ value?: T; error?: Error }>({});
  const [generation, setGeneration] = useState(0);
  const expired = sessionExpired.value;
  useEffect(() => {
    if (expired) return undefined;
    let active = true;
    const run = () =>
      load().then(
        (value) => active && setState({ value }),
        (error: Error) => active && setState((previous) => ({ ...previous, error })),
      );
    void run();
    const timer = everyMs > 0 ? setInterval(() => void run(), everyMs) : undefined;
    return () => {
      active = false;
      if (timer) clearInterval(timer);
    };
  }, [...dependencies, generation, expired]);
  return { ...state, reload: () => setGeneration((value) => value + 1) };
}

/**
 * The current time, ticking every second, for countdowns. Issue 14 item 10: it stops while the session is expired, so
 * no countdown keeps ticking on a board nobody can trust any more.
 */
export function useNow(): number {
  const [now, setNow] = useState(Date.now());
  const expired = sessionExpired.value;
  useEffect(() => {
    if (expired) return undefined;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [expired]);
  return now;
}
