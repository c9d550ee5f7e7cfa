import { HttpError } from '../../endpoints/http'

type Choice = { value?: string | null }
export type Exercise = {
  blockType: string
  minLength?: number | null
  guidance?: string | null
  options?: Choice[] | null
  items?: Choice[] | null
  categories?: Choice[] | null
  answerKey?: { correct?: string | string[] | null; assignments?: { item?: string | null; category?: string | null }[] | null; order?: string[] | null } | null
}

const values = (rows: Choice[] | null | undefined) => (rows ?? []).map((r) => r.value).filter((v): v is string => typeof v === 'string')
const bad = (message: string): never => {
  throw new HttpError(422, 'validation_failed', message, { fields: [{ path: 'answer', message }] })
}
const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x))

/**
 * Scores an answer against the exercise's answer key on the server (rule 4). The answer must
 * be well-formed for the exercise type (422 otherwise); the result is `true`/`false`, or `null`
 * for free text, which counts as practice. Nothing the client says about correctness is read.
 */
export function score(exercise: Exercise, answer: unknown): { correct: boolean | null; normalized: unknown } {
  const key = exercise.answerKey ?? {}
  switch (exercise.blockType) {
    case 'singleChoice': {
      const options = values(exercise.options)
      if (typeof answer !== 'string' || !options.includes(answer)) return bad('Choose one of the options.')
      return { correct: answer === key.correct, normalized: answer }
    }
    case 'multipleChoice': {
      const options = values(exercise.options)
      if (!Array.isArray(answer) || !answer.length || answer.some((a) => typeof a !== 'string' || !options.includes(a))) return bad('Choose one or more of the options.')
      if (new Set(answer).size !== answer.length) return bad('Each option may be chosen once.')
      return { correct: sameSet(answer as string[], Array.isArray(key.correct) ? key.correct : []), normalized: answer }
    }
    case 'classify': {
      const items = values(exercise.items)
      const categories = values(exercise.categories)
      if (!answer || typeof answer !== 'object' || Array.isArray(answer)) return bad('Give a category for every item, as { item: category }.')
      const given = answer as Record<string, unknown>
      if (!sameSet(Object.keys(given), items) || Object.values(given).some((c) => typeof c !== 'string' || !categories.includes(c))) {
        return bad('Give one known category for every item.')
      }
      const expected = new Map((key.assignments ?? []).map((a) => [a.item, a.category]))
      return { correct: items.every((i) => expected.get(i) === given[i]), normalized: given }
    }
    case 'ordering': {
      const items = values(exercise.items)
      if (!Array.isArray(answer) || answer.some((a) => typeof a !== 'string') || new Set(answer).size !== answer.length || !sameSet(answer as string[], items)) {
        return bad('Put every item in order, each once.')
      }
      const order = key.order ?? []
      return { correct: order.length === answer.length && order.every((x, i) => answer[i] === x), normalized: answer }
    }
    case 'freeText': {
      if (typeof answer !== 'string') return bad('Write your answer as text.')
      const text = answer.trim()
      const min = exercise.minLength ?? 0
      if (!text) return bad('Write something first.')
      if (text.length < min) return bad(`Write at least ${min} characters.`)
      if (text.length > 5000) return bad('Write at most 5000 characters.')
      return { correct: null, normalized: text }
    }
    default:
      return bad('This exercise cannot be submitted.')
  }
}
