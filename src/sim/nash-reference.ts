/**
 * The static Bertrand–Nash benchmark of a scenario's starting state: the prices every vendor would set for
 * its models (jointly, multi-product) given May-2024 qualities, serving costs, the calibrated ξ and the
 * buyer segments — to compare with the list prices the strategies actually play.
 */
import { solveBertrandNash } from './bertrand-nash.ts';
import type { SimModel } from './sim-model.ts';

export interface NashReference {
  products: Array<{
    id: string;
    vendor: string;
    list_price: number;
    nash_price: number;
    cost: number;
    nash_share: number;
  }>;
  outside_share: number;
  foc_residual: number;
  iterations: number;
  converged: boolean;
}

export function nashReference(m: SimModel): NashReference {
  const segments = Array.from({ length: m.S }, (_, s) => ({
    weight: m.weight[s],
    alpha: m.alpha[s],
    outsideUtility: m.outsideUtility[s],
    delta: Float64Array.from(
      { length: m.J },
      (_, j) => m.beta[s] * m.quality0[j] + m.xi[j] - m.regionPenalty[s * m.V + m.productVendor[j]],
    ),
  }));
  const sol = solveBertrandNash({ costs: m.cost0, firm: m.productVendor, segments }, { start: m.price0 });
  return {
    products: m.productIds.map((id, j) => ({
      id,
      vendor: m.vendorIds[m.productVendor[j]],
      list_price: m.price0[j],
      nash_price: sol.prices[j],
      cost: m.cost0[j],
      nash_share: sol.shares[j],
    })),
    outside_share: sol.outsideShare,
    foc_residual: sol.focResidual,
    iterations: sol.iterations,
    converged: sol.converged,
  };
}
