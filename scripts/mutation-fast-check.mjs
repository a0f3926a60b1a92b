// Preloaded into every test process that Stryker starts (stryker.config.mjs, tap.nodeArgs). A mutant only needs
// to be detected: a failing property stops at its first counterexample instead of shrinking it, and tests that
// read QUADRANT_PROPERTY_RUNS_CAP (the Nash solver's) run fewer cases. Stryker stops a mutant that loops forever
// after 100× the calls the original made (its hit limit), so fewer cases also turn such mutants into quick kills
// instead of timeouts.
import fc from 'fast-check';

fc.configureGlobal({ ...fc.readConfigureGlobal(), endOnFailure: true });
process.env.QUADRANT_PROPERTY_RUNS_CAP ??= '40';
