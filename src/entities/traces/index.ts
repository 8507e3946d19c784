export * from './trace-model';
export * from './trace-data';
export * from './api/search-traces';
export * from './api/get-trace-info';
export * from './api/get-trace-data';
export * from './span-ids';
export * from './api/trace-tags';
