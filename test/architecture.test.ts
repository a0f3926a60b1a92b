/**
 * The layering of src/ (README, "Layout"): a module imports only its own folder or modules of a lower layer
 * — never a higher one and never a peer of the same layer — and no file takes part in an import cycle
 * (type-only imports included). A new top-level folder or file under src/ must be given a layer here.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

/** Lowest first. Modules of one layer are peers: they do not import each other. */
const LAYERS: readonly (readonly string[])[] = [
  ['errors.ts'],
  [
    'read-text-file.ts',
    'module-ext.ts',
    'describe-path.ts',
    'operations-source.ts',
    'spread.ts',
    'unique-id.ts',
  ],
  ['pricing', 'store', 'http', 'providers'],
  ['catalog', 'inbound'],
  ['tokenize'],
  ['analysis'],
  ['charts'],
  ['sim', 'router'],
  ['gateway', 'web'],
  ['server'],
  ['cli'],
];

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (/\.(ts|mts|mjs|js)$/.test(name) && !/\.test\.ts$/.test(name)) out.push(path);
  }
  return out;
}

const IMPORT =
  /\b(?:import|export)\s+(?:type\s+)?(?:[\w$*{}\s,]+?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]|\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/** file (relative to src/) → the src/ files it imports. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    const deps: string[] = [];
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2];
      const target = relative(SRC, resolve(dirname(file), spec));
      if (!target.startsWith('..')) deps.push(target);
    }
    graph.set(relative(SRC, file), deps);
  }
  return graph;
}

const moduleOf = (file: string) => file.split('/')[0];

function layerOf(module: string): number {
  return LAYERS.findIndex((layer) => layer.includes(module));
}

const graph = importGraph();

test('every top-level module of src/ has a declared layer', () => {
  const undeclared = [...new Set([...graph.keys()].map(moduleOf))].filter((m) => layerOf(m) === -1);
  assert.deepEqual(
    undeclared,
    [],
    `give these a layer in test/architecture.test.ts and README's Layout: ${undeclared.join(', ')}`,
  );
});

/** Imports from one module to another of the same or a higher layer. */
function backArrows(g: Map<string, string[]>): string[] {
  const wrong: string[] = [];
  for (const [file, deps] of g) {
    const from = moduleOf(file);
    for (const dep of deps) {
      const to = moduleOf(dep);
      if (to !== from && layerOf(to) >= layerOf(from)) {
        wrong.push(`${file} → ${dep} (${from}: layer ${layerOf(from)}, ${to}: layer ${layerOf(to)})`);
      }
    }
  }
  return wrong;
}

test('imports only point down the layers (no back-arrow, no peer import)', () => {
  const wrong = backArrows(graph);
  assert.deepEqual(wrong, [], `imports against the layer order:\n${wrong.join('\n')}`);
});

/** Strongly connected components with more than one file (Tarjan). */
function cycles(g: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of g.get(v) ?? []) {
      if (!g.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      const selfLoop = component.length === 1 && (g.get(v) ?? []).includes(v);
      if (component.length > 1 || selfLoop) found.push(component.sort());
    }
  };
  for (const v of g.keys()) if (!index.has(v)) visit(v);
  return found;
}

test('no import cycle between files', () => {
  const found = cycles(graph);
  assert.deepEqual(found, [], `import cycles:\n${found.map((c) => c.join(' ↔ ')).join('\n')}`);
});

test('the checks see a cycle, a back-arrow and a peer import when there is one', () => {
  const g = new Map([
    ['catalog/a.ts', ['catalog/b.ts', 'pricing/money.ts']],
    ['catalog/b.ts', ['catalog/a.ts']],
    ['pricing/money.ts', ['catalog/a.ts']],
    ['gateway/x.ts', ['web/y.ts']],
  ]);
  assert.deepEqual(cycles(g), [['catalog/a.ts', 'catalog/b.ts', 'pricing/money.ts']]);
  assert.equal(backArrows(g).length, 2);
  assert.ok(graph.get('gateway/start-gateway.ts')?.length, 'the import scan finds imports');
});
