/**
 * A bounded, in-memory cache of the Responses API output items the gateway produced (message and
 * function_call items), so that clients which send `item_reference`s to earlier output (the AI SDK does with
 * its default `store: true`) keep working without a response store. Per API key, least recently used first out.
 * @module
 */
import { isObject, type JsonObject } from '../../providers/shared/json.ts';

export class ResponseItemCache {
  private readonly items = new Map<string, JsonObject>();

  constructor(private readonly capacity = 10_000) {}

  private key(owner: string, id: string): string {
    return `${owner}\u0000${id}`;
  }

  /** Remembers a response's output items under their ids. */
  remember(owner: string, output: unknown): void {
    if (!Array.isArray(output)) return;
    for (const item of output) {
      if (!isObject(item) || typeof item.id !== 'string') continue;
      const k = this.key(owner, item.id);
      this.items.delete(k);
      this.items.set(k, item);
      if (this.items.size > this.capacity) {
        const oldest = this.items.keys().next().value;
        if (oldest !== undefined) this.items.delete(oldest);
      }
    }
  }

  get(owner: string, id: string): JsonObject | undefined {
    return this.items.get(this.key(owner, id));
  }
}
