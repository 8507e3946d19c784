// Test helper: registry versions with sensible defaults.
import type { RegistryVersion } from '../../../entities/registry/registry-model';

export function testVersion(version: string, patch: Partial<RegistryVersion> = {}): RegistryVersion {
  return {
    name: 'model',
    version,
    creationTimestamp: Number(version) * 1000,
    lastUpdatedTimestamp: Number(version) * 1000,
    userId: '',
    stage: 'None',
    description: '',
    source: `runs:/run${version}/model`,
    runId: `run${version}`,
    runLink: '',
    status: 'READY',
    statusMessage: '',
    tags: [],
    aliases: [],
    ...patch,
  };
}
