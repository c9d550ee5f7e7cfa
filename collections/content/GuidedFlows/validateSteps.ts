export const inputTypes = ['text', 'textarea', 'select', 'rating', 'confirm', 'continue', 'complete'] as const
export type InputType = (typeof inputTypes)[number]

/** Stakes-map fields a step's answer may fill (collections/activity/StakesMaps). */
export const stakesMapTargets = ['situation', 'pressure', 'visibility', 'irreversibility', 'control', 'trigger', 'lever', 'actionStep'] as const
const pressureTargets: readonly string[] = ['pressure', 'visibility', 'irreversibility', 'control']
const leverValues: readonly string[] = ['preparation', 'presence', 'perspective']

/** Input types whose answer is stored under the step's `fieldName`. */
export const answeringTypes: readonly InputType[] = ['text', 'textarea', 'select', 'rating', 'confirm']

type Step = {
  stepId?: string | null
  fieldName?: string | null
  inputType?: string | null
  options?: { value?: string | null }[] | null
  stakesMapField?: string | null
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
  const mapped = new Set<string>()
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
    const problem = step.stakesMapField ? stakesMapProblem(step, mapped) : undefined
    if (problem) return `${at}: ${problem}`
  }
  return true
}

/**
 * A step feeding the stakes map must give an answer the map can hold: each map field fed once,
 * pressure points by a rating within 0–5, the lever by a select of the three levers, the words
 * by text. Otherwise a learner's answer could not be copied as given.
 */
function stakesMapProblem(step: Step, mapped: Set<string>): string | undefined {
  const target = step.stakesMapField as string
  if (!(stakesMapTargets as readonly string[]).includes(target)) return `unknown stakes map field "${target}".`
  if (mapped.has(target)) return `the stakes map field "${target}" is filled by two steps.`
  mapped.add(target)
  const { minValue, maxValue } = step.validation ?? {}
  if (pressureTargets.includes(target)) {
    if (step.inputType !== 'rating' || (minValue ?? -1) < 0 || (maxValue ?? 6) > 5) return `the pressure point "${target}" needs a rating step between 0 and 5.`
  } else if (target === 'lever') {
    const values = (step.options ?? []).map((o) => o.value ?? '')
    if (step.inputType !== 'select' || values.some((v) => !leverValues.includes(v))) return 'the lever needs a select step whose options are preparation, presence or perspective.'
  } else if (step.inputType !== 'text' && step.inputType !== 'textarea') {
    return `the stakes map field "${target}" needs a text or textarea step.`
  }
  return undefined
}
