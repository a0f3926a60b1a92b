/**
 * Static files of the dashboard: our own client modules and CSS (src/web/assets) and the chart libraries
 * vega, vega-lite and vega-embed straight from node_modules — all local, so the dashboard makes no external
 * request. Files are read once, kept in memory with a gzip copy, and served with long-lived caching for the
 * versioned vendor files.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const HERE = dirname(fileURLToPath(import.meta.url));
const NODE_MODULES = join(HERE, '../../node_modules');

const VENDOR_FILES: Record<string, string> = {
  'vega.min.js': join(NODE_MODULES, 'vega/build/vega.min.js'),
  'vega-lite.min.js': join(NODE_MODULES, 'vega-lite/build/vega-lite.min.js'),
  'vega-embed.min.js': join(NODE_MODULES, 'vega-embed/build/vega-embed.min.js'),
};

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
};

interface Asset {
  body: Buffer;
  gzip: Buffer;
  type: string;
  cacheControl: string;
}

const cache = new Map<string, Asset | null>();

function load(path: string): Asset | null {
  if (cache.has(path)) return cache.get(path)!;
  let asset: Asset | null = null;
  const vendor = path.startsWith('vendor/') ? VENDOR_FILES[path.slice('vendor/'.length)] : undefined;
  const own = /^[a-z0-9-]+\.(js|css|svg)$/.test(path) ? join(HERE, 'assets', path) : undefined;
  const file = vendor ?? own;
  if (file && existsSync(file)) {
    const body = readFileSync(file);
    const ext = file.slice(file.lastIndexOf('.') + 1);
    asset = {
      body,
      gzip: gzipSync(body),
      type: TYPES[ext] ?? 'application/octet-stream',
      // our own files change with the code (no-cache: revalidate); vendor builds are pinned by the lockfile
      cacheControl: vendor ? 'public, max-age=86400' : 'no-cache',
    };
  }
  // misses are not remembered: any name can be asked for, and the cache must stay bounded
  if (asset) cache.set(path, asset);
  return asset;
}

/** Serves /assets/<path>; false when there is no such asset. */
export function serveAsset(req: IncomingMessage, res: ServerResponse, path: string): boolean {
  const asset = load(path);
  if (!asset) return false;
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const body = gzip ? asset.gzip : asset.body;
  res.writeHead(200, {
    'content-type': asset.type,
    'content-length': body.length,
    'cache-control': asset.cacheControl,
    vary: 'accept-encoding',
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}
