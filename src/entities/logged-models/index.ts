export * from './logged-model';
export * from './api/get-logged-model';
export * from './api/list-logged-model-artifacts';
export * from './api/register-logged-model';
export * from './api/runs-of-model';
export * from './api/search-logged-models';
