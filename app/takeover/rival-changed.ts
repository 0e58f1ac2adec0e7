/** The rival is not what the plan showed (a crontab line edited, a pm2 app gone): nothing is changed. */
import { ApiError } from '../shared/api-error.ts';

export function rivalChanged(what: string): ApiError {
  return new ApiError('conflict', `${what}; nothing was changed (look at the new plan: upkeep takeover --dry-run)`);
}
