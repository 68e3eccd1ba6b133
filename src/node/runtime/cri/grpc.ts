/**
 * The gRPC transport of the CRI client: loads our CRI v1 subset
 * (proto/api.proto) at run time with @grpc/proto-loader, connects to the
 * runtime's unix socket and turns unary calls into promises. gRPC status
 * codes become K8sErrors so the kubelet core handles a missing container
 * like any other NotFound.
 */
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { K8sError, type ErrorCode } from '../../../base/errors.ts';

const PROTO = fileURLToPath(new URL('./proto/api.proto', import.meta.url));

/** A plain decoded message (camelCase fields, enums as names, int64 as numbers). */
export type Msg = Record<string, unknown>;

type UnaryFn = (req: Msg, meta: grpc.Metadata, opts: grpc.CallOptions, cb: (err: grpc.ServiceError | null, res: Msg) => void) => grpc.ClientUnaryCall;
type Client = grpc.Client & Record<string, UnaryFn>;

let loaded: grpc.GrpcObject | undefined;
function services(): { Runtime: grpc.ServiceClientConstructor; Image: grpc.ServiceClientConstructor } {
  if (!loaded) {
    const def = protoLoader.loadSync(PROTO, { keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true });
    loaded = grpc.loadPackageDefinition(def);
  }
  const pkg = (loaded.runtime as grpc.GrpcObject).v1 as grpc.GrpcObject;
  return { Runtime: pkg.RuntimeService as grpc.ServiceClientConstructor, Image: pkg.ImageService as grpc.ServiceClientConstructor };
}

const CODE_MAP: Partial<Record<grpc.status, ErrorCode>> = {
  [grpc.status.NOT_FOUND]: 'NotFound',
  [grpc.status.ALREADY_EXISTS]: 'AlreadyExists',
  [grpc.status.INVALID_ARGUMENT]: 'BadRequest',
  [grpc.status.FAILED_PRECONDITION]: 'Conflict',
  [grpc.status.DEADLINE_EXCEEDED]: 'Timeout',
  [grpc.status.UNAVAILABLE]: 'ServiceUnavailable',
  [grpc.status.UNAUTHENTICATED]: 'Unauthorized',
  [grpc.status.PERMISSION_DENIED]: 'Forbidden',
};

/** A gRPC failure as a K8sError (message kept: kubectl shows it in events and waiting states). */
export function toK8sError(e: grpc.ServiceError, method: string): K8sError {
  const code = CODE_MAP[e.code as grpc.status] ?? 'InternalError';
  return new K8sError(code, e.details || `${method}: ${e.message}`);
}

/** Both CRI services over one unix socket, as containerd serves them. */
export class CriConnection {
  private readonly runtime: Client;
  private readonly image: Client;

  /** `endpoint`: "unix:///path/to.sock" or a bare socket path. */
  constructor(endpoint: string, private readonly defaultTimeoutMs = 120_000) {
    const target = endpoint.startsWith('unix:') ? endpoint : `unix://${endpoint}`;
    const { Runtime, Image } = services();
    const opts = { 'grpc.max_receive_message_length': 16 * 1024 * 1024 };
    this.runtime = new Runtime(target, grpc.credentials.createInsecure(), opts) as unknown as Client;
    this.image = new Image(target, grpc.credentials.createInsecure(), opts) as unknown as Client;
  }

  /** Call RuntimeService/`method`. */
  rt(method: string, req: Msg, timeoutMs?: number): Promise<Msg> { return this.call(this.runtime, method, req, timeoutMs); }
  /** Call ImageService/`method`. */
  img(method: string, req: Msg, timeoutMs?: number): Promise<Msg> { return this.call(this.image, method, req, timeoutMs); }

  private call(client: Client, method: string, req: Msg, timeoutMs?: number): Promise<Msg> {
    const fn = client[method];
    if (typeof fn !== 'function') return Promise.reject(new K8sError('InternalError', `CRI method ${method} is not in api.proto`));
    const deadline = new Date(Date.now() + (timeoutMs ?? this.defaultTimeoutMs));
    return new Promise((resolve, reject) => {
      fn.call(client, req, new grpc.Metadata(), { deadline }, (err, res) => {
        if (err) reject(toK8sError(err, method)); else resolve(res);
      });
    });
  }

  /** Wait until the socket answers (containerd just started); rejects after `timeoutMs`. */
  waitReady(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.runtime.waitForReady(new Date(Date.now() + timeoutMs), (err) => {
        if (err) reject(new K8sError('ServiceUnavailable', `container runtime not ready: ${err.message}`)); else resolve();
      });
    });
  }

  close(): void {
    this.runtime.close();
    this.image.close();
  }
}
