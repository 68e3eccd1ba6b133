/**
 * authentication.k8s.io/v1 messages (k8s.io/api/authentication/v1/generated.proto).
 * Field lines: see ../types.ts. Fields are listed in Go struct order.
 */
import type { SchemaSource } from '../types.ts';

export const authenticationSchema: SchemaSource = {
  'authentication.TokenRequest': [
    '1 metadata meta.ObjectMeta!', '2 spec authentication.TokenRequestSpec!', '3 status authentication.TokenRequestStatus!',
  ],
  'authentication.TokenRequestSpec': [
    '1 audiences []string!', '4 expirationSeconds int64?', '3 boundObjectRef authentication.BoundObjectReference?',
  ],
  'authentication.BoundObjectReference': ['1 kind string', '2 apiVersion string', '3 name string', '4 uid string'],
  'authentication.TokenRequestStatus': ['1 token string!', '2 expirationTimestamp Time!'],
};
