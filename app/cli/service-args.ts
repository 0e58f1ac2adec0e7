/** Names and targets typed on the command line, checked with the API's own schemas. */
import { describeIssues, ServiceName, Target } from '../api.ts';
import { UsageError } from './errors.ts';

export function serviceNameArgument(text: string): string {
  const parsed = ServiceName.safeParse(text);
  if (!parsed.success) throw new UsageError(`bad service name "${text}": ${describeIssues(parsed.error)}`);
  return parsed.data;
}

export function targetArgument(text: string): string {
  const parsed = Target.safeParse(text);
  if (!parsed.success) throw new UsageError(`bad service name "${text}": use a service name or "all"`);
  return parsed.data;
}
