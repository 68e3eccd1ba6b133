/** Discovery and `/version`: pure functions of the resource table. */
export { discoveryResponse, setDiscoveryServerAddress, aggregatedContentType, type DiscoveryResponse } from './discovery.ts';
export { versionInfo, type VersionInfo } from './version.ts';
