// esbuild's `text` loader: a `.wit` file imports as its contents.
declare module "*.wit" {
  const text: string;
  export default text;
}
