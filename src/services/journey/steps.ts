import { HttpError } from '../../endpoints/http'

/** A guided-flow step as a session keeps it (copied from the flow when the session starts). */
export type Step = {
  stepId: string
  fieldName?: string | null
  inputType: 'text' | 'textarea' | 'select' | 'rating' | 'confirm' | 'continue' | 'complete'
  promptTitle: string
  promptBody?: string | null
  examples?: string[] | null
  validation?: { required?: boolean | null; minLength?: number | null; minValue?: number | null; maxValue?: number | null } | null
  options?: { value: string; label: string }[] | null
  helper?: { title?: string | null; bullets?: string[] | null } | null
  icon?: string | null
  /** Which stakes-map field the answer fills when the lesson completes, if any. */
  stakesMapField?: string | null
}

export type Prompt = ReturnType<typeof serializeStep>

/** The step as learner apps get it: authored fields without nulls, plus progress. */
export function serializeStep(step: Step, index: number, total: number, promptBody?: string) {
  const out: Record<string, unknown> = {
    stepId: step.stepId,
    fieldName: fieldNameOf(step),
    inputType: step.inputType,
    promptTitle: step.promptTitle,
    promptBody: promptBody ?? step.promptBody ?? '',
    progress: { current: index + 1, total },
  }
  if (step.examples?.length) out.examples = step.examples
  const v = step.validation
  if (v) {
    const validation = Object.fromEntries(Object.entries({ required: v.required, minLength: v.minLength, minValue: v.minValue, maxValue: v.maxValue }).filter(([, x]) => x != null))
    if (Object.keys(validation).length) out.validation = validation
  }
  if (step.options?.length) out.options = step.options.map((o) => ({ value: o.value, label: o.label }))
  if (step.helper?.title || step.helper?.bullets?.length) out.helper = { title: step.helper.title ?? null, bullets: step.helper.bullets ?? [] }
  if (step.icon) out.icon = step.icon
  return out as { stepId: string; fieldName: string; inputType: Step['inputType']; promptTitle: string; promptBody: string; progress: { current: number; total: number } } & Record<string, unknown>
}

/** Where the answer is stored: the flow decides, never the client (defaults to the step id). */
export const fieldNameOf = (step: Step): string => step.fieldName || step.stepId

const MAX_TEXT = 5000

const invalid = (message: string, step: Step): never => {
  throw new HttpError(422, 'validation_error', message, { stepId: step.stepId })
}

/**
 * Checks and normalises an answer by the step's input type (spec §3.7 step 3, with its
 * messages). Wrong types are validation errors, never crashes.
 */
export function normalizeAnswer(step: Step, value: unknown): string | number | boolean {
  const v = step.validation ?? {}
  switch (step.inputType) {
    case 'text':
    case 'textarea': {
      if (value != null && typeof value !== 'string') return invalid('Answer must be text.', step)
      const text = (value ?? '').trim()
      if (v.required && !text) return invalid('This field is required.', step)
      if (v.minLength != null && text.length < v.minLength) return invalid(`Answer must be at least ${v.minLength} characters.`, step)
      if (text.length > MAX_TEXT) return invalid(`Answer must be at most ${MAX_TEXT} characters.`, step)
      return text
    }
    case 'select': {
      if (value != null && typeof value !== 'string') return invalid('Please choose an option.', step)
      const choice = (value ?? '').trim()
      if (v.required && !choice) return invalid('Please choose an option.', step)
      if (step.options?.length && choice && !step.options.some((o) => o.value === choice)) return invalid('Selection not recognised.', step)
      return choice
    }
    case 'rating': {
      if (value == null || value === '') return invalid('Rating is required.', step)
      const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN
      if (!Number.isSafeInteger(n)) return invalid('Rating must be a number.', step)
      if (v.minValue != null && n < v.minValue) return invalid(`Rating must be ≥ ${v.minValue}.`, step)
      if (v.maxValue != null && n > v.maxValue) return invalid(`Rating must be ≤ ${v.maxValue}.`, step)
      return n
    }
    case 'confirm':
    case 'continue':
      if ([true, 'true', 'True', '1', 1, null, undefined, ''].includes(value as never)) return true
      return invalid('Confirmation required.', step)
    case 'complete':
      return true
  }
}
