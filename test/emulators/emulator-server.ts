/**
 * The HTTP core shared by every provider emulator: request recording, faults, streaming with stalls /
 * truncation / garbage / resets / in-band errors, disconnect recording, and a close() that never hangs.
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type ConversationInput, type ConversationPlan, planConversation } from './conversation.ts';
import type {
  Disconnect,
  EmulatorHandle,
  EmulatorKind,
  EmulatorOptions,
  EmulatorReply,
  EmulatorUsage,
  Fault,
  RecordedRequest,
} from './emulator-types.ts';

export type StatusFault = Extract<Fault, { type: 'status' }>;
type StreamFault = Exclude<Fault, { type: 'status' } | { type: 'delay' }>;

export interface StreamSpec {
  contentType: string;
  headers?: Record<string, string>;
  /** Content frames, fully formatted (separators included). */
  frames: string[];
  /** Frames that end the stream normally ([DONE], message_stop); may be empty (Gemini). */
  terminator: string[];
  inbandError: (message: string) => string;
  brokenFrame: string;
  /** Close the connection after the stream (Gemini). */
  closeConnection?: boolean;
}

export interface EmulatorContext {
  method: string;
  path: string;
  url: URL;
  json: Record<string, unknown> | undefined;
  request: RecordedRequest;
  plan(input: ConversationInput): ConversationPlan;
  sendJson(
    status: number,
    body: unknown,
    options?: { contentType?: string; headers?: Record<string, string>; pretty?: boolean },
  ): void;
  sendStream(spec: StreamSpec): Promise<void>;
  notFound(): void;
}

export interface ProviderEmulator {
  kind: EmulatorKind;
  baseUrl(origin: string): string;
  nativeUrl?(origin: string): string;
  handle(context: EmulatorContext): Promise<void> | void;
  /** The provider's error response for a status fault. */
  errorResponse(
    fault: StatusFault,
    path: string,
  ): { body: string; contentType: string; headers?: Record<string, string> };
}

