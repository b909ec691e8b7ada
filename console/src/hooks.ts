import { useEffect, useState } from 'preact/hooks';

/** Loads something now and every `everyMs` after (the board stays live without a reload). */
export function usePolling<T>(
  load: () => Promise<T>,
  everyMs: number,
  dependencies: unknown[] = [],
): { value?: T; error?: Error; reload: () => void } {
  const [state, setState] = useState<{ value?: T; error?: Error }>({});
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
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
  }, [...dependencies, generation]);
  return { ...state, reload: () => setGeneration((value) => value + 1) };
}

/** The current time, ticking every second, for countdowns. */
export function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}
