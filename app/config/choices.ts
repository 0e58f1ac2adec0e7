/** The fixed choices of a definition's fields, without zod, so the CLI's help and completion name the same ones the schema accepts. */
export const RESTART_POLICIES = ['always', 'on-failure', 'never'] as const;
export const PORT_CONFLICT_CHOICES = ['ask', 'reassign', 'stop-stale'] as const;
export const STOP_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGKILL'] as const;
