/** OpenAPI v2 and v3 documents built from the shared schemas. */
export { openapiResponse, OPENAPI_V2_PROTOBUF, type OpenAPIResponse } from './openapi.ts';
export { v2Document } from './v2.ts';
export { v3Documents, v3Index, toV3Schema } from './v3.ts';
