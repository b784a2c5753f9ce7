import type { Formatters } from '../../shared/i18n/format.js';

/** How each resource's quantity reads: CPU in percent of a core, memory and disk in Pterodactyl's MiB. */
export const resourceFormat = (fmt: Formatters) => ({
  cpu: fmt.percent,
  memory: fmt.mib,
  disk: fmt.mib,
  servers: (value: number) => fmt.number(value),
});
