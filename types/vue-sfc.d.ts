// For plain `tsc`, which cannot read .vue files: a .vue import is some Vue component. `vue-tsc` (the project's
// typecheck, `npm test`) resolves the real file first and types it exactly; this only stands where it cannot.
declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<Record<string, unknown>>
  export default component
}
