/**
 * launchd as a rival: plists in ~/Library/LaunchAgents, /Library/LaunchAgents
 * and /Library/LaunchDaemons whose ProgramArguments run the service, with
 * KeepAlive / RunAtLoad / StartInterval; XML read with `plist`, binary with
 * `bplist-parser`; whether each is loaded (and its pid) from `launchctl print`.
 */
import path from 'node:path';
import { parseBuffer } from 'bplist-parser';
import { parse as parseXmlPlist } from 'plist';
import { z } from '../zod.ts';
import { listDir, readBounded } from './bounded-read.ts';
import { copyUnder, fileScope, portEnvOf, startsTarget, type DetectContext, type RivalSource } from './context.ts';
import type { Finding } from './finding.ts';
import { sysPath } from './seams.ts';

const Agent = z.looseObject({
  Label: z.string().min(1),
  Program: z.string().optional(),
  ProgramArguments: z.array(z.string()).optional(),
  WorkingDirectory: z.string().optional(),
  KeepAlive: z.union([z.boolean(), z.record(z.string(), z.unknown())]).optional(),
  RunAtLoad: z.boolean().optional(),
  StartInterval: z.number().optional(),
  StartCalendarInterval: z.unknown().optional(),
  EnvironmentVariables: z.record(z.string(), z.string()).optional(),
});
type Agent = z.infer<typeof Agent>;

interface Folder {
  dir: string;
  home: boolean;
  daemon: boolean;
}

/** A plist file's contents: binary (`bplist00`) or XML. Throws with a reason. */
export function readPlist(data: Buffer): unknown {
  if (data.subarray(0, 8).toString('latin1') === 'bplist00') return parseBuffer(data)[0];
  const text = data.toString('utf8');
  if (!text.includes('<plist')) throw new Error('neither a binary nor an XML plist');
  return parseXmlPlist(text);
}

function argvOf(agent: Agent): string[] {
  if (agent.ProgramArguments && agent.ProgramArguments.length > 0) {
    return agent.Program ? [agent.Program, ...agent.ProgramArguments.slice(1)] : agent.ProgramArguments;
  }
  return agent.Program ? [agent.Program] : [];
}

function triggers(agent: Agent): string[] {
  const keep = agent.KeepAlive === true || (typeof agent.KeepAlive === 'object' && Object.keys(agent.KeepAlive).length > 0);
  return [
    keep ? 'KeepAlive' : '',
    agent.RunAtLoad ? 'RunAtLoad' : '',
    agent.StartInterval ? `StartInterval ${agent.StartInterval}s` : '',
    agent.StartCalendarInterval !== undefined ? 'StartCalendarInterval' : '',
  ].filter(Boolean);
}

/** `launchctl print DOMAIN/LABEL`: loaded or not, and the pid it runs; null when launchctl cannot say. */
async function loadedState(ctx: DetectContext, target: string): Promise<{ loaded: boolean; pid: number | null } | null> {
  const result = await ctx.seams.run('launchctl', ['print', target], { timeoutMs: Math.max(300, Math.min(2_000, ctx.deadline - Date.now())) });
  if (result.code === null) return null;
  const pid = /^\s*pid = (\d+)/m.exec(result.stdout)?.[1];
  return { loaded: result.code === 0, pid: pid ? Number(pid) : null };
}

export const launchdSource: RivalSource = async (ctx) => {
  const folders: Folder[] = [
    { dir: sysPath(ctx.seams, '~/Library/LaunchAgents'), home: true, daemon: false },
    { dir: sysPath(ctx.seams, '/Library/LaunchAgents'), home: false, daemon: false },
    { dir: sysPath(ctx.seams, '/Library/LaunchDaemons'), home: false, daemon: true },
  ];
  const findings: Finding[] = [];
  for (const folder of folders) {
    for (const name of listDir(folder.dir).filter((n) => n.endsWith('.plist'))) {
      const file = path.join(folder.dir, name);
      const read = readBounded(file);
      if (!read.ok) {
        ctx.note(`cannot read ${file}: ${read.reason}`);
        continue;
      }
      let agent: Agent;
      try {
        const parsed = Agent.safeParse(readPlist(read.data));
        if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.') || 'top level'}: ${i.message}`).join('; '));
        agent = parsed.data;
      } catch (error) {
        ctx.note(`${file}: not a launchd plist (${(error as Error).message})`);
        continue;
      }
      const argv = argvOf(agent);
      const cwd = agent.WorkingDirectory ?? '/';
      for (const target of ctx.targets) {
        if (argv.length === 0 || !startsTarget(argv, cwd, target)) continue;
        const domain = folder.daemon ? 'system' : `gui/${ctx.seams.uid}`;
        const state = await loadedState(ctx, `${domain}/${agent.Label}`);
        const copy = state?.pid ? copyUnder(ctx, target, state.pid) : null;
        const why = triggers(agent);
        const scope = folder.home ? fileScope(ctx, file) : 'system';
        const sudo = scope === 'system' ? 'sudo ' : '';
        const loaded = state === null ? 'loaded: unknown (launchctl not available)' : state.loaded ? `loaded${state.pid ? `, pid ${state.pid}` : ''}` : 'not loaded';
        findings.push({
          service: target.name,
          kind: 'launchd',
          pid: null,
          copyPid: copy?.pid ?? null,
          evidence: `launchd ${folder.daemon ? 'daemon' : 'agent'} ${agent.Label} (${file}): ${[...why, loaded].join(', ')}`,
          respawns: why.length > 0,
          fix: `unload it and keep it from loading again (launchctl bootout ${domain}/${agent.Label}, then launchctl disable ${domain}/${agent.Label}); the plist is kept; Upkeep runs it instead`,
          scope,
          commands: scope === 'system' ? [`${sudo}launchctl bootout ${domain}/${agent.Label}`, `${sudo}launchctl disable ${domain}/${agent.Label}`] : [],
          locator: { kind: 'launchd', plist: file, label: agent.Label, domain },
          definition: {
            name: agent.Label,
            command: argv,
            cwd: agent.WorkingDirectory ?? null,
            env: agent.EnvironmentVariables ?? {},
            ...portEnvOf(agent.EnvironmentVariables ?? {}),
            restart: agent.KeepAlive === true ? 'always' : typeof agent.KeepAlive === 'object' ? 'on-failure' : 'never',
          },
        });
      }
    }
  }
  return findings;
};
