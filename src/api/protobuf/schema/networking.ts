/**
 * networking.k8s.io/v1 messages (k8s.io/api/networking/v1/generated.proto).
 * Field lines: see ../types.ts. Fields are listed in Go struct order.
 */
import type { SchemaSource } from '../types.ts';

export const networkingSchema: SchemaSource = {
  'networking.Ingress': ['1 metadata meta.ObjectMeta!', '2 spec networking.IngressSpec!', '3 status networking.IngressStatus!'],
  'networking.IngressSpec': [
    '4 ingressClassName string?', '1 defaultBackend networking.IngressBackend?', '2 tls []networking.IngressTLS',
    '3 rules []networking.IngressRule',
  ],
  'networking.IngressBackend': ['4 service networking.IngressServiceBackend?', '3 resource core.TypedLocalObjectReference?'],
  'networking.IngressServiceBackend': ['1 name string!', '2 port networking.ServiceBackendPort!'],
  'networking.ServiceBackendPort': ['1 name string', '2 number int32'],
  'core.TypedLocalObjectReference': ['1 apiGroup string?', '2 kind string!', '3 name string!'],
  'networking.IngressTLS': ['1 hosts []string', '2 secretName string'],
  'networking.IngressRule': ['1 host string', '2 - networking.IngressRuleValue'],
  'networking.IngressRuleValue': ['1 http networking.HTTPIngressRuleValue?'],
  'networking.HTTPIngressRuleValue': ['1 paths []networking.HTTPIngressPath!'],
  'networking.HTTPIngressPath': ['1 path string', '3 pathType string?', '2 backend networking.IngressBackend!'],
  'networking.IngressStatus': ['1 loadBalancer networking.IngressLoadBalancerStatus!'],
  'networking.IngressLoadBalancerStatus': ['1 ingress []networking.IngressLoadBalancerIngress'],
  'networking.IngressLoadBalancerIngress': ['1 ip string', '2 hostname string', '4 ports []networking.IngressPortStatus'],
  'networking.IngressPortStatus': ['1 port int32!', '2 protocol string!', '3 error string?'],
};
