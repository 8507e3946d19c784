export * from './logged-model';
export * from './logged-models-api';
