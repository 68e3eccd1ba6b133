/**
 * core/v1 pod template messages: PodTemplateSpec, PodSpec, Container and what
 * they reach, except volumes (./volume.ts). Field lines: see ../types.ts.
 * Fields are listed in Go struct order.
 */
import type { SchemaSource } from '../types.ts';

export const podSchema: SchemaSource = {
  'core.PodTemplateSpec': ['1 metadata meta.ObjectMeta!', '2 spec core.PodSpec!'],
  'core.PodSpec': [
    '1 volumes []core.Volume', '20 initContainers []core.Container', '2 containers []core.Container!',
    '3 restartPolicy string', '4 terminationGracePeriodSeconds int64?', '5 activeDeadlineSeconds int64?', '6 dnsPolicy string',
    '7 nodeSelector map[string]string', '8 serviceAccountName string', '9 serviceAccount string',
    '21 automountServiceAccountToken bool?', '10 nodeName string', '11 hostNetwork bool', '12 hostPID bool', '13 hostIPC bool',
    '27 shareProcessNamespace bool?', '14 securityContext core.PodSecurityContext?', '15 imagePullSecrets []core.LocalObjectReference',
    '16 hostname string', '17 subdomain string', '19 schedulerName string', '22 tolerations []core.Toleration',
    '23 hostAliases []core.HostAlias', '24 priorityClassName string', '25 priority int32?', '26 dnsConfig core.PodDNSConfig?',
    '28 readinessGates []core.PodReadinessGate', '29 runtimeClassName string?', '30 enableServiceLinks bool?',
    '31 preemptionPolicy string?', '32 overhead map[string]Quantity', '33 topologySpreadConstraints []core.TopologySpreadConstraint',
    '35 setHostnameAsFQDN bool?', '36 os core.PodOS?', '37 hostUsers bool?', '38 schedulingGates []core.PodSchedulingGate',
    '40 resources core.ResourceRequirements?',
  ],
  'core.Container': [
    '1 name string!', '2 image string', '3 command []string', '4 args []string', '5 workingDir string', '6 ports []core.ContainerPort',
    '19 envFrom []core.EnvFromSource', '7 env []core.EnvVar', '8 resources core.ResourceRequirements!',
    '23 resizePolicy []core.ContainerResizePolicy', '24 restartPolicy string?', '9 volumeMounts []core.VolumeMount',
    '21 volumeDevices []core.VolumeDevice', '10 livenessProbe core.Probe?', '11 readinessProbe core.Probe?',
    '22 startupProbe core.Probe?', '12 lifecycle core.Lifecycle?', '13 terminationMessagePath string',
    '20 terminationMessagePolicy string', '14 imagePullPolicy string', '15 securityContext core.SecurityContext?',
    '16 stdin bool', '17 stdinOnce bool', '18 tty bool',
  ],
  'core.ContainerPort': ['1 name string', '2 hostPort int32', '3 containerPort int32!', '4 protocol string', '5 hostIP string'],
  'core.EnvVar': ['1 name string!', '2 value string', '3 valueFrom core.EnvVarSource?'],
  'core.EnvVarSource': [
    '1 fieldRef core.ObjectFieldSelector?', '2 resourceFieldRef core.ResourceFieldSelector?',
    '3 configMapKeyRef core.ConfigMapKeySelector?', '4 secretKeyRef core.SecretKeySelector?',
  ],
  'core.ObjectFieldSelector': ['1 apiVersion string', '2 fieldPath string!'],
  'core.ResourceFieldSelector': ['1 containerName string', '2 resource string!', '3 divisor Quantity!'],
  'core.ConfigMapKeySelector': ['1 - core.LocalObjectReference', '2 key string!', '3 optional bool?'],
  'core.SecretKeySelector': ['1 - core.LocalObjectReference', '2 key string!', '3 optional bool?'],
  'core.EnvFromSource': ['1 prefix string', '2 configMapRef core.ConfigMapEnvSource?', '3 secretRef core.SecretEnvSource?'],
  'core.ConfigMapEnvSource': ['1 - core.LocalObjectReference', '2 optional bool?'],
  'core.SecretEnvSource': ['1 - core.LocalObjectReference', '2 optional bool?'],
  'core.ResourceRequirements': ['1 limits map[string]Quantity', '2 requests map[string]Quantity', '3 claims []core.ResourceClaim'],
  'core.ResourceClaim': ['1 name string!', '2 request string'],
  'core.ContainerResizePolicy': ['1 resourceName string!', '2 restartPolicy string!'],
  'core.VolumeMount': [
    '1 name string!', '2 readOnly bool', '7 recursiveReadOnly string?', '3 mountPath string!', '4 subPath string',
    '5 mountPropagation string?', '6 subPathExpr string',
  ],
  'core.VolumeDevice': ['1 name string!', '2 devicePath string!'],
  'core.Probe': [
    '1 - core.ProbeHandler', '2 initialDelaySeconds int32', '3 timeoutSeconds int32', '4 periodSeconds int32',
    '5 successThreshold int32', '6 failureThreshold int32', '7 terminationGracePeriodSeconds int64?',
  ],
  'core.ProbeHandler': [
    '1 exec core.ExecAction?', '2 httpGet core.HTTPGetAction?', '3 tcpSocket core.TCPSocketAction?', '4 grpc core.GRPCAction?',
  ],
  'core.ExecAction': ['1 command []string'],
  'core.HTTPGetAction': ['1 path string', '2 port IntOrString!', '3 host string', '4 scheme string', '5 httpHeaders []core.HTTPHeader'],
  'core.HTTPHeader': ['1 name string!', '2 value string!'],
  'core.TCPSocketAction': ['1 port IntOrString!', '2 host string'],
  'core.GRPCAction': ['1 port int32!', '2 service string?'],
  'core.Lifecycle': ['1 postStart core.LifecycleHandler?', '2 preStop core.LifecycleHandler?', '3 stopSignal string?'],
  'core.LifecycleHandler': [
    '1 exec core.ExecAction?', '2 httpGet core.HTTPGetAction?', '3 tcpSocket core.TCPSocketAction?', '4 sleep core.SleepAction?',
  ],
  'core.SleepAction': ['1 seconds int64!'],
  'core.SecurityContext': [
    '1 capabilities core.Capabilities?', '2 privileged bool?', '3 seLinuxOptions core.SELinuxOptions?',
    '10 windowsOptions core.WindowsSecurityContextOptions?', '4 runAsUser int64?', '8 runAsGroup int64?', '5 runAsNonRoot bool?',
    '6 readOnlyRootFilesystem bool?', '7 allowPrivilegeEscalation bool?', '9 procMount string?',
    '11 seccompProfile core.SeccompProfile?', '12 appArmorProfile core.AppArmorProfile?',
  ],
  'core.Capabilities': ['1 add []string', '2 drop []string'],
  'core.SELinuxOptions': ['1 user string', '2 role string', '3 type string', '4 level string'],
  'core.SeccompProfile': ['1 type string!', '2 localhostProfile string?'],
  'core.AppArmorProfile': ['1 type string!', '2 localhostProfile string?'],
  'core.WindowsSecurityContextOptions': [
    '1 gmsaCredentialSpecName string?', '2 gmsaCredentialSpec string?', '3 runAsUserName string?', '4 hostProcess bool?',
  ],
  'core.PodSecurityContext': [
    '1 seLinuxOptions core.SELinuxOptions?', '8 windowsOptions core.WindowsSecurityContextOptions?', '2 runAsUser int64?',
    '6 runAsGroup int64?', '3 runAsNonRoot bool?', '4 supplementalGroups []int64', '12 supplementalGroupsPolicy string?',
    '5 fsGroup int64?', '7 sysctls []core.Sysctl', '9 fsGroupChangePolicy string?', '10 seccompProfile core.SeccompProfile?',
    '11 appArmorProfile core.AppArmorProfile?', '13 seLinuxChangePolicy string?',
  ],
  'core.Sysctl': ['1 name string!', '2 value string!'],
  'core.Toleration': ['1 key string', '2 operator string', '3 value string', '4 effect string', '5 tolerationSeconds int64?'],
  'core.HostAlias': ['1 ip string!', '2 hostnames []string'],
  'core.PodDNSConfig': ['1 nameservers []string', '2 searches []string', '3 options []core.PodDNSConfigOption'],
  'core.PodDNSConfigOption': ['1 name string', '2 value string?'],
  'core.PodReadinessGate': ['1 conditionType string!'],
  'core.TopologySpreadConstraint': [
    '1 maxSkew int32!', '2 topologyKey string!', '3 whenUnsatisfiable string!', '4 labelSelector meta.LabelSelector?',
    '5 minDomains int32?', '6 nodeAffinityPolicy string?', '7 nodeTaintsPolicy string?', '8 matchLabelKeys []string',
  ],
  'core.PodOS': ['1 name string!'],
  'core.PodSchedulingGate': ['1 name string!'],
};
