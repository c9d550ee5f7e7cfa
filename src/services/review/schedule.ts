import { fsrs, generatorParameters, Rating, State } from 'ts-fsrs'
import type { Card, Grade } from 'ts-fsrs'

import { reviewStates } from '../../../collections/activity/ReviewCards'
import type { reviewRatings } from '../../../collections/activity/ReviewLogs'

export type ReviewRating = (typeof reviewRatings)[number]
export type ReviewState = (typeof reviewStates)[number]

/**
 * FSRS with ts-fsrs's default weights, 90 % desired retention and its 1 min / 10 min learning
 * steps. Fuzz is off: a schedule depends only on the ratings and their times, so the server and
 * a test (or an app previewing the next interval with ts-fsrs) compute the same dates.
 */
export const reviewParameters = generatorParameters({ enable_fuzz: false })
const scheduler = fsrs(reviewParameters)

const grades: Record<ReviewRating, Grade> = { again: Rating.Again, hard: Rating.Hard, good: Rating.Good, easy: Rating.Easy }

/** A card as the `review_cards` table stores it (numeric columns arrive as strings). */
export type CardRow = {
  state: ReviewState
  due: string | Date
  stability: string | number
  difficulty: string | number
  elapsed_days: string | number
  scheduled_days: string | number
  learning_steps: string | number
  reps: string | number
  lapses: string | number
  last_review: string | Date | null
}

export function toCard(row: CardRow): Card {
  return {
    due: new Date(row.due),
    stability: Number(row.stability),
    difficulty: Number(row.difficulty),
    elapsed_days: Number(row.elapsed_days),
    scheduled_days: Number(row.scheduled_days),
    learning_steps: Number(row.learning_steps),
    reps: Number(row.reps),
    lapses: Number(row.lapses),
    state: reviewStates.indexOf(row.state) as State,
    ...(row.last_review ? { last_review: new Date(row.last_review) } : {}),
  }
}

export const stateName = (state: State): ReviewState => reviewStates[state] ?? 'new'

/** The card after one review with `rating` at `at`. */
export const nextCard = (card: Card, at: Date, rating: ReviewRating): Card => scheduler.next(card, at, grades[rating]).card
