/**
 * The simulated runtime with what kubelet hook and kill tests need and it
 * lacks: ExecSync answered by a script (the simulation has no processes to
 * exec in), and a log of exec and stop calls in order, so a test can see
 * that a preStop hook ran before the stop signal and with which timeout.
 */
import { FakeRuntime, type FakeRuntimeConfig } from '../../runtime/fake/fake-runtime.ts';

/** One exec or stop, in the order the kubelet made them. */
export type HookCall = { op: 'exec'; containerId: string; cmd: string[] } | { op: 'stop'; containerId: string; timeoutSeconds: number };

/** How an exec answers: its exit code and output, or a promise of them (one that never settles hangs the hook). */
export type ExecScript = (cmd: string[]) => { exitCode: number; stdout?: string; stderr?: string } | Promise<{ exitCode: number; stdout?: string; stderr?: string }>;

/** FakeRuntime + scripted execSync + a call log. */
export class HookRuntime extends FakeRuntime {
  readonly calls: HookCall[] = [];

  constructor(cfg: FakeRuntimeConfig, private readonly script: ExecScript = () => ({ exitCode: 0 })) {
    super(cfg);
  }

  async execSync(containerId: string, cmd: string[]): Promise<{ stdout: Buffer; stderr: Buffer; exitCode: number }> {
    this.calls.push({ op: 'exec', containerId, cmd });
    const r = await this.script(cmd);
    return { exitCode: r.exitCode, stdout: Buffer.from(r.stdout ?? ''), stderr: Buffer.from(r.stderr ?? '') };
  }

  override async stopContainer(containerId: string, timeoutSeconds: number): Promise<void> {
    this.calls.push({ op: 'stop', containerId, timeoutSeconds });
    return super.stopContainer(containerId, timeoutSeconds);
  }
}
