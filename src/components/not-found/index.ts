export { NotFoundView, type NotFoundLink, type NotFoundViewProps } from './not-found-view';
