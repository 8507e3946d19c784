export { MarkdownView, safeUrl } from './markdown-view';
export { EditableMarkdown, type EditableMarkdownProps } from './editable-markdown';
