/**
 * Outbound NAT for the node's pods: one iptables chain, K8TS-POSTROUTING,
 * masquerades traffic from the pod CIDR to anywhere outside it (multicast
 * excepted), as flannel's and k3s's node agents install it once per node.
 * The bridge plugin's own ipMasq would do the same with a chain per pod:
 * about nine iptables executions for every sandbox created or removed,
 * each reading the whole ruleset, which was the largest single cost of
 * starting a burst of pods after runc itself.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

/**
 * A command prefix, e.g. ['nsenter', '--net=/run/netns/x'] (tests run the
 * rules inside a network namespace of their own); empty on a node.
 */
export type CommandPrefix = string[];

function runner(prefix: CommandPrefix) {
  return (cmd: string, args: string[]) => (prefix.length ? execFileP(prefix[0] as string, [...prefix.slice(1), cmd, ...args]) : execFileP(cmd, args));
}

/** The nat chain k8ts owns. */
export const MASQ_CHAIN = 'K8TS-POSTROUTING';
const JUMP_COMMENT = 'k8ts: masquerade pod traffic leaving the pod network';

/** The iptables-restore input that (re)defines the chain for `podCIDR`. */
export function masqueradeRules(podCIDR: string): string {
  return [
    '*nat',
    // Declaring the chain flushes it under --noflush: a changed pod CIDR leaves no stale rule.
    `:${MASQ_CHAIN} - [0:0]`,
    `-A ${MASQ_CHAIN} -d ${podCIDR} -j RETURN`,
    `-A ${MASQ_CHAIN} -d 224.0.0.0/4 -j RETURN`,
    `-A ${MASQ_CHAIN} -j MASQUERADE`,
    'COMMIT',
    '',
  ].join('\n');
}

/** The POSTROUTING rule that sends pod traffic to the chain (arguments after -A/-C/-D POSTROUTING). */
export function jumpRule(podCIDR: string): string[] {
  return ['-s', podCIDR, '-m', 'comment', '--comment', JUMP_COMMENT, '-j', MASQ_CHAIN];
}

/**
 * Install (idempotently) the masquerade chain for `podCIDR` and the jump to
 * it; jumps for another (old) pod CIDR are removed.
 */
export async function ensurePodMasquerade(podCIDR: string, prefix: CommandPrefix = []): Promise<void> {
  const run = runner(prefix);
  const restore = [...prefix, 'iptables-restore', '--noflush', '-w'];
  await new Promise<void>((resolve, reject) => {
    const p = execFile(restore[0] as string, restore.slice(1), (err, _o, stderr) => (err ? reject(new Error(`iptables-restore: ${stderr || err.message}`)) : resolve()));
    p.stdin?.end(masqueradeRules(podCIDR));
  });
  for (const old of await jumpSources(prefix)) {
    if (old !== podCIDR) await run('iptables', ['-w', '-t', 'nat', '-D', 'POSTROUTING', ...jumpRule(old)]).catch(() => undefined);
  }
  const present = await run('iptables', ['-w', '-t', 'nat', '-C', 'POSTROUTING', ...jumpRule(podCIDR)]).then(() => true, () => false);
  if (!present) await run('iptables', ['-w', '-t', 'nat', '-A', 'POSTROUTING', ...jumpRule(podCIDR)]);
}

/** Source CIDRs of the POSTROUTING rules that jump to the chain. */
async function jumpSources(prefix: CommandPrefix): Promise<string[]> {
  const saved = await runner(prefix)('iptables-save', ['-t', 'nat']).then((r) => r.stdout, () => '');
  const out: string[] = [];
  for (const line of saved.split('\n')) {
    if (!line.startsWith('-A POSTROUTING ') || !line.endsWith(`-j ${MASQ_CHAIN}`)) continue;
    const src = /-s (\S+)/.exec(line)?.[1];
    if (src) out.push(src);
  }
  return out;
}

/** Remove the jumps and the chain (`k8ts reset`); resolves with the number of rules removed. */
export async function removePodMasquerade(prefix: CommandPrefix = []): Promise<number> {
  const run = runner(prefix);
  let removed = 0;
  for (const src of await jumpSources(prefix)) {
    if (await run('iptables', ['-w', '-t', 'nat', '-D', 'POSTROUTING', ...jumpRule(src)]).then(() => true, () => false)) removed++;
  }
  await run('iptables', ['-w', '-t', 'nat', '-F', MASQ_CHAIN]).catch(() => undefined);
  await run('iptables', ['-w', '-t', 'nat', '-X', MASQ_CHAIN]).catch(() => undefined);
  return removed;
}
