/**
 * core/v1 messages other than the pod template (k8s.io/api/core/v1/generated.proto).
 * Field lines: see ../types.ts. Fields are listed in Go struct order.
 */
import type { SchemaSource } from '../types.ts';

export const coreSchema: SchemaSource = {
  'core.ConfigMap': ['1 metadata meta.ObjectMeta!', '4 immutable bool?', '2 data map[string]string', '3 binaryData map[string]bytes'],
  'core.Secret': [
    '1 metadata meta.ObjectMeta!', '5 immutable bool?', '2 data map[string]bytes', '4 stringData map[string]string', '3 type string',
  ],
  'core.Namespace': ['1 metadata meta.ObjectMeta!', '2 spec core.NamespaceSpec!', '3 status core.NamespaceStatus!'],
  'core.NamespaceSpec': ['1 finalizers []string'],
  'core.NamespaceStatus': ['1 phase string', '2 conditions []core.NamespaceCondition'],
  'core.NamespaceCondition': [
    '1 type string!', '2 status string!', '4 lastTransitionTime Time!', '5 reason string', '6 message string',
  ],
  'core.ServiceAccount': [
    '1 metadata meta.ObjectMeta!', '2 secrets []core.ObjectReference', '3 imagePullSecrets []core.LocalObjectReference',
    '4 automountServiceAccountToken bool?',
  ],
  'core.ObjectReference': [
    '1 kind string', '2 namespace string', '3 name string', '4 uid string', '5 apiVersion string',
    '6 resourceVersion string', '7 fieldPath string',
  ],
  'core.LocalObjectReference': ['1 name string'],
  'core.Service': ['1 metadata meta.ObjectMeta!', '2 spec core.ServiceSpec!', '3 status core.ServiceStatus!'],
  'core.ServiceSpec': [
    '1 ports []core.ServicePort', '2 selector map[string]string', '3 clusterIP string', '18 clusterIPs []string',
    '4 type string', '5 externalIPs []string', '7 sessionAffinity string', '8 loadBalancerIP string',
    '9 loadBalancerSourceRanges []string', '10 externalName string', '11 externalTrafficPolicy string',
    '12 healthCheckNodePort int32', '13 publishNotReadyAddresses bool', '14 sessionAffinityConfig core.SessionAffinityConfig?',
    '19 ipFamilies []string', '17 ipFamilyPolicy string?', '20 allocateLoadBalancerNodePorts bool?',
    '21 loadBalancerClass string?', '22 internalTrafficPolicy string?', '23 trafficDistribution string?',
  ],
  'core.SessionAffinityConfig': ['1 clientIP core.ClientIPConfig?'],
  'core.ClientIPConfig': ['1 timeoutSeconds int32?'],
  'core.ServicePort': [
    '1 name string', '2 protocol string', '6 appProtocol string?', '3 port int32!', '4 targetPort IntOrString!', '5 nodePort int32',
  ],
  'core.ServiceStatus': ['1 loadBalancer core.LoadBalancerStatus!', '2 conditions []meta.Condition'],
  'core.LoadBalancerStatus': ['1 ingress []core.LoadBalancerIngress'],
  'core.LoadBalancerIngress': ['1 ip string', '2 hostname string', '3 ipMode string?', '4 ports []core.PortStatus'],
  'core.PortStatus': ['1 port int32!', '2 protocol string!', '3 error string?'],
  'core.ResourceQuota': ['1 metadata meta.ObjectMeta!', '2 spec core.ResourceQuotaSpec!', '3 status core.ResourceQuotaStatus!'],
  'core.ResourceQuotaSpec': ['1 hard map[string]Quantity', '2 scopes []string', '3 scopeSelector core.ScopeSelector?'],
  'core.ScopeSelector': ['1 matchExpressions []core.ScopedResourceSelectorRequirement'],
  'core.ScopedResourceSelectorRequirement': ['1 scopeName string!', '2 operator string!', '3 values []string'],
  'core.ResourceQuotaStatus': ['1 hard map[string]Quantity', '2 used map[string]Quantity'],
};
