/**
 * The routing table: method + path → handler. Paths are literal ("/v1/chat/completions"), carry named
 * parameters ("/v1/models/{id}") or end in a wildcard ("/assets/*", the rest in params['*']). A path no route
 * has is `not_found`; a path routed under other methods is `method_not_allowed` with the methods to put in
 * `Allow`. GET routes also answer HEAD. Literal paths are one Map lookup (the gateway's hot path).
 */
import type { HttpContext, Params } from './http-context.ts';

export type { Params };
export type RouteHandler = (c: HttpContext) => void | Promise<void>;

export interface Route {
  method: string;
  path: string;
  handler: RouteHandler;
  /** Shows operations data or runs costly work: only for the admin (see admin-session.ts). */
  admin?: boolean;
}

export type RouteMatch =
  | { kind: 'found'; handler: RouteHandler; params: Params }
  | { kind: 'method_not_allowed'; allow: string }
  | { kind: 'not_found' };

type Methods = Map<string, RouteHandler>;

interface Pattern {
  path: string;
  /** Literal segments, or the parameter's name after ':' for "{name}". */
  segments: string[];
  wildcard: boolean;
  methods: Methods;
}

const NO_PARAMS: Params = Object.freeze<Params>({});

export class Router {
  private readonly literal = new Map<string, Methods>();
  private readonly patterns: Pattern[] = [];

  add(method: string, path: string, handler: RouteHandler): this {
    const m = method.toUpperCase();
    const methods = this.methodsFor(path);
    if (methods.has(m)) throw new Error(`route ${m} ${path} is defined twice`);
    methods.set(m, handler);
    return this;
  }

  addAll(routes: readonly Route[]): this {
    for (const r of routes) this.add(r.method, r.path, r.handler);
    return this;
  }

  match(method: string, path: string): RouteMatch {
    let methods = this.literal.get(path);
    let params = NO_PARAMS;
    if (!methods) {
      for (const p of this.patterns) {
        const found = matchPattern(p, path);
        if (found) {
          methods = p.methods;
          params = found;
          break;
        }
      }
    }
    if (!methods) return { kind: 'not_found' };
    const handler = methods.get(method) ?? (method === 'HEAD' ? methods.get('GET') : undefined);
    if (handler) return { kind: 'found', handler, params };
    const allow = [...methods.keys()];
    if (methods.has('GET') && !methods.has('HEAD')) allow.push('HEAD');
    return { kind: 'method_not_allowed', allow: allow.join(', ') };
  }

  private methodsFor(path: string): Methods {
    if (!path.includes('{') && !path.endsWith('*')) {
      let methods = this.literal.get(path);
      if (!methods) {
        methods = new Map();
        this.literal.set(path, methods);
      }
      return methods;
    }
    const existing = this.patterns.find((p) => p.path === path);
    if (existing) return existing.methods;
    const wildcard = path.endsWith('/*');
    const segments = (wildcard ? path.slice(0, -2) : path)
      .split('/')
      .slice(1)
      .map((s) => {
        const param = /^\{(\w+)\}$/.exec(s);
        if (!param && s.includes('{')) throw new Error(`route ${path}: a parameter takes a whole segment`);
        return param ? `:${param[1]}` : s;
      });
    const pattern: Pattern = { path, segments, wildcard, methods: new Map() };
    this.patterns.push(pattern);
    return pattern.methods;
  }
}

function matchPattern(p: Pattern, path: string): Params | undefined {
  const parts = path.split('/').slice(1);
  if (p.wildcard ? parts.length <= p.segments.length : parts.length !== p.segments.length) return undefined;
  const params: Params = {};
  for (let i = 0; i < p.segments.length; i++) {
    const s = p.segments[i];
    if (s.startsWith(':')) {
      if (parts[i] === '') return undefined;
      params[s.slice(1)] = decode(parts[i]);
    } else if (s !== parts[i]) return undefined;
  }
  if (p.wildcard) params['*'] = parts.slice(p.segments.length).join('/');
  return params;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
