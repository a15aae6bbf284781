// A concurrency limiter, overall and per key (the fetch stage keys by host name), so a run
// over many sources never opens more than `overall` requests, nor more than `perHost` to one
// host. Waiting tasks start in arrival order, except that a task whose host is full lets
// later tasks for other hosts go first.

/** Limits on tasks running at once. */
export interface LimiterOptions {
  overall: number;
  perHost: number;
}

/** Runs tasks under the limits; `run` resolves or rejects with the task's own outcome. */
export interface Limiter {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Tasks running now. */
  readonly active: number;
  /** Tasks waiting for a slot. */
  readonly pending: number;
}

interface Waiting {
  key: string;
  start: () => void;
}

/** Creates a limiter with at most `overall` tasks at once and at most `perHost` per key. */
export function createLimiter(options: LimiterOptions): Limiter {
  const overall = Math.max(1, Math.floor(options.overall));
  const perHost = Math.max(1, Math.floor(options.perHost));
  const perKey = new Map<string, number>();
  const queue: Waiting[] = [];
  let active = 0;

  const hasRoom = (key: string) => active < overall && (perKey.get(key) ?? 0) < perHost;

  const acquire = (key: string) => {
    active++;
    perKey.set(key, (perKey.get(key) ?? 0) + 1);
  };

  const release = (key: string) => {
    active--;
    const left = (perKey.get(key) ?? 1) - 1;
    if (left === 0) perKey.delete(key);
    else perKey.set(key, left);
    for (let i = 0; i < queue.length && active < overall; ) {
      const next = queue[i]!;
      if (hasRoom(next.key)) {
        queue.splice(i, 1);
        acquire(next.key);
        next.start();
      } else i++;
    }
  };

  return {
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const start = () => {
          // A task that throws synchronously still releases its slot; the slot is free before the caller resumes.
          Promise.resolve()
            .then(task)
            .then(
              (value) => (release(key), resolve(value)),
              (error: unknown) => (release(key), reject(error)),
            );
        };
        if (hasRoom(key)) {
          acquire(key);
          start();
        } else queue.push({ key, start });
      });
    },
    get active() {
      return active;
    },
    get pending() {
      return queue.length;
    },
  };
}
