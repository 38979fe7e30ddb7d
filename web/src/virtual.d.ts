/** The part of the English catalogue the first screen reads (web/vite.config.ts cuts it from en.json at build time). */
declare module 'virtual:catalogue-first' {
  const catalogue: { [key: string]: string | { [key: string]: unknown } };
  export default catalogue;
}
