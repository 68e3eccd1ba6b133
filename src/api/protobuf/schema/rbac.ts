/**
 * rbac.authorization.k8s.io/v1 messages (k8s.io/api/rbac/v1/generated.proto).
 * Field lines: see ../types.ts. Fields are listed in Go struct order.
 */
import type { SchemaSource } from '../types.ts';

export const rbacSchema: SchemaSource = {
  'rbac.Role': ['1 metadata meta.ObjectMeta!', '2 rules []rbac.PolicyRule!'],
  'rbac.ClusterRole': ['1 metadata meta.ObjectMeta!', '2 rules []rbac.PolicyRule!', '3 aggregationRule rbac.AggregationRule?'],
  'rbac.PolicyRule': [
    '1 verbs []string!', '2 apiGroups []string', '3 resources []string', '4 resourceNames []string', '5 nonResourceURLs []string',
  ],
  'rbac.AggregationRule': ['1 clusterRoleSelectors []meta.LabelSelector'],
  'rbac.RoleBinding': ['1 metadata meta.ObjectMeta!', '2 subjects []rbac.Subject', '3 roleRef rbac.RoleRef!'],
  'rbac.ClusterRoleBinding': ['1 metadata meta.ObjectMeta!', '2 subjects []rbac.Subject', '3 roleRef rbac.RoleRef!'],
  'rbac.Subject': ['1 kind string!', '2 apiGroup string', '3 name string!', '4 namespace string'],
  'rbac.RoleRef': ['1 apiGroup string!', '2 kind string!', '3 name string!'],
};
