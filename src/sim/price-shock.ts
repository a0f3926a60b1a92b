/**
 * `--shock "vendor:model:-40%:2024-09"` — a one-line what-if: at the re-pricing of that month the model's list
 * price changes by the percentage (then its strategy carries on from the new price). Several shocks: repeat the
 * flag or separate them with commas.
 */
import { QuadrantError } from '../errors.ts';
import { monthsBetween } from './backtest.ts';
import type { Scenario } from './scenario-schema.ts';

export interface ShockSpec {
  vendor: string;
  model: string;
  /** Price multiplier (−40% → 0.6). */
  factor: number;
  /** Simulation month index (1 = the first re-pricing after the start). */
  month: number;
  label: string;
}

const SHAPE = /^([^:]+):([^:]+):([+-]?\d+(?:\.\d+)?)%:(\d{4}-(?:0[1-9]|1[0-2]))$/;

export function parseShock(text: string, sc: Scenario, months: number): ShockSpec {
  const bad = (why: string): never => {
    throw new QuadrantError('invalid_argument', `--shock "${text}": ${why}`, { param: 'shock' });
  };
  const m = SHAPE.exec(text.trim());
  if (!m) return bad('expected vendor:model:±PCT%:YYYY-MM, e.g. "alibaba:qwen-max:-40%:2024-09"');
  const [, vendorId, modelId, pctText, month] = m;
  const vendor = sc.vendors.find((v) => v.id === vendorId);
  if (!vendor) return bad(`no vendor "${vendorId}" (vendors: ${sc.vendors.map((v) => v.id).join(', ')})`);
  if (!vendor.models.some((x) => x.id === modelId)) {
    return bad(
      `vendor ${vendorId} has no model "${modelId}" (models: ${vendor.models.map((x) => x.id).join(', ')})`,
    );
  }
  const pct = Number(pctText);
  if (!(pct > -100) || pct > 1000) return bad('the change must be above −100% and at most +1000%');
  const t = monthsBetween(sc.start.slice(0, 7), month);
  if (t < 1 || t > months) {
    return bad(
      `month ${month} is outside the simulated months after the start (${sc.start.slice(0, 7)}, ${months} months)`,
    );
  }
  return { vendor: vendorId, model: modelId, factor: 1 + pct / 100, month: t, label: text.trim() };
}

export function parseShocks(values: string[] | undefined, sc: Scenario, months: number): ShockSpec[] {
  return (values ?? [])
    .flatMap((v) => v.split(','))
    .filter((v) => v.trim() !== '')
    .map((v) => parseShock(v, sc, months));
}