export async function startEmulatorServer(
  provider: ProviderEmulator,
  options: EmulatorOptions = {},
): Promise<EmulatorHandle> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const pendingWaits = new Set<() => void>();
  let faults: Fault[] = [];
  let usage: EmulatorUsage | null = null;
  let reply: EmulatorReply | null = null;
  let closed = false;
  const requests: RecordedRequest[] = [];
  const disconnects: Disconnect[] = [];
  const disconnectWaiters: Array<(disconnect: Disconnect) => void> = [];
  let consumedDisconnects = 0;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (closed) return resolve();
      const timer = setTimeout(() => {
        timers.delete(timer);
        pendingWaits.delete(resolve);
        resolve();
      }, ms);
      timers.add(timer);
      pendingWaits.add(resolve);
    });

  function takeFaults(path: string): Fault[] {
    const active = faults.filter(
      (fault) => fault.pathIncludes === undefined || path.includes(fault.pathIncludes),
    );
    for (const fault of active) if (fault.times !== undefined) fault.times--;
    faults = faults.filter((fault) => fault.times === undefined || fault.times > 0);
    return active;
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    let json: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = rawBody ? JSON.parse(rawBody) : undefined;
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
        json = parsed as Record<string, unknown>;
    } catch {
      json = undefined;
    }
    const url = new URL(req.url ?? '/', 'http://emulator');
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname + url.search,
      headers: { ...req.headers },
      json,
      rawBody,
      receivedAt: Date.now(),
      framesSent: 0,
    };
    requests.push(recorded);
    let selfDestroyed = false;
    res.on('close', () => {
      if (res.writableFinished || selfDestroyed) return;
      recorded.aborted = true;
      recorded.abortedAt = Date.now();
      const disconnect = { path: recorded.path, at: recorded.abortedAt, framesSent: recorded.framesSent };
      disconnects.push(disconnect);
      const waiter = disconnectWaiters.shift();
      if (waiter) {
        consumedDisconnects++;
        waiter(disconnect);
      }
    });
    const active = takeFaults(url.pathname);
    for (const fault of active) if (fault.type === 'delay') await sleep(fault.ms);
    if (closed) return;
    const reset = active.find((fault) => fault.type === 'reset' && fault.afterChunks === undefined);
    if (reset) {
      selfDestroyed = true;
      req.socket.destroy();
      return;
    }
    const status = active.find((fault): fault is StatusFault => fault.type === 'status');
    if (status) {
      const error = provider.errorResponse(status, url.pathname);
      const headers: Record<string, string> = {
        'content-type': error.contentType,
        ...error.headers,
        ...status.headers,
      };
      if (status.retryAfter !== undefined) headers['retry-after'] = String(status.retryAfter);
      if (status.retryAfterMs !== undefined) headers['retry-after-ms'] = String(status.retryAfterMs);
      res.writeHead(status.status, headers).end(error.body);
      return;
    }
    const streamFault = active.find(
      (fault): fault is StreamFault => fault.type !== 'delay' && fault.type !== 'status',
    );

    const destroy = () => {
      selfDestroyed = true;
      res.socket?.destroy();
    };
    const hang = () =>
      new Promise<void>((resolve) => {
        pendingWaits.add(resolve);
        res.on('close', () => {
          pendingWaits.delete(resolve);
          resolve();
        });
      });

    const context: EmulatorContext = {
      method: recorded.method,
      path: url.pathname,
      url,
      json,
      request: recorded,
      plan: (input) => planConversation(input, reply, usage, requests.length),
      notFound: () => {
        res
          .writeHead(404, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: { message: `no route ${url.pathname}` } }));
      },
      sendJson: (code, body, sendOptions = {}) => {
        const text =
          typeof body === 'string' ? body : JSON.stringify(body, null, sendOptions.pretty ? 2 : undefined);
        const headers = {
          'content-type': sendOptions.contentType ?? 'application/json',
          ...sendOptions.headers,
        };
        if (streamFault?.type === 'broken') return void res.writeHead(code, headers).end('{"id": garbage');
        if (streamFault?.type === 'truncate')
          return void res.writeHead(code, headers).end(text.slice(0, text.length >> 1));
        if (streamFault?.type === 'reset') {
          res.writeHead(code, headers).write(text.slice(0, text.length >> 1));
          return destroy();
        }
        if (streamFault?.type === 'stall') {
          res.writeHead(code, headers).write(text.slice(0, text.length >> 1));
          return void hang();
        }
        res.writeHead(code, headers).end(text);
      },
      sendStream: async (spec) => {
        res.writeHead(200, {
          'content-type': spec.contentType,
          'cache-control': 'no-cache',
          ...(spec.closeConnection ? { connection: 'close' } : {}),
          ...spec.headers,
        });
        const cut = streamFault
          ? (streamFault.afterChunks ?? Math.max(0, spec.frames.length - 1))
          : Number.POSITIVE_INFINITY;
        for (let index = 0; index < spec.frames.length && index < cut; index++) {
          if (closed || res.destroyed) return;
          res.write(spec.frames[index]);
          recorded.framesSent++;
          await new Promise((resolve) => setImmediate(resolve));
        }
        if (closed || res.destroyed) return;
        switch (streamFault?.type) {
          case 'stall':
            await hang();
            return;
          case 'truncate':
            res.end();
            return;
          case 'reset':
            destroy();
            return;
          case 'broken':
            res.write(spec.brokenFrame);
            res.end();
            return;
          case 'inband-error':
            res.write(spec.inbandError(streamFault.message ?? 'Overloaded'));
            res.end();
            return;
          default:
            for (const terminator of spec.terminator) res.write(terminator);
            res.end();
        }
      },
    };
    await provider.handle(context);
  }

  const server = createServer((req, res) => {
    onRequest(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: String(error) } }));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    kind: provider.kind,
    url: provider.baseUrl(origin),
    origin,
    ...(provider.nativeUrl ? { nativeUrl: provider.nativeUrl(origin) } : {}),
    port,
    requests,
    disconnects,
    setFault: (fault) => {
      faults.push({ ...fault });
    },
    clearFaults: () => {
      faults = [];
    },
    setUsage: (value) => {
      usage = value;
    },
    setReply: (value) => {
      reply = value;
    },
    waitForDisconnect: (timeoutMs = 5000) =>
      new Promise<Disconnect>((resolve, reject) => {
        if (disconnects.length > consumedDisconnects) return resolve(disconnects[consumedDisconnects++]);
        const timer = setTimeout(() => reject(new Error('no client disconnect within timeout')), timeoutMs);
        disconnectWaiters.push((disconnect) => {
          clearTimeout(timer);
          resolve(disconnect);
        });
      }),
    close: async () => {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      for (const resolve of pendingWaits) resolve();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
