export { isFilterRefusal, SearchToolbar, type SearchToolbarOrder, type SearchToolbarProps } from './search-toolbar';
