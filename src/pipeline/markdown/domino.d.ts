// The part of @mixmark-io/domino (turndown's HTML parser for Node) we call. Its own typings
// declare the module under its old name, 'domino'.
declare module '@mixmark-io/domino' {
  const domino: {
    createDocument(html?: string, force?: boolean): { body: unknown };
  };
  export default domino;
}
