// Preloaded into every test process that Stryker starts (stryker.config.mjs, tap.nodeArgs): a property that
// fails stops at its first counterexample instead of shrinking it. A mutant only needs to be detected; shrinking
// a counterexample of the Nash solver (10,000 iterations per failing solve) turned kills into timeouts.
import fc from 'fast-check';

fc.configureGlobal({ ...fc.readConfigureGlobal(), endOnFailure: true });
