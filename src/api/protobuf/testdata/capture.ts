/**
 * Regenerates the golden fixtures of this folder from the real kubectl (1.32):
 * for each case it runs the command with `-v=9`, parses the hex dump of the
 * protobuf request body that kubectl logs, and writes `<case>.bin`; for cases
 * that support it, `--dry-run=client -o json` gives `<case>.json`, the object
 * kubectl would have sent as JSON. `create token` has no client dry-run, so
 * `token*.json` are written by hand from the Go types' JSON tags.
 *
 * Needs a running k8ts (or any) API server; the request itself may fail
 * (e.g. 415), only the logged body matters.
 *
 *   KUBECONFIG=/tmp/x/admin.conf node --import tsx src/api/protobuf/testdata/capture.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'pb-capture-'));
const binFile = join(tmp, 'blob.bin');
writeFileSync(binFile, Buffer.from([0x00, 0xff, 0xfe, 0x01, 0x62, 0x69, 0x6e]));
// A throwaway self-signed certificate for `create secret tls`.
spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
  '-keyout', join(tmp, 'tls.key'), '-out', join(tmp, 'tls.crt'), '-days', '3650', '-subj', '/CN=example.test']);

/** name -> kubectl arguments; `json: false` when there is no client dry-run. */
const CASES: Array<{ name: string; args: string[]; json?: boolean }> = [
  { name: 'configmap', args: ['create', 'configmap', 'cm1', '--from-literal=a=b', '--from-literal=c=', `--from-file=blob=${binFile}`] },
  { name: 'secret-generic', args: ['create', 'secret', 'generic', 's1', '--from-literal=user=admin', '--from-literal=empty=', '--type=Opaque'] },
  { name: 'secret-tls', args: ['create', 'secret', 'tls', 't1', `--cert=${join(tmp, 'tls.crt')}`, `--key=${join(tmp, 'tls.key')}`] },
  { name: 'secret-docker-registry', args: ['create', 'secret', 'docker-registry', 'd1', '--docker-server=reg.example', '--docker-username=u', '--docker-password=p', '--docker-email=e@x'] },
  { name: 'namespace', args: ['create', 'namespace', 'ns1'] },
  { name: 'serviceaccount', args: ['create', 'serviceaccount', 'sa1'] },
  { name: 'deployment', args: ['create', 'deployment', 'web', '--image=nginx:1.27', '--port=80', '--replicas=2', '--', 'sleep', '3600'] },
  { name: 'deployment-multi', args: ['create', 'deployment', 'multi', '--image=nginx', '--image=busybox'] },
  { name: 'service-clusterip', args: ['create', 'service', 'clusterip', 'c1', '--tcp=80:8080', '--tcp=443:https'] },
  { name: 'service-headless', args: ['create', 'service', 'clusterip', 'h1', '--clusterip=None'] },
  { name: 'service-nodeport', args: ['create', 'service', 'nodeport', 'np1', '--tcp=80:8080', '--node-port=30080'] },
  { name: 'service-loadbalancer', args: ['create', 'service', 'loadbalancer', 'lb1', '--tcp=5678:8080'] },
  { name: 'service-externalname', args: ['create', 'service', 'externalname', 'en1', '--external-name=example.com'] },
  { name: 'job', args: ['create', 'job', 'j1', '--image=busybox', '--', 'echo', 'hi'] },
  { name: 'cronjob', args: ['create', 'cronjob', 'cj1', '--image=busybox', '--schedule=*/5 * * * *', '--restart=OnFailure', '--', 'date'] },
  { name: 'role', args: ['create', 'role', 'r1', '--verb=get,list', '--resource=pods,deployments.apps,pods/log', '--resource-name=x'] },
  { name: 'clusterrole', args: ['create', 'clusterrole', 'cr1', '--verb=get', '--non-resource-url=/logs/*', '--non-resource-url=/healthz'] },
  { name: 'clusterrole-resources', args: ['create', 'clusterrole', 'cr2', '--verb=get,watch', '--resource=nodes,deployments.apps/scale'] },
  { name: 'clusterrole-aggregation', args: ['create', 'clusterrole', 'agg', '--aggregation-rule=rbac.example.com/aggregate=true'] },
  { name: 'rolebinding', args: ['create', 'rolebinding', 'rb1', '--role=r1', '--user=u1', '--group=g1', '--serviceaccount=default:sa1'] },
  { name: 'clusterrolebinding', args: ['create', 'clusterrolebinding', 'crb1', '--clusterrole=cr1', '--user=u1'] },
  { name: 'quota', args: ['create', 'quota', 'q1', '--hard=cpu=1,memory=1Gi,pods=2,requests.storage=500m', '--scopes=BestEffort,NotTerminating'] },
  { name: 'priorityclass', args: ['create', 'priorityclass', 'pc1', '--value=1000', '--description=high', '--preemption-policy=Never', '--global-default=false'] },
  { name: 'pdb', args: ['create', 'poddisruptionbudget', 'p1', '--selector=app=x', '--min-available=1'] },
  { name: 'pdb-percent', args: ['create', 'poddisruptionbudget', 'p2', '--selector=app=y,tier in (a,b)', '--max-unavailable=50%'] },
  { name: 'ingress', args: ['create', 'ingress', 'i1', '--class=nginx', '--rule=foo.com/bar=svc1:8080,tls=my-cert', '--rule=/path*=svc2:http', '--default-backend=defsvc:http', '--annotation=a=b'] },
  { name: 'token', args: ['create', 'token', 'sa1', '--audience=api', '--audience=vault', '--duration=1h', '--bound-object-kind=Pod', '--bound-object-name=p1', '--bound-object-uid=0b5f2e1a-7f41-4f7c-9d43-2f1c8d7b5e11'], json: false },
  { name: 'token-plain', args: ['create', 'token', 'default'], json: false },
];

