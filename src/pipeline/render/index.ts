// Public surface of the render stage: item + profile → post file.
export { renderPost, PROFILES } from './render.ts';
export type { RenderOptions, RenderedPost } from './render.ts';
export type { RenderItem, RenderSource } from './post-facts.ts';
export type { BodyFormat, ProfileName, ProfileSettings } from './profile.ts';
export type { FrontMatterValue } from './front-matter.ts';
export type { DateFormat } from './dates.ts';
export { postFileName, postFolder, slugify, idHash, isReservedWindowsName, MAX_FILE_NAME_BYTES } from './file-name.ts';
export type { PostFileNameOptions, FolderFields } from './file-name.ts';
