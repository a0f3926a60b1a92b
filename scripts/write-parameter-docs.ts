// Rewrites docs/provider-parameters.md from the providers' parameter tables.
import { writeFileSync } from 'node:fs';
import { providerParametersPage } from '../src/providers/parameter-docs.ts';

writeFileSync(new URL('../docs/provider-parameters.md', import.meta.url), providerParametersPage());
console.log('wrote docs/provider-parameters.md');