/** Parse the last protobuf "Request Body" hex dump in kubectl's -v=9 log. */
export function lastProtobufBody(log: string): Buffer | undefined {
  const lines = log.split('\n');
  let found: Buffer | undefined;
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].includes('"Request Body" body=<')) continue;
    const bytes: number[] = [];
    let j = i + 1;
    for (; j < lines.length && !lines[j].startsWith(' >'); j++) {
      const tokens = lines[j].trim().split(/\s+/).slice(1);
      for (const t of tokens) {
        if (t.startsWith('|')) break;
        if (/^[0-9a-f]{2}$/.test(t)) bytes.push(parseInt(t, 16));
      }
    }
    const next = lines[j + 1] ?? '';
    if (next.includes('Content-Type: application/vnd.kubernetes.protobuf')) found = Buffer.from(bytes);
    i = j;
  }
  return found;
}

/** Insert flags before a `--` separator (which starts the container command). */
function withFlags(args: string[], flags: string[]): string[] {
  const i = args.indexOf('--');
  return i < 0 ? [...args, ...flags] : [...args.slice(0, i), ...flags, ...args.slice(i)];
}

function run(args: string[]): { stdout: string; stderr: string } {
  const r = spawnSync('kubectl', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { stdout: r.stdout, stderr: r.stderr };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const c of CASES) {
    const body = lastProtobufBody(run(withFlags(c.args, ['-v=9'])).stderr);
    if (!body) {
      process.stderr.write(`${c.name}: no protobuf request body found\n`);
      continue;
    }
    writeFileSync(join(here, `${c.name}.bin`), body);
    if (c.json !== false) {
      const out = run(withFlags(c.args, ['--dry-run=client', '-o', 'json'])).stdout;
      writeFileSync(join(here, `${c.name}.json`), JSON.stringify(JSON.parse(out), null, 2) + '\n');
    }
    process.stderr.write(`${c.name}: ${body.length} bytes\n`);
  }
}
