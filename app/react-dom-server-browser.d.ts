// react-dom/server.browser has no types of its own in @types/react-dom 18: it is the web-streams
// half of react-dom/server (see app/entry.server.tsx for why the document uses it).
declare module "react-dom/server.browser" {
  export {
    renderToReadableStream,
    type RenderToReadableStreamOptions,
    type ReactDOMServerReadableStream,
  } from "react-dom/server";
}
