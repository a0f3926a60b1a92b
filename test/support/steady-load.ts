/**
 * A steady load for failure tests: `concurrency` loops each sending one request after another (a short pause
 * between), every answer kept with when it was sent and answered. Bounded: the loops stop by themselves after
 * `maxMs` or `maxRequests`, whichever comes first, if the test never stops them.
 */
export interface Shot {
  /** When the request was sent and answered (epoch ms). */
  start: number;
  end: number;
  status: number;
  code?: string;
  requestId: string | null;
  retryAfter: string | null;
}

export type Answer = Omit<Shot, 'start' | 'end'>;

export interface SteadyLoad {
  readonly shots: Shot[];
  /** The first answer (sent from now on) that satisfies `match`; throws after `ms` with `what`. */
  next(match: (s: Shot) => boolean, what: string, ms?: number): Promise<Shot>;
  /** Stops the loops and waits for the requests in flight; every answer. */
  stop(): Promise<Shot[]>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function steadyLoad(
  send: () => Promise<Answer>,
  { concurrency = 6, pauseMs = 5, maxMs = 60_000, maxRequests = 20_000 } = {},
): SteadyLoad {
  const shots: Shot[] = [];
  const deadline = Date.now() + maxMs;
  let running = true;
  const loops = Array.from({ length: concurrency }, async () => {
    while (running && Date.now() < deadline && shots.length < maxRequests) {
      const start = Date.now();
      const answer = await send();
      shots.push({ ...answer, start, end: Date.now() });
      await sleep(pauseMs);
    }
  });
  return {
    shots,
    async next(match, what, ms = 15_000) {
      const from = Date.now();
      for (;;) {
        const hit = shots.find((s) => s.start >= from && match(s));
        if (hit) return hit;
        if (Date.now() - from > ms) throw new Error(`no ${what} within ${ms} ms (${shots.length} answers)`);
        await sleep(20);
      }
    },
    async stop() {
      running = false;
      await Promise.all(loops);
      return shots;
    },
  };
}
