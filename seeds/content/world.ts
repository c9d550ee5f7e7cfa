/** Levels, districts, venues and their task sheets: our own wording. */

export const levels = [
  {
    number: 1,
    name: 'Foundations under pressure',
    description:
      'Learn to read what makes a moment high-stakes (pressure, visibility, irreversibility), shift the parts you control, and choose a lever: preparation, presence or perspective.',
    milestoneThreshold: 70,
  },
  {
    number: 2,
    name: 'Influence in the room',
    description: 'Carry the foundations into rooms where people disagree: read stakeholders, hold a line, and close with a clear ask.',
    milestoneThreshold: 75,
  },
]

export const districts = [
  {
    number: 1,
    name: 'The Old Harbour',
    description: 'Where every learner starts: quiet stone squares for first rehearsals, and a few livelier rooms once you are ready.',
    unlockRequirement: 'Open from the start; venues open as you complete Level 1 modules.',
    overview: {
      videoUrl: 'https://media.speakpro.example/districts/1/overview.mp4',
      transcript: 'Welcome to the Old Harbour. Each venue here matches a module you are learning: finish the module, and its doors open.',
      durationSeconds: 420,
    },
  },
  {
    number: 2,
    name: 'The Assembly Quarter',
    description: 'Council chambers and trading floors, where influence is earned in front of people with something to lose.',
    unlockRequirement: 'Pass the Level 1 milestone.',
    overview: {
      videoUrl: 'https://media.speakpro.example/districts/2/overview.mp4',
      transcript: 'The Assembly Quarter rewards people who can hold a room that does not agree with them yet.',
      durationSeconds: 360,
    },
  },
]

type TaskBlock =
  | { blockType: 'timedDrill'; title: string; instructions: string; durationSeconds: number }
  | { blockType: 'writtenPrompt'; title: string; prompt: string; minLength: number }
  | { blockType: 'roundsDrill'; title: string; instructions: string; rounds: number }

type VenueSeed = {
  district: number
  slug: string
  name: string
  kind: 'standard' | 'amphitheatre'
  order: number
  description: string
  ticketCost: number
  xpReward: number
  coinReward: number
  taskSheet: { title: string; description: string; exercises: TaskBlock[] }
}

export const venues: VenueSeed[] = [
  {
    district: 1,
    slug: 'harbour-amphitheatre',
    name: 'The Harbour Amphitheatre',
    kind: 'amphitheatre',
    order: 1,
    description: 'Open stone seats facing the water. Practise presence and projection with nobody keeping score but you.',
    ticketCost: 0,
    xpReward: 25,
    coinReward: 15,
    taskSheet: {
      title: 'Settle and project',
      description: 'Arrive in your body before you use your voice.',
      exercises: [
        {
          blockType: 'timedDrill',
          title: 'Four-count breathing',
          instructions: 'Breathe in for four, hold for four, out for four. Keep your shoulders still.',
          durationSeconds: 90,
        },
        {
          blockType: 'writtenPrompt',
          title: 'Who is this for?',
          prompt: 'Name the one person in the audience you most want to reach, and what you want them to do afterwards.',
          minLength: 20,
        },
      ],
    },
  },
  {
    district: 1,
    slug: 'customs-house',
    name: 'The Customs House',
    kind: 'standard',
    order: 2,
    description: 'Everyone here wants something from the deal. Practise keeping your point while you answer objections.',
    ticketCost: 1,
    xpReward: 30,
    coinReward: 18,
    taskSheet: {
      title: 'Objections at the counter',
      description: 'Answer pushback without giving up your main point.',
      exercises: [
        {
          blockType: 'roundsDrill',
          title: 'Three objections',
          instructions: 'Write down three objections you expect, then answer each in two sentences that end on your point.',
          rounds: 3,
        },
        {
          blockType: 'writtenPrompt',
          title: 'Their benefit, one line',
          prompt: 'Restate what the other side gains from your proposal in a single sentence.',
          minLength: 15,
        },
      ],
    },
  },
  {
    district: 1,
    slug: 'fish-market',
    name: 'The Fish Market',
    kind: 'standard',
    order: 3,
    description: 'Loud, fast and always changing. Practise staying clear when the conversation will not wait for you.',
    ticketCost: 1,
    xpReward: 35,
    coinReward: 20,
    taskSheet: {
      title: 'Quick turns',
      description: 'Summarise fast, then bridge back to what matters.',
      exercises: [
        {
          blockType: 'roundsDrill',
          title: 'Thirty-second summaries',
          instructions: 'Summarise three recent conversations in thirty seconds each.',
          rounds: 3,
        },
        {
          blockType: 'writtenPrompt',
          title: 'Bridge back',
          prompt: 'Write a bridging sentence that starts from what you just heard and returns to your main message.',
          minLength: 15,
        },
      ],
    },
  },
  {
    district: 2,
    slug: 'council-chamber',
    name: 'The Council Chamber',
    kind: 'standard',
    order: 1,
    description: 'A formal room with a sceptical panel. Practise a position statement that survives questions.',
    ticketCost: 2,
    xpReward: 45,
    coinReward: 25,
    taskSheet: {
      title: 'Hold the line',
      description: 'State a position, take a hard question, return to the position.',
      exercises: [
        {
          blockType: 'writtenPrompt',
          title: 'Position in two sentences',
          prompt: 'State your position and the single reason it matters to this panel.',
          minLength: 30,
        },
      ],
    },
  },
]
