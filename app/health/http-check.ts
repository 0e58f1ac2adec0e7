/**
 * HTTP health: GET the URL, expect a status, optionally JSON conditions. Each
 * check uses its own connection (no agent, no keep-alive pool) and destroys it
 * when done, so an endpoint that accepts and never answers costs one socket
 * for at most the timeout, and nothing lingers after. The body is read even
 * when the status is wrong: a 503's body is usually where the reason is.
 */
import { asList } from '../shared/json-value.ts';
import { http, https } from '../node-http.ts';
import type { HealthCondition, JsonScalar } from '../api.ts';
import { describeCondition, failingComponents } from '../shared/health-text.ts';
import { evaluateConditions, flattenComponents, isJson, parseBody, type JsonFieldCheck } from './json-field.ts';
import { errorDetail, timedOut, type CheckResult } from './result.ts';

/** A health body larger than this is not a health body. */
const MAX_BODY_BYTES = 1024 * 1024;
/** The excerpt of the body kept for status. */
export const BODY_EXCERPT_BYTES = 2048;
export interface HttpCheckOptions {
  url: URL;
  expectStatus: number;
  json?: JsonFieldCheck | JsonFieldCheck[];
  timeoutMs: number;
}

/** What an http check saw beyond ok and the one line. */
export interface HttpFacts {
  status: number;
  conditions: HealthCondition[];
  components: Record<string, JsonScalar>;
  body: string;
}

function excerpt(body: Buffer): string {
  // Cut on a character boundary: a multi-byte character split in two would show as garbage.
  return body.subarray(0, BODY_EXCERPT_BYTES).toString('utf8').replace(/\uFFFD+$/, '');
}

/** The one line: the status when it is wrong, then the conditions that failed, or the components that look down. */
function summarise(status: number, expectStatus: number, conditions: HealthCondition[], components: Record<string, JsonScalar>, json: boolean): string {
  const statusText = `HTTP ${status}`;
  const failed = conditions.filter((c) => !c.ok);
  const statusOk = status === expectStatus;
  if (statusOk && conditions.length === 0) return statusText;
  if (conditions.length > 0 && !json) return statusOk ? 'body is not JSON' : `${statusText}; body is not JSON`;
  if (statusOk && failed.length === 0) return `${statusText}, ${conditions.map(describeCondition).join(', ')}`;
  const why = failed.length > 0 ? failed.map(describeCondition) : failingComponents(components);
  if (statusOk) return why.join('; ');
  return why.length > 0 ? `${statusText}; ${why.join('; ')}` : statusText;
}

export function httpCheck(options: HttpCheckOptions): Promise<CheckResult> {
  const checks = asList(options.json);
  return new Promise((resolve) => {
    const get = options.url.protocol === 'https:' ? https().get : http.get;
    const request = get(options.url, { agent: false, headers: { accept: 'application/json, */*', 'user-agent': 'upkeep-health' } });
    let settled = false;
    const finish = (result: CheckResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish(timedOut(options.timeoutMs)), options.timeoutMs);
    request.once('error', (error) => finish({ ok: false, detail: errorDetail(error) }));
    request.once('response', (response) => {
      const status = response.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) return finish({ ok: false, detail: `HTTP ${status}, body over ${MAX_BODY_BYTES} bytes` });
        chunks.push(chunk);
      });
      response.once('error', (error) => finish({ ok: false, detail: errorDetail(error) }));
      response.once('end', () => {
        const raw = Buffer.concat(chunks);
        const parsed = parseBody(raw.toString('utf8'));
        const conditions = evaluateConditions(parsed, checks);
        const components = flattenComponents(parsed);
        const ok = status === options.expectStatus && conditions.every((c) => c.ok);
        const detail = summarise(status, options.expectStatus, conditions, components, isJson(parsed));
        finish({ ok, detail, http: { status, conditions, components, body: excerpt(raw) } });
      });
    });
  });
}
