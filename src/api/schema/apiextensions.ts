/**
 * Schema of apiextensions.k8s.io/v1 CustomResourceDefinition, which the
 * client-node models we generate from do not include. The spec is typed
 * down to the version level (what `kubectl explain crd.spec` shows); the
 * OpenAPI schema inside is open, as JSONSchemaProps is recursive.
 */
import type { Definitions, Schema } from './types.ts';

const P = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.';
const ref = (n: string): Schema => ({ $ref: `#/definitions/${n}` });
const str = (description: string): Schema => ({ type: 'string', description });
const strs = (description: string): Schema => ({ type: 'array', items: { type: 'string' }, description });
const open = (description: string): Schema => ({ type: 'object', description, 'x-kubernetes-preserve-unknown-fields': true });

/** The CustomResourceDefinition definitions. */
export function apiextensionsDefinitions(): Definitions {
  return {
    [`${P}CustomResourceDefinition`]: {
      description: 'CustomResourceDefinition represents a resource that should be exposed on the API server.  Its name MUST be in the format <.spec.name>.<.spec.group>.',
      type: 'object', required: ['spec'],
      properties: {
        apiVersion: str('APIVersion defines the versioned schema of this representation of an object.'),
        kind: str('Kind is a string value representing the REST resource this object represents.'),
        metadata: { ...ref('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'), description: "Standard object's metadata." },
        spec: { ...ref(`${P}CustomResourceDefinitionSpec`), description: 'spec describes how the user wants the resources to appear' },
        status: { ...ref(`${P}CustomResourceDefinitionStatus`), description: 'status indicates the actual state of the CustomResourceDefinition' },
      },
      'x-kubernetes-group-version-kind': [{ group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition' }],
    },
    [`${P}CustomResourceDefinitionSpec`]: {
      description: 'CustomResourceDefinitionSpec describes how a user wants their resource to appear',
      type: 'object', required: ['group', 'names', 'scope', 'versions'],
      properties: {
        conversion: open('conversion defines conversion settings for the CRD.'),
        group: str('group is the API group of the defined custom resource.'),
        names: { ...ref(`${P}CustomResourceDefinitionNames`), description: 'names specify the resource and kind names for the custom resource.' },
        preserveUnknownFields: { type: 'boolean', description: 'preserveUnknownFields indicates that object fields which are not specified in the OpenAPI schema should be preserved when persisting to storage.' },
        scope: str('scope indicates whether the defined custom resource is cluster- or namespace-scoped. Allowed values are `Cluster` and `Namespaced`.'),
        versions: { type: 'array', items: ref(`${P}CustomResourceDefinitionVersion`), description: 'versions is the list of all API versions of the defined custom resource.' },
      },
    },
    [`${P}CustomResourceDefinitionNames`]: {
      description: 'CustomResourceDefinitionNames indicates the names to serve this CustomResourceDefinition',
      type: 'object', required: ['plural', 'kind'],
      properties: {
        categories: strs('categories is a list of grouped resources this custom resource belongs to (e.g. \'all\').'),
        kind: str('kind is the serialized kind of the resource. It is normally CamelCase and singular.'),
        listKind: str('listKind is the serialized kind of the list for this resource. Defaults to "`kind`List".'),
        plural: str('plural is the plural name of the resource to serve.'),
        shortNames: strs('shortNames are short names for the resource, exposed in API discovery documents.'),
        singular: str('singular is the singular name of the resource. It must be all lowercase. Defaults to lowercased `kind`.'),
      },
    },
    [`${P}CustomResourceDefinitionVersion`]: {
      description: 'CustomResourceDefinitionVersion describes a version for CRD.',
      type: 'object', required: ['name', 'served', 'storage'],
      properties: {
        additionalPrinterColumns: { type: 'array', items: open('CustomResourceColumnDefinition specifies a column for server side printing.'), description: 'additionalPrinterColumns specifies additional columns returned in Table output.' },
        deprecated: { type: 'boolean', description: 'deprecated indicates this version of the custom resource API is deprecated.' },
        deprecationWarning: str('deprecationWarning overrides the default warning returned to API clients.'),
        name: str('name is the version name, e.g. “v1”, “v2beta1”, etc.'),
        schema: open('schema describes the schema used for validation, pruning, and defaulting of this version of the custom resource.'),
        selectableFields: { type: 'array', items: open('SelectableField specifies the JSON path of a field that may be used with field selectors.'), description: 'selectableFields specifies paths to fields that may be used as field selectors.' },
        served: { type: 'boolean', description: 'served is a flag enabling/disabling this version from being served via REST APIs' },
        storage: { type: 'boolean', description: 'storage indicates this version should be used when persisting custom resources to storage.' },
        subresources: open('subresources specify what subresources this version of the defined custom resource have.'),
      },
    },
    [`${P}CustomResourceDefinitionStatus`]: {
      description: 'CustomResourceDefinitionStatus indicates the state of the CustomResourceDefinition',
      type: 'object',
      properties: {
        acceptedNames: { ...ref(`${P}CustomResourceDefinitionNames`), description: 'acceptedNames are the names that are actually being used to serve discovery.' },
        conditions: { type: 'array', items: open('CustomResourceDefinitionCondition contains details for the current condition of this pod.'), description: 'conditions indicate state for particular aspects of a CustomResourceDefinition' },
        storedVersions: strs('storedVersions lists all versions of CustomResources that were ever persisted.'),
      },
    },
  };
}
