/**
 * The node agent's contract with a container runtime, shaped after CRI v1
 * (runtime.v1.RuntimeService and ImageService) so that a CRI gRPC client for
 * containerd implements it message for message, and the simulated runtime
 * sits behind the same interface. Field names follow the CRI protobuf
 * messages in camelCase; timestamps are milliseconds since the epoch (CRI
 * uses nanoseconds; the CRI client converts).
 */

import type { Duplex, Readable, Writable } from 'node:stream';

/** CRI PodSandboxState. */
export type PodSandboxState = 'SANDBOX_READY' | 'SANDBOX_NOTREADY';

/** CRI ContainerState. */
export type ContainerState = 'CONTAINER_CREATED' | 'CONTAINER_RUNNING' | 'CONTAINER_EXITED' | 'CONTAINER_UNKNOWN';

/** CRI PodSandboxMetadata: identifies the pod a sandbox belongs to. */
export interface PodSandboxMetadata {
  name: string;
  namespace: string;
  uid: string;
  /** Incremented each time the kubelet recreates the sandbox of the same pod. */
  attempt: number;
}

/** CRI PortMapping. */
export interface PortMapping {
  protocol: 'TCP' | 'UDP' | 'SCTP';
  containerPort: number;
  hostPort?: number;
  hostIp?: string;
}

/** CRI PodSandboxConfig (the parts k8ts uses). */
export interface PodSandboxConfig {
  metadata: PodSandboxMetadata;
  hostname?: string;
  logDirectory?: string;
  dnsConfig?: { servers: string[]; searches: string[]; options: string[] };
  portMappings?: PortMapping[];
  /** Pod labels plus io.kubernetes.pod.{name,namespace,uid}. */
  labels: Record<string, string>;
  /** Pod annotations (the simulated runtime reads its stages from them). */
  annotations: Record<string, string>;
  linux?: {
    cgroupParent?: string;
    hostNetwork?: boolean;
    /** Pod-level securityContext parts that apply to the sandbox process. */
    securityContext?: { runAsUser?: number; runAsGroup?: number; supplementalGroups?: number[]; privileged?: boolean };
  };
}

