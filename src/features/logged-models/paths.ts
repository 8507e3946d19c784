// URLs of the pages this feature links to (until src/config/paths.ts holds every URL of the app).
export const loggedModelPath = (modelId: string) => `/logged-models/${encodeURIComponent(modelId)}`;
export const experimentModelsPath = (experimentId: string) => `/experiments/${encodeURIComponent(experimentId)}/models`;
export const runPath = (experimentId: string, runId: string) => `/experiments/${encodeURIComponent(experimentId)}/runs/${encodeURIComponent(runId)}`;
export const modelVersionPath = (name: string, version: string) => `/models/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}`;
