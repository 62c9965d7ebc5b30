// The demo's target as Vue state: undefined while it is looked up, or why there is none.
import { ref } from 'vue'
import { findTarget, type DemoTarget } from './target'

export function useDemoTarget() {
  const target = ref<DemoTarget>()
  const problem = ref('')
  const refresh = () => {
    target.value = undefined
    problem.value = ''
    findTarget().then((found) => (target.value = found), (error: Error) => (problem.value = error.message))
  }
  refresh()
  return { target, problem, refresh }
}