/** CRI PodSandboxStatus (with the network part flattened). */
export interface PodSandboxStatus {
  id: string;
  metadata: PodSandboxMetadata;
  state: PodSandboxState;
  createdAt: number;
  /** Primary pod IP first, then the other family's, as CRI PodSandboxNetworkStatus ip + additionalIps. */
  ips: string[];
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** CRI ListPodSandbox filter. */
export interface PodSandboxFilter {
  id?: string;
  state?: PodSandboxState;
  labelSelector?: Record<string, string>;
}

/** CRI ContainerMetadata. */
export interface ContainerMetadata {
  name: string;
  /** Restart count of this container in its pod: 0 for the first instance. */
  attempt: number;
}

/** CRI KeyValue env entry. */
export interface KeyValue { key: string; value: string }

/** CRI ContainerConfig (the parts k8ts uses). */
export interface ContainerConfig {
  metadata: ContainerMetadata;
  image: { image: string };
  command?: string[];
  args?: string[];
  workingDir?: string;
  envs?: KeyValue[];
  /** io.kubernetes.container.name, io.kubernetes.pod.* */
  labels: Record<string, string>;
  /** Includes k8ts.io/container-type (init|regular) so runtimes may treat init containers apart. */
  annotations: Record<string, string>;
  /** Log file relative to PodSandboxConfig.logDirectory, as upstream: `<container>/<attempt>.log`. */
  logPath?: string;
  tty?: boolean;
  stdin?: boolean;
  /** Host paths bind-mounted into the container (CRI Mount). */
  mounts?: Mount[];
  linux?: { resources?: LinuxContainerResources; securityContext?: LinuxContainerSecurityContext };
}

/** CRI Mount. */
export interface Mount { containerPath: string; hostPath: string; readonly?: boolean }

/** CRI LinuxContainerResources (cgroup limits), computed from resources.requests/limits. */
export interface LinuxContainerResources {
  cpuPeriod?: number;
  cpuQuota?: number;
  cpuShares?: number;
  memoryLimitInBytes?: number;
  oomScoreAdj?: number;
}

/** CRI LinuxContainerSecurityContext (the basics). */
export interface LinuxContainerSecurityContext {
  privileged?: boolean;
  runAsUser?: number;
  runAsGroup?: number;
  supplementalGroups?: number[];
  readonlyRootfs?: boolean;
  noNewPrivs?: boolean;
  capabilities?: { addCapabilities: string[]; dropCapabilities: string[] };
  /** Namespace modes; hostNetwork pods share the node's network. */
  namespaceOptions?: { network?: 'POD' | 'NODE'; pid?: 'POD' | 'CONTAINER' | 'NODE'; ipc?: 'POD' | 'NODE' };
}

/** CRI ContainerStatus. */
export interface ContainerStatus {
  id: string;
  podSandboxId: string;
  metadata: ContainerMetadata;
  state: ContainerState;
  createdAt: number;
  /** 0 until started. */
  startedAt: number;
  /** 0 until exited. */
  finishedAt: number;
  exitCode: number;
  image: { image: string };
  /** Resolved image reference (repo@sha256:...). */
  imageRef: string;
  /** Brief CamelCase reason of the state, e.g. "Completed", "Error", "OOMKilled". */
  reason: string;
  message: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Host path of the container's log (CRI ContainerStatus.log_path), when the runtime writes one. */
  logPath?: string;
}

/** CRI ListContainers filter. */
export interface ContainerFilter {
  id?: string;
  state?: ContainerState;
  podSandboxId?: string;
  labelSelector?: Record<string, string>;
}

/** CRI Image. */
export interface Image {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  size: number;
}

/** CRI VersionResponse. */
export interface VersionInfo {
  version: string;
  runtimeName: string;
  runtimeVersion: string;
  runtimeApiVersion: string;
}

/** CRI ContainerEventType, as streamed by GetContainerEvents (evented PLEG). */
export type ContainerEventType =
  'CONTAINER_CREATED_EVENT' | 'CONTAINER_STARTED_EVENT' | 'CONTAINER_STOPPED_EVENT' | 'CONTAINER_DELETED_EVENT';

/** CRI ContainerEventResponse (reduced to what the kubelet needs to requeue a pod). */
export interface ContainerEvent {
  containerId: string;
  type: ContainerEventType;
  createdAt: number;
  /** Metadata of the sandbox, so the kubelet finds the pod without another call. */
  podSandboxMetadata: PodSandboxMetadata;
}

/** CRI RuntimeService. */
export interface RuntimeService {
  version(): Promise<VersionInfo>;
  /** CRI UpdateRuntimeConfig: the node's pod CIDR, once known (spec.podCIDR). */
  updateRuntimeConfig(cfg: { podCIDR: string }): Promise<void>;
  /** Create and start a sandbox; resolves with its id once it is ready (network set up). */
  runPodSandbox(config: PodSandboxConfig): Promise<string>;
  /** Stop every container of the sandbox and tear its network down; idempotent. */
  stopPodSandbox(podSandboxId: string): Promise<void>;
  /** Remove a stopped sandbox and its containers; idempotent (no error if gone). */
  removePodSandbox(podSandboxId: string): Promise<void>;
  /** K8sError NotFound if there is no such sandbox. */
  podSandboxStatus(podSandboxId: string): Promise<PodSandboxStatus>;
  listPodSandbox(filter?: PodSandboxFilter): Promise<PodSandboxStatus[]>;
  createContainer(podSandboxId: string, config: ContainerConfig, sandboxConfig: PodSandboxConfig): Promise<string>;
  startContainer(containerId: string): Promise<void>;
  /** Stop within `timeoutSeconds` (SIGTERM, then SIGKILL); idempotent. */
  stopContainer(containerId: string, timeoutSeconds: number): Promise<void>;
  removeContainer(containerId: string): Promise<void>;
  /** K8sError NotFound if there is no such container. */
  containerStatus(containerId: string): Promise<ContainerStatus>;
  listContainers(filter?: ContainerFilter): Promise<ContainerStatus[]>;
  /**
   * Subscribe to container events (CRI GetContainerEvents); the kubelet
   * resyncs the pod named in each event. Returns an unsubscribe function.
   */
  onContainerEvent(listener: (ev: ContainerEvent) => void): () => void;
}

/** CRI ImageService. */
export interface ImageService {
  listImages(): Promise<Image[]>;
  /** K8sError NotFound-free: undefined when the image is not present. */
  imageStatus(image: string): Promise<Image | undefined>;
  /** Resolves with the image reference (id) pulled. */
  pullImage(image: string, auth?: { username?: string; password?: string; auth?: string }): Promise<string>;
  removeImage(image: string): Promise<void>;
}

/**
 * CRI's streaming and exec calls. Optional: the simulated runtime has no
 * processes. Exec/Attach/PortForward resolve with the runtime's streaming URL
 * as CRI does; the kubelet server proxies to it.
 */
export interface StreamingService {
  execSync?(containerId: string, cmd: string[], timeoutSeconds: number): Promise<{ stdout: Buffer; stderr: Buffer; exitCode: number }>;
  exec?(req: { containerId: string; cmd: string[]; tty: boolean; stdin: boolean; stdout: boolean; stderr: boolean }): Promise<string>;
  attach?(req: { containerId: string; tty: boolean; stdin: boolean; stdout: boolean; stderr: boolean }): Promise<string>;
  portForward?(podSandboxId: string, ports: number[]): Promise<string>;
  reopenContainerLog?(containerId: string): Promise<void>;
  /**
   * Direct-stream variants of Exec/Attach/PortForward (the simulated runtime
   * has no streaming server): the kubelet's server speaks the client
   * protocols and hands over plain Node streams. When a runtime offers
   * these the kubelet uses them; otherwise it dials the URL exec/attach/
   * portForward return.
   */
  execStream?(containerId: string, cmd: string[], io: StreamIO): Promise<number>;
  /** Resolves when the client detaches (undefined) or the main process exits (its code). */
  attachStream?(containerId: string, io: StreamIO): Promise<number | undefined>;
  /** Connect `stream` to TCP `port` in the sandbox's network namespace; resolves when it is done. */
  portForwardStream?(podSandboxId: string, port: number, stream: Duplex): Promise<void>;
}

/** A terminal size (CRI TerminalSize; remotecommand's resize message). */
export interface TerminalSize { width: number; height: number }

/** The client side of an exec or attach session, as the kubelet's server hands it to a runtime. */
export interface StreamIO {
  /** Client input; ends when the client closes stdin. Absent without `-i`. */
  stdin?: Readable;
  /** Absent when the client did not ask for stdout. */
  stdout?: Writable;
  /** Absent when not asked for, and always with a tty (output is merged on stdout). */
  stderr?: Writable;
  tty: boolean;
  /** Subscribe to terminal resizes (tty only). */
  onResize?: (listener: (size: TerminalSize) => void) => void;
  /** Aborted when the client goes away. */
  signal?: AbortSignal;
}

/** What the kubelet drives: both CRI services, as containerd serves them on one socket. */
export interface ContainerRuntime extends RuntimeService, ImageService, StreamingService {
  /** Close connections, timers; simulated containers stop. */
  close(): Promise<void>;
}

/** Labels the kubelet puts on sandboxes and containers (upstream's names). */
export const LABEL_POD_NAME = 'io.kubernetes.pod.name';
export const LABEL_POD_NAMESPACE = 'io.kubernetes.pod.namespace';
export const LABEL_POD_UID = 'io.kubernetes.pod.uid';
export const LABEL_CONTAINER_NAME = 'io.kubernetes.container.name';
/** Annotation on ContainerConfig: "init" or "regular". */
export const ANNOTATION_CONTAINER_TYPE = 'k8ts.io/container-type';
