// HTML → GitHub-Flavoured Markdown: the public surface of the markdown stage.
export { htmlToMarkdown, type HtmlToMarkdownOptions } from './html-to-markdown.ts';
