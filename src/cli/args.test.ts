import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, formatFlags, UsageError, type FlagSpecs } from './args.ts';
import { splitKubectlArgs } from './kubectl.ts';
import { formatTtl, formatTokenTable } from './token.ts';

const specs: FlagSpecs = {
  port: { type: 'string', default: '6443', help: 'port' },
  name: { type: 'string', help: 'name' },
  quiet: { type: 'boolean', help: 'quiet' },
};

test('parseArgs handles values, =values, booleans, defaults, positionals and --', () => {
  const a = parseArgs(['create', '--port', '1', '--name=x=y', '--quiet', 'extra', '--', '--port'], specs);
  assert.deepEqual(a.flags, { port: '1', name: 'x=y', quiet: true });
  assert.deepEqual(a.positional, ['create', 'extra', '--port']);
  assert.equal(a.help, false);
  const d = parseArgs(['-h'], specs);
  assert.deepEqual(d.flags, { port: '6443', name: undefined, quiet: false });
  assert.equal(d.help, true);
  assert.equal(parseArgs(['--quiet=false'], specs).flags.quiet, false);
});

test('parseArgs rejects unknown flags, single-dash long flags and missing values', () => {
  assert.throws(() => parseArgs(['--nope'], specs), (e: Error) => e instanceof UsageError && e.message === 'unknown flag: --nope');
  assert.throws(() => parseArgs(['--nope=1'], specs), /unknown flag: --nope$/);
  assert.throws(() => parseArgs(['-port', '1'], specs), /unknown flag: -port/);
  assert.throws(() => parseArgs(['--port'], specs), /flag needs an argument: --port/);
  assert.throws(() => parseArgs(['--port', '--quiet'], specs), /flag needs an argument: --port/);
  assert.throws(() => parseArgs(['--quiet=maybe'], specs), /expected true or false/);
});

test('formatFlags lists flags with defaults', () => {
  const text = formatFlags(specs);
  assert.match(text, /^Flags:\n/);
  assert.match(text, /--port string +port \(default "6443"\)/);
  assert.match(text, /--quiet +quiet$/m);
  assert.match(text, /-h, --help +help for this command/);
});

test('splitKubectlArgs takes only a leading --data-dir', () => {
  assert.deepEqual(splitKubectlArgs(['--data-dir', '/d', 'get', 'pods']), { dataDir: '/d', rest: ['get', 'pods'] });
  assert.deepEqual(splitKubectlArgs(['--data-dir=/d', '-n', 'x']), { dataDir: '/d', rest: ['-n', 'x'] });
  assert.deepEqual(splitKubectlArgs(['get', '--data-dir', '/d']).rest, ['get', '--data-dir', '/d']);
  assert.throws(() => splitKubectlArgs(['--data-dir']), UsageError);
});

test('token TTLs and table print like kubeadm', () => {
  const now = Date.UTC(2026, 0, 1);
  const tok = { id: 'abcdef', secret: '0123456789abcdef', usages: ['authentication', 'signing'], groups: ['g'] };
  assert.equal(formatTtl({ ...tok, expires: now + 23.5 * 3600e3 }, now), '23h');
  assert.equal(formatTtl({ ...tok, expires: now + 90e3 }, now), '1m');
  assert.equal(formatTtl({ ...tok, expires: now + 3 * 86400e3 }, now), '3d');
  assert.equal(formatTtl({ ...tok, expires: now - 1 }, now), '<invalid>');
  assert.equal(formatTtl(tok, now), '<forever>');
  const table = formatTokenTable([{ ...tok, expires: now + 86400e3 }], now);
  assert.equal(table.split('\n')[1], 'abcdef.0123456789abcdef   1d    2026-01-02T00:00:00Z   authentication,signing   <none>        g');
});
