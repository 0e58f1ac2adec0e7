/**
 * The macOS parsers on output printed by real Macs, copied verbatim from
 * public sources (each named beside its sample). What is checked is the
 * layout macOS prints: right-aligned columns, commands with spaces and
 * parentheses, lsof's one-field-per-line sets.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLsofHolders, parseLsofListeners } from '../../app/os/lsof-output.ts';
import { parsePsTable } from '../../app/os/ps-output.ts';

test('BSD ps columns from a Mac parse: pid, ppid, the third column, the command with its spaces', () => {
  // github.com/yibn2008/find-process, example/process.md, "MacOSX (darwin)":
  // `ps -ax -ww -o pid,ppid,uid,gid,args`. Its third column is the uid where
  // we ask for the pgid, and its gid leads the command: same layout, other columns.
  const sample = [
    '  PID  PPID   UID   GID ARGS',
    '    1     0     0     0 /sbin/launchd',
    '   44     1     0     0 /usr/sbin/syslogd',
    '   45     1     0     0 /usr/libexec/UserEventAgent (System)',
    '   50     1     0     0 /opt/cisco/anyconnect/bin/vpnagentd -execv_instance',
    '   53     1    55    55 /System/Library/CoreServices/appleeventsd --server',
  ].join('\n');
  const table = parsePsTable(sample);
  assert.deepEqual(
    table.map((e) => [e.pid, e.ppid, e.pgid, e.argv]),
    [
      [1, 0, 0, ['0', '/sbin/launchd']],
      [44, 1, 0, ['0', '/usr/sbin/syslogd']],
      [45, 1, 0, ['0', '/usr/libexec/UserEventAgent', '(System)']],
      [50, 1, 0, ['0', '/opt/cisco/anyconnect/bin/vpnagentd', '-execv_instance']],
      [53, 1, 55, ['55', '/System/Library/CoreServices/appleeventsd', '--server']],
    ],
    'the header line is skipped; every row is read',
  );
});

// github.com/allyring/pvw issue #1 ("Does this work on a mac?"), a Mac user's
// `lsof -F` output (fields p, c, L, f, P, n), some of its process sets, each verbatim.
const PVW_MAC_LSOF = [
  'p224', 'cloginwindow', 'Ldolevh', 'f10', 'PUDP', 'n*:*',
  'p783', 'crapportd', 'Ldolevh', 'f3', 'PTCP', 'n*:57607', 'f4', 'PTCP', 'n*:57607', 'f5', 'PUDP', 'n*:*', 'f6', 'PUDP', 'n*:*', 'f10', 'PUDP', 'n*:*', 'f13', 'PUDP', 'n*:*',
  'p792', 'cidentityservicesd', 'Ldolevh', 'f23', 'PUDP', 'n*:*', 'f28', 'PUDP', 'n*:*',
  'p797', 'citunescloudd', 'Ldolevh', 'f10', 'PTCP', 'n192.168.1.226:58641->2.17.172.24:443',
  'p866', 'cControlCenter', 'Ldolevh', 'f16', 'PUDP', 'n*:*', 'f19', 'PTCP', 'n*:5000', 'f20', 'PTCP', 'n*:7000', 'f21', 'PTCP', 'n*:7000', 'f22', 'PTCP', 'n*:5000', 'f28', 'PUDP', 'n*:*',
  'p942', 'cSlack Helper', 'Ldolevh', 'f21', 'PTCP', 'n192.168.1.226:58631->54.217.83.249:443',
  'p1006', 'cNotion Helper', 'Ldolevh', 'f21', 'PTCP', 'n192.168.1.226:58655->104.18.7.183:443', 'f23', 'PTCP', 'n127.0.0.1:57580->127.0.0.1:49233',
].join('\n');

test('lsof -F names from a Mac: bound ports are listeners, connections and unbound sockets are not', () => {
  // Asked with -sTCP:LISTEN lsof prints only the listeners; this sample was
  // taken without it, which shows that the rest would not be misread either.
  assert.deepEqual(
    parseLsofListeners(PVW_MAC_LSOF).map((l) => `${l.address}:${l.port}`),
    ['0.0.0.0:57607', '0.0.0.0:57607', '0.0.0.0:5000', '0.0.0.0:7000', '0.0.0.0:7000', '0.0.0.0:5000'],
  );
});

test('lsof -F process sets from a Mac: one holder per p line, command names with spaces ignored', () => {
  assert.deepEqual(
    parseLsofHolders(PVW_MAC_LSOF).map((h) => h.pid),
    [224, 783, 792, 797, 866, 942, 1006],
  );
  assert.ok(parseLsofHolders(PVW_MAC_LSOF).every((h) => h.ppid === 0), 'no R field asked: parents unknown');
});
