/**
 * The Philosopher's reply to a submission: deterministic, from what the learner gave (spec
 * §3.9). Unlike the original, the stakes exercise reads the selected tags themselves (the
 * original echoed the keys of its payload: "Tags, Reflection_text sound present").
 */
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

export function philosopher(
  exerciseKey: string,
  input: { selections: Record<string, unknown>; markers: { durationSec?: number; pauseCount?: number }; reflectionText: string },
): string {
  const reflection = input.reflectionText.trim()
  switch (exerciseKey) {
    case 'stakes_echoes': {
      const tags = input.selections.tags
      const chosen = Array.isArray(tags)
        ? tags.filter((t): t is string => typeof t === 'string')
        : tags && typeof tags === 'object'
          ? Object.entries(tags as Record<string, unknown>).filter(([, v]) => v).map(([k]) => k)
          : []
      return chosen.length
        ? `${chosen.map(capitalise).join(', ')} sound present. Name one small action to widen your sense of control.`
        : 'Perhaps start with the lever that already feels within reach.'
    }
    case 'voice_to_marble': {
      const seconds = input.markers.durationSec
      return seconds
        ? `I heard ${Math.round(seconds)} seconds of grounded intent. Your pauses (${input.markers.pauseCount ?? 'steady'}) helped the marble breathe with you.`
        : 'Let the first breath arrive before the words—you deserve the gentlest entry.'
    }
    case 'inner_listener':
      return reflection
        ? 'Awareness is a lantern—trust that this wording will guide you mid-conversation.'
        : 'Give the inner narrator a line tonight; it will meet you again tomorrow.'
    case 'control_in_motion': {
      const lever = input.selections.lever
      return typeof lever === 'string' && ['preparation', 'presence', 'perspective'].includes(lever)
        ? `Your breath steadied your tone through ${lever}. Notice where it lands in your body now.`
        : 'Name the lever aloud—it becomes sturdier once spoken.'
    }
    case 'shorter_not_smaller': {
      const words = input.selections.phase_c
      return typeof words === 'string' && words.trim()
        ? `${words.trim().replace(/\b\w/g, (c) => c.toUpperCase())} is a powerful torch. Carry it into the next room.`
        : 'Compression chisels meaning. Keep the essence; the marble remembers tone more than length.'
    }
    case 'echo_of_truth':
      return reflection
        ? 'A quiet truth is stronger when you acknowledge how it felt to speak it.'
        : 'Offer the truth gently, and it will echo back as support.'
    default:
      return 'Your practice is compounding—stay with the breath and let the rest soften.'
  }
}
