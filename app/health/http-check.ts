/**
 * HTTP health: GET the URL, expect a status, optionally a JSON field. Each
 * check uses its own connection (no agent, no keep-alive pool) and destroys it
 * when done, so an endpoint that accepts and never answers costs one socket
 * for at most the timeout, and nothing lingers after.
 */
import http from 'node:http';
import https from 'node:https';
import { checkJsonFields, type JsonFieldCheck } from './json-field.ts';
import { errorDetail, timedOut, type CheckResult } from './result.ts';

/** A health body larger than this is not a health body. */
const MAX_BODY_BYTES = 1024 * 1024;

export interface HttpCheckOptions {
  url: URL;
  expectStatus: number;
  json: JsonFieldCheck[];
  timeoutMs: number;
}

export function httpCheck(options: HttpCheckOptions): Promise<CheckResult> {
  return new Promise((resolve) => {
    const get = options.url.protocol === 'https:' ? https.get : http.get;
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
      const status = `HTTP ${response.statusCode ?? '?'}`;
      if (response.statusCode !== options.expectStatus) return finish({ ok: false, detail: status });
      const json = options.json;
      if (json.length === 0) return finish({ ok: true, detail: status });
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) return finish({ ok: false, detail: `${status}, body over ${MAX_BODY_BYTES} bytes` });
        chunks.push(chunk);
      });
      response.once('error', (error) => finish({ ok: false, detail: errorDetail(error) }));
      response.once('end', () => {
        const field = checkJsonFields(Buffer.concat(chunks).toString('utf8'), json);
        finish({ ok: field.ok, detail: field.ok ? `${status}, ${field.detail}` : field.detail });
      });
    });
  });
}
