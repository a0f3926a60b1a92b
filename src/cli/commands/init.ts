/** `quadrant init`: writes a commented starter gateway.yaml (never over an existing file without --force). */
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('init')
    .description('write a commented gateway.yaml to start from')
    .option('--file <path>', 'where to write it', 'gateway.yaml')
    .option('--force', 'overwrite an existing file')
    .action(async (opts: { file: string; force?: boolean }) => {
      const { existsSync, writeFileSync } = await import('node:fs');
      const { QuadrantError } = await import('../../errors.ts');
      const { GATEWAY_YAML_TEMPLATE } = await import('../../gateway/config/gateway-yaml-template.ts');
      if (existsSync(opts.file) && !opts.force)
        throw new QuadrantError('invalid_argument', `${opts.file} exists; pass --force to overwrite it`);
      writeFileSync(opts.file, GATEWAY_YAML_TEMPLATE);
      process.stdout.write(
        `wrote ${opts.file}: set OPENAI_API_KEY and ANTHROPIC_API_KEY (or edit the providers), then run: quadrant serve --config ${opts.file}\n`,
      );
    });
}
