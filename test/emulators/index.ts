/**
 * Loopback provider emulators speaking each provider's exact wire format.
 *
 * @example
 * const emu = await startEmulator('anthropic');
 * emu.setFault({ type: 'status', status: 529, times: 1 });
 * // configure the gateway upstream with baseUrl emu.url …
 * await emu.close();
 * @module
 */

import { anthropicEmulator } from './anthropic-emulator.ts';
import { dashScopeEmulator } from './dashscope-emulator.ts';
import { type ProviderEmulator, startEmulatorServer } from './emulator-server.ts';
import type { EmulatorHandle, EmulatorKind, EmulatorOptions } from './emulator-types.ts';
import { geminiEmulator } from './gemini-emulator.ts';
import { openAIStyleEmulator } from './openai-style-emulator.ts';

export type * from './emulator-types.ts';

const FACTORIES: Partial<Record<EmulatorKind, () => ProviderEmulator>> = {
  openai: () => openAIStyleEmulator('openai', 'openai'),
  anthropic: () => anthropicEmulator(),
  gemini: () => geminiEmulator(),
  'openai-compatible': () => openAIStyleEmulator('openai-compatible', 'openai'),
  deepseek: () => openAIStyleEmulator('deepseek', 'deepseek'),
  zhipu: () => openAIStyleEmulator('zhipu', 'zhipu'),
  ark: () => openAIStyleEmulator('ark', 'ark'),
  dashscope: () => dashScopeEmulator(),
};

export async function startEmulator(
  kind: EmulatorKind,
  options: EmulatorOptions = {},
): Promise<EmulatorHandle> {
  const factory = FACTORIES[kind];
  if (!factory) throw new Error(`no emulator for ${kind}`);
  return startEmulatorServer(factory(), options);
}

export type AllEmulators = Record<EmulatorKind, EmulatorHandle> & { close(): Promise<void> };

/** One emulator per provider kind, on ephemeral ports. */
export async function startAllEmulators(): Promise<AllEmulators> {
  const kinds = Object.keys(FACTORIES) as EmulatorKind[];
  const handles = await Promise.all(kinds.map((kind) => startEmulator(kind)));
  const all = Object.fromEntries(kinds.map((kind, index) => [kind, handles[index]])) as Record<
    EmulatorKind,
    EmulatorHandle
  >;
  return Object.assign(all, {
    close: async () => {
      await Promise.all(handles.map((handle) => handle.close()));
    },
  });
}
