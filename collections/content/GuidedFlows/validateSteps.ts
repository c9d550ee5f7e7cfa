export const inputTypes = ['text', 'textarea', 'select', 'rating', 'confirm', 'continue', 'complete'] as const
export type InputType = (typeof inputTypes)[number]

/** Input types whose answer is stored under the step's `fieldName`. */
export const answeringTypes: readonly InputType[] = ['text', 'textarea', 'select', 'rating', 'confirm']

type Step = {
  stepId?: string | null
  fieldName?: string | null
  inputType?: string | null
  options?: { value?: string | null }[] | null
  validation?: { minLength?: number | null; minValue?: number | null; maxValue?: number | null } | null
}

/**
 * A flow is a contract with the lesson engine: every step addressable by a unique id, every
 * answer stored under a unique field, selects with something to select, ranges that make sense.
 * Returns `true` or the first problem, phrased for the author.
 */
export function validateSteps(value: unknown): true | string {
  if (!Array.isArray(value) || value.length === 0) return 'A guided flow needs at least one step.'
  const steps = value as Step[]
  const ids = new Set<string>()
  const fields = new Set<string>()
  for (const [i, step] of steps.entries()) {
    const at = `Step ${i + 1}${step.stepId ? ` ("${step.stepId}")` : ''}`
    if (!step.inputType || !(inputTypes as readonly string[]).includes(step.inputType)) {
      return `${at}: unknown input type "${step.inputType ?? ''}" (use ${inputTypes.join(', ')}).`
    }
    if (!step.stepId) return `${at}: a step id is required.`
    if (ids.has(step.stepId)) return `${at}: step id "${step.stepId}" is used twice.`
    ids.add(step.stepId)
    const answers = answeringTypes.includes(step.inputType as InputType)
    if (answers) {
      if (!step.fieldName) return `${at}: a ${step.inputType} step needs a field name to store its answer.`
      if (fields.has(step.fieldName)) return `${at}: field name "${step.fieldName}" is used twice.`
      fields.add(step.fieldName)
    }
    const options = step.options ?? []
    if (step.inputType === 'select') {
      if (options.length < 2) return `${at}: a select step needs at least two options.`
      const values = options.map((o) => o.value ?? '')
      const dup = values.find((v, j) => values.indexOf(v) !== j)
      if (dup !== undefined) return `${at}: option value "${dup}" is used twice.`
    } else if (options.length > 0) {
      return `${at}: only select steps have options.`
    }
    const { minLength, minValue, maxValue } = step.validation ?? {}
    if (typeof minLength === 'number' && !['text', 'textarea'].includes(step.inputType)) {
      return `${at}: a minimum length only applies to text and textarea steps.`
    }
    if (typeof minValue === 'number' && typeof maxValue === 'number' && minValue > maxValue) {
      return `${at}: the minimum (${minValue}) is greater than the maximum (${maxValue}).`
    }
    if (step.inputType === 'rating' && (typeof minValue !== 'number' || typeof maxValue !== 'number')) {
      return `${at}: a rating step needs a minimum and a maximum value.`
    }
  }
  return true
}
