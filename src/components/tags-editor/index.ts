export { TagsEditor, type EditableTag, type TagsEditorProps } from './tags-editor';
export { isSystemTag, userTags } from './system-tags';
