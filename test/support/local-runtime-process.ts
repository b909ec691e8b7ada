import { spawn, type ChildProcess } from 'node:child_process';

export interface RuntimeProcess {
  apiUrl: string;
  child: ChildProcess;
  output(): string;
  /** Resolves when the process has exited, however it ended. */
  exited: Promise<void>;
  /** SIGTERM (graceful) or SIGKILL (a crash); resolves when the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts `infra/local/main.ts` — what `npm start` runs — as a child process on a free port,
 * on the same Node binary as the tests, and resolves once it prints its API URL.
 * LOCAL_FUNCTIONS (`sources` or `bundled`, default the test process's own: `npm test` runs the
 * main e2e suite once with `bundled`) says whether the child runs the handlers' sources or their
 * bundles as deployed; the child must say at startup that it runs what was asked.
 */
export async function startRuntimeProcess(env: {
  DATA_DIR: string;
  DRILL_SPEED: string;
  LOCAL_FAULT_CRASH_ON_PUBLISH?: string;
  LOCAL_UNDELIVERABLE_PHONES?: string;
  SMS_DELIVERY?: string;
  LOCAL_SMS_PROVIDER_FAULT?: string;
  LOCAL_FAULT_FAIL_STARTS?: string;
  LOCAL_FUNCTIONS?: 'sources' | 'bundled';
}): Promise<RuntimeProcess> {
  const functions = env.LOCAL_FUNCTIONS ?? (process.env.LOCAL_FUNCTIONS === 'bundled' ? 'bundled' : 'sources');
  // A bundled start after a source change bundles every function first (seconds; more on a busy machine).
  const startupTimeoutMs = functions === 'bundled' ? 90_000 : 30_000;
  const child = spawn(
    process.execPath,
    ['--disable-warning=TimeoutNegativeWarning', '--import', 'tsx', 'infra/local/main.ts'],
    {
      env: { ...process.env, PORT: '0', POWERTOOLS_LOG_LEVEL: 'WARN', ...env, LOCAL_FUNCTIONS: functions },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const apiUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Local runtime did not start in ${startupTimeoutMs / 1000} s:\n${output}`)),
      startupTimeoutMs,
    );
    const look = () => {
      const match = /API:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        if (new RegExp(`Functions:\\s+${functions} `).test(output)) resolve(match[1]);
        else
          reject(
            new Error(
              `Local runtime was asked for LOCAL_FUNCTIONS=${functions} but does not say it runs them:\n${output}`,
            ),
          );
      }
    };
    child.stdout.on('data', look);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Local runtime exited with ${code}:\n${output}`));
    });
  });
  return {
    apiUrl,
    child,
    exited,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Polls until `probe` returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
